import { describe, expect, it } from 'vitest';
import type { Plane } from '../image/types.js';
import { fillSmallHoles } from './holes.js';

/** A 40×40 square subject (1) on a 64×64 background, with background holes cut into it. */
function square(holes: Array<[number, number, number, number]>): Plane {
  const width = 64;
  const data = new Float32Array(width * width);
  for (let y = 12; y < 52; y++) for (let x = 12; x < 52; x++) data[y * width + x] = 1;
  for (const [x0, y0, w, h] of holes) for (let y = y0; y < y0 + h; y++) for (let x = x0; x < x0 + w; x++) data[y * width + x] = 0.2;
  return { data, width, height: width };
}

describe('fillSmallHoles', () => {
  it('fills a pinhole (under 1 % of the subject) and keeps a large gap', () => {
    // Subject area 1600 − 4 − 100: the 2×2 pinhole (4 px) is under 1 %, the 10×10 gap (100 px) is not.
    const out = fillSmallHoles(square([[20, 20, 2, 2], [30, 30, 10, 10]]));
    expect(out.data[20 * 64 + 20]).toBe(1);
    expect(out.data[21 * 64 + 21]).toBe(1);
    expect(out.data[35 * 64 + 35]).toBeCloseTo(0.2);
    expect(out.data[0]).toBe(0); // the background around the subject touches the border
  });

  it('never fills background that touches the border, and leaves the input alone', () => {
    const input = square([[12, 30, 3, 3]]); // a notch on the subject's left edge, open to the background
    const out = fillSmallHoles(input);
    expect(out.data[31 * 64 + 12]).toBeCloseTo(0.2);
    const tiny = { data: new Float32Array([1, 1, 1, 1, 0, 1, 1, 1, 1]), width: 3, height: 3 };
    expect(fillSmallHoles(tiny, 0.5).data[4]).toBe(1);
    expect(tiny.data[4]).toBe(0);
    expect(fillSmallHoles({ data: new Float32Array(9), width: 3, height: 3 }).data.every((v) => v === 0)).toBe(true);
  });
});
