// @ts-check
/**
 * electron-builder's afterPack hook (package.json "build.afterPack"): flips
 * Electron's fuses in the packaged binary, before it is signed, so the shipped
 * app cannot be turned into something else (Electron's security checklist,
 * "Check which fuses you can change"):
 *
 *   RunAsNode off                            ELECTRON_RUN_AS_NODE cannot turn the app into a plain Node
 *   EnableNodeOptionsEnvironmentVariable off NODE_OPTIONS cannot inject code
 *   EnableNodeCliInspectArguments off        --inspect cannot attach a debugger
 *   EnableEmbeddedAsarIntegrityValidation on app.asar must match the hash built into the binary
 *   OnlyLoadAppFromAsar on                   the app loads only from app.asar, never a loose folder beside it
 *   EnableCookieEncryption on                cookies on disk are encrypted with the OS keychain
 *   GrantFileProtocolExtraPrivileges off     file:// gets no extra powers (the app uses app://)
 *
 * Plain JavaScript because electron-builder loads hooks with import(), without
 * a TypeScript loader; after-pack.d.mts gives tests its types.
 */
import { flipFuses, FuseV1Options, FuseVersion } from '@electron/fuses';
import { join } from 'node:path';

/** electron-builder's Arch enum: ia32 0, x64 1, armv7l 2, arm64 3, universal 4. */
const ARM64 = 3;

export const FUSES = Object.freeze({
  [FuseV1Options.RunAsNode]: false,
  [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
  [FuseV1Options.EnableNodeCliInspectArguments]: false,
  [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
  [FuseV1Options.OnlyLoadAppFromAsar]: true,
  [FuseV1Options.EnableCookieEncryption]: true,
  [FuseV1Options.GrantFileProtocolExtraPrivileges]: false,
});

/**
 * The Electron binary inside the packed app.
 * @param {{ appOutDir: string, electronPlatformName: string, packager: { appInfo: { productFilename: string }, executableName?: string } }} context
 */
export function electronBinary(context) {
  const { appOutDir, electronPlatformName, packager } = context;
  const name = packager.appInfo.productFilename;
  if (electronPlatformName === 'darwin' || electronPlatformName === 'mas') return join(appOutDir, `${name}.app`);
  if (electronPlatformName === 'win32') return join(appOutDir, `${name}.exe`);
  return join(appOutDir, packager.executableName ?? name);
}

/**
 * @param {{ appOutDir: string, electronPlatformName: string, arch: number, packager: { appInfo: { productFilename: string }, executableName?: string } }} context
 */
export default async function afterPack(context) {
  await flipFuses(electronBinary(context), {
    version: FuseVersion.V1,
    // Flipping a fuse changes the binary, which voids the ad-hoc signature arm64 macOS needs to run it at all.
    resetAdHocDarwinSignature: context.electronPlatformName === 'darwin' && context.arch === ARM64,
    ...FUSES,
  });
}
