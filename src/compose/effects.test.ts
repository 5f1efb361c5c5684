import { describe, expect, it } from 'vitest';
import { skyAndGround } from '../test-support/compose-scenes.js';
import { boxBlur, boxBlur3, createRowUpsampler, downsampleLinear, toSrgb8 } from './blur.js';
import { applyDepthOfField, LOW_RES } from './depth-of-field.js';
import { grainOffsets } from './draw-subject.js';
import { linearToSrgb8 } from '../image/color.js';
import { parseComposeSpec, PLAIN_COMPOSE } from './compose-options.js';
import { grainToAdd, noiseSigma, sharpenFor } from './grain.js';

describe('boxBlur', () => {
  it('keeps a constant plane constant and the total of an impulse', () => {
    const flat = { data: new Float32Array(50 * 30).fill(0.3), width: 50, height: 30 };
    boxBlur(flat, 4, 3);
    flat.data.forEach((v) => expect(v).toBeCloseTo(0.3, 5));
    const impulse = { data: new Float32Array(41 * 41), width: 41, height: 41 };
    impulse.data[20 * 41 + 20] = 1;
    boxBlur(impulse, 3, 2);
    expect(impulse.data.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
    expect(impulse.data[20 * 41 + 20]).toBeLessThan(0.05);
    expect(impulse.data[20 * 41 + 26]).toBeGreaterThan(0);
  });
});

describe('boxBlur with a region', () => {
  it('equals the whole-plane blur inside a region grown by passes × radius, and leaves the rest alone', () => {
    const w = 60;
    const h = 50;
    const make = () => ({ data: Float32Array.from({ length: w * h }, (_, i) => ((i * 7919) % 101) / 100), width: w, height: h });
    const whole = make();
    boxBlur(whole, 3, 2);
    const part = make();
    const untouched = make();
    // Read back in x 20..40, y 15..35; grown by 2 passes × radius 3 (+1).
    boxBlur(part, 3, 2, { x: 13, y: 8, width: 34, height: 34 });
    for (let y = 15; y < 35; y++) for (let x = 20; x < 40; x++) expect(part.data[y * w + x]).toBeCloseTo(whole.data[y * w + x], 5);
    expect(part.data[2 * w + 2]).toBe(untouched.data[2 * w + 2]);
  });
});

describe('boxBlur3', () => {
  it('gives exactly what boxBlur gives on each of three planes, with and without a region', () => {
    const w = 40;
    const h = 30;
    const make = (k: number) => ({ data: Float32Array.from({ length: w * h }, (_, i) => ((i * (7919 + k)) % 97) / 96), width: w, height: h });
    for (const region of [undefined, { x: 5, y: 3, width: 20, height: 22 }]) {
      const three = [make(0), make(1), make(2)] as const;
      boxBlur3(three, 3, 2, region);
      for (let k = 0; k < 3; k++) {
        const one = make(k);
        boxBlur(one, 3, 2, region);
        expect(Array.from(three[k].data)).toEqual(Array.from(one.data));
      }
    }
  });
});

describe('grainOffsets', () => {
  it('scales the tile into 1/4096 code values', () => {
    const tile = Float32Array.from([0, 1, -0.5, 2]);
    expect(Array.from(grainOffsets(tile, 3))).toEqual([0, 3 * 4096, -1.5 * 4096, 6 * 4096]);
  });
});

describe('applyDepthOfField', () => {
  // Wide enough for a blur at strength 1 (3% of the width, at quarter size).
  const w = 200;
  const h = 48;
  const flat = (rgb: [number, number, number]) => {
    const data = new Uint8Array(w * h * 4);
    for (let i = 0; i < w * h; i++) data.set([...rgb, 255], i * 4);
    return { data, width: w, height: h };
  };

  it('keeps a flat background flat (the integer blend rounds back to the same bytes)', () => {
    const image = flat([200, 90, 30]);
    const pixels = new Uint8Array(image.data);
    applyDepthOfField({ pixels, width: w, height: h, low: downsampleLinear(image, LOW_RES), focus: 0, strength: 1 });
    for (let i = 0; i < pixels.length; i += 4) expect(Math.abs(pixels[i] - 200) + Math.abs(pixels[i + 1] - 90) + Math.abs(pixels[i + 2] - 30)).toBeLessThanOrEqual(1);
  });

  it('blurs what lies far behind the focus plane, not what lies in it, nor what the subject covers', () => {
    const image = flat([0, 0, 0]);
    // Vertical stripes 4 px wide: a blur turns them grey.
    for (let i = 0; i < w * h; i++) if ((i % w) & 4) image.data.fill(255, i * 4, i * 4 + 3);
    const depth = { data: new Float32Array(w * h), width: w, height: h };
    for (let i = 0; i < w * h; i++) depth.data[i] = i < (w * h) / 2 ? 1 : 0.2;
    const cover = { layer: { data: new Uint8Array(8 * 8 * 4).fill(255), width: 8, height: 8 }, x: 0, y: 0 };
    const pixels = new Uint8Array(image.data);
    applyDepthOfField({ pixels, width: w, height: h, low: downsampleLinear(image, LOW_RES), depth, focus: 0.2, strength: 1, cover });
    const at = (x: number, y: number) => pixels[(y * w + x) * 4];
    // Far (top half, outside the cover): stripes gone to mid grey.
    expect(at(30, 10)).toBeGreaterThan(100);
    expect(at(30, 10)).toBeLessThan(230);
    // In the focus plane (bottom half) and under the opaque subject: untouched.
    for (const [x, y] of [[30, 40], [2, 2], [4, 6]]) expect(at(x, y)).toBe(image.data[(y * w + x) * 4]);
  });
});

describe('createRowUpsampler', () => {
  it('reproduces a linear ramp exactly between sample centres, in any row order', () => {
    const lw = 10;
    const lh = 8;
    const plane = new Float32Array(lw * lh);
    for (let y = 0; y < lh; y++) for (let x = 0; x < lw; x++) plane[y * lw + x] = x + 10 * y;
    const up = createRowUpsampler([plane], lw, lh, 40, 32, 4);
    for (const y of [10, 3, 17, 17, 25, 2]) {
      const row = up(y)[0];
      expect(row[18]).toBeCloseTo((18 + 0.5) / 4 - 0.5 + 10 * ((y + 0.5) / 4 - 0.5), 4);
    }
  });
});

describe('toSrgb8', () => {
  it('is within one code value of the exact curve', () => {
    for (let i = 0; i <= 1000; i++) expect(Math.abs(toSrgb8(i / 1000) - linearToSrgb8(i / 1000))).toBeLessThanOrEqual(1);
  });
});

describe('noiseSigma', () => {
  it('reads the noise of a flat image and ignores smooth shading', () => {
    for (const sigma of [0, 3, 8]) {
      const { image } = skyAndGround(200, 200, { sky: [128, 128, 128], ground: [90, 90, 90], noise: sigma, seed: 2 });
      // Independent noise in each channel averages down in luma: σ·√(0.299² + 0.587² + 0.114²) ≈ 0.67σ.
      expect(noiseSigma(image, { x: 0, y: 0, width: 200, height: 90 }, () => true, 1)).toBeCloseTo(sigma * 0.67, 0);
    }
  });

  it('adds only the missing grain, in quadrature, and nothing invisible', () => {
    expect(grainToAdd(5, 3)).toBeCloseTo(4, 9);
    expect(grainToAdd(3, 5)).toBe(0);
    expect(grainToAdd(0.4, 0)).toBe(0);
  });
});

describe('parseComposeSpec', () => {
  it('reads controls by name or alias', () => {
    expect(parseComposeSpec('harmonize=0.5, dof=0 ,shadow=off,grain=off,light-wrap=1')).toEqual({ harmonize: 0.5, depthOfField: 0, shadow: 'off', grain: 'off', lightWrap: 1 });
    expect(parseComposeSpec('off')).toEqual(PLAIN_COMPOSE);
  });

  it('names what is wrong', () => {
    expect(parseComposeSpec('blur=1')).toMatch(/known control/);
    expect(parseComposeSpec('harmonize=2')).toMatch(/between 0 and 1 for harmonize/);
    expect(parseComposeSpec('shadow=maybe')).toMatch(/auto, on or off/);
  });
});

describe('sharpness matching', () => {
  it('sharpens only subjects enlarged enough to look soft', () => {
    expect(sharpenFor(1)).toBe(0);
    expect(sharpenFor(0.5)).toBe(0);
    expect(sharpenFor(1.2)).toBe(0);
    expect(sharpenFor(2)).toBe(0.5);
    expect(sharpenFor(5)).toBe(0.8);
  });
});
