/**
 * Mean over a (2r+1)² window with running sums: O(1) a pixel whatever the radius. Windows are clipped at the
 * borders and divided by the pixels they actually cover, so edges are not darkened.
 *
 * `tmp` (same length as `src`) may be passed to avoid an allocation when called many times.
 *
 * @example boxMean(Float32Array.of(0, 3, 0), 3, 1, 1) // [1.5, 1, 1.5]
 */
export function boxMean(src: Float32Array, width: number, height: number, radius: number, out = new Float32Array(src.length), tmp = new Float32Array(src.length)): Float32Array {
  const r = Math.max(0, Math.floor(radius));
  // Horizontal pass into tmp.
  for (let y = 0; y < height; y++) {
    const row = y * width;
    let sum = 0;
    const first = Math.min(r, width - 1);
    for (let x = 0; x <= first; x++) sum += src[row + x];
    for (let x = 0; x < width; x++) {
      const lo = x - r;
      const hi = x + r;
      tmp[row + x] = sum / (Math.min(hi, width - 1) - Math.max(lo, 0) + 1);
      if (hi + 1 < width) sum += src[row + hi + 1];
      if (lo >= 0) sum -= src[row + lo];
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
    for (let x = 0; x < width; x++) out[row + x] = sums[x] * inv;
    if (hi + 1 < height) {
      const add = (hi + 1) * width;
      for (let x = 0; x < width; x++) sums[x] += tmp[add + x];
    }
    if (lo >= 0) {
      const sub = lo * width;
      for (let x = 0; x < width; x++) sums[x] -= tmp[sub + x];
    }
  }
  return out;
}
