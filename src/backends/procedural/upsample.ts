import type { RgbaImage } from '../../image/types.js';
import { hash2 } from '../../image/random.js';
import { bilinearTaps } from '../../image/resize.js';
import { align16, pixelKernels, type PixelKernels } from '../../image/simd/pixels.js';
import type { Canvas } from './canvas.js';

const TILE = 64;

/** A 64×64 tile of centred noise (seeded): dither and grain without per-pixel hashing at full size. */
function noiseTile(seed: number): Float32Array {
  const t = new Float32Array(TILE * TILE);
  for (let y = 0; y < TILE; y++) for (let x = 0; x < TILE; x++) t[y * TILE + x] = hash2(x, y, seed) - 0.5;
  return t;
}

/**
 * Bilinear upscale of the working canvas into the output image, adding dither (which hides 8-bit banding in
 * long gradients after JPEG) plus optional film grain. Half-pixel-centre aligned, like sharp. Every pixel is
 * written, so `into` (exactly width × height × 4 bytes, when given) is drawn over as it is.
 */
export function toImage(c: Canvas, width: number, height: number, seed: number, grain: number, into?: Uint8Array): RgbaImage {
  const out = into?.length === width * height * 4 ? new Uint8ClampedArray(into.buffer, into.byteOffset, into.length) : new Uint8ClampedArray(width * height * 4);
  const tile = noiseTile(seed);
  const amp = 1 + grain * 0.9;
  if (width === c.width * 2 && height === c.height * 2) {
    const kernels = pixelKernels();
    return kernels && c.width % 2 === 0 ? toImage2xSimd(kernels, c, out, tile, amp) : toImage2x(c, out, tile, amp);
  }
  const sw = c.width;
  const sh = c.height;
  const sx = sw / width;
  const sy = sh / height;
  const { i0: x0s, i1: x1s, w: fxs } = bilinearTaps(width, sw, (x) => (x + 0.5) * sx - 0.5);
  // Offsets into the 3-channel canvas row.
  for (let x = 0; x < width; x++) {
    x0s[x] *= 3;
    x1s[x] *= 3;
  }
  const px = c.px;
  for (let y = 0; y < height; y++) {
    let fy = (y + 0.5) * sy - 0.5;
    if (fy < 0) fy = 0;
    if (fy > sh - 1) fy = sh - 1;
    const y0 = Math.floor(fy);
    const ty = fy - y0;
    const r0 = y0 * sw * 3;
    const r1 = Math.min(y0 + 1, sh - 1) * sw * 3;
    const trow = (y % TILE) * TILE;
    let o = y * width * 4;
    for (let x = 0; x < width; x++, o += 4) {
      const a = r0 + x0s[x];
      const b = r0 + x1s[x];
      const cc = r1 + x0s[x];
      const d = r1 + x1s[x];
      const tx = fxs[x];
      const n = tile[trow + (x % TILE)] * amp;
      for (let ch = 0; ch < 3; ch++) {
        const top = px[a + ch] + (px[b + ch] - px[a + ch]) * tx;
        const bot = px[cc + ch] + (px[d + ch] - px[cc + ch]) * tx;
        out[o + ch] = top + (bot - top) * ty + n;
      }
      out[o + 3] = 255;
    }
  }
  return { data: new Uint8Array(out.buffer, out.byteOffset, out.length), width, height };
}

/**
 * The exact-2× case, which is what 1080×1920 hits: fixed 3/4–1/4 weights. Each output row first blends its
 * two source rows at source width, then widens that blend into two pixels per source pixel, packing RGBA
 * into one 32-bit store (little-endian: R in the low byte); clamping by hand is cheaper than
 * Uint8ClampedArray's rounding stores.
 */
function toImage2x(c: Canvas, out: Uint8ClampedArray, tile: Float32Array, amp: number): RgbaImage {
  const sw = c.width;
  const sh = c.height;
  const width = sw * 2;
  const height = sh * 2;
  const px = c.px;
  const out32 = new Int32Array(out.buffer, out.byteOffset, out.length >> 2);
  const v = new Float32Array(sw * 3);
  const n3 = sw * 3;
  for (let y = 0; y < height; y++) {
    const sy = y >> 1;
    let oy = y & 1 ? sy + 1 : sy - 1;
    if (oy < 0) oy = 0;
    else if (oy >= sh) oy = sh - 1;
    const a = sy * n3;
    const b = oy * n3;
    for (let k = 0; k < n3; k++) v[k] = px[a + k] * 0.75 + px[b + k] * 0.25;
    const trow = (y & 63) * 64;
    let o = y * width;
    for (let x = 0; x < sw; x++) {
      const k = x * 3;
      const l = x > 0 ? k - 3 : k;
      const r = x < sw - 1 ? k + 3 : k;
      const cr = v[k] * 0.75;
      const cg = v[k + 1] * 0.75;
      const cb = v[k + 2] * 0.75;
      let n = tile[trow + ((2 * x) & 63)] * amp + 0.5;
      let R = (cr + v[l] * 0.25 + n) | 0;
      let G = (cg + v[l + 1] * 0.25 + n) | 0;
      let B = (cb + v[l + 2] * 0.25 + n) | 0;
      if (R & ~255) R = R < 0 ? 0 : 255;
      if (G & ~255) G = G < 0 ? 0 : 255;
      if (B & ~255) B = B < 0 ? 0 : 255;
      out32[o++] = R | (G << 8) | (B << 16) | -16777216;
      n = tile[trow + ((2 * x + 1) & 63)] * amp + 0.5;
      R = (cr + v[r] * 0.25 + n) | 0;
      G = (cg + v[r + 1] * 0.25 + n) | 0;
      B = (cb + v[r + 2] * 0.25 + n) | 0;
      if (R & ~255) R = R < 0 ? 0 : 255;
      if (G & ~255) G = G < 0 ? 0 : 255;
      if (B & ~255) B = B < 0 ? 0 : 255;
      out32[o++] = R | (G << 8) | (B << 16) | -16777216;
    }
  }
  return { data: new Uint8Array(out.buffer, out.byteOffset, out.length), width, height };
}

/**
 * `toImage2x` with the SIMD kernels (pixels.wat): each source row is copied into kernel memory once, each
 * output row is blended from two of them and widened there, then copied out. The same pixels as the
 * TypeScript loop to ±1 code value (here in 32-bit floats, there in 64-bit), about three times faster.
 */
function toImage2xSimd(k: PixelKernels, c: Canvas, out: Uint8ClampedArray, tile: Float32Array, amp: number): RgbaImage {
  const sw = c.width;
  const sh = c.height;
  const width = sw * 2;
  const height = sh * 2;
  const n3 = sw * 3;
  // Kernel memory (bytes, 16-aligned): three source-row slots, the blended row with one pixel of padding on
  // each side and slack for 4-float steps, the 64 × 64 dither tile (scaled, offset by ½), the output row.
  const rowBytes = align16(n3 * 4 + 16);
  const vBase = 3 * rowBytes;
  const v = vBase + 16;
  const noise = vBase + align16(16 + n3 * 4 + 48);
  const outRow = noise + 64 * 64 * 4;
  const { u8, f32 } = k.memory(outRow + width * 4 + 16);
  for (let i = 0; i < 64 * 64; i++) f32[noise / 4 + i] = tile[i] * amp + 0.5;
  const held = [-1, -1, -1];
  const slot = (row: number): number => {
    const s = row % 3;
    if (held[s] !== row) {
      f32.set(c.px.subarray(row * n3, row * n3 + n3), (s * rowBytes) / 4);
      held[s] = row;
    }
    return s * rowBytes;
  };
  const vf = v / 4;
  for (let y = 0; y < height; y++) {
    const sy = y >> 1;
    let oy = y & 1 ? sy + 1 : sy - 1;
    if (oy < 0) oy = 0;
    else if (oy >= sh) oy = sh - 1;
    k.blendRows(slot(sy), slot(oy), v, n3);
    // Edge pixels repeat outwards: the left neighbour of the first pixel and the right one of the last.
    f32.copyWithin(vf - 3, vf, vf + 3);
    f32.copyWithin(vf + n3, vf + n3 - 3, vf + n3);
    k.widen2x(v, noise + (y & 63) * 64 * 4, outRow, sw);
    out.set(u8.subarray(outRow, outRow + width * 4), y * width * 4);
  }
  return { data: new Uint8Array(out.buffer, out.byteOffset, out.length), width, height };
}
