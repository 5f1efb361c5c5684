import { kernelRegions, pixelKernels, type PixelKernels } from '../image/simd/pixels.js';

/** Below this many pixels copying the plane through kernel memory costs more than the loops. */
const KERNEL_MIN_PIXELS = 4096;

/**
 * Mean over a (2r+1)² window with running sums: O(1) a pixel whatever the radius. Windows are clipped at the
 * borders and divided by the pixels they actually cover, so edges are not darkened.
 *
 * `tmp` (same length as `src`) may be passed to avoid an allocation when called many times.
 *
 * @example boxMean(Float32Array.of(0, 3, 0), 3, 1, 1) // [1.5, 1, 1.5]
 */
export function boxMean(src: Float32Array, width: number, height: number, radius: number, out = new Float32Array(src.length), tmp?: Float32Array): Float32Array {
  const r = Math.max(0, Math.floor(radius));
  const kernels = pixelKernels();
  if (kernels && width * height >= KERNEL_MIN_PIXELS) return kernelBoxMean(kernels, src, width, height, r, out);
  tmp ??= new Float32Array(src.length);
  // Horizontal pass into tmp. How many pixels each window covers depends only on x: one reciprocal per
  // column, shared by every row, instead of a division per pixel.
  const inv = new Float64Array(width);
  for (let x = 0; x < width; x++) inv[x] = 1 / (Math.min(x + r, width - 1) - Math.max(x - r, 0) + 1);
  const firstX = Math.min(r, width - 1);
  // Columns whose window neither gains (x + r + 1 < width) nor loses (x − r ≥ 0) only at one side.
  const enter = Math.max(0, width - r - 1);
  // Two rows at a time: each running sum is a chain of dependent adds, and two chains keep the CPU busier.
  let y = 0;
  for (; y + 1 < height; y += 2) {
    const row = y * width;
    const row2 = row + width;
    let sum = 0;
    let sum2 = 0;
    for (let x = 0; x <= firstX; x++) {
      sum += src[row + x];
      sum2 += src[row2 + x];
    }
    for (let x = 0; x < width; x++) {
      tmp[row + x] = sum * inv[x];
      tmp[row2 + x] = sum2 * inv[x];
      if (x < enter) {
        sum += src[row + x + r + 1];
        sum2 += src[row2 + x + r + 1];
      }
      if (x >= r) {
        sum -= src[row + x - r];
        sum2 -= src[row2 + x - r];
      }
    }
  }
  for (; y < height; y++) {
    const row = y * width;
    let sum = 0;
    for (let x = 0; x <= firstX; x++) sum += src[row + x];
    for (let x = 0; x < width; x++) {
      tmp[row + x] = sum * inv[x];
      if (x < enter) sum += src[row + x + r + 1];
      if (x >= r) sum -= src[row + x - r];
    }
  }
  // Vertical pass, one row at a time so memory is read in order.
  const sums = new Float64Array(width);
  const first = Math.min(r, height - 1);
  for (let y = 0; y <= first; y++) {
    const row = y * width;
    for (let x = 0; x < width; x++) sums[x] += tmp[row + x];
  }
  for (let y = 0; y < height; y++) {
    const lo = y - r;
    const hi = y + r;
    const inv = 1 / (Math.min(hi, height - 1) - Math.max(lo, 0) + 1);
    const row = y * width;
    const add = (hi + 1) * width;
    const sub = lo * width;
    // One walk over the row: write the mean, then slide the window (both ends at once in the middle).
    if (hi + 1 < height && lo >= 0) {
      for (let x = 0; x < width; x++) {
        const v = sums[x];
        out[row + x] = v * inv;
        sums[x] = v + tmp[add + x] - tmp[sub + x];
      }
    } else {
      for (let x = 0; x < width; x++) out[row + x] = sums[x] * inv;
      if (hi + 1 < height) for (let x = 0; x < width; x++) sums[x] += tmp[add + x];
      if (lo >= 0) for (let x = 0; x < width; x++) sums[x] -= tmp[sub + x];
    }
  }
  return out;
}

/**
 * `boxMean` by the `box_mean` kernel (the same floats): the plane is copied in, filtered there and copied out.
 * About 3× faster than the loops at 1024×768, with no warm-up; the kernel memory grows to three planes.
 */
function kernelBoxMean(k: PixelKernels, src: Float32Array, width: number, height: number, r: number, out: Float32Array): Float32Array {
  const n = width * height;
  const at = kernelRegions({ src: n * 4, tmp: n * 4, out: n * 4 + 16, inv: width * 8, sums: width * 8 + 16 });
  const mem = k.memory(at.end);
  mem.f32.set(src, at.src >> 2);
  k.boxMean(at.src, at.tmp, at.out, width, height, r, at.inv, at.sums);
  out.set(mem.f32.subarray(at.out >> 2, (at.out >> 2) + n));
  return out;
}
