import { SRGB_TO_LINEAR } from '../image/color.js';
import type { Plane, RgbaImage } from '../image/types.js';

/**
 * Cheap blurs for compose: separable box blurs with running sums (cost independent of the radius), on
 * planes downsampled by a whole factor. Three box passes approximate a Gaussian closely enough for
 * bokeh, light wrap and shadows.
 */

/** Blurs `plane` in place with `passes` box passes of radius `radius` (edges clamped). */
export function boxBlur(plane: Plane, radius: number, passes = 2): void {
  const r = Math.floor(radius);
  if (r < 1) return;
  const { data, width, height } = plane;
  const line = new Float32Array(Math.max(width, height));
  for (let p = 0; p < passes; p++) {
    for (let y = 0; y < height; y++) blurLine(data, y * width, 1, width, r, line);
    for (let x = 0; x < width; x++) blurLine(data, x, width, height, r, line);
  }
}

/** One running-sum box blur along a line of `n` values starting at `start`, `stride` apart. */
function blurLine(data: Float32Array, start: number, stride: number, n: number, r: number, line: Float32Array): void {
  for (let i = 0; i < n; i++) line[i] = data[start + i * stride];
  const last = n - 1;
  const norm = 1 / (2 * r + 1);
  // The window starts centred on index 0 with the edge value repeated r times to the left.
  let sum = line[0] * (r + 1);
  for (let i = 1; i <= r; i++) sum += line[Math.min(i, last)];
  for (let i = 0; i < n; i++) {
    data[start + i * stride] = sum * norm;
    sum += line[Math.min(i + r + 1, last)] - line[Math.max(i - r, 0)];
  }
}

/**
 * The image averaged over `factor`×`factor` blocks, as three planes of linear light (the right space for
 * blurring light: a bright sky bleeds, dark branches do not smear grey).
 */
export function downsampleLinear(image: RgbaImage, factor: number): [Plane, Plane, Plane] {
  const { data, width, height } = image;
  const lw = Math.ceil(width / factor);
  const lh = Math.ceil(height / factor);
  const planes: [Plane, Plane, Plane] = [0, 1, 2].map(() => ({ data: new Float32Array(lw * lh), width: lw, height: lh })) as [Plane, Plane, Plane];
  const counts = new Float32Array(lw * lh);
  const [pr, pg, pb] = [planes[0].data, planes[1].data, planes[2].data];
  for (let y = 0; y < height; y++) {
    const row = ((y / factor) | 0) * lw;
    for (let x = 0; x < width; x++) {
      const j = row + ((x / factor) | 0);
      const o = (y * width + x) * 4;
      pr[j] += SRGB_TO_LINEAR[data[o]];
      pg[j] += SRGB_TO_LINEAR[data[o + 1]];
      pb[j] += SRGB_TO_LINEAR[data[o + 2]];
      counts[j]++;
    }
  }
  for (let j = 0; j < counts.length; j++) {
    const k = 1 / counts[j];
    pr[j] *= k;
    pg[j] *= k;
    pb[j] *= k;
  }
  return planes;
}

/** A copy of a plane (blurs work in place). */
export function clonePlane(plane: Plane): Plane {
  return { data: new Float32Array(plane.data), width: plane.width, height: plane.height };
}

/**
 * Bilinear lookup tables from full-resolution coordinates into a plane downsampled by `factor`:
 * index of the left/top tap and the weight of the right/bottom one. Precomputed once per axis so the
 * per-pixel work is four multiplies.
 */
export function upsampleTaps(size: number, lowSize: number, factor: number): { i0: Int32Array; i1: Int32Array; w: Float32Array } {
  const i0 = new Int32Array(size);
  const i1 = new Int32Array(size);
  const w = new Float32Array(size);
  for (let v = 0; v < size; v++) {
    let f = (v + 0.5) / factor - 0.5;
    if (f < 0) f = 0;
    if (f > lowSize - 1) f = lowSize - 1;
    const a = Math.floor(f);
    i0[v] = a;
    i1[v] = Math.min(a + 1, lowSize - 1);
    w[v] = f - a;
  }
  return { i0, i1, w };
}
