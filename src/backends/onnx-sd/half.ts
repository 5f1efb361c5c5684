import * as ort from 'onnxruntime-node';

/**
 * float16 ↔ float32 for exports whose inputs/outputs are half precision (fp16 exports for GPUs often are).
 * onnxruntime-node takes 'float16' tensors as Uint16Array bit patterns.
 */

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/** Rounds a float32 to the nearest float16 bit pattern (round-half-to-even, with subnormals and infinities). */
export function toHalfBits(value: number): number {
  f32[0] = value;
  const x = u32[0];
  const sign = (x >>> 16) & 0x8000;
  const exp = (x >>> 23) & 0xff;
  let mant = x & 0x7fffff;
  if (exp === 0xff) return sign | 0x7c00 | (mant ? 0x200 : 0); // Inf / NaN
  let e = exp - 127 + 15;
  if (e >= 0x1f) return sign | 0x7c00; // overflow → Inf
  if (e <= 0) {
    if (e < -10) return sign; // underflow → ±0
    mant |= 0x800000;
    const shift = 14 - e;
    const half = 1 << (shift - 1);
    let m = mant >>> shift;
    const rest = mant & ((1 << shift) - 1);
    if (rest > half || (rest === half && m & 1)) m++;
    return sign | m;
  }
  let m = mant >>> 13;
  const rest = mant & 0x1fff;
  if (rest > 0x1000 || (rest === 0x1000 && m & 1)) {
    m++;
    if (m === 0x400) {
      m = 0;
      e++;
      if (e >= 0x1f) return sign | 0x7c00;
    }
  }
  return sign | (e << 10) | m;
}

/** The float32 value of a float16 bit pattern. */
export function fromHalfBits(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const e = (h >>> 10) & 0x1f;
  const m = h & 0x3ff;
  if (e === 0) return sign * m * 2 ** -24;
  if (e === 0x1f) return m ? NaN : sign * Infinity;
  return sign * (1 + m / 1024) * 2 ** (e - 15);
}

/** A float tensor in the dtype a model declares for `name` (float32 unless it says float16). */
export function floatTensor(session: ort.InferenceSession, name: string, data: Float32Array, dims: readonly number[]): ort.Tensor {
  const meta = session.inputMetadata.find((m) => m.name === name);
  if (meta?.isTensor && meta.type === 'float16') {
    const bits = new Uint16Array(data.length);
    for (let i = 0; i < data.length; i++) bits[i] = toHalfBits(data[i]);
    return new ort.Tensor('float16', bits, dims);
  }
  return new ort.Tensor('float32', data, dims);
}

/** A tensor's values as float32, whatever float type it came in. */
export function readFloats(tensor: ort.Tensor): Float32Array {
  if (tensor.type === 'float16') {
    const bits = tensor.data as Uint16Array;
    const out = new Float32Array(bits.length);
    for (let i = 0; i < bits.length; i++) out[i] = fromHalfBits(bits[i]);
    return out;
  }
  return tensor.data as Float32Array;
}
