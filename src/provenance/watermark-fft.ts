/**
 * A small in-place radix-2 complex FFT, enough for the watermark detector's 64×64 circular correlation.
 * Pure, allocation-free after the first call per size.
 */

const twiddles = new Map<number, { cos: Float64Array; sin: Float64Array }>();

function tableFor(n: number): { cos: Float64Array; sin: Float64Array } {
  let table = twiddles.get(n);
  if (!table) {
    const cos = new Float64Array(n / 2);
    const sin = new Float64Array(n / 2);
    for (let i = 0; i < n / 2; i++) {
      cos[i] = Math.cos((2 * Math.PI * i) / n);
      sin[i] = -Math.sin((2 * Math.PI * i) / n);
    }
    table = { cos, sin };
    twiddles.set(n, table);
  }
  return table;
}

/** In-place FFT of `n` complex values read with `stride` from `offset` (n a power of two). */
function fft1d(re: Float64Array, im: Float64Array, offset: number, stride: number, n: number, inverse: boolean): void {
  for (let i = 1, j = 0; i < n; i++) {
    let bit = n >> 1;
    for (; j & bit; bit >>= 1) j ^= bit;
    j ^= bit;
    if (i < j) {
      const a = offset + i * stride;
      const b = offset + j * stride;
      let t = re[a];
      re[a] = re[b];
      re[b] = t;
      t = im[a];
      im[a] = im[b];
      im[b] = t;
    }
  }
  const { cos, sin } = tableFor(n);
  for (let size = 2; size <= n; size <<= 1) {
    const half = size >> 1;
    const step = n / size;
    for (let start = 0; start < n; start += size) {
      for (let k = 0; k < half; k++) {
        const wr = cos[k * step];
        const wi = inverse ? -sin[k * step] : sin[k * step];
        const a = offset + (start + k) * stride;
        const b = a + half * stride;
        const xr = re[b] * wr - im[b] * wi;
        const xi = re[b] * wi + im[b] * wr;
        re[b] = re[a] - xr;
        im[b] = im[a] - xi;
        re[a] += xr;
        im[a] += xi;
      }
    }
  }
}

/** In-place 2-D FFT of a size×size complex array (row-major). The inverse is scaled by 1/size². */
export function fft2d(re: Float64Array, im: Float64Array, size: number, inverse = false): void {
  for (let y = 0; y < size; y++) fft1d(re, im, y * size, 1, size, inverse);
  for (let x = 0; x < size; x++) fft1d(re, im, x, size, size, inverse);
  if (inverse) {
    const scale = 1 / (size * size);
    for (let i = 0; i < re.length; i++) {
      re[i] *= scale;
      im[i] *= scale;
    }
  }
}

export interface Spectrum {
  re: Float64Array;
  im: Float64Array;
  size: number;
}

/** The 2-D spectrum of a size×size real array, to correlate many arrays against the same reference. */
export function spectrumOf(values: Float64Array, size: number): Spectrum {
  const re = Float64Array.from(values);
  const im = new Float64Array(values.length);
  fft2d(re, im, size);
  return { re, im, size };
}

/**
 * Circular cross-correlation of a size×size real array with a reference given by its spectrum:
 * out[s] = Σ_b a[(b + s) mod size] · ref[b], per axis.
 */
export function circularCorrelate(a: Float64Array, reference: Spectrum): Float64Array {
  const { size, re: br, im: bi } = reference;
  const ar = Float64Array.from(a);
  const ai = new Float64Array(a.length);
  fft2d(ar, ai, size);
  for (let i = 0; i < ar.length; i++) {
    // A · conj(B)
    const r = ar[i] * br[i] + ai[i] * bi[i];
    const m = ai[i] * br[i] - ar[i] * bi[i];
    ar[i] = r;
    ai[i] = m;
  }
  fft2d(ar, ai, size, true);
  return ar;
}
