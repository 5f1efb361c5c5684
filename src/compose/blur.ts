import { SRGB_TO_LINEAR, linearToSrgb } from '../image/color.js';
import { bilinearTaps, type Taps } from '../image/resize.js';
import type { Plane, Rect, RgbaImage } from '../image/types.js';
import { kernelRegions, pixelKernels, type PixelKernels } from '../image/simd/pixels.js';

export type { Taps };

/**
 * Cheap blurs for compose: separable box blurs with running sums (cost independent of the radius), on
 * planes downsampled by a whole factor. Three box passes approximate a Gaussian closely enough for
 * bokeh, light wrap and shadows.
 */

/**
 * Blurs `plane` in place with `passes` box passes of radius `radius` (edges clamped). With `region`
 * (plane coordinates) only that rectangle is blurred, its sides treated as the plane's edges: callers
 * that need the blur in a small area grow it by `passes`·`radius` and skip the rest of the plane.
 */
export function boxBlur(plane: Plane, radius: number, passes = 2, region?: Rect): void {
  const r = Math.floor(radius);
  if (r < 1) return;
  const { data, width, height } = plane;
  const box = clipRegion(width, height, region);
  if (!box) return;
  const kernels = pixelKernels();
  if (kernels) {
    kernelBoxBlur(kernels, data, width, box, r, passes);
    return;
  }
  const { x0, y0, x1, y1 } = box;
  const line = new Float32Array(x1 - x0);
  const copy = new Float32Array((y1 - y0) * (x1 - x0));
  const sums = new Float64Array(x1 - x0);
  for (let p = 0; p < passes; p++) {
    for (let y = y0; y < y1; y++) blurRow(data, y * width + x0, x1 - x0, r, line);
    blurColumns(data, copy, sums, width, x0, x1, y0, y1, r);
  }
}

/**
 * `boxBlur` of three planes of the same size at once (the red, green and blue of an image): one set of
 * loops for all three is about a third cheaper than three separate blurs. Same results as `boxBlur` on each.
 */
export function boxBlur3(planes: readonly [Plane, Plane, Plane], radius: number, passes = 2, region?: Rect): void {
  const r = Math.floor(radius);
  if (r < 1) return;
  const { width, height } = planes[0];
  const box = clipRegion(width, height, region);
  if (!box) return;
  const kernels = pixelKernels();
  if (kernels) {
    for (const plane of planes) kernelBoxBlur(kernels, plane.data, width, box, r, passes);
    return;
  }
  const { x0, y0, x1, y1 } = box;
  const n = x1 - x0;
  const lines = [new Float32Array(n), new Float32Array(n), new Float32Array(n)];
  const copies = [0, 1, 2].map(() => new Float32Array((y1 - y0) * n));
  const sums = [new Float64Array(n), new Float64Array(n), new Float64Array(n)];
  const [a, b, c] = [planes[0].data, planes[1].data, planes[2].data];
  for (let p = 0; p < passes; p++) {
    for (let y = y0; y < y1; y++) blurRow3(a, b, c, y * width + x0, n, r, lines[0], lines[1], lines[2]);
    blurColumns(a, copies[0], sums[0], width, x0, x1, y0, y1, r);
    blurColumns(b, copies[1], sums[1], width, x0, x1, y0, y1, r);
    blurColumns(c, copies[2], sums[2], width, x0, x1, y0, y1, r);
  }
}

/**
 * `boxBlur` by the `box_blur` kernel (the same values): the rows of the box go through kernel memory. About
 * 3× faster than the loops below once they are compiled, and with no warm-up.
 */
function kernelBoxBlur(k: PixelKernels, data: Float32Array, width: number, box: { x0: number; y0: number; x1: number; y1: number }, r: number, passes: number): void {
  const { x0, y0, x1, y1 } = box;
  const rows = y1 - y0;
  const n = x1 - x0;
  const at = kernelRegions({ band: width * rows * 4, line: n * 4, copy: n * rows * 4, sums: n * 8 });
  const mem = k.memory(at.end);
  mem.f32.set(data.subarray(y0 * width, y1 * width), at.band >> 2);
  k.boxBlur(at.band, width, x0, 0, x1, rows, r, passes, at.line, at.copy, at.sums);
  data.set(mem.f32.subarray(at.band >> 2, (at.band >> 2) + rows * width), y0 * width);
}

/** The part of `region` (the whole plane when absent) inside a width × height plane, as edges; null when empty. */
function clipRegion(width: number, height: number, region?: Rect): { x0: number; y0: number; x1: number; y1: number } | null {
  const x0 = Math.max(0, region?.x ?? 0);
  const y0 = Math.max(0, region?.y ?? 0);
  const x1 = Math.min(width, region ? region.x + region.width : width);
  const y1 = Math.min(height, region ? region.y + region.height : height);
  return x1 <= x0 || y1 <= y0 ? null : { x0, y0, x1, y1 };
}

/** `blurRow` for three planes in one loop. */
function blurRow3(a: Float32Array, b: Float32Array, c: Float32Array, start: number, n: number, r: number, la: Float32Array, lb: Float32Array, lc: Float32Array): void {
  for (let i = 0; i < n; i++) {
    la[i] = a[start + i];
    lb[i] = b[start + i];
    lc[i] = c[start + i];
  }
  const last = n - 1;
  const norm = 1 / (2 * r + 1);
  let sa = la[0] * (r + 1);
  let sb = lb[0] * (r + 1);
  let sc = lc[0] * (r + 1);
  for (let i = 1; i <= r; i++) {
    const k = Math.min(i, last);
    sa += la[k];
    sb += lb[k];
    sc += lc[k];
  }
  for (let i = 0; i < n; i++) {
    a[start + i] = sa * norm;
    b[start + i] = sb * norm;
    c[start + i] = sc * norm;
    const add = i + r + 1 < last ? i + r + 1 : last;
    const sub = i - r > 0 ? i - r : 0;
    sa += la[add] - la[sub];
    sb += lb[add] - lb[sub];
    sc += lc[add] - lc[sub];
  }
}

/** One running-sum box blur along `n` values of a row starting at `start`. */
function blurRow(data: Float32Array, start: number, n: number, r: number, line: Float32Array): void {
  for (let i = 0; i < n; i++) line[i] = data[start + i];
  const last = n - 1;
  const norm = 1 / (2 * r + 1);
  // The window starts centred on index 0 with the edge value repeated r times to the left.
  let sum = line[0] * (r + 1);
  for (let i = 1; i <= r; i++) sum += line[Math.min(i, last)];
  // Three stretches, so the middle one (most of the line) needs no edge clamping.
  const a = Math.min(n, r);
  const b = Math.max(a, n - r - 1);
  let i = 0;
  for (; i < a; i++) {
    data[start + i] = sum * norm;
    sum += line[Math.min(i + r + 1, last)] - line[0];
  }
  for (; i < b; i++) {
    data[start + i] = sum * norm;
    sum += line[i + r + 1] - line[i - r];
  }
  for (; i < n; i++) {
    data[start + i] = sum * norm;
    sum += line[last] - line[Math.max(i - r, 0)];
  }
}

/**
 * The vertical pass, a whole row at a time: running column sums move down the plane, so memory is read
 * in order (a column-by-column pass strides across the plane and misses the cache on every value).
 */
function blurColumns(data: Float32Array, copy: Float32Array, sums: Float64Array, width: number, x0: number, x1: number, y0: number, y1: number, r: number): void {
  const n = x1 - x0;
  for (let y = y0; y < y1; y++) copy.set(data.subarray(y * width + x0, y * width + x1), (y - y0) * n);
  const last = y1 - y0 - 1;
  const norm = 1 / (2 * r + 1);
  for (let x = 0; x < n; x++) sums[x] = copy[x] * (r + 1);
  for (let i = 1; i <= r; i++) {
    const row = Math.min(i, last) * n;
    for (let x = 0; x < n; x++) sums[x] += copy[row + x];
  }
  for (let y = 0; y <= last; y++) {
    const out = (y0 + y) * width + x0;
    const add = Math.min(y + r + 1, last) * n;
    const sub = Math.max(y - r, 0) * n;
    for (let x = 0; x < n; x++) {
      data[out + x] = sums[x] * norm;
      sums[x] += copy[add + x] - copy[sub + x];
    }
  }
}

/**
 * The image averaged over `factor`×`factor` blocks, as three planes of linear light (the right space for
 * blurring light: a bright sky bleeds, dark branches do not smear grey). Reads every other pixel of each
 * block in both directions: the planes only ever feed blurs wider than a block.
 */
export function downsampleLinear(image: RgbaImage, factor: number): [Plane, Plane, Plane] {
  const { data, width, height } = image;
  const lw = Math.ceil(width / factor);
  const lh = Math.ceil(height / factor);
  const planes: [Plane, Plane, Plane] = [0, 1, 2].map(() => ({ data: new Float32Array(lw * lh), width: lw, height: lh })) as [Plane, Plane, Plane];
  const [pr, pg, pb] = [planes[0].data, planes[1].data, planes[2].data];
  const step = factor >= 4 ? 2 : 1;
  const kernels = pixelKernels();
  if (kernels) {
    // Bands of 16 low rows through kernel memory (the same floats as the loop below).
    const band = 16;
    const at = kernelRegions({ s2l: 1024, px: band * factor * width * 4, r: band * lw * 4, g: band * lw * 4, b: band * lw * 4 });
    const mem = kernels.memory(at.end);
    mem.f32.set(SRGB_TO_LINEAR, at.s2l >> 2);
    for (let ly = 0; ly < lh; ly += band) {
      const rows = Math.min(height, (ly + band) * factor) - ly * factor;
      mem.u8.set(data.subarray(ly * factor * width * 4, (ly * factor + rows) * width * 4), at.px);
      kernels.downsampleLinear(at.px, width, rows, factor, step, at.s2l, at.r, at.g, at.b);
      const n = Math.ceil(rows / factor) * lw;
      pr.set(mem.f32.subarray(at.r >> 2, (at.r >> 2) + n), ly * lw);
      pg.set(mem.f32.subarray(at.g >> 2, (at.g >> 2) + n), ly * lw);
      pb.set(mem.f32.subarray(at.b >> 2, (at.b >> 2) + n), ly * lw);
    }
    return planes;
  }
  for (let ly = 0; ly < lh; ly++) {
    const y0 = ly * factor;
    const y1 = Math.min(height, y0 + factor);
    for (let lx = 0; lx < lw; lx++) {
      const x0 = lx * factor;
      const x1 = Math.min(width, x0 + factor);
      // One block at a time, summed in registers: no read-modify-write of the planes per sample.
      let r = 0;
      let g = 0;
      let b = 0;
      let n = 0;
      for (let y = y0; y < y1; y += step) {
        for (let o = (y * width + x0) * 4, end = (y * width + x1) * 4; o < end; o += 4 * step) {
          r += SRGB_TO_LINEAR[data[o]];
          g += SRGB_TO_LINEAR[data[o + 1]];
          b += SRGB_TO_LINEAR[data[o + 2]];
          n++;
        }
      }
      const j = ly * lw + lx;
      pr[j] = r / n;
      pg[j] = g / n;
      pb[j] = b / n;
    }
  }
  return planes;
}

const TO_SRGB_STEPS = 16384;
/** Linear 0..1 → sRGB code value, 16k steps: fine enough that no code value is lost above black (the `subject_soft` kernel has the 16384 built in). */
export const TO_SRGB = Uint8Array.from({ length: TO_SRGB_STEPS + 1 }, (_, i) => Math.round(linearToSrgb(i / TO_SRGB_STEPS) * 255));

/** Fast linear → 8-bit sRGB for per-pixel loops (clamped); within one code value of `linearToSrgb8`. */
export function toSrgb8(v: number): number {
  return v <= 0 ? 0 : v >= 1 ? 255 : TO_SRGB[(v * TO_SRGB_STEPS + 0.5) | 0];
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
export function upsampleTaps(size: number, lowSize: number, factor: number): Taps {
  return bilinearTaps(size, lowSize, (v) => (v + 0.5) / factor - 0.5);
}

/** The two horizontally interpolated low-resolution rows around one output row, and the weight between them. */
export interface RowPair {
  top: Float32Array[];
  bottom: Float32Array[];
  /** Weight of `bottom`: value = top + (bottom − top)·w. */
  w: number;
}

/**
 * Bilinear upsampling of planes downsampled by `factor`, one output row at a time, columns `x0..x1`
 * only: each low-resolution row is interpolated horizontally once and cached while output rows still
 * need it; the caller does the vertical lerp only for the pixels it needs. Rows are fastest asked for in
 * increasing order (any order is correct).
 */
export function createRowPairs(planes: Float32Array[], lowWidth: number, lowHeight: number, width: number, height: number, factor: number, x0 = 0, x1 = width): (y: number) => RowPair {
  const tx = upsampleTaps(width, lowWidth, factor);
  const ty = upsampleTaps(height, lowHeight, factor);
  const rows = [0, 1].map(() => planes.map(() => new Float32Array(width)));
  const { i0, i1, w } = tx;
  const slot = twoRowSlots((j, into) => {
    for (let c = 0; c < planes.length; c++) lerpRow(planes[c], j * lowWidth, rows[into][c], i0, i1, w, x0, x1);
  });
  const horizontal = (j: number, keep: number): Float32Array[] => rows[slot(j, keep)];
  const pair: RowPair = { top: [], bottom: [], w: 0 };
  return (y: number) => {
    pair.top = horizontal(ty.i0[y], ty.i1[y]);
    pair.bottom = horizontal(ty.i1[y], ty.i0[y]);
    pair.w = ty.w[y];
    return pair;
  };
}

/**
 * Two cached rows of an upsampling: output rows asked for in order need each low row about `factor` times in
 * a row, and each output row needs two. `slot(j, keep)` is where low row `j` is (0 or 1), made by `fill(j, slot)`
 * when it is in neither; `keep` is the other row the caller needs now, never evicted.
 */
export function twoRowSlots(fill: (j: number, slot: number) => void): (j: number, keep: number) => number {
  const held = [-1, -1];
  return (j, keep) => {
    if (held[0] === j) return 0;
    if (held[1] === j) return 1;
    const slot = held[0] === keep ? 1 : held[1] === keep ? 0 : held[0] < held[1] ? 0 : 1;
    held[slot] = j;
    fill(j, slot);
    return slot;
  };
}

/** Like `createRowPairs`, with the vertical lerp done for the whole row: `rows[c][x]`. */
export function createRowUpsampler(planes: Float32Array[], lowWidth: number, lowHeight: number, width: number, height: number, factor: number, x0 = 0, x1 = width): (y: number) => Float32Array[] {
  const pairs = createRowPairs(planes, lowWidth, lowHeight, width, height, factor, x0, x1);
  const out = planes.map(() => new Float32Array(width));
  return (y: number) => {
    const { top, bottom, w } = pairs(y);
    for (let c = 0; c < planes.length; c++) mixRows(top[c], bottom[c], w, out[c], x0, x1);
    return out;
  };
}

function lerpRow(p: Float32Array, base: number, row: Float32Array, i0: Int32Array, i1: Int32Array, w: Float32Array, x0: number, x1: number): void {
  for (let x = x0; x < x1; x++) {
    const a = p[base + i0[x]];
    row[x] = a + (p[base + i1[x]] - a) * w[x];
  }
}

function mixRows(top: Float32Array, bottom: Float32Array, k: number, out: Float32Array, x0: number, x1: number): void {
  for (let x = x0; x < x1; x++) out[x] = top[x] + (bottom[x] - top[x]) * k;
}
