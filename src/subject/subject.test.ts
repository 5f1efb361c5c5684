import { describe, expect, it } from 'vitest';
import { resizePlane } from '../image/resize.js';
import type { Plane, RgbaImage } from '../image/types.js';
import { boxMean } from './box-filter.js';
import { estimateForeground } from './foreground.js';
import { applyGuided, guidedCoefficients } from './guided-filter.js';
import { hintPlane } from './hints.js';
import { analyseMatte, matteFor, selectSubject } from './subject.js';

/** An image of `w`×`h` coloured by `f(x, y)`. */
function image(w: number, h: number, f: (x: number, y: number) => [number, number, number]): RgbaImage {
  const data = new Uint8Array(w * h * 4);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      data.set([...f(x, y), 255], (y * w + x) * 4);
    }
  }
  return { data, width: w, height: h };
}

function plane(w: number, h: number, f: (x: number, y: number) => number): Plane {
  const data = new Float32Array(w * h);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) data[y * w + x] = f(x, y);
  return { data, width: w, height: h };
}

/** Block-average downscale of an image by an integer factor (the "model input"). */
function shrink(img: RgbaImage, s: number): RgbaImage {
  return image(img.width / s, img.height / s, (x, y) => {
    const acc = [0, 0, 0];
    for (let dy = 0; dy < s; dy++) for (let dx = 0; dx < s; dx++) for (let c = 0; c < 3; c++) acc[c] += img.data[((y * s + dy) * img.width + x * s + dx) * 4 + c];
    return acc.map((v) => Math.round(v / (s * s))) as [number, number, number];
  });
}

describe('boxMean', () => {
  it('averages over clipped windows', () => {
    expect(Array.from(boxMean(Float32Array.of(0, 3, 0), 3, 1, 1))).toEqual([1.5, 1, 1.5]);
    const flat = boxMean(new Float32Array(100).fill(0.25), 10, 10, 3);
    expect(flat.every((v) => Math.abs(v - 0.25) < 1e-6)).toBe(true);
  });
});

describe('guided upsampling', () => {
  // Full resolution: red subject left of x = 101, blue background right; the model saw it 4× smaller and
  // returned a soft ramp. The refined matte must snap to the real edge; bilinear cannot.
  const W = 256;
  const edge = 101;
  const photo = image(W, 64, (x) => (x < edge ? [220, 40, 30] : [30, 60, 220]));
  const small = shrink(photo, 4);
  const lowMatte = plane(64, 16, (x) => Math.min(1, Math.max(0, (edge / 4 - x - 0.5) / 2 + 0.5)));
  const truth = (x: number) => (x < edge ? 1 : 0);

  it('puts the edge where the photo has it', () => {
    const refined = applyGuided(guidedCoefficients(small, lowMatte, { radius: 4, eps: 1e-3, subsample: 1 }), photo);
    const bilinear = resizePlane(lowMatte, W, 64);
    let refinedError = 0;
    let bilinearError = 0;
    for (let x = 0; x < W; x++) {
      refinedError += Math.abs(refined.data[32 * W + x] - truth(x));
      bilinearError += Math.abs(bilinear.data[32 * W + x] - truth(x));
    }
    expect(refinedError).toBeLessThan(bilinearError / 2);
    expect(refined.data[32 * W + edge - 2]).toBeGreaterThan(0.9);
    expect(refined.data[32 * W + edge + 1]).toBeLessThan(0.1);
  });

  it('keeps flat areas exactly 0 and 1 (the band shortcut)', () => {
    const refined = applyGuided(guidedCoefficients(small, lowMatte), photo);
    expect(refined.data[10 * W + 2]).toBe(1);
    expect(refined.data[10 * W + W - 3]).toBe(0);
  });

  it('evaluates a sub-rectangle at another size (the placed subject)', () => {
    const coeffs = guidedCoefficients(small, lowMatte, { subsample: 1 });
    const crop = image(50, 32, (x) => (x + 75 < edge ? [220, 40, 30] : [30, 60, 220])); // photo x 75..124 at full size
    const m = applyGuided(coeffs, crop, { x: 75 / 4, y: 0, width: 50 / 4, height: 8 });
    expect(m.data[16 * 50 + (edge - 75) - 3]).toBeGreaterThan(0.9);
    expect(m.data[16 * 50 + (edge - 75) + 2]).toBeLessThan(0.1);
  });
});

describe('choosing the subject', () => {
  // Model space 100×100 over a 200×200 photo: a big disc (r 20) at (30, 50) and a small one (r 5) at (80, 20).
  const disc = (cx: number, cy: number, r: number) => (x: number, y: number) => ((x - cx) ** 2 + (y - cy) ** 2 <= r * r ? 1 : 0);
  const big = disc(30, 50, 20);
  const little = disc(80, 20, 5);
  const matte = plane(100, 100, (x, y) => Math.max(big(x, y), little(x, y)));
  const guide = image(100, 100, (x, y) => (matte.data[y * 100 + x] ? [200, 50, 50] : [40, 40, 40]));
  const analysis = analyseMatte(matte, guide, 200, 200);

  it('lists the separate subjects with boxes in photo pixels, largest first', () => {
    expect(analysis.regions).toHaveLength(2);
    const [first, second] = analysis.regions;
    expect(first.box).toEqual({ x: 20, y: 60, width: 82, height: 82 });
    expect(second.box).toEqual({ x: 150, y: 30, width: 22, height: 22 });
    expect(first.score).toBeGreaterThan(0.9);
    expect([first.salient, second.salient]).toEqual([true, false]);
  });

  it('keeps the salient subject by default and drops the speck', () => {
    const sel = selectSubject(analysis);
    expect(sel.kept).toHaveLength(1);
    expect(sel.matte.data[20 * 100 + 80]).toBe(0);
    expect(sel.matte.data[50 * 100 + 30]).toBe(1);
    expect(sel.bounds).toEqual({ x: 20, y: 60, width: 82, height: 82 });
  });

  it('keeps the one under a point, the ones in a box, or all', () => {
    const byPoint = selectSubject(analysis, { point: [160, 40] });
    expect(byPoint.bounds).toEqual({ x: 150, y: 30, width: 22, height: 22 });
    const byBox = selectSubject(analysis, { box: [140, 20, 40, 40] });
    expect(byBox.bounds).toEqual({ x: 150, y: 30, width: 22, height: 22 });
    const nearest = selectSubject(analysis, { point: [199, 0] });
    expect(nearest.bounds).toEqual({ x: 150, y: 30, width: 22, height: 22 });
    expect(selectSubject(analysis, { keep: 'all' }).kept).toHaveLength(2);
  });

  it('honours keep and remove hints locally', () => {
    // Keep stroke on the small disc, remove stroke across the big disc's left part, grey elsewhere.
    const hints = hintPlane(image(100, 100, (x, y) => (little(x, y) ? [255, 255, 255] : x < 25 ? [0, 0, 0] : [128, 128, 128])));
    const sel = selectSubject(analysis, { hints });
    expect(sel.kept).toHaveLength(2);
    const full = matteFor(sel, { x: 0, y: 0, width: 200, height: 200 }, 200, 200);
    expect(full.data[40 * 200 + 160]).toBe(1); // small disc kept because of the stroke
    expect(full.data[100 * 200 + 30]).toBe(0); // big disc removed where the remove stroke is (x < 50 in photo)
    expect(full.data[100 * 200 + 80]).toBeGreaterThan(0.99); // and untouched beyond it
  });
});

describe('foreground colour estimation', () => {
  it('removes the old background colour from semi-transparent edge pixels', () => {
    // Red subject over green, with a 20 px soft edge: the photo's edge pixels are red/green mixes (in linear light).
    const W = 400;
    const alpha = plane(W, 20, (x) => Math.min(1, Math.max(0, (64 - x) / 8)));
    const lin = (v: number) => (v / 255) ** 2.2;
    const enc = (v: number) => Math.round(255 * v ** (1 / 2.2));
    const F = [200, 30, 20];
    const B = [20, 200, 40];
    const photo = image(W, 20, (x) => {
      const a = alpha.data[x];
      return [0, 1, 2].map((c) => enc(a * lin(F[c]) + (1 - a) * lin(B[c]))) as [number, number, number];
    });
    const clean = estimateForeground(photo, alpha);
    const x = 60; // α = 0.5
    const o = (10 * W + x) * 4;
    expect(photo.data[o + 1]).toBeGreaterThan(120); // the photo is half green there
    expect(clean.data[o + 1]).toBeLessThan(70); // the estimate is close to the subject's red
    expect(clean.data[o]).toBeGreaterThan(170);
    expect(clean.data[o + 3]).toBe(128);
    // Opaque pixels keep the photo's colour.
    expect(Array.from(clean.data.subarray((10 * W + 5) * 4, (10 * W + 5) * 4 + 3))).toEqual(Array.from(photo.data.subarray((10 * W + 5) * 4, (10 * W + 5) * 4 + 3)));
  });
});
