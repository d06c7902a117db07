/**
 * The Node host: a GPUDevice from the `webgpu` package (Dawn). It tries
 * Dawn's default backend at the core feature level first (Vulkan, Metal,
 * D3D12), then OpenGL ES at the compatibility level, which on a machine
 * without a GPU gives Mesa's llvmpipe. See design.md, "Testing on a machine
 * without a GPU", for the packages that provide these.
 */
/// <reference types="@webgpu/types" />
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { requestEngineDevice, type DeviceResult, type FeatureLevel } from './device';

export const INSTALL_HINT = 'On Debian or Ubuntu: apt-get install -y mesa-vulkan-drivers libegl1 libegl-mesa0 libgles2 libgl1-mesa-dri';

/** Dawn instances stay referenced for the life of the process: a collected instance takes its devices with it. */
const instances: GPU[] = [];

/** EGL needs no display server with the surfaceless platform, and Mesa wants a writable runtime directory. */
function prepareEnvironment(): void {
  process.env['EGL_PLATFORM'] ??= 'surfaceless';
  if (!process.env['XDG_RUNTIME_DIR']) {
    const dir = join(tmpdir(), `netwright-runtime-${process.getuid?.() ?? 'user'}`);
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    process.env['XDG_RUNTIME_DIR'] = dir;
  }
}

const ATTEMPTS: readonly { readonly options: string[]; readonly level: FeatureLevel; readonly what: string }[] = [
  { options: [], level: 'core', what: "Dawn's default backend" },
  { options: ['backend=opengles'], level: 'compatibility', what: 'OpenGL ES' },
];

/** Returns a device, or `{ device: null, reason }`; never throws. */
export async function nodeDevice(): Promise<DeviceResult> {
  let create: (options: string[]) => GPU;
  try {
    prepareEnvironment();
    ({ create } = await import('webgpu'));
  } catch (e) {
    return { device: null, reason: `the 'webgpu' package could not be loaded (${(e as Error).message})` };
  }
  const reasons: string[] = [];
  for (const attempt of ATTEMPTS) {
    let gpu: GPU;
    try {
      gpu = create(attempt.options);
    } catch (e) {
      reasons.push(`${attempt.what}: ${(e as Error).message}`);
      continue;
    }
    const result = await requestEngineDevice(gpu, attempt.level);
    if (result.device) {
      instances.push(gpu);
      return result;
    }
    reasons.push(`${attempt.what}: ${result.reason}`);
  }
  return { device: null, reason: `no WebGPU adapter found (${reasons.join('; ')}). ${INSTALL_HINT}, then set EGL_PLATFORM=surfaceless.` };
}
