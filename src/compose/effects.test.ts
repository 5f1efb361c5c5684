import { describe, expect, it } from 'vitest';
import { skyAndGround } from '../test-support/compose-scenes.js';
import { boxBlur, createRowUpsampler, toSrgb8 } from './blur.js';
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
