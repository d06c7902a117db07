/**
 * Getting a GPUDevice from a `GPU` object, shared by the Node and browser
 * hosts. It asks the adapter for the limits the engine relies on (its real
 * values, not the defaults: compatibility mode defaults to 4 storage buffers
 * per stage, which a fused kernel may exceed) and reports the feature level
 * it got. No Node and no DOM types here: it must compile for both.
 */
/// <reference types="@webgpu/types" />

export type FeatureLevel = 'core' | 'compatibility';

export interface DeviceHandle {
  readonly device: GPUDevice;
  /** The adapter in words, e.g. "llvmpipe-llvm-15-0-6-256-bits- (OpenGL ES 3.2 Mesa 22.3.6)". */
  readonly adapter: string;
  readonly featureLevel: FeatureLevel;
  /** A CPU rasteriser (llvmpipe, lavapipe, SwiftShader): picks the barrier-free kernels. */
  readonly software: boolean;
}

/** No device: `reason` says why, in a sentence a user can act on. */
export interface NoDevice {
  readonly device: null;
  readonly reason: string;
}

export type DeviceResult = DeviceHandle | NoDevice;

/** The limits the executor and kernels depend on; each is requested at the adapter's maximum. */
export const WANTED_LIMITS = [
  'maxStorageBufferBindingSize',
  'maxBufferSize',
  'maxStorageBuffersPerShaderStage',
  'maxComputeWorkgroupStorageSize',
  'maxComputeInvocationsPerWorkgroup',
  'maxComputeWorkgroupSizeX',
  'maxComputeWorkgroupSizeY',
  'maxComputeWorkgroupsPerDimension',
  'maxBindingsPerBindGroup',
  'maxDynamicUniformBuffersPerPipelineLayout',
  // Alignments are limits too ("better" is smaller): without asking, a device gets the 256-byte default.
  'minStorageBufferOffsetAlignment',
  'minUniformBufferOffsetAlignment',
] as const;

const SOFTWARE = /llvmpipe|lavapipe|swiftshader|softpipe|basic render|warp/i;

export function describeAdapter(info: GPUAdapterInfo | undefined): { text: string; software: boolean } {
  const parts = [info?.vendor, info?.architecture, info?.device, info?.description].filter((p): p is string => !!p);
  const text = parts.length > 0 ? [...new Set(parts)].join(' · ') : 'unknown adapter';
  const fallback = (info as { isFallbackAdapter?: boolean } | undefined)?.isFallbackAdapter === true;
  return { text, software: fallback || SOFTWARE.test(text) };
}

/**
 * Requests an adapter at `featureLevel` and a device with the engine's
 * limits. A core-capable adapter found through a compatibility request still
 * gives a core device. Never throws: failures come back as a reason.
 */
export async function requestEngineDevice(gpu: GPU, featureLevel: FeatureLevel): Promise<DeviceResult> {
  let adapter: GPUAdapter | null;
  try {
    adapter = await gpu.requestAdapter({ featureLevel, powerPreference: 'high-performance' } as GPURequestAdapterOptions);
  } catch (e) {
    return { device: null, reason: `requestAdapter failed: ${(e as Error).message}` };
  }
  if (!adapter) return { device: null, reason: `no WebGPU adapter at the '${featureLevel}' feature level` };
  const requiredLimits: Record<string, number> = {};
  const limits = adapter.limits as unknown as Record<string, number | undefined>;
  for (const name of WANTED_LIMITS) {
    const value = limits[name];
    if (typeof value === 'number') requiredLimits[name] = value;
  }
  const core = 'core-features-and-limits' as GPUFeatureName;
  const requiredFeatures: GPUFeatureName[] = adapter.features.has(core) ? [core] : [];
  try {
    const device = await adapter.requestDevice({ requiredLimits, requiredFeatures, label: 'netwright' });
    // A device without the feature is a compatibility device, unless the implementation predates feature levels.
    const level: FeatureLevel = device.features.has(core) || (featureLevel === 'core' && !adapter.features.has(core)) ? 'core' : 'compatibility';
    const { text, software } = describeAdapter(adapter.info);
    return { device, adapter: text, featureLevel: level, software };
  } catch (e) {
    return { device: null, reason: `requestDevice failed: ${(e as Error).message}` };
  }
}
