import { describe, expect, it } from 'vitest';
import { solidInterior } from './interior.js';

/** A 60×60 matte: a disc of radius 25 at 0.7 (an unsure inside), a hole of radius 4 at 0.2, 0 outside. */
function unsureDisc() {
  const width = 60;
  const data = new Float32Array(width * width);
  for (let y = 0; y < width; y++) {
    for (let x = 0; x < width; x++) {
      const r = Math.hypot(x - 30, y - 30);
      const hole = Math.hypot(x - 22, y - 30) < 4;
      data[y * width + x] = r >= 25 ? 0 : hole ? 0.2 : 0.7;
    }
  }
  return { data, width, height: width };
}

describe('solidInterior', () => {
  it('makes pixels deeper than `depth` inside the 0.5 contour opaque and leaves the edge band and holes alone', () => {
    const matte = unsureDisc();
    const out = solidInterior(matte, 5);
    const at = (x: number, y: number) => out.data[y * 60 + x];
    expect(at(40, 30)).toBe(1); // 10 px from the edge, 14 from the hole
    expect(at(30, 20)).toBe(1);
    expect(at(30, 7)).toBeCloseTo(0.7, 6); // 2 px inside the edge
    expect(at(27, 30)).toBeCloseTo(0.7, 6); // 1 px from the hole
    expect(at(22, 30)).toBeCloseTo(0.2, 6); // the hole stays a hole
    expect(at(2, 2)).toBe(0);
    // The input is not changed.
    expect(matte.data[30 * 60 + 40]).toBeCloseTo(0.7, 6);
  });

  it('never moves a pixel across 0.5, so thresholded masks (IoU, boundary F) stay the same', () => {
    const matte = unsureDisc();
    const out = solidInterior(matte);
    for (let i = 0; i < out.data.length; i++) expect(out.data[i] >= 0.5).toBe(matte.data[i] >= 0.5);
  });

  it('keeps a subject that fills the frame opaque up to the border (the frame is not background)', () => {
    const out = solidInterior({ data: new Float32Array(400).fill(0.8), width: 20, height: 20 }, 3);
    expect(out.data.every((v) => v === 1)).toBe(true);
  });
});
