/**
 * Pipelines and bind group layouts, made once per distinct shader. Shapes are
 * baked into the WGSL, so equal text means an equal program: two layers of
 * the same size share one pipeline. Layouts are explicit (not 'auto') so the
 * per-step uniform can use a dynamic offset and every declared binding stays
 * in the layout even when a shader leaves it unused.
 */
/// <reference types="@webgpu/types" />
import { composeShader, ENV_BYTES } from './kernels/prelude';
import type { KernelProgram } from './kernels/types';
import { ShaderStage } from './usage';

export interface CompiledProgram {
  readonly pipeline: GPUComputePipeline;
  readonly layout: GPUBindGroupLayout;
  readonly usesEnv: boolean;
}

export class ShaderError extends Error {
  override readonly name = 'ShaderError';
}

export class PipelineCache {
  private readonly layouts = new Map<string, GPUBindGroupLayout>();
  private readonly pipelines = new Map<string, Promise<CompiledProgram>>();

  constructor(private readonly device: GPUDevice) {}

  get size(): number {
    return this.pipelines.size;
  }

  private layoutFor(program: KernelProgram): { layout: GPUBindGroupLayout; signature: string } {
    const signature = program.bindings.map((b) => (b.source.kind === 'env' ? 'u' : b.access === 'read_write' ? 'w' : 'r')).join('');
    let layout = this.layouts.get(signature);
    if (!layout) {
      layout = this.device.createBindGroupLayout({
        label: `layout ${signature}`,
        entries: [...signature].map((kind, binding) => ({
          binding,
          visibility: ShaderStage.COMPUTE,
          buffer: kind === 'u' ? { type: 'uniform', hasDynamicOffset: true, minBindingSize: ENV_BYTES } : { type: kind === 'w' ? 'storage' : 'read-only-storage' },
        })),
      });
      this.layouts.set(signature, layout);
    }
    return { layout, signature };
  }

  /** The compiled pipeline for a program; concurrent requests for the same text share one compile. */
  get(program: KernelProgram): Promise<CompiledProgram> {
    const { layout, signature } = this.layoutFor(program);
    const code = composeShader(program);
    const key = `${signature}\n${code}`;
    let compiled = this.pipelines.get(key);
    if (!compiled) {
      compiled = this.compile(program.label, code, layout);
      this.pipelines.set(key, compiled);
    }
    return compiled.then((c) => ({ ...c, layout, usesEnv: program.bindings.some((b) => b.source.kind === 'env') }));
  }

  private async compile(label: string, code: string, layout: GPUBindGroupLayout): Promise<CompiledProgram> {
    const module = this.device.createShaderModule({ label, code });
    try {
      const pipeline = await this.device.createComputePipelineAsync({
        label,
        layout: this.device.createPipelineLayout({ bindGroupLayouts: [layout] }),
        compute: { module, entryPoint: 'main' },
      });
      return { pipeline, layout, usesEnv: false };
    } catch (e) {
      const info = await module.getCompilationInfo();
      const messages = info.messages.map((m) => `${m.type} at ${m.lineNum}:${m.linePos}: ${m.message}`).join('\n');
      throw new ShaderError(`the "${label}" kernel did not compile: ${(e as Error).message}${messages ? `\n${messages}` : ''}`);
    }
  }
}
