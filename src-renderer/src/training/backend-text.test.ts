import { describe, expect, it } from 'vitest';
import { backendText } from './backend-text';

describe('backendText', () => {
  it('says clearly when the CPU fallback is used, and why', () => {
    const t = backendText('reference', 'CPU (reference)', 'no WebGPU adapter');
    expect(t.fallback).toBe(true);
    expect(t.note).toContain('CPU');
    expect(t.note).toContain('no WebGPU adapter');
  });

  it('names a real GPU without a note', () => {
    expect(backendText('webgpu', 'NVIDIA H100 (WebGPU core)')).toEqual({ title: 'NVIDIA H100 (WebGPU core)', note: null, fallback: false });
  });

  it('warns that a software adapter is slow', () => {
    expect(backendText('webgpu', 'llvmpipe (LLVM 15.0.7, 256 bits) (WebGPU compatibility)').note).toContain('emulated');
    expect(backendText('webgpu', 'Google SwiftShader').note).toContain('emulated');
  });
});
