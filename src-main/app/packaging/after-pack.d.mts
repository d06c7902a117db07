/** Types for after-pack.mjs (plain JavaScript, since electron-builder loads hooks without TypeScript). */
import type { FuseV1Options } from '@electron/fuses';

export interface AfterPackContext {
  readonly appOutDir: string;
  readonly electronPlatformName: string;
  readonly arch: number;
  readonly packager: { readonly appInfo: { readonly productFilename: string }; readonly executableName?: string };
}

export declare const FUSES: Readonly<Partial<Record<FuseV1Options, boolean>>>;
export declare function electronBinary(context: Omit<AfterPackContext, 'arch'>): string;
export default function afterPack(context: AfterPackContext): Promise<void>;
