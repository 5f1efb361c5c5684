import { describe, expect, it } from 'vitest';
import { coverage, iou, matteBounds } from './matte.js';
import type { Plane } from './types.js';

const fromRows = (rows: string[]): Plane => ({
  width: rows[0].length,
  height: rows.length,
  data: Float32Array.from(rows.join('').split('').map((c) => (c === '#' ? 1 : c === '+' ? 0.6 : c === '-' ? 0.3 : 0))),
});

describe('matteBounds', () => {
  it('finds the tight box of opaque pixels', () => {
    expect(matteBounds(fromRows(['....', '.#+.', '.-#.', '....']))).toEqual({ x: 1, y: 1, width: 2, height: 2 });
  });

  it('ignores pixels under the threshold and returns null when empty', () => {
    expect(matteBounds(fromRows(['--', '--']))).toBeNull();
  });
});

describe('iou and coverage', () => {
  it('computes IoU of known masks', () => {
    const a = fromRows(['##..', '##..']);
    const b = fromRows(['.##.', '.##.']);
    expect(iou(a, b)).toBeCloseTo(2 / 6, 6);
    expect(iou(a, a)).toBe(1);
  });

  it('counts coverage at the threshold', () => {
    expect(coverage(fromRows(['#+-.']))).toBe(0.5);
  });

  it('refuses planes of different sizes', () => {
    expect(() => iou(fromRows(['#']), fromRows(['##']))).toThrow(RangeError);
  });
});
