/**
 * The packaging configuration (package.json "build", read by
 * electron-builder) and its afterPack hook. Packages cannot be built on these
 * machines (electron-builder downloads Electron and its tools to build), so
 * this checks what can be checked without building: the configuration passes
 * electron-builder's own validator (its JSON schema), it asks for the targets
 * we ship, it packs what the app needs, and the hook flips the fuses on the
 * right binary for each platform.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const fuses = vi.hoisted(() => ({ flipFuses: vi.fn(() => Promise.resolve(1)) }));
vi.mock('@electron/fuses', async (original) => ({ ...(await original<typeof import('@electron/fuses')>()), flipFuses: fuses.flipFuses }));

const ROOT = resolve(import.meta.dirname, '../../..');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { main: string; build: Record<string, any>; devDependencies: Record<string, string>; dependencies: Record<string, string> };
const config = pkg.build;

// electron-builder's own check: its JSON schema (app-builder-lib/scheme.json) plus its rules for retired options.
const { validateConfiguration } = (await import('app-builder-lib/out/util/config/config.js')) as { validateConfiguration(config: unknown, logger: unknown): Promise<void> };
const { DebugLogger } = (await import('builder-util/out/DebugLogger.js')) as { DebugLogger: new (enabled?: boolean) => unknown };
const validate = (c: unknown) => validateConfiguration(c, new DebugLogger(false));

const { default: afterPack, electronBinary, FUSES } = await import('./after-pack.mjs');
const { FuseV1Options, FuseVersion } = await import('@electron/fuses');

beforeEach(() => fuses.flipFuses.mockClear());

describe('the electron-builder configuration', () => {
  it("passes electron-builder's validator", async () => {
    await expect(validate(config)).resolves.toBeUndefined();
  });

  it.each([
    ['an unknown option', { ...config, compresion: 'maximum' }],
    ['a misplaced option', { ...config, linux: { ...config.linux, oneClick: true } }],
    ['a wrong type', { ...config, asar: 'yes' }],
  ])('and the validator does reject %s', async (_what, broken) => {
    await expect(validate(broken)).rejects.toThrow(/Invalid configuration/);
  });

  it('builds AppImage and deb for Linux, dmg for macOS and an NSIS installer for Windows', () => {
    expect(config.linux.target).toEqual(['AppImage', 'deb']);
    expect(config.mac.target).toEqual(['dmg']);
    expect(config.win.target).toEqual(['nsis']);
  });

  it('packs the built app into an asar archive (the fuses need one): main, preload and renderer', () => {
    expect(config.asar).toBe(true);
    expect(config.files).toEqual(expect.arrayContaining(['out/main/**', 'out/preload/**', 'out/renderer/**', 'package.json']));
    expect(pkg.main).toBe('out/main/index.js');
    // The web build and the sources stay out.
    expect(config.files.some((f: string) => /^(out\/web|src-|shared)/.test(f))).toBe(false);
  });

  it('names the app and registers .nwproj files', () => {
    expect(config).toMatchObject({ appId: 'org.netwright.app', productName: 'Netwright' });
    expect(config.fileAssociations).toEqual([expect.objectContaining({ ext: 'nwproj' })]);
  });

  it('runs the afterPack hook that exists', () => {
    expect(existsSync(join(ROOT, config.afterPack))).toBe(true);
  });

  it('keeps electron-builder and the fuses tool out of the shipped dependencies', () => {
    expect(pkg.devDependencies).toHaveProperty('electron-builder');
    expect(pkg.devDependencies).toHaveProperty('@electron/fuses');
    expect(pkg.dependencies).not.toHaveProperty('electron-builder');
    expect(pkg.dependencies).not.toHaveProperty('electron');
  });
});

describe('the afterPack hook', () => {
  const packager = { appInfo: { productFilename: 'Netwright' }, executableName: 'netwright' };

  it.each([
    ['linux', '/out/linux-unpacked', 'netwright'],
    ['win32', '/out/win-unpacked', 'Netwright.exe'],
    ['darwin', '/out/mac', 'Netwright.app'],
  ])('finds the Electron binary on %s', (platform, dir, file) => {
    expect(electronBinary({ appOutDir: dir, electronPlatformName: platform, packager })).toBe(join(dir, file));
  });

  it('flips every fuse on that binary', async () => {
    await afterPack({ appOutDir: '/out/linux-unpacked', electronPlatformName: 'linux', arch: 1, packager });
    expect(fuses.flipFuses).toHaveBeenCalledExactlyOnceWith(join('/out/linux-unpacked', 'netwright'), {
      version: FuseVersion.V1,
      resetAdHocDarwinSignature: false,
      [FuseV1Options.RunAsNode]: false,
      [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
      [FuseV1Options.EnableNodeCliInspectArguments]: false,
      [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
      [FuseV1Options.OnlyLoadAppFromAsar]: true,
      [FuseV1Options.EnableCookieEncryption]: true,
      [FuseV1Options.GrantFileProtocolExtraPrivileges]: false,
    });
    expect(Object.keys(FUSES)).toHaveLength(7);
  });

  it('re-signs ad hoc on Apple silicon, where an unsigned binary would not start', async () => {
    await afterPack({ appOutDir: '/out/mac-arm64', electronPlatformName: 'darwin', arch: 3, packager });
    await afterPack({ appOutDir: '/out/mac', electronPlatformName: 'darwin', arch: 1, packager });
    expect(fuses.flipFuses.mock.calls.map((c) => (c as unknown as [string, { resetAdHocDarwinSignature: boolean }])[1].resetAdHocDarwinSignature)).toEqual([true, false]);
  });
});
