import type { Plane } from '../image/types.js';

/**
 * Pure scoring helpers for subject masks. No I/O, so other evaluations (harmonisation, benches) can reuse them.
 *
 * Ground truth is a label image: 0 = background, 1 = foreground, 2 = ignore (GrabCut's uncertain band).
 */
export interface LabelMask {
  readonly data: Uint8Array;
  readonly width: number;
  readonly height: number;
}

export const LABEL_BG = 0;
export const LABEL_FG = 1;
export const LABEL_IGNORE = 2;

function assertSameSize(a: { width: number; height: number }, b: { width: number; height: number }, what: string): void {
  if (a.width !== b.width || a.height !== b.height) throw new RangeError(`${what}: sizes differ (${a.width}×${a.height} vs ${b.width}×${b.height})`);
}

/**
 * Intersection over union of `matte ≥ threshold` against the ground truth's foreground, ignore pixels skipped.
 * 1 when both are empty.
 *
 * @example maskIou({data: Float32Array.of(1, 0), width: 2, height: 1}, {data: Uint8Array.of(1, 1), width: 2, height: 1}) // 0.5
 */
export function maskIou(matte: Plane, gt: LabelMask, threshold = 0.5): number {
  assertSameSize(matte, gt, 'maskIou');
  let inter = 0;
  let union = 0;
  for (let i = 0; i < gt.data.length; i++) {
    const g = gt.data[i];
    if (g === LABEL_IGNORE) continue;
    const p = matte.data[i] >= threshold;
    const q = g === LABEL_FG;
    if (p && q) inter++;
    if (p || q) union++;
  }
  return union === 0 ? 1 : inter / union;
}

/** Mean absolute error between the soft matte (0..1) and the binary ground truth, ignore pixels skipped. */
export function matteMae(matte: Plane, gt: LabelMask): number {
  assertSameSize(matte, gt, 'matteMae');
  let sum = 0;
  let n = 0;
  for (let i = 0; i < gt.data.length; i++) {
    const g = gt.data[i];
    if (g === LABEL_IGNORE) continue;
    sum += Math.abs(matte.data[i] - (g === LABEL_FG ? 1 : 0));
    n++;
  }
  return n === 0 ? 0 : sum / n;
}

/**
 * Boundary pixels of a binary mask: inside pixels with at least one 4-neighbour outside. The image frame
 * is not a boundary (a subject cut by the photo's edge has no contour there).
 */
export function boundaryMap(inside: Uint8Array, width: number, height: number): Uint8Array {
  const out = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      if (!inside[i]) continue;
      if ((x > 0 && !inside[i - 1]) || (x < width - 1 && !inside[i + 1]) || (y > 0 && !inside[i - width]) || (y < height - 1 && !inside[i + width])) out[i] = 1;
    }
  }
  return out;
}

/**
 * Squared Euclidean distance from every pixel to the nearest set pixel of `seeds` (Felzenszwalb–Huttenlocher,
 * two separable 1-D passes, exact). Infinity everywhere when there are no seeds.
 */
export function squaredDistanceTransform(seeds: Uint8Array, width: number, height: number): Float64Array {
  const INF = 1e20;
  const d = new Float64Array(width * height);
  for (let i = 0; i < d.length; i++) d[i] = seeds[i] ? 0 : INF;
  const n = Math.max(width, height);
  const f = new Float64Array(n);
  const out = new Float64Array(n);
  const v = new Int32Array(n);
  const z = new Float64Array(n + 1);
  const pass = (len: number) => {
    let k = 0;
    v[0] = 0;
    z[0] = -Infinity;
    z[1] = Infinity;
    for (let q = 1; q < len; q++) {
      let s = (f[q] + q * q - (f[v[k]] + v[k] * v[k])) / (2 * q - 2 * v[k]);
      while (s <= z[k]) {
        k--;
        s = (f[q] + q * q - (f[v[k]] + v[k] * v[k])) / (2 * q - 2 * v[k]);
      }
      k++;
      v[k] = q;
      z[k] = s;
      z[k + 1] = Infinity;
    }
    k = 0;
    for (let q = 0; q < len; q++) {
      while (z[k + 1] < q) k++;
      out[q] = (q - v[k]) * (q - v[k]) + f[v[k]];
    }
  };
  for (let x = 0; x < width; x++) {
    for (let y = 0; y < height; y++) f[y] = d[y * width + x];
    pass(height);
    for (let y = 0; y < height; y++) d[y * width + x] = out[y];
  }
  for (let y = 0; y < height; y++) {
    const row = y * width;
    for (let x = 0; x < width; x++) f[x] = d[row + x];
    pass(width);
    for (let x = 0; x < width; x++) d[row + x] = out[x];
  }
  for (let i = 0; i < d.length; i++) if (d[i] >= INF) d[i] = Infinity;
  return d;
}

export interface BoundaryScore {
  precision: number;
  recall: number;
  f: number;
}

/**
 * Boundary F-measure: a predicted contour pixel is correct when a ground-truth contour pixel lies within
 * `tolerance` pixels (default 1% of the image diagonal), and vice versa for recall. Predicted contour pixels
 * inside the ignore band count as correct (the true edge is somewhere in that band). Both contours empty → 1.
 *
 * @example boundaryF(matte, gt).f // 0..1
 */
export function boundaryF(matte: Plane, gt: LabelMask, options: { threshold?: number; tolerance?: number } = {}): BoundaryScore {
  assertSameSize(matte, gt, 'boundaryF');
  const { width, height } = gt;
  const threshold = options.threshold ?? 0.5;
  const tolerance = options.tolerance ?? 0.01 * Math.hypot(width, height);
  const pred = new Uint8Array(width * height);
  const truth = new Uint8Array(width * height);
  for (let i = 0; i < pred.length; i++) {
    pred[i] = matte.data[i] >= threshold ? 1 : 0;
    truth[i] = gt.data[i] === LABEL_FG ? 1 : 0;
  }
  const pb = boundaryMap(pred, width, height);
  const gb = boundaryMap(truth, width, height);
  const t2 = tolerance * tolerance;
  const toGt = squaredDistanceTransform(gb, width, height);
  const toPred = squaredDistanceTransform(pb, width, height);
  let pCount = 0;
  let pHit = 0;
  let gCount = 0;
  let gHit = 0;
  for (let i = 0; i < pb.length; i++) {
    if (pb[i]) {
      pCount++;
      if (toGt[i] <= t2 || gt.data[i] === LABEL_IGNORE) pHit++;
    }
    if (gb[i]) {
      gCount++;
      if (toPred[i] <= t2) gHit++;
    }
  }
  if (pCount === 0 && gCount === 0) return { precision: 1, recall: 1, f: 1 };
  const precision = pCount === 0 ? 0 : pHit / pCount;
  const recall = gCount === 0 ? 0 : gHit / gCount;
  const f = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { precision, recall, f };
}

/** Arithmetic mean; 0 for an empty list. */
export function mean(values: readonly number[]): number {
  return values.length === 0 ? 0 : values.reduce((a, b) => a + b, 0) / values.length;
}
