import { SRGB_TO_LINEAR, clamp, linearToSrgb8 } from '../image/color.js';
import type { RgbaImage } from '../image/types.js';

/**
 * Harmonizing a composite from its boundary. Where the surroundings continue across the subject's edge
 * (an imprecise mask, the same floor or sky on both sides, the photo a composite was cut from), pixels just
 * inside and just outside the edge showed the same surface before the subject's light was changed: the
 * change is written in the log-ratios across the edge. Pairs that straddle a real object edge give
 * scattered ratios; pairs on the same surface pile up at the change itself, so a robust fit (histogram
 * mode, then a Tukey-weighted line) finds it and the share of pairs that agree with it says how far to
 * trust it. Where the surroundings do not continue (a subject on an unrelated new scene), few pairs agree
 * and the correction fades to nothing.
 *
 * The model is the light and tone change the iHarmony4-style evaluation simulates and a camera makes:
 * `log out_c = a_c + C·log in_c` in linear light (per-channel gain, one contrast exponent).
 */

/** The change found across the subject's edge, and how much to trust it. */
export interface BoundaryEstimate {
  /** Per-channel log offsets `a_c` of the change (linear light). */
  offsets: [number, number, number];
  /** Contrast exponent `C` of the change (1 = none). */
  contrast: number;
  /** Share of edge pairs that agree with the change on all three channels (0..1). */
  agreement: number;
  /** Edge pairs measured. */
  pairs: number;
}

/** Tuning of the boundary estimate; chosen on the tuning split only (see README and harmonize-tune.ts). */
export interface BoundaryTuning {
  /** Agreement at or below which nothing is corrected, and from which on everything is. */
  trustFrom: number;
  trustFull: number;
  /** A pair agrees when every channel is within this (log units) of the estimate. */
  tolerance: number;
  /** Tukey scale of the line fit (log units). */
  tukey: number;
  /** Contrast exponent bounds: a change of tone a camera or light could make. */
  minContrast: number;
  maxContrast: number;
}

export const BOUNDARY_TUNING: BoundaryTuning = {
  trustFrom: 0.02,
  trustFull: 0.08,
  tolerance: 0.1,
  tukey: 0.15,
  minContrast: 0.7,
  maxContrast: 1.4,
};

/** log(linear + ε) per 8-bit code value; ε keeps near-black pixels from dominating the ratios. */
const EPS = 0.002;
const LOG = Float64Array.from({ length: 256 }, (_, v) => Math.log(SRGB_TO_LINEAR[v] + EPS));
const NO_CHANGE: BoundaryEstimate = { offsets: [0, 0, 0], contrast: 1, agreement: 0, pairs: 0 };

/**
 * Log values (inside r, g, b, then outside r, g, b) of pixel pairs 1 and 2 px apart across the mask's
 * edge (mask ≥ 128 is inside). Clipped and near-black pixels say nothing about a gain and are skipped.
 */
export function edgePairs(image: RgbaImage, mask: Uint8Array): Float64Array {
  const { data, width, height } = image;
  const out: number[] = [];
  const steps = [1, 0, -1, 0, 0, 1, 0, -1, 2, 0, -2, 0, 0, 2, 0, -2];
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      if (mask[i] < 128) continue;
      for (let s = 0; s < steps.length; s += 2) {
        const xx = x + steps[s];
        const yy = y + steps[s + 1];
        if (xx < 0 || yy < 0 || xx >= width || yy >= height) continue;
        const j = yy * width + xx;
        if (mask[j] >= 128) continue;
        const a = i * 4;
        const b = j * 4;
        const hi = Math.max(data[a], data[a + 1], data[a + 2], data[b], data[b + 1], data[b + 2]);
        const lo = Math.min(data[a], data[a + 1], data[a + 2], data[b], data[b + 1], data[b + 2]);
        if (hi >= 250 || lo < 8) continue;
        out.push(LOG[data[a]], LOG[data[a + 1]], LOG[data[a + 2]], LOG[data[b]], LOG[data[b + 1]], LOG[data[b + 2]]);
      }
    }
  }
  return Float64Array.from(out);
}

/**
 * The light change across the subject's edge (see the file comment). Returns no change with agreement 0
 * when there are fewer than 30 usable pairs.
 *
 * @example const e = estimateFromBoundary(composite, mask); // e.offsets ≈ [0.3, 0, -0.3] for a warmed subject
 */
export function estimateFromBoundary(image: RgbaImage, mask: Uint8Array, tuning: BoundaryTuning = BOUNDARY_TUNING): BoundaryEstimate {
  const p = edgePairs(image, mask);
  const n = p.length / 6;
  if (n < 30) return NO_CHANGE;
  // Start: the most common log-ratio per channel (same-surface pairs pile up there).
  const offsets = [0, 1, 2].map((c) => ratioMode(p, c)) as [number, number, number];
  let agree = 0;
  for (let k = 0; k < p.length; k += 6) {
    if (Math.abs(p[k] - p[k + 3] - offsets[0]) < tuning.tolerance && Math.abs(p[k + 1] - p[k + 4] - offsets[1]) < tuning.tolerance && Math.abs(p[k + 2] - p[k + 5] - offsets[2]) < tuning.tolerance) agree++;
  }
  const { a, contrast } = fitLine(p, offsets, tuning);
  return { offsets: a, contrast, agreement: agree / n, pairs: n };
}

/** How much of the boundary estimate to apply (0..1) for a given agreement. */
export function boundaryTrust(agreement: number, tuning: BoundaryTuning = BOUNDARY_TUNING): number {
  return clamp((agreement - tuning.trustFrom) / (tuning.trustFull - tuning.trustFrom), 0, 1);
}

/**
 * Undoes `amount` (0..1) of an estimated change on the pixels where mask ≥ 128: per channel, 256-entry
 * tables in log linear light. Returns a new image; outside the mask nothing changes.
 */
export function undoBoundaryChange(image: RgbaImage, mask: Uint8Array, e: BoundaryEstimate, amount: number): RgbaImage {
  const out = new Uint8Array(image.data);
  if (amount <= 0) return { data: out, width: image.width, height: image.height };
  const tables = [0, 1, 2].map((c) =>
    Uint8Array.from({ length: 256 }, (_, v) => {
      const lp = LOG[v];
      const l = lp + amount * ((lp - e.offsets[c]) / e.contrast - lp);
      return linearToSrgb8(Math.exp(l) - EPS);
    }),
  );
  for (let i = 0; i < mask.length; i++) {
    if (mask[i] < 128) continue;
    const o = i * 4;
    out[o] = tables[0][out[o]];
    out[o + 1] = tables[1][out[o + 1]];
    out[o + 2] = tables[2][out[o + 2]];
  }
  return { data: out, width: image.width, height: image.height };
}

/** Mode of the log-ratio of channel `c` (inside − outside): 0.02-wide bins over ±4, triangle-smoothed, refined by the mean near the peak. */
function ratioMode(p: Float64Array, c: number): number {
  const lo = -4;
  const bin = 0.02;
  const bins = 400;
  const h = new Float64Array(bins);
  for (let k = 0; k < p.length; k += 6) {
    const b = Math.floor((p[k + c] - p[k + c + 3] - lo) / bin);
    if (b >= 0 && b < bins) h[b]++;
  }
  const K = 5;
  let best = 0;
  let bestScore = -1;
  for (let b = 0; b < bins; b++) {
    let s = 0;
    for (let d = -K; d <= K; d++) if (b + d >= 0 && b + d < bins) s += h[b + d] * (K + 1 - Math.abs(d));
    if (s > bestScore) {
      bestScore = s;
      best = b;
    }
  }
  const peak = lo + (best + 0.5) * bin;
  let sum = 0;
  let m = 0;
  for (let k = 0; k < p.length; k += 6) {
    const r = p[k + c] - p[k + c + 3];
    if (Math.abs(r - peak) < 0.08) {
      sum += r;
      m++;
    }
  }
  return m ? sum / m : peak;
}

/**
 * Robust fit of `inside_c = a_c + C·outside_c` (shared C) by iteratively reweighted least squares with
 * Tukey weights on the worst channel's residual, starting from C = 1 and the per-channel modes.
 */
function fitLine(p: Float64Array, start: [number, number, number], tuning: BoundaryTuning): { a: [number, number, number]; contrast: number } {
  let a: [number, number, number] = [...start];
  let C = 1;
  const tau = tuning.tukey;
  for (let iter = 0; iter < 4; iter++) {
    const mx = [0, 0, 0];
    const my = [0, 0, 0];
    let sw = 0;
    const w = new Float64Array(p.length / 6);
    for (let k = 0, q = 0; k < p.length; k += 6, q++) {
      let r = 0;
      for (let c = 0; c < 3; c++) r = Math.max(r, Math.abs(p[k + c] - a[c] - C * p[k + c + 3]));
      const wk = r < tau ? (1 - (r / tau) ** 2) ** 2 : 0;
      w[q] = wk;
      sw += wk;
      for (let c = 0; c < 3; c++) {
        mx[c] += wk * p[k + c + 3];
        my[c] += wk * p[k + c];
      }
    }
    if (sw < 20) break;
    for (let c = 0; c < 3; c++) {
      mx[c] /= sw;
      my[c] /= sw;
    }
    let sxy = 0;
    let sxx = 0;
    for (let k = 0, q = 0; k < p.length; k += 6, q++) {
      for (let c = 0; c < 3; c++) {
        const dx = p[k + c + 3] - mx[c];
        sxy += w[q] * dx * (p[k + c] - my[c]);
        sxx += w[q] * dx * dx;
      }
    }
    C = sxx > 1e-6 ? clamp(sxy / sxx, tuning.minContrast, tuning.maxContrast) : 1;
    a = [my[0] - C * mx[0], my[1] - C * mx[1], my[2] - C * mx[2]];
  }
  return { a, contrast: C };
}
