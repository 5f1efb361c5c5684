import { afterEach, describe, expect, it } from 'vitest';
import { preferTypeScript } from '../../image/simd/pixels.js';
import { createCanvas } from './canvas.js';
import { toImage } from './upsample.js';

/** Reference: bilinear with half-pixel centres, clamped at the edges (what sharp and OpenCV do). */
function reference(px: Float32Array, sw: number, sh: number, w: number, h: number, x: number, y: number, ch: number): number {
  const fx = Math.min(sw - 1, Math.max(0, ((x + 0.5) * sw) / w - 0.5));
  const fy = Math.min(sh - 1, Math.max(0, ((y + 0.5) * sh) / h - 0.5));
  const x0 = Math.floor(fx);
  const y0 = Math.floor(fy);
  const x1 = Math.min(sw - 1, x0 + 1);
  const y1 = Math.min(sh - 1, y0 + 1);
  const at = (xx: number, yy: number) => px[(yy * sw + xx) * 3 + ch];
  const top = at(x0, y0) + (at(x1, y0) - at(x0, y0)) * (fx - x0);
  const bot = at(x0, y1) + (at(x1, y1) - at(x0, y1)) * (fx - x0);
  return top + (bot - top) * (fy - y0);
}

describe('toImage', () => {
  const c = createCanvas(10, 8);
  for (let i = 0; i < c.px.length; i++) c.px[i] = (i * 37) % 256;

  it.each([
    [20, 16, 'the exact-2× fast path'],
    [17, 13, 'the general path'],
  ])('%i×%i (%s) is bilinear with half-pixel centres, within the ±1 dither', (w, h) => {
    const img = toImage(c, w, h, 3, 0);
    expect([img.width, img.height, img.data.length]).toEqual([w, h, w * h * 4]);
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        for (let ch = 0; ch < 3; ch++) expect(Math.abs(img.data[(y * w + x) * 4 + ch] - reference(c.px, 10, 8, w, h, x, y, ch))).toBeLessThanOrEqual(1.01);
        expect(img.data[(y * w + x) * 4 + 3]).toBe(255);
      }
    }
  });

  it('clamps out-of-range light to 0..255', () => {
    const hot = createCanvas(2, 2);
    hot.px.fill(400);
    hot.px[0] = -50;
    const img = toImage(hot, 4, 4, 1, 0);
    expect(Math.max(...img.data)).toBe(255);
    expect(img.data[0]).toBe(0);
  });
});

describe('toImage with the SIMD kernels', () => {
  afterEach(() => preferTypeScript(false));

  it('gives the pixels of the TypeScript loop, to ±1 code value in a few places at most', () => {
    // 2× of an even-width canvas (what a story hits), values past both ends of 0..255, grain on.
    const c = createCanvas(64, 40);
    for (let i = 0; i < c.px.length; i++) c.px[i] = ((i * 7919) % 2750) / 10 - 8;
    preferTypeScript(true);
    const ts = toImage(c, 128, 80, 5, 0.7);
    preferTypeScript(false);
    const simd = toImage(c, 128, 80, 5, 0.7);
    let differing = 0;
    for (let i = 0; i < ts.data.length; i++) {
      expect(Math.abs(ts.data[i] - simd.data[i])).toBeLessThanOrEqual(1);
      if (ts.data[i] !== simd.data[i]) differing++;
    }
    expect(differing).toBeLessThan(ts.data.length * 1e-3);
  });
});
