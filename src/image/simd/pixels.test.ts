import { afterEach, describe, expect, it } from 'vitest';
import { compilePixelsWat } from '../../../scripts/build-wasm.mjs';
import { PIXELS_WASM_BASE64 } from './pixels-wasm.js';
import { pixelKernels, preferTypeScript } from './pixels.js';

describe('SIMD pixel kernels', () => {
  afterEach(() => preferTypeScript(false));

  it('are the compiled pixels.wat (run `node scripts/build-wasm.mjs` after changing it)', async () => {
    expect(await compilePixelsWat()).toBe(PIXELS_WASM_BASE64);
  });

  it('load on this Node, and can be turned off for the TypeScript loops', () => {
    expect(pixelKernels()).not.toBeNull();
    preferTypeScript(true);
    expect(pixelKernels()).toBeNull();
    preferTypeScript(false);
    expect(pixelKernels()).not.toBeNull();
  });

  it('add_luma adds each pixel its delta on R, G and B, rounding half to even and clamping, alpha untouched', () => {
    const k = pixelKernels()!;
    const { u8, f32 } = k.memory(1024);
    u8.set([10, 20, 30, 40, 250, 3, 128, 255, 0, 255, 7, 9, 100, 100, 100, 100], 0);
    f32.set([2.5, 7.2, -3.5, 0.49], 64);
    k.addLuma(0, 256, 4);
    expect([...u8.subarray(0, 16)]).toEqual([12, 22, 32, 40, 255, 10, 135, 255, 0, 252, 4, 9, 100, 100, 100, 100]);
  });
});
