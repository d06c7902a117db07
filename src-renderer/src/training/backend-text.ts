/**
 * Where training runs, in words: the GPU and its API, or the CPU fallback
 * with the reason. Software "GPUs" (SwiftShader, llvmpipe, lavapipe, WARP)
 * are named as what they are, so nobody expects real GPU speed from them.
 */
export interface BackendText {
  readonly title: string;
  /** Said only when it matters: the CPU fallback, or a GPU emulated in software. */
  readonly note: string | null;
  readonly fallback: boolean;
}

const SOFTWARE = /swiftshader|llvmpipe|lavapipe|softpipe|microsoft basic render|warp/i;

export function backendText(backend: string, adapter: string, reason?: string): BackendText {
  if (backend === 'reference') {
    return {
      title: 'CPU (reference backend)',
      note: `No usable GPU was found, so training runs on the CPU with Netwright’s reference backend. The results are the same; it is only slower.${reason ? ` (${reason})` : ''}`,
      fallback: true,
    };
  }
  return {
    title: `${adapter}${backend === 'webgpu' ? '' : ` (${backend})`}`,
    note: SOFTWARE.test(adapter) ? 'This GPU is emulated in software on the CPU, so training is slower than on a real graphics card.' : null,
    fallback: false,
  };
}
