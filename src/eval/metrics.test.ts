import { describe, expect, it } from 'vitest';
import type { Plane } from '../image/types.js';
import { decodeBmp } from './bmp.js';
import { boundaryF, boundaryMap, LABEL_IGNORE, maskIou, matteMae, squaredDistanceTransform, type LabelMask } from './metrics.js';

/** A w×h plane that is 1 inside the rectangle [x0, x1) × [y0, y1). */
function rectMatte(w: number, h: number, x0: number, y0: number, x1: number, y1: number, value = 1): Plane {
  const data = new Float32Array(w * h);
  for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) data[y * w + x] = value;
  return { data, width: w, height: h };
}

function labels(p: Plane): LabelMask {
  return { data: Uint8Array.from(p.data, (v) => (v >= 0.5 ? 1 : 0)), width: p.width, height: p.height };
}

describe('maskIou', () => {
  it('is 1 for identical masks and 1 when both are empty', () => {
    const a = rectMatte(10, 10, 2, 2, 6, 6);
    expect(maskIou(a, labels(a))).toBe(1);
    expect(maskIou(rectMatte(4, 4, 0, 0, 0, 0), labels(rectMatte(4, 4, 0, 0, 0, 0)))).toBe(1);
  });

  it('counts overlap of two 4×4 squares shifted by 2 columns: 8 / 24', () => {
    const a = rectMatte(10, 10, 0, 0, 4, 4);
    const b = rectMatte(10, 10, 2, 0, 6, 4);
    expect(maskIou(a, labels(b))).toBeCloseTo(8 / 24, 10);
  });

  it('skips ignored pixels and thresholds the soft matte at 0.5', () => {
    const gt = labels(rectMatte(4, 1, 0, 0, 2, 1));
    gt.data[2] = LABEL_IGNORE;
    const matte: Plane = { data: Float32Array.of(0.9, 0.4, 1, 0), width: 4, height: 1 };
    // pixel 0 hit, pixel 1 missed (0.4 < 0.5), pixel 2 ignored: 1 / 2
    expect(maskIou(matte, gt)).toBe(0.5);
  });

  it('rejects planes of different sizes', () => {
    expect(() => maskIou(rectMatte(2, 2, 0, 0, 1, 1), labels(rectMatte(3, 2, 0, 0, 1, 1)))).toThrow(RangeError);
  });
});

describe('matteMae', () => {
  it('averages the absolute error of the soft matte', () => {
    const gt: LabelMask = { data: Uint8Array.of(1, 0, 1, LABEL_IGNORE), width: 4, height: 1 };
    const matte: Plane = { data: Float32Array.of(0.5, 0.25, 1, 0), width: 4, height: 1 };
    expect(matteMae(matte, gt)).toBeCloseTo(0.75 / 3, 10);
  });
});

describe('boundary F-measure', () => {
  it('marks the contour of a square, not the image frame', () => {
    const m = rectMatte(6, 6, 1, 1, 5, 5);
    const b = boundaryMap(Uint8Array.from(m.data), 6, 6);
    expect(b.reduce((s, v) => s + v, 0)).toBe(12); // 4×4 square: 16 − 4 interior
    const full = boundaryMap(new Uint8Array(16).fill(1), 4, 4);
    expect(full.reduce((s, v) => s + v, 0)).toBe(0);
  });

  it('computes exact Euclidean distances', () => {
    const seeds = new Uint8Array(25);
    seeds[12] = 1; // centre of 5×5
    const d = squaredDistanceTransform(seeds, 5, 5);
    expect(d[0]).toBe(8);
    expect(d[2]).toBe(4);
    expect(d[13]).toBe(1);
  });

  it('is 1 for a perfect contour and for a shift within the tolerance', () => {
    const gt = labels(rectMatte(100, 100, 20, 20, 80, 80));
    expect(boundaryF(rectMatte(100, 100, 20, 20, 80, 80), gt).f).toBe(1);
    // diagonal 141 → tolerance 1.41 px: a 1-pixel shift is still on the contour
    expect(boundaryF(rectMatte(100, 100, 21, 20, 81, 80), gt).f).toBe(1);
  });

  it('scores a square shifted beyond the tolerance by the contour pixels that still match', () => {
    // 100×100, tolerance 1.41. Truth: square [20,80)²; prediction shifted 10 px right: [30,90)×[20,80).
    // Matching contour pixels: the top and bottom rows where both overlap in x (x 30..79 within 1.41 of each other).
    const gt = labels(rectMatte(100, 100, 20, 20, 80, 80));
    const s = boundaryF(rectMatte(100, 100, 30, 20, 90, 80), gt);
    // Each contour has 236 pixels. The truth's top and bottom rows match from x = 29 (1 px from the prediction's
    // corner) to 79: 51 each; its right column's end pixels (79, 21) and (79, 78) touch the prediction's rows: 2.
    // By symmetry precision equals recall: (2·51 + 2) / 236.
    expect(s.precision).toBeCloseTo(s.recall, 10);
    expect(s.f).toBeCloseTo(104 / 236, 10);
  });

  it('counts predicted contour pixels inside the ignore band as correct', () => {
    const gt = labels(rectMatte(100, 100, 20, 20, 80, 80));
    // an ignore band 5 px wide outside the truth
    for (let y = 15; y < 85; y++) for (let x = 15; x < 85; x++) if (gt.data[y * 100 + x] === 0) gt.data[y * 100 + x] = LABEL_IGNORE;
    const s = boundaryF(rectMatte(100, 100, 16, 16, 84, 84), gt);
    expect(s.precision).toBe(1);
    expect(s.recall).toBe(0); // the truth's contour is 4 px away from the prediction's, beyond 1.41
  });
});

describe('decodeBmp', () => {
  it('reads a bottom-up 24-bit BMP with row padding', () => {
    // 2×2, 24-bit: stride 8 bytes. Bottom row first: blue, white; top row: red, green.
    const header = new Uint8Array(54);
    const v = new DataView(header.buffer);
    header[0] = 0x42;
    header[1] = 0x4d;
    v.setUint32(10, 54, true);
    v.setUint32(14, 40, true);
    v.setInt32(18, 2, true);
    v.setInt32(22, 2, true);
    v.setUint16(28, 24, true);
    const pixels = Uint8Array.of(255, 0, 0, 255, 255, 255, 0, 0, 0, 0, 255, 0, 255, 0, 0, 0);
    const bmp = new Uint8Array(54 + pixels.length);
    bmp.set(header);
    bmp.set(pixels, 54);
    const img = decodeBmp(bmp);
    expect([img.width, img.height]).toEqual([2, 2]);
    expect(Array.from(img.data)).toEqual([255, 0, 0, 255, 0, 255, 0, 255, 0, 0, 255, 255, 255, 255, 255, 255]);
  });
});
