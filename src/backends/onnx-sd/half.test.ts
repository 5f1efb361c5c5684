import { describe, expect, it } from 'vitest';
import { fromHalfBits, toHalfBits } from './half.js';

describe('float16 bits', () => {
  it.each([
    [0, 0x0000], [-0, 0x8000], [1, 0x3c00], [-2, 0xc000], [0.5, 0x3800], [65504, 0x7bff], [1e6, 0x7c00],
    [2 ** -24, 0x0001], [2 ** -14, 0x0400], [0.333251953125, 0x3555], [Infinity, 0x7c00],
  ])('writes %f as bits %i', (value, bits) => {
    expect(toHalfBits(value)).toBe(bits);
  });

  it('rounds half to even and round-trips every finite half', () => {
    expect(toHalfBits(1 + 2 ** -11)).toBe(0x3c00); // halfway between 1 and the next half: even (1) wins
    expect(toHalfBits(1 + 3 * 2 ** -11)).toBe(0x3c02);
    for (let h = 0; h < 0x7c00; h += 7) {
      expect(toHalfBits(fromHalfBits(h))).toBe(h);
      expect(toHalfBits(fromHalfBits(h | 0x8000))).toBe(h | 0x8000);
    }
    expect(Number.isNaN(fromHalfBits(0x7e00))).toBe(true);
  });
});
