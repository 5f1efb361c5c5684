/**
 * Binary BCH(127, 64) error correction: 64 data bits become 127 coded bits, and any 10 flipped bits are
 * corrected. Used by the invisible watermark so a few bits read wrongly after JPEG, resize or crop still
 * give back the exact payload. Pure (no I/O); the generator polynomial is derived once at load time.
 *
 * Construction: GF(2^7) with primitive polynomial x^7 + x^3 + 1; the generator is the product of the
 * distinct minimal polynomials of α^1 … α^20 (degree 63). Decoding: syndromes → Berlekamp–Massey →
 * Chien search. Bits are one per byte (0 or 1) so callers can index them directly.
 */

const M = 7;
const FIELD = (1 << M) - 1; // 127 non-zero elements
const PRIMITIVE = 0b10001001; // x^7 + x^3 + 1

/** Code length, data length and designed correction capacity of the code. */
export const BCH_N = 127;
export const BCH_K = 64;
export const BCH_T = 10;

const EXP = new Uint8Array(FIELD * 2);
const LOG = new Int16Array(FIELD + 1);
{
  let x = 1;
  for (let i = 0; i < FIELD; i++) {
    EXP[i] = x;
    LOG[x] = i;
    x <<= 1;
    if (x & (1 << M)) x ^= PRIMITIVE;
  }
  // Doubling the table lets products index EXP[a + b] without a modulo.
  for (let i = FIELD; i < FIELD * 2; i++) EXP[i] = EXP[i - FIELD];
  LOG[0] = -1;
}

function gfMul(a: number, b: number): number {
  if (a === 0 || b === 0) return 0;
  return EXP[LOG[a] + LOG[b]];
}

function gfInv(a: number): number {
  return EXP[FIELD - LOG[a]];
}

/** Generator polynomial coefficients (index = power of x), 0/1 each. */
const GENERATOR: Uint8Array = buildGenerator();

function buildGenerator(): Uint8Array {
  // Cyclotomic cosets of 1..2t modulo 127 give each minimal polynomial once.
  const used = new Set<number>();
  let gen: number[] = [1];
  for (let i = 1; i <= 2 * BCH_T; i++) {
    if (used.has(i)) continue;
    const coset: number[] = [];
    let c = i;
    while (!coset.includes(c)) {
      coset.push(c);
      used.add(c);
      c = (c * 2) % FIELD;
    }
    // Minimal polynomial = Π (x - α^c) over the coset; its coefficients land in GF(2).
    let poly: number[] = [1];
    for (const e of coset) {
      const next = new Array<number>(poly.length + 1).fill(0);
      const root = EXP[e];
      for (let j = 0; j < poly.length; j++) {
        next[j + 1] ^= poly[j];
        next[j] ^= gfMul(poly[j], root);
      }
      poly = next;
    }
    const product = new Array<number>(gen.length + poly.length - 1).fill(0);
    for (let a = 0; a < gen.length; a++) {
      if (!gen[a]) continue;
      for (let b = 0; b < poly.length; b++) product[a + b] ^= poly[b] & 1;
    }
    gen = product;
  }
  if (gen.length - 1 !== BCH_N - BCH_K) throw new Error(`BCH generator has degree ${gen.length - 1}, expected ${BCH_N - BCH_K}`);
  return Uint8Array.from(gen);
}

/**
 * Systematic encoding: the first 64 output bits are the data, the last 63 the parity.
 *
 * @example bchEncode(new Uint8Array(64).fill(1)).length // 127
 */
export function bchEncode(data: Uint8Array): Uint8Array {
  if (data.length !== BCH_K) throw new RangeError(`Expected ${BCH_K} data bits for bchEncode but received ${data.length}`);
  const parityLength = BCH_N - BCH_K;
  // Long division of data(x)·x^63 by g(x); register holds the running remainder, highest power first.
  const reg = new Uint8Array(parityLength);
  for (let i = 0; i < BCH_K; i++) {
    const feedback = (data[i] & 1) ^ reg[0];
    for (let j = 0; j < parityLength - 1; j++) reg[j] = reg[j + 1] ^ (feedback & GENERATOR[parityLength - 1 - j]);
    reg[parityLength - 1] = feedback & GENERATOR[0];
  }
  const out = new Uint8Array(BCH_N);
  for (let i = 0; i < BCH_K; i++) out[i] = data[i] & 1;
  out.set(reg, BCH_K);
  return out;
}

export interface BchDecoded {
  /** The 64 data bits, or null when more errors than the code can correct were detected. */
  data: Uint8Array | null;
  /** Number of bit errors corrected (0 when data is null). */
  corrected: number;
}

/**
 * Corrects up to 10 flipped bits in a 127-bit codeword. Returns `data: null` when the word is not within
 * 10 bits of any codeword the decoder can find (uncorrectable).
 *
 * @example bchDecode(bchEncode(bits)).data // the same bits
 */
export function bchDecode(received: Uint8Array): BchDecoded {
  if (received.length !== BCH_N) throw new RangeError(`Expected ${BCH_N} coded bits for bchDecode but received ${received.length}`);
  // Codeword bit i is the coefficient of x^(126 - i) (data first = highest powers).
  const syndromes = new Uint8Array(2 * BCH_T + 1);
  let anyError = false;
  for (let s = 1; s <= 2 * BCH_T; s++) {
    let value = 0;
    for (let i = 0; i < BCH_N; i++) {
      if (received[i] & 1) value ^= EXP[((BCH_N - 1 - i) * s) % FIELD];
    }
    syndromes[s] = value;
    if (value) anyError = true;
  }
  if (!anyError) return { data: received.slice(0, BCH_K), corrected: 0 };

  // Berlekamp–Massey: the shortest LFSR (error locator σ) generating the syndromes.
  let sigma = new Uint8Array(2 * BCH_T + 2);
  sigma[0] = 1;
  let prev = new Uint8Array(2 * BCH_T + 2);
  prev[0] = 1;
  let length = 0;
  let shift = 1;
  let prevDiscrepancy = 1;
  for (let n = 0; n < 2 * BCH_T; n++) {
    let discrepancy = syndromes[n + 1];
    for (let i = 1; i <= length; i++) discrepancy ^= gfMul(sigma[i], syndromes[n + 1 - i]);
    if (discrepancy === 0) {
      shift++;
      continue;
    }
    const factor = gfMul(discrepancy, gfInv(prevDiscrepancy));
    const next = sigma.slice();
    for (let i = 0; i + shift < next.length; i++) next[i + shift] ^= gfMul(factor, prev[i]);
    if (2 * length <= n) {
      prev = sigma;
      length = n + 1 - length;
      prevDiscrepancy = discrepancy;
      shift = 1;
    } else {
      shift++;
    }
    sigma = next;
  }
  if (length > BCH_T) return { data: null, corrected: 0 };

  // Chien search: position p (power of x) is in error when σ(α^-p) = 0.
  const out = received.slice();
  let found = 0;
  for (let p = 0; p < BCH_N; p++) {
    let value = 0;
    const inverse = (FIELD - p) % FIELD;
    for (let i = 0; i <= length; i++) {
      if (sigma[i]) value ^= EXP[(LOG[sigma[i]] + inverse * i) % FIELD];
    }
    if (value === 0) {
      out[BCH_N - 1 - p] ^= 1;
      found++;
    }
  }
  // Fewer roots than the locator's degree means the error pattern is beyond the code's reach.
  if (found !== length) return { data: null, corrected: 0 };
  return { data: out.slice(0, BCH_K), corrected: found };
}

/**
 * Chase-II soft-decision decoding: besides the hard decision, tries flipping every combination of the
 * `leastReliable` bits with the smallest |soft| value, and keeps the candidate codeword closest to the soft
 * values (smallest total |soft| of disagreeing bits) among those `accept` approves. Corrects many words
 * with more than 10 errors, as long as the extra errors sit on weakly read bits. `soft` > 0 reads as 0.
 * A random word now decodes with up to 2^leastReliable times the hard decoder's probability; callers
 * account for that in their false-positive rate.
 *
 * @example bchDecodeSoft(softValues, 8, (data) => headerOk(data))
 */
export function bchDecodeSoft(soft: Float64Array, leastReliable = 8, accept: (data: Uint8Array) => boolean = () => true): BchDecoded {
  if (soft.length !== BCH_N) throw new RangeError(`Expected ${BCH_N} soft values for bchDecodeSoft but received ${soft.length}`);
  const hard = Uint8Array.from(soft, (value) => (value < 0 ? 1 : 0));
  const order = Array.from({ length: BCH_N }, (_, i) => i).sort((a, b) => Math.abs(soft[a]) - Math.abs(soft[b]));
  const weakest = order.slice(0, leastReliable);
  let best: BchDecoded = { data: null, corrected: 0 };
  let bestCost = Infinity;
  const trial = hard.slice();
  for (let mask = 0; mask < 1 << leastReliable; mask++) {
    for (let b = 0; b < leastReliable; b++) trial[weakest[b]] = hard[weakest[b]] ^ ((mask >> b) & 1);
    const decoded = bchDecode(trial);
    if (!decoded.data || !accept(decoded.data)) continue;
    const codeword = bchEncode(decoded.data);
    let cost = 0;
    let corrected = 0;
    for (let i = 0; i < BCH_N; i++) {
      if (codeword[i] !== hard[i]) {
        cost += Math.abs(soft[i]);
        corrected++;
      }
    }
    if (cost < bestCost) {
      bestCost = cost;
      best = { data: decoded.data, corrected };
    }
  }
  return best;
}
