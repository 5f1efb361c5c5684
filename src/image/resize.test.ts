import { describe, expect, it } from 'vitest';
import { resizePlane } from './resize.js';
import type { Plane } from './types.js';

const plane = (width: number, height: number, f: (x: number, y: number) => number): Plane => {
  const data = new Float32Array(width * height);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) data[y * width + x] = f(x, y);
  return { data, width, height };
};

describe('resizePlane', () => {
  it('keeps a constant plane constant at any size', () => {
    const out = resizePlane(plane(7, 5, () => 0.25), 31, 3);
    expect([...out.data].every((v) => Math.abs(v - 0.25) < 1e-6)).toBe(true);
  });

  it('is the identity at the same size', () => {
    const src = plane(6, 4, (x, y) => x * 0.1 + y);
    expect([...resizePlane(src, 6, 4).data]).toEqual([...src.data]);
  });

  it('interpolates linearly between pixel centres when upscaling 2×', () => {
    const out = resizePlane(plane(2, 1, (x) => x), 4, 1);
    // Half-pixel alignment: output centres at 0.25, 0.75, 1.25, 1.75 source px → clamped 0, .25, .75, 1.
    expect([...out.data].map((v) => +v.toFixed(3))).toEqual([0, 0.25, 0.75, 1]);
  });

  it('averages areas when downscaling by 4×, so a thin line is not lost', () => {
    const src = plane(8, 8, (x) => (x === 1 ? 1 : 0));
    const out = resizePlane(src, 2, 2);
    expect(out.data[0]).toBeCloseTo(0.25, 6);
    expect(out.data[1]).toBe(0);
  });

  it('samples a sub-rectangle of the source', () => {
    const src = plane(4, 4, (x, y) => (x >= 2 && y >= 2 ? 1 : 0));
    const out = resizePlane(src, 2, 2, { x: 2, y: 2, width: 2, height: 2 });
    expect([...out.data]).toEqual([1, 1, 1, 1]);
  });
});
