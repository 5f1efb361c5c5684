import type { Plane, Rect } from './types.js';

/** Bilinear taps along one axis: the left/top source index, the right/bottom one, and the weight of the latter. */
export interface Taps {
  i0: Int32Array;
  i1: Int32Array;
  w: Float32Array;
}

/**
 * Bilinear taps for `size` output positions into `srcSize` source pixels: `at(i)` is output position i's
 * source coordinate (clamped to the source here). Precomputed once per axis, so the per-pixel work of a
 * resampler is a few multiplies.
 *
 * @example bilinearTaps(8, 4, (x) => (x + 0.5) * 0.5 - 0.5) // 2× upsample taps
 */
export function bilinearTaps(size: number, srcSize: number, at: (i: number) => number): Taps {
  const i0 = new Int32Array(size);
  const i1 = new Int32Array(size);
  const w = new Float32Array(size);
  for (let i = 0; i < size; i++) {
    let f = at(i);
    if (f < 0) f = 0;
    if (f > srcSize - 1) f = srcSize - 1;
    const a = Math.floor(f);
    i0[i] = a;
    i1[i] = Math.min(a + 1, srcSize - 1);
    w[i] = f - a;
  }
  return { i0, i1, w };
}

/**
 * Bilinear resampling of a float plane into `width`×`height`, optionally of a sub-rectangle `from` of the
 * source (in source pixels). Pixel centres are aligned (half-pixel convention), as sharp and OpenCV do,
 * so a mask scaled up and down again stays where it was.
 *
 * Downscaling by more than 2× first box-averages, so thin structures are not aliased away.
 */
export function resizePlane(src: Plane, width: number, height: number, from: Rect = { x: 0, y: 0, width: src.width, height: src.height }): Plane {
  const sx = from.width / width;
  const sy = from.height / height;
  if (sx >= 2 || sy >= 2) return resizePlaneArea(src, width, height, from);
  const out = new Float32Array(width * height);
  const sw = src.width;
  const sh = src.height;
  const data = src.data;
  // Precompute horizontal taps once: the inner loop is then two multiplies a sample.
  const { i0: x0s, i1: x1s, w: fxs } = bilinearTaps(width, sw, (x) => from.x + (x + 0.5) * sx - 0.5);
  for (let y = 0; y < height; y++) {
    let fy = from.y + (y + 0.5) * sy - 0.5;
    if (fy < 0) fy = 0;
    if (fy > sh - 1) fy = sh - 1;
    const y0 = Math.floor(fy);
    const y1 = Math.min(y0 + 1, sh - 1);
    const wy = fy - y0;
    const r0 = y0 * sw;
    const r1 = y1 * sw;
    const o = y * width;
    for (let x = 0; x < width; x++) {
      const a = x0s[x];
      const b = x1s[x];
      const wx = fxs[x];
      const top = data[r0 + a] + (data[r0 + b] - data[r0 + a]) * wx;
      const bottom = data[r1 + a] + (data[r1 + b] - data[r1 + a]) * wx;
      out[o + x] = top + (bottom - top) * wy;
    }
  }
  return { data: out, width, height };
}

/** Area-average downscale (each output pixel is the mean of the source pixels it covers). */
function resizePlaneArea(src: Plane, width: number, height: number, from: Rect): Plane {
  const out = new Float32Array(width * height);
  const sx = from.width / width;
  const sy = from.height / height;
  for (let y = 0; y < height; y++) {
    const ya = Math.max(0, Math.floor(from.y + y * sy));
    const yb = Math.min(src.height, Math.max(ya + 1, Math.floor(from.y + (y + 1) * sy)));
    for (let x = 0; x < width; x++) {
      const xa = Math.max(0, Math.floor(from.x + x * sx));
      const xb = Math.min(src.width, Math.max(xa + 1, Math.floor(from.x + (x + 1) * sx)));
      let sum = 0;
      for (let yy = ya; yy < yb; yy++) {
        const row = yy * src.width;
        for (let xx = xa; xx < xb; xx++) sum += src.data[row + xx];
      }
      out[y * width + x] = sum / ((yb - ya) * (xb - xa));
    }
  }
  return { data: out, width, height };
}
