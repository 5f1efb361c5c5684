import { describe, expect, it } from 'vitest';
import { boxMean } from './box-filter.js';

/** The mean over the clipped (2r+1)² window, pixel by pixel: what boxMean must equal. */
function bruteForce(src: Float32Array, width: number, height: number, r: number): Float32Array {
  const out = new Float32Array(src.length);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let sum = 0;
      let n = 0;
      for (let v = Math.max(0, y - r); v <= Math.min(height - 1, y + r); v++) {
        for (let u = Math.max(0, x - r); u <= Math.min(width - 1, x + r); u++) {
          sum += src[v * width + u];
          n++;
        }
      }
      out[y * width + x] = sum / n;
    }
  }
  return out;
}

describe('boxMean', () => {
  it('equals the clipped window mean at every pixel, for odd and even sizes and radii past the image', () => {
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);
    for (const [width, height, r] of [[1, 1, 0], [5, 3, 1], [8, 7, 2], [13, 9, 4], [4, 6, 10], [31, 2, 3]]) {
      const src = Float32Array.from({ length: width * height }, random);
      const got = boxMean(src, width, height, r);
      const want = bruteForce(src, width, height, r);
      for (let i = 0; i < src.length; i++) expect(got[i]).toBeCloseTo(want[i], 5);
    }
  });
});
