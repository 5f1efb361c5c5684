import { describe, expect, it } from 'vitest';
import { SRGB_TO_LINEAR, deltaE, hslToRgb, linearToSrgb8, rgbToHsl, rgbToLab } from './color.js';

describe('sRGB ↔ linear', () => {
  it('round-trips every 8-bit code value exactly', () => {
    for (let v = 0; v < 256; v++) expect(linearToSrgb8(SRGB_TO_LINEAR[v])).toBe(v);
  });

  it('maps the ends and mid-grey to the known values', () => {
    expect(SRGB_TO_LINEAR[0]).toBe(0);
    expect(SRGB_TO_LINEAR[255]).toBeCloseTo(1, 6);
    // sRGB 128 is 21.6% linear light: the reason blending must not happen on code values.
    expect(SRGB_TO_LINEAR[128]).toBeCloseTo(0.2158, 3);
  });

  it('clamps out-of-range linear values', () => {
    expect(linearToSrgb8(-1)).toBe(0);
    expect(linearToSrgb8(Number.NaN)).toBe(0);
    expect(linearToSrgb8(2)).toBe(255);
  });
});

describe('Lab and ΔE', () => {
  it('gives L*=100 for white and 0 for black', () => {
    expect(rgbToLab([255, 255, 255])[0]).toBeCloseTo(100, 1);
    expect(rgbToLab([0, 0, 0])[0]).toBeCloseTo(0, 5);
  });

  it('is zero for equal colours and large for complementary ones', () => {
    expect(deltaE([10, 200, 30], [10, 200, 30])).toBe(0);
    expect(deltaE([255, 0, 0], [0, 255, 255])).toBeGreaterThan(100);
  });
});

describe('HSL', () => {
  it.each([
    [[255, 0, 0], [0, 1, 0.5]],
    [[0, 0, 255], [240, 1, 0.5]],
    [[128, 128, 128], [0, 0, 128 / 255]],
  ] as const)('%j ↔ %j', (rgb, hsl) => {
    const [h, s, l] = rgbToHsl(rgb);
    expect(h).toBeCloseTo(hsl[0], 5);
    expect(s).toBeCloseTo(hsl[1], 5);
    expect(l).toBeCloseTo(hsl[2], 5);
    const back = hslToRgb(h, s, l);
    for (let c = 0; c < 3; c++) expect(back[c]).toBeCloseTo(rgb[c], 5);
  });
});
