import { describe, expect, it } from 'vitest';
import { shrinkRgba } from './shrink.js';

const image = (width: number, height: number, f: (x: number, y: number) => number[]) => {
  const data = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) data.set(f(x, y), (y * width + x) * 4);
  return { data, width, height };
};

describe('shrinkRgba', () => {
  it('averages whole blocks, rounding to nearest', () => {
    // 2×2 blocks of (0, 10, 20, 31) per channel → 15.25 → 15; alpha 255 stays 255.
    const src = image(4, 2, (x, y) => { const v = [0, 10, 20, 31][(y % 2) * 2 + (x % 2)]; return [v, 255 - v, x < 2 ? 0 : 100, 255]; });
    const out = shrinkRgba(src, 2);
    expect([out.width, out.height]).toEqual([2, 1]);
    expect([...out.data]).toEqual([15, 240, 0, 255, 15, 240, 100, 255]);
  });

  it('averages the smaller blocks at the right and bottom edges over their own pixels', () => {
    const src = image(5, 4, (x, y) => [x * 10, y * 10, 0, 255]);
    const out = shrinkRgba(src, 3);
    expect([out.width, out.height]).toEqual([2, 2]);
    // Block (1, 1) covers x 3–4, y 3: means 35 and 30.
    expect([...out.data.subarray(12, 16)]).toEqual([35, 30, 0, 255]);
    // Block (0, 0) covers x 0–2, y 0–2: means 10 and 10.
    expect([...out.data.subarray(0, 4)]).toEqual([10, 10, 0, 255]);
  });

  it('averages only taps × taps pixels of each block when asked', () => {
    // Factor 3, taps 2: pixels 0–1 of each 3-pixel block each way.
    const src = image(6, 3, (x, y) => [x * 10 + y, 0, 0, 255]);
    const out = shrinkRgba(src, 3, 2);
    expect([out.width, out.height]).toEqual([2, 1]);
    // Block 0: x 0–1, y 0–1 → (0 + 10 + 1 + 11) / 4 = 5.5 → 6; block 1: x 3–4 → (30 + 40 + 31 + 41) / 4 = 35.5 → 36.
    expect([out.data[0], out.data[4]]).toEqual([6, 36]);
    expect(() => shrinkRgba(src, 3, 4)).toThrow(RangeError);
  });

  it('copies at factor 1 and refuses fractional factors', () => {
    const src = image(2, 2, () => [1, 2, 3, 4]);
    expect(shrinkRgba(src, 1).data).toEqual(src.data);
    expect(() => shrinkRgba(src, 1.5)).toThrow(RangeError);
  });
});
