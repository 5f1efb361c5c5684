import { afterEach, describe, expect, it } from 'vitest';
import { preferTypeScript } from '../image/simd/pixels.js';
import { bchEncode } from './ecc-bch.js';
import { allocateGain, embedPattern, MIN_PSNR_DB, textureMask } from './watermark-embed.js';
import { CELLS_ACROSS, TILE, tileChips } from './watermark-pattern.js';
import { makeWatermarkPayload, payloadToBits } from './watermark-payload.js';

const maxMse = (255 * 255) / 10 ** (MIN_PSNR_DB / 10);
/** Mean squared amplitude the embedder expects from a mask of amplitudes (bilinear ±1 chips: 4/9). */
const spend = (mask: Float32Array) => (mask.reduce((s, m) => s + m * m, 0) / mask.length) * (4 / 9);

describe('allocateGain', () => {
  it('gives every cell its perceptual ceiling when the PSNR budget allows it', () => {
    const mask = Float32Array.from([0.45, 0.8, 1.2, 1.6]);
    allocateGain(mask, 1, maxMse);
    expect(Array.from(mask)).toEqual(Array.from(Float32Array.from([0.45, 0.8, 1.2, 1.6])));
  });

  it('lowers the busiest cells first when over budget, keeping calm cells at their ceiling', () => {
    // Half the cells calm (0.5), half busy (1.6), at a gain that spends about twice the budget.
    const mask = Float32Array.from({ length: 100 }, (_, i) => (i % 2 ? 1.6 : 0.5));
    const gain = Math.sqrt((2 * maxMse) / ((0.5 * (0.25 + 2.56)) * (4 / 9)));
    allocateGain(mask, gain, maxMse);
    expect(mask[0]).toBeCloseTo(0.5 * gain, 5);
    expect(mask[1]).toBeLessThan(1.6 * gain);
    expect(mask[1]).toBeGreaterThan(0.5 * gain);
    expect(spend(mask)).toBeLessThanOrEqual(maxMse * 1.001);
    expect(spend(mask)).toBeGreaterThan(maxMse * 0.99);
  });

  it('scales every cell alike when even the flat-cell floor is over budget', () => {
    const mask = Float32Array.from([0.45, 0.45, 1.6, 1.6]);
    allocateGain(mask, 100, maxMse);
    expect(mask[0]).toBeCloseTo(mask[2], 5);
    expect(spend(mask)).toBeCloseTo(maxMse, 3);
  });
});

describe('embedPattern', () => {
  it('adds exactly the bilinearly interpolated chips, at the flat-cell amplitude, on a flat image', () => {
    // An odd size so cells are not a whole number of pixels and rows end mid-cell.
    const width = 333;
    const height = 517;
    const data = new Uint8Array(width * height * 4).fill(128);
    const payload = makeWatermarkPayload('segments');
    const marked = embedPattern({ data, width, height }, payload);
    const chips = tileChips(bchEncode(payloadToBits(payload)));
    const cell = width / CELLS_ACROSS;
    const amplitude = 0.45 * 3; // MASK_MIN × BASE_AMPLITUDE: a flat image is far under the PSNR budget
    const chip = (i: number, j: number) => chips[(((j % TILE) + TILE) % TILE) * TILE + (((i % TILE) + TILE) % TILE)];
    let mismatches = 0;
    let unequal = 0;
    let worst = 0;
    for (let y = 0; y < height; y++) {
      const v = (y + 0.5) / cell - 0.5;
      const j = Math.floor(v);
      for (let x = 0; x < width; x++) {
        const u = (x + 0.5) / cell - 0.5;
        const i = Math.floor(u);
        const top = chip(i, j) + (chip(i + 1, j) - chip(i, j)) * (u - i);
        const bottom = chip(i, j + 1) + (chip(i + 1, j + 1) - chip(i, j + 1)) * (u - i);
        const expected = 128 + amplitude * (top + (bottom - top) * (v - j));
        const p = (y * width + x) * 4;
        const error = Math.abs(marked.data[p] - expected);
        worst = Math.max(worst, error);
        if (marked.data[p] !== Math.round(expected)) mismatches++;
        if (marked.data[p + 1] !== marked.data[p] || marked.data[p + 2] !== marked.data[p] || marked.data[p + 3] !== 128) unequal++;
      }
    }
    // Only rounding ties may land differently (float32 row sums against this float64 reference).
    expect(worst).toBeLessThanOrEqual(0.5 + 1e-3);
    expect(mismatches).toBeLessThan(width * height * 0.01);
    // Luma only: R, G and B move together; alpha is untouched.
    expect(unequal).toBe(0);
  });

  it('marks in place, when asked, exactly as it marks a copy', () => {
    const width = 200;
    const height = 300;
    const data = Uint8Array.from({ length: width * height * 4 }, (_, i) => ((i * 37) >> 3) & 255);
    const payload = makeWatermarkPayload('in place');
    const copy = embedPattern({ data, width, height }, payload);
    expect(copy.data).not.toBe(data);
    const image = { data: new Uint8Array(data), width, height };
    const same = embedPattern(image, payload, { inPlace: true });
    expect(same.data).toBe(image.data);
    expect(Buffer.from(same.data).equals(Buffer.from(copy.data))).toBe(true);
  });
});

describe('embedPattern with the SIMD kernels', () => {
  afterEach(() => preferTypeScript(false));

  it('measures exactly the texture mask the TypeScript loop measures', () => {
    // Cells under 6 pixels read every pixel, larger ones every other pixel each way.
    for (const [width, height] of [[203, 150], [1000, 90]]) {
      const data = Uint8Array.from({ length: width * height * 4 }, (_, i) => ((i * 101) >> 3) & 255);
      const cell = width / CELLS_ACROSS;
      const gh = Math.ceil(height / cell);
      preferTypeScript(true);
      const ts = textureMask({ data, width, height }, cell, CELLS_ACROSS, gh);
      preferTypeScript(false);
      expect(textureMask({ data, width, height }, cell, CELLS_ACROSS, gh)).toEqual(ts);
    }
  });

  it('marks the pixels the TypeScript loop marks, to ±1 code value in a few places at most', () => {
    // A width that is not a multiple of 4 leaves the last pixels of each row to the TypeScript loop.
    for (const [width, height] of [[240, 180], [203, 150]]) {
      const data = Uint8Array.from({ length: width * height * 4 }, (_, i) => (i % 4 === 3 ? 255 : ((i * 37) >> 2) & 255));
      const payload = makeWatermarkPayload('simd');
      preferTypeScript(true);
      const ts = embedPattern({ data, width, height }, payload);
      preferTypeScript(false);
      const simd = embedPattern({ data, width, height }, payload);
      let differing = 0;
      for (let i = 0; i < ts.data.length; i++) {
        expect(Math.abs(ts.data[i] - simd.data[i])).toBeLessThanOrEqual(1);
        if (ts.data[i] !== simd.data[i]) differing++;
      }
      expect(differing).toBeLessThan(ts.data.length * 1e-3);
    }
  });
});
