import { describe, expect, it } from 'vitest';
import { BCH_K, BCH_N, BCH_T, bchDecode, bchDecodeSoft, bchEncode } from './ecc-bch.js';
import { createRandom } from '../image/random.js';

function randomBits(random: () => number, n: number): Uint8Array {
  const bits = new Uint8Array(n);
  for (let i = 0; i < n; i++) bits[i] = random() < 0.5 ? 1 : 0;
  return bits;
}

function flip(word: Uint8Array, count: number, random: () => number): Uint8Array {
  const out = word.slice();
  const positions = new Set<number>();
  while (positions.size < count) positions.add(Math.floor(random() * word.length));
  for (const p of positions) out[p] ^= 1;
  return out;
}

describe('BCH(127, 64)', () => {
  it('is systematic: the data bits come first and decode unchanged', () => {
    const random = createRandom(1);
    const data = randomBits(random, BCH_K);
    const code = bchEncode(data);
    expect(code.length).toBe(BCH_N);
    expect(Array.from(code.subarray(0, BCH_K))).toEqual(Array.from(data));
    expect(bchDecode(code)).toEqual({ data, corrected: 0 });
  });

  it('corrects every error count up to the designed 10, for many random words', () => {
    const random = createRandom(2);
    for (let trial = 0; trial < 200; trial++) {
      const data = randomBits(random, BCH_K);
      const errors = trial % (BCH_T + 1);
      const decoded = bchDecode(flip(bchEncode(data), errors, random));
      expect(decoded.corrected).toBe(errors);
      expect(Array.from(decoded.data ?? [])).toEqual(Array.from(data));
    }
  });

  it('never returns wrong data silently for 11-14 errors more than rarely, and usually reports failure', () => {
    const random = createRandom(3);
    let failures = 0;
    let wrong = 0;
    for (let trial = 0; trial < 100; trial++) {
      const data = randomBits(random, BCH_K);
      const decoded = bchDecode(flip(bchEncode(data), 11 + (trial % 4), random));
      if (decoded.data === null) failures++;
      else if (decoded.data.some((bit, i) => bit !== data[i])) wrong++;
    }
    expect(failures).toBeGreaterThan(95);
    expect(failures + wrong).toBe(100);
  });

  it('rejects wrongly sized input with a RangeError naming the expectation', () => {
    expect(() => bchEncode(new Uint8Array(3))).toThrow('Expected 64 data bits for bchEncode but received 3');
    expect(() => bchDecode(new Uint8Array(3))).toThrow('Expected 127 coded bits for bchDecode but received 3');
  });

  it('soft-decodes words with more than 10 errors when the extra errors were read weakly', () => {
    const random = createRandom(4);
    for (let trial = 0; trial < 20; trial++) {
      const data = randomBits(random, BCH_K);
      const code = bchEncode(data);
      // Confident reads everywhere, 10 confident errors plus 4 errors on the weakest reads.
      const soft = Float64Array.from(code, (bit) => (bit ? -1 : 1) * (2 + random()));
      const wrong = new Set<number>();
      while (wrong.size < 14) wrong.add(Math.floor(random() * BCH_N));
      [...wrong].forEach((i, k) => {
        soft[i] = -soft[i] * (k < 10 ? 1 : 0.05);
      });
      expect(bchDecode(Uint8Array.from(soft, (v) => (v < 0 ? 1 : 0))).data).toBeNull();
      const decoded = bchDecodeSoft(soft, 8);
      expect(Array.from(decoded.data ?? [])).toEqual(Array.from(data));
      expect(decoded.corrected).toBe(14);
    }
  });

  it('soft decoding honours the acceptance test', () => {
    const data = new Uint8Array(BCH_K);
    const soft = Float64Array.from(bchEncode(data), (bit) => (bit ? -1 : 1));
    expect(bchDecodeSoft(soft, 4, () => false).data).toBeNull();
    expect(bchDecodeSoft(soft, 4).data).toEqual(data);
  });
});
