import { afterEach, describe, expect, it } from 'vitest';
import { compilePixelsWat } from '../../../scripts/build-wasm.mjs';
import { PIXELS_WASM_BASE64 } from './pixels-wasm.js';
import { lumaLaplacian } from '../../compose/subject-facts.js';
import { composeStory } from '../../compose/compose-story.js';
import { skyAndGround } from '../../test-support/compose-scenes.js';
import { boxBlur, boxBlur3, downsampleLinear } from '../../compose/blur.js';
import { boxMean } from '../../subject/box-filter.js';
import { pixelKernels, preferTypeScript } from './pixels.js';

describe('SIMD pixel kernels', () => {
  afterEach(() => preferTypeScript(false));

  it('are the compiled pixels.wat + compose.wat (run `node scripts/build-wasm.mjs` after changing either)', async () => {
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

  it('dof_blend: weight 0 keeps the pixel, 256 takes the rounded blur, between mixes in fixed point; alpha kept', () => {
    const k = pixelKernels()!;
    const { u8, i32, u32 } = k.memory(4096);
    // Four canvas pixels at 0, weights at 64, widened rows (×16) at 128 (top red|blue), 192 (top green),
    // 256 (bottom red|blue), 320 (bottom green); a quarter of the way down (wy = 4 of 16).
    u8.set([10, 20, 30, 200, 10, 20, 30, 201, 10, 20, 30, 202, 255, 255, 255, 7], 0);
    i32.set([0, 256, 128, 256], 16);
    u32.set(Array(4).fill((100 * 16) | ((60 * 16) << 16)), 32);
    u32.set(Array(4).fill(80 * 16), 48);
    u32.set(Array(4).fill((200 * 16) | ((20 * 16) << 16)), 64);
    u32.set(Array(4).fill(40 * 16), 80);
    k.dofBlend(0, 4, 64, 128, 192, 256, 320, 4);
    // Blur = 0.75·top + 0.25·bottom: R 125, G 70, B 50.
    expect([...u8.subarray(0, 16)]).toEqual([10, 20, 30, 200, 125, 70, 50, 201, 68, 45, 40, 202, 125, 70, 50, 7]);
  });

  it('compose gives exactly the same story with the kernels as with the TypeScript loops (subject pass, depth of field)', () => {
    // A textured, soft-edged subject enlarged 1.5× (so it is sharpened), partly off the canvas's left edge,
    // over a noisy scene with depth: grain, sharpening, light wrap, depth of field and shadow all run.
    let seed = 11;
    const byte = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) >>> 24;
    const { image, depth } = skyAndGround(150, 230, { noise: 12, horizon: 0.55 });
    const w = 70;
    const h = 120;
    const data = new Uint8Array(w * h * 4);
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        const d = Math.hypot((x - w / 2) / (w / 2), (y - h) / h);
        data.set([60 + x + (byte() >> 6), 90 + (y >> 1) + (byte() >> 6), 120 - x + (byte() >> 6), Math.round(255 * Math.min(1, Math.max(0, (1 - d) * 8)))], (y * w + x) * 4);
      }
    }
    const layer = { data, width: w, height: h };
    // A depth plane at a third of the canvas's size (read by nearest sample), and none (everything blurs).
    const coarse = { data: new Float32Array(50 * 77), width: 50, height: 77 };
    for (let i = 0; i < coarse.data.length; i++) coarse.data[i] = depth.data[Math.min(depth.data.length - 1, Math.floor(i / 50) * 3 * 150 + (i % 50) * 3)];
    // Once cut by the canvas's left edge, once further in (the grain tile starts mid-row there).
    for (const [x, d] of [[-9, depth], [37, depth], [37, coarse], [20, undefined]] as const) {
      const placement = { source: { x: 0, y: 0, width: 47, height: 80 }, target: { x, y: 110, width: w, height: h }, scale: 1.5, cut: { top: false, bottom: true, left: false, right: false } };
      const input = { background: image, depth: d, layer, placement, seed: 5 };
      // Full depth of field: at the default a canvas this small gets too small a blur radius to blur at all.
      preferTypeScript(false);
      const { image: withKernels, report } = composeStory(input, { depthOfField: 1 });
      expect(report.grainAdded).toBeGreaterThan(0);
      expect(report.sharpened).toBeGreaterThan(0);
      expect(report.shadow).toBe(true);
      preferTypeScript(true);
      const withLoops = composeStory({ ...input, layer: { ...layer, data: new Uint8Array(data) } }, { depthOfField: 1 }).image;
      expect(Buffer.from(withKernels.data).equals(Buffer.from(withLoops.data))).toBe(true);
      // And the effects did run: the story is not the plain background with the subject pasted.
      expect(Buffer.from(withKernels.data).equals(Buffer.from(image.data))).toBe(false);
    }
  });

  it('box_blur gives exactly the TypeScript box blurs, whole planes and regions, odd sizes, any radius', () => {
    let seed = 3;
    const value = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) >>> 8) / 16777216;
    const cases: Array<{ w: number; h: number; r: number; passes: number; region?: { x: number; y: number; width: number; height: number } }> = [
      { w: 1, h: 1, r: 1, passes: 2 },
      { w: 7, h: 5, r: 3, passes: 1 },
      { w: 31, h: 17, r: 2, passes: 2 },
      { w: 30, h: 40, r: 9, passes: 3, region: { x: 5, y: 7, width: 13, height: 21 } },
      { w: 64, h: 9, r: 40, passes: 2, region: { x: -4, y: 2, width: 50, height: 30 } },
    ];
    for (const { w, h, r, passes, region } of cases) {
      const planes = [0, 1, 2].map(() => ({ data: Float32Array.from({ length: w * h }, value), width: w, height: h }));
      const copies = () => planes.map((p) => ({ ...p, data: new Float32Array(p.data) })) as [typeof planes[0], typeof planes[0], typeof planes[0]];
      preferTypeScript(true);
      const loop = copies();
      boxBlur(loop[0], r, passes, region);
      const loop3 = copies();
      boxBlur3(loop3, r, passes, region);
      preferTypeScript(false);
      const kernel = copies();
      boxBlur(kernel[0], r, passes, region);
      const kernel3 = copies();
      boxBlur3(kernel3, r, passes, region);
      expect(kernel[0].data).toEqual(loop[0].data);
      for (let c = 0; c < 3; c++) expect(kernel3[c].data).toEqual(loop3[c].data);
      if (w * h > 1) expect(kernel[0].data).not.toEqual(planes[0].data);
    }
  });

  it('downsample_linear gives exactly the TypeScript block averages, any size and factor', () => {
    let seed = 9;
    const byte = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) >>> 24;
    // 70 rows at factor 4: more than one band of 16 low rows, the last block cut short both ways.
    for (const [w, h, factor] of [[1, 1, 4], [9, 7, 4], [130, 70, 4], [33, 21, 2], [16, 300, 4]]) {
      const image = { data: Uint8Array.from({ length: w * h * 4 }, byte), width: w, height: h };
      preferTypeScript(true);
      const loop = downsampleLinear(image, factor);
      preferTypeScript(false);
      const kernel = downsampleLinear(image, factor);
      for (let c = 0; c < 3; c++) {
        expect([kernel[c].width, kernel[c].height]).toEqual([loop[c].width, loop[c].height]);
        expect(kernel[c].data).toEqual(loop[c].data);
      }
    }
  });

  it('box_mean gives exactly the TypeScript box means (clipped windows), any size and radius', () => {
    let seed = 5;
    const value = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) >>> 8) / 16777216;
    // All at least 4096 pixels, where boxMean takes the kernel; odd widths, radii from 0 to past the size.
    for (const [w, h, r] of [[64, 64, 0], [97, 61, 3], [130, 40, 25], [4096, 1, 7], [1, 4100, 2], [71, 90, 200]]) {
      const src = Float32Array.from({ length: w * h }, value);
      preferTypeScript(true);
      const loop = boxMean(src, w, h, r);
      preferTypeScript(false);
      expect(boxMean(src, w, h, r)).toEqual(loop);
    }
  });
});
