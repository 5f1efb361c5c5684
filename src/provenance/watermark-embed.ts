import type { RgbaImage } from '../image/types.js';
import { align16, pixelKernels } from '../image/simd/pixels.js';
import { bchEncode } from './ecc-bch.js';
import { CELLS_ACROSS, TILE, tileChips } from './watermark-pattern.js';
import { payloadToBits } from './watermark-payload.js';

/**
 * Adds the watermark pattern to the luma of an image (R, G and B move together, alpha untouched).
 *
 * The pattern is the tile of ±1 chips, repeated, bilinearly interpolated between cell centres (so it has
 * no hard block edges) and scaled per cell by a perceptual mask: busy cells (high local luma deviation)
 * hide a stronger change than flat ones. The overall gain is capped so the mean squared change keeps the
 * PSNR at or above `MIN_PSNR_DB`.
 */

/** Amplitude (8-bit levels) of the pattern in a cell with reference texture, at strength 1. */
const BASE_AMPLITUDE = 3;
/** Local luma standard deviation (levels) at which a cell gets the base amplitude. */
const TEXTURE_REFERENCE = 10;
/** Mask limits: flat cells still carry some signal, very busy ones are not overdone. */
const MASK_MIN = 0.45;
const MASK_MAX = 1.6;
/** The gain is lowered when needed so the expected PSNR stays above this (rounding to 8 bits and clipping
 * move the measured value by a few tenths of a dB, so this keeps measured PSNR ≥ 42 dB). */
export const MIN_PSNR_DB = 42.8;

export interface EmbedOptions {
  /** Multiplies the default amplitude (default 1). Above 1 is more robust and more visible. */
  strength?: number;
  /** Write into `image`'s own pixels and return it, instead of a copy (default false). */
  inPlace?: boolean;
}

export function embedPattern(image: RgbaImage, payload: Uint8Array, options: EmbedOptions = {}): RgbaImage {
  const { width, height, data } = image;
  const chips = tileChips(bchEncode(payloadToBits(payload)));
  const cell = width / CELLS_ACROSS;
  const gw = CELLS_ACROSS;
  const gh = Math.max(1, Math.ceil(height / cell));
  const mask = textureMask(image, cell, gw, gh);

  const gain = BASE_AMPLITUDE * (options.strength ?? 1);
  const maxMse = (255 * 255) / 10 ** (MIN_PSNR_DB / 10);
  allocateGain(mask, gain, maxMse);

  // Between two cell centres both the chip value and the mask are linear in x, so each row is walked in
  // segments (one per pair of neighbouring cells) that step both by a constant: no per-pixel lookups. The
  // row's per-pixel change goes into `delta`, then onto the pixels: by the SIMD kernels where they exist.
  const segments = columnSegments(width, cell, gw);
  const step = 1 / cell;
  // Each pixel is read before it is written, and the mask was measured above: marking in place is safe.
  const out = options.inPlace ? data : new Uint8Array(data.length);
  const clamped = new Uint8ClampedArray(out.buffer, out.byteOffset, out.length);
  const rowBytes = width * 4;
  const delta = new Float32Array(width);
  const rowChip = new Float32Array(TILE);
  const rowMask = new Float32Array(gw);
  const simd = simdMarker(segments, width, gw);
  for (let y = 0; y < height; y++) {
    const v = (y + 0.5) / cell - 0.5;
    const j0 = Math.floor(v);
    const fy = v - j0;
    const t0 = mod(j0, TILE) * TILE;
    const t1 = mod(j0 + 1, TILE) * TILE;
    for (let i = 0; i < TILE; i++) rowChip[i] = chips[t0 + i] + (chips[t1 + i] - chips[t0 + i]) * fy;
    const g0 = clamp(j0, 0, gh - 1) * gw;
    const g1 = clamp(j0 + 1, 0, gh - 1) * gw;
    for (let i = 0; i < gw; i++) rowMask[i] = mask[g0 + i] + (mask[g1 + i] - mask[g0 + i]) * fy;
    const p0 = y * rowBytes;
    if (simd) {
      simd.row(data, out, p0, rowChip, rowMask, step, delta);
      if (simd.whole < width) addLuma(data, out, clamped, p0, delta, simd.whole, width);
      continue;
    }
    for (let s = 0; s < segments.count; s++) {
      const a0 = rowChip[segments.tile0[s]];
      const da = rowChip[segments.tile1[s]] - a0;
      const m0 = rowMask[segments.grid0[s]];
      const dm = rowMask[segments.grid1[s]] - m0;
      const fx = segments.fx[s];
      let chip = a0 + da * fx;
      let amplitude = m0 + dm * fx;
      const chipStep = da * step;
      const amplitudeStep = dm * step;
      for (let x = segments.start[s], end = segments.start[s + 1]; x < end; x++) {
        delta[x] = chip * amplitude;
        chip += chipStep;
        amplitude += amplitudeStep;
      }
    }
    addLuma(data, out, clamped, p0, delta, 0, width);
  }
  return { data: out, width, height };
}

interface SimdMarker {
  /** Pixels per row the kernel marks (a multiple of 4); the rest is left to `addLuma` with `delta`. */
  whole: number;
  /** Marks the row at byte `p0` of `data` into `out`; leaves the row's deltas in `delta`. */
  row(data: Uint8Array, out: Uint8Array, p0: number, rowChip: Float32Array, rowMask: Float32Array, step: number, delta: Float32Array): void;
}

/**
 * The SIMD kernels' side of marking (pixels.wat: seg_deltas then add_luma), with the segment table written
 * into their memory once per image; null where there are no kernels. Same pixels as the TypeScript loop to
 * ±1 code value (the kernel steps in 32-bit floats, the loop in 64-bit), in about two thirds of its time, a
 * third of which is copying rows in and out.
 */
function simdMarker(segments: ColumnSegments, width: number, gw: number): SimdMarker | null {
  const kernels = pixelKernels();
  if (!kernels) return null;
  const rowBytes = width * 4;
  const deltaAt = align16(rowBytes);
  const chipAt = deltaAt + align16(width * 4 + 16);
  const maskAt = chipAt + align16(TILE * 4);
  const segAt = maskAt + align16(gw * 4);
  const { u8, i32, f32 } = kernels.memory(segAt + segments.count * 28);
  for (let s = 0; s < segments.count; s++) {
    const w = segAt / 4 + s * 7;
    i32.set([segments.start[s], segments.start[s + 1], segments.tile0[s], segments.tile1[s], segments.grid0[s], segments.grid1[s]], w);
    f32[w + 6] = segments.fx[s];
  }
  const whole = width & ~3;
  return {
    whole,
    row(data, out, p0, rowChip, rowMask, step, delta) {
      f32.set(rowChip, chipAt / 4);
      f32.set(rowMask, maskAt / 4);
      u8.set(data.subarray(p0, p0 + rowBytes), 0);
      kernels.segDeltas(segAt, segments.count, chipAt, maskAt, step, deltaAt);
      kernels.addLuma(0, deltaAt, whole);
      out.set(u8.subarray(0, whole * 4), p0);
      if (whole < width) delta.set(f32.subarray(deltaAt / 4 + whole, deltaAt / 4 + width), whole);
    },
  };
}

/**
 * Pixels `from`..`to` of the row at byte `p0`: R, G and B plus the pixel's delta, rounded half to even and
 * clamped (a Uint8ClampedArray store), alpha copied. What the SIMD kernel does, for what it leaves.
 */
function addLuma(data: Uint8Array, out: Uint8Array, clamped: Uint8ClampedArray, p0: number, delta: Float32Array, from: number, to: number): void {
  for (let x = from, p = p0 + from * 4; x < to; x++, p += 4) {
    const d = delta[x];
    clamped[p] = data[p] + d;
    clamped[p + 1] = data[p + 1] + d;
    clamped[p + 2] = data[p + 2] + d;
    out[p + 3] = data[p + 3];
  }
}

/**
 * Turns the perceptual mask into amplitudes (levels) within the PSNR budget, in place.
 *
 * Each cell's perceptual ceiling is `gain × mask`. When the ceilings together would spend more than
 * `maxMse`, the busiest cells are lowered first (a common ceiling on the mask, found by bisection) rather
 * than every cell by the same factor: the detector divides by local contrast, so a level of change in a
 * busy cell is worth less to it than in a calm one, and lowering busy cells costs the least detection
 * for the MSE saved. No cell ever goes above its perceptual ceiling, and the ceiling never goes below the
 * flat-cell floor: if even that is too much, everything is scaled uniformly.
 */
export function allocateGain(mask: Float32Array, gain: number, maxMse: number): void {
  // Expected squared pattern value of bilinearly blended independent ±1 chips is (2/3)^2 = 4/9.
  const budget = maxMse / (gain * gain * (4 / 9)) * mask.length;
  const spend = (ceiling: number) => {
    let total = 0;
    for (let i = 0; i < mask.length; i++) {
      const m = mask[i] < ceiling ? mask[i] : ceiling;
      total += m * m;
    }
    return total;
  };
  let scale = gain;
  if (spend(MASK_MAX) > budget) {
    let lo = MASK_MIN;
    let hi = MASK_MAX;
    const floorSpend = spend(lo);
    if (floorSpend > budget) {
      hi = lo;
      scale *= Math.sqrt(budget / floorSpend);
    } else {
      for (let k = 0; k < 12; k++) {
        const mid = 0.5 * (lo + hi);
        if (spend(mid) > budget) hi = mid;
        else lo = mid;
      }
      hi = lo;
    }
    for (let i = 0; i < mask.length; i++) if (mask[i] > hi) mask[i] = hi;
  }
  for (let i = 0; i < mask.length; i++) mask[i] *= scale;
}

/**
 * Per-cell perceptual mask: the cell's luma standard deviation relative to TEXTURE_REFERENCE, clamped,
 * then averaged with its neighbours so the strength changes smoothly across edges.
 */
export function textureMask(image: RgbaImage, cell: number, gw: number, gh: number): Float32Array {
  const { width, height, data } = image;
  const sum = new Float64Array(gw * gh);
  const sumSq = new Float64Array(gw * gh);
  const count = new Float64Array(gw * gh);
  const column = new Int32Array(width);
  for (let x = 0; x < width; x++) column[x] = Math.min(gw - 1, Math.floor(x / cell));
  // Every other pixel each way is plenty to judge texture in cells of 6+ pixels, and 4× faster.
  const step = cell >= 6 ? 2 : 1;
  const kernels = pixelKernels();
  if (kernels) {
    // The same sums by the kernel (pixels.wat: cell_stats), a row at a time; they stay in its memory.
    const columnsAt = align16(width * 4);
    const sumAt = columnsAt + align16(width * 4);
    const cells = gw * gh;
    const { u8, i32, f64 } = kernels.memory(sumAt + 3 * cells * 8);
    i32.set(column, columnsAt / 4);
    f64.fill(0, sumAt / 8, sumAt / 8 + 3 * cells);
    for (let y = 0; y < height; y += step) {
      const at = sumAt + Math.min(gh - 1, Math.floor(y / cell)) * gw * 8;
      u8.set(data.subarray(y * width * 4, (y + 1) * width * 4), 0);
      kernels.cellStats(0, width, step, columnsAt, at, at + cells * 8, at + 2 * cells * 8);
    }
    sum.set(f64.subarray(sumAt / 8, sumAt / 8 + cells));
    sumSq.set(f64.subarray(sumAt / 8 + cells, sumAt / 8 + 2 * cells));
    count.set(f64.subarray(sumAt / 8 + 2 * cells, sumAt / 8 + 3 * cells));
  } else {
    for (let y = 0; y < height; y += step) {
      const row = Math.min(gh - 1, Math.floor(y / cell)) * gw;
      let p = y * width * 4;
      for (let x = 0; x < width; x += step, p += 4 * step) {
        const luma = 0.299 * data[p] + 0.587 * data[p + 1] + 0.114 * data[p + 2];
        const c = row + column[x];
        sum[c] += luma;
        sumSq[c] += luma * luma;
        count[c]++;
      }
    }
  }
  const raw = new Float32Array(gw * gh);
  for (let c = 0; c < raw.length; c++) {
    const n = Math.max(1, count[c]);
    const mean = sum[c] / n;
    const std = Math.sqrt(Math.max(0, sumSq[c] / n - mean * mean));
    raw[c] = clamp(std / TEXTURE_REFERENCE, MASK_MIN, MASK_MAX);
  }
  const smooth = new Float32Array(gw * gh);
  for (let cy = 0; cy < gh; cy++) {
    for (let cx = 0; cx < gw; cx++) {
      let total = 0;
      let n = 0;
      for (let dy = -1; dy <= 1; dy++) {
        const yy = cy + dy;
        if (yy < 0 || yy >= gh) continue;
        for (let dx = -1; dx <= 1; dx++) {
          const xx = cx + dx;
          if (xx < 0 || xx >= gw) continue;
          total += raw[yy * gw + xx];
          n++;
        }
      }
      smooth[cy * gw + cx] = total / n;
    }
  }
  return smooth;
}

interface ColumnSegments {
  count: number;
  /** First column of each segment; start[count] is the width. */
  start: Int32Array;
  /** Tile column and mask column of the cells left and right of the segment, and fx at its first column. */
  tile0: Int32Array;
  tile1: Int32Array;
  grid0: Int32Array;
  grid1: Int32Array;
  fx: Float64Array;
}

/** Runs of columns that lie between the same two cell centres (x + 0.5 = (i + 0.5) · cell). */
function columnSegments(width: number, cell: number, gw: number): ColumnSegments {
  const max = gw + 3;
  const segments: ColumnSegments = {
    count: 0,
    start: new Int32Array(max + 1),
    tile0: new Int32Array(max),
    tile1: new Int32Array(max),
    grid0: new Int32Array(max),
    grid1: new Int32Array(max),
    fx: new Float64Array(max),
  };
  let previous = Number.NaN;
  for (let x = 0; x < width; x++) {
    const u = (x + 0.5) / cell - 0.5;
    const i0 = Math.floor(u);
    if (i0 === previous) continue;
    previous = i0;
    const s = segments.count++;
    segments.start[s] = x;
    segments.fx[s] = u - i0;
    segments.tile0[s] = mod(i0, TILE);
    segments.tile1[s] = mod(i0 + 1, TILE);
    segments.grid0[s] = clamp(i0, 0, gw - 1);
    segments.grid1[s] = clamp(i0 + 1, 0, gw - 1);
  }
  segments.start[segments.count] = width;
  return segments;
}

function mod(a: number, n: number): number {
  const r = a % n;
  return r < 0 ? r + n : r;
}

function clamp(v: number, lo: number, hi: number): number {
  return v < lo ? lo : v > hi ? hi : v;
}
