import { afterEach, describe, expect, it } from 'vitest';
import { compilePixelsWat } from '../../../scripts/build-wasm.mjs';
import { PIXELS_WASM_BASE64 } from './pixels-wasm.js';
import { lumaLaplacian } from '../../compose/subject-facts.js';
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

  it('luma_laplacian gives exactly the TypeScript loop\'s sharpening signal, rows of any width', () => {
    let seed = 7;
    const byte = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) >>> 24;
    // 150 and 131 rows: several bands of 64, the last one short.
    for (const [w, h] of [[3, 3], [7, 5], [13, 9], [64, 4], [5, 150], [130, 131]]) {
      const data = new Uint8Array(w * h * 4);
      // Mostly opaque, some soft and clear pixels, which must come out 0.
      for (let i = 0; i < w * h; i++) data.set([byte(), byte(), byte(), byte() < 180 ? 255 : byte()], i * 4);
      const layer = { data, width: w, height: h };
      preferTypeScript(true);
      const loop = lumaLaplacian(layer);
      preferTypeScript(false);
      expect(lumaLaplacian(layer)).toEqual(loop);
    }
    // A known value: a white pixel in black, all opaque.
    const dot = new Uint8Array(3 * 3 * 4);
    for (let i = 3; i < dot.length; i += 4) dot[i] = 255;
    dot.set([255, 255, 255, 255], 4 * 4);
    expect(lumaLaplacian({ data: dot, width: 3, height: 3 })[4]).toBe(4 * 1020);
  });
});
