import { linearToSrgb8, SRGB_TO_LINEAR } from '../image/color.js';
import type { Rect, RgbaImage } from '../image/types.js';
import type { RowPair, Taps } from './blur.js';
import { toSrgb8 } from './blur.js';
import { GRAIN_TILE } from './grain.js';

/** Fixed point of the per-pixel texture offset (grain + sharpening): 1/4096 of a code value. */
const NOISE_BITS = 12;
const NOISE_HALF = 1 << (NOISE_BITS - 1);

/** What the subject pass paints: the layer through the harmonize tables, grain, sharpening and light wrap. */
export interface SubjectPass {
  /** Canvas pixels (RGBA, changed in place) and the canvas width. */
  pixels: Uint8Array;
  width: number;
  /** The placed subject (straight alpha), where it sits, and the part of it on the canvas. */
  layer: RgbaImage;
  target: Rect;
  vis: Rect;
  /** Harmonize transform per channel: 8-bit sRGB in → 8-bit sRGB out. */
  tables: [Uint8Array, Uint8Array, Uint8Array];
  /** Grain per tile position, already scaled by the amount, in 1/4096 code values (`grainOffsets`); null for none. */
  grain: Int32Array | null;
  /** Unsharp amount (0 for none). */
  sharpen: number;
  /** The layer's luma Laplacian (`lumaLaplacian`), needed when `sharpen` > 0. */
  laplacian: Int16Array | null;
  /** Light wrap: the blurred matte as canvas rows and the blurred scene light; null for none. */
  wrap: WrapLight | null;
  /** Largest share of the blurred scene light mixed into the subject's edge. */
  wrapStrength: number;
}

/** The light-wrap inputs: only edge pixels read the light, so it is looked up per pixel, not per row. */
export interface WrapLight {
  /** The blurred matte (one plane) as canvas rows. */
  matte: (y: number) => RowPair;
  /** The blurred scene light in linear RGB at 1/factor size, and the bilinear taps into it per canvas x and y. */
  light: [Float32Array, Float32Array, Float32Array];
  lowWidth: number;
  tx: Taps;
  ty: Taps;
}

/**
 * A grain tile scaled by `amount` into the subject pass's fixed point, so the per-pixel work is an
 * integer add. Example: `grainOffsets(grainTile(seed), 3)`.
 */
export function grainOffsets(tile: Float32Array, amount: number): Int32Array {
  const scale = amount * (1 << NOISE_BITS);
  return Int32Array.from(tile, (v) => Math.round(v * scale));
}

/**
 * Paints the subject onto the canvas: every visible layer pixel goes through the harmonize tables, gets
 * the grain and the one-pixel unsharp mask (inside the matte only, in integers), the blurred scene light
 * on its soft inner edge, and is composited in linear light. Opaque pixels away from the edge — most of
 * a subject — take the fast path: their bytes go straight in.
 */
export function drawSubject(pass: SubjectPass): void {
  const { vis, target, wrap, layer, pixels } = pass;
  const laplacian = pass.sharpen > 0 ? pass.laplacian : null;
  // Opaque pixels are stored as one 32-bit word (little-endian RGBA) when the canvas is 4-byte aligned
  // (compose's own canvas always is).
  const words = pixels.byteOffset % 4 === 0 ? new Uint32Array(pixels.buffer, pixels.byteOffset, pixels.length >> 2) : null;
  const noise = new Int32Array(vis.width);
  const edge = new Float32Array(vis.width);
  const sharpen = Math.round(pass.sharpen * ((1 << NOISE_BITS) / 16));
  for (let cy = vis.y; cy < vis.y + vis.height; cy++) {
    const ly = cy - target.y;
    const pair = wrap ? wrap.matte(cy) : null;
    const sharp = laplacian !== null;
    const li = (ly * layer.width + (vis.x - target.x)) * 4;
    // Per-row inputs in tight loops of their own: the texture offset and how much of the edge light shows.
    const textured = pass.grain !== null || sharp;
    if (textured) {
      noiseRow(noise, pass.grain, (cy & (GRAIN_TILE - 1)) * GRAIN_TILE, vis.x);
      if (sharp) sharpenRow(noise, laplacian, ly * layer.width + (vis.x - target.x), sharpen);
    }
    if (pair) edgeRow(edge, pair, vis.x, pass.wrapStrength);
    drawRow(pass, words, cy, li, textured ? noise : null, pair ? edge : null);
  }
}

/** Grain per pixel of the row (1/4096 code values), or zeros. */
function noiseRow(out: Int32Array, grain: Int32Array | null, tileRow: number, x0: number): void {
  if (grain === null) {
    out.fill(0);
    return;
  }
  for (let k = 0; k < out.length; k++) out[k] = grain[tileRow + ((x0 + k) & (GRAIN_TILE - 1))];
}

/**
 * Adds the unsharp mask: the layer's luma Laplacian (zero off the opaque inside, so the photo's old
 * background at the matte's edge never sharpens into a halo) times the amount.
 */
function sharpenRow(out: Int32Array, laplacian: Int16Array, start: number, amount: number): void {
  for (let k = 0; k < out.length; k++) out[k] += laplacian[start + k] * amount;
}

/** Share of the scene light the edge lets through per pixel (before the pixel's own alpha). */
function edgeRow(out: Float32Array, pair: RowPair, x0: number, strength: number): void {
  const mt = pair.top[0];
  const mb = pair.bottom[0];
  const wy = pair.w;
  for (let k = 0; k < out.length; k++) {
    const x = x0 + k;
    out[k] = strength * (1 - (mt[x] + (mb[x] - mt[x]) * wy));
  }
}

function drawRow(pass: SubjectPass, words: Uint32Array | null, cy: number, li: number, noise: Int32Array | null, edge: Float32Array | null): void {
  const { pixels, width, layer, vis } = pass;
  const [tr, tg, tb] = pass.tables;
  const d = layer.data;
  const wrap = pass.wrap;
  // Rows of the low-resolution light around this canvas row, for the edge pixels that need it.
  const lightTop = wrap ? wrap.ty.i0[cy] * wrap.lowWidth : 0;
  const lightBottom = wrap ? wrap.ty.i1[cy] * wrap.lowWidth : 0;
  const lightW = wrap ? wrap.ty.w[cy] : 0;
  const x0 = vis.x;
  const n = vis.width;
  let oi = (cy * width + x0) * 4;
  for (let k = 0; k < n; k++, li += 4, oi += 4) {
    const a8 = d[li + 3];
    if (a8 === 0) continue;
    let r8 = tr[d[li]];
    let g8 = tg[d[li + 1]];
    let b8 = tb[d[li + 2]];
    if (noise !== null) {
      const t = noise[k] + NOISE_HALF;
      if (t !== NOISE_HALF) {
        r8 = BYTE[(((r8 << NOISE_BITS) + t) >> NOISE_BITS) + BYTE_LOW];
        g8 = BYTE[(((g8 << NOISE_BITS) + t) >> NOISE_BITS) + BYTE_LOW];
        b8 = BYTE[(((b8 << NOISE_BITS) + t) >> NOISE_BITS) + BYTE_LOW];
      }
    }
    const w = edge !== null ? edge[k] * (a8 / 255) : 0;
    // Most of a subject is opaque and away from its edge: its harmonized bytes go straight in.
    if (a8 === 255 && w <= 0.004) {
      if (words !== null) {
        words[oi >> 2] = 0xff000000 | (b8 << 16) | (g8 << 8) | r8;
      } else {
        pixels[oi] = r8;
        pixels[oi + 1] = g8;
        pixels[oi + 2] = b8;
        pixels[oi + 3] = 255;
      }
      continue;
    }
    const a = a8 / 255;
    let fr = SRGB_TO_LINEAR[r8];
    let fg = SRGB_TO_LINEAR[g8];
    let fb = SRGB_TO_LINEAR[b8];
    if (w > 0.004 && wrap) {
      const { light, tx } = wrap;
      const cx = x0 + k;
      const i0 = tx.i0[cx];
      const i1 = tx.i1[cx];
      const wx = tx.w[cx];
      fr += (bilinear(light[0], lightTop, lightBottom, i0, i1, wx, lightW) - fr) * w;
      fg += (bilinear(light[1], lightTop, lightBottom, i0, i1, wx, lightW) - fg) * w;
      fb += (bilinear(light[2], lightTop, lightBottom, i0, i1, wx, lightW) - fb) * w;
    }
    if (a8 === 255) {
      pixels[oi] = toSrgb8(fr);
      pixels[oi + 1] = toSrgb8(fg);
      pixels[oi + 2] = toSrgb8(fb);
      pixels[oi + 3] = 255;
      continue;
    }
    const ba = pixels[oi + 3] / 255;
    const outA = a + ba * (1 - a);
    const kb = (ba * (1 - a)) / outA;
    // Soft edges use the exact curve: with every effect off, compose must equal `compositeOver`.
    pixels[oi] = linearToSrgb8((fr * a) / outA + SRGB_TO_LINEAR[pixels[oi]] * kb);
    pixels[oi + 1] = linearToSrgb8((fg * a) / outA + SRGB_TO_LINEAR[pixels[oi + 1]] * kb);
    pixels[oi + 2] = linearToSrgb8((fb * a) / outA + SRGB_TO_LINEAR[pixels[oi + 2]] * kb);
    pixels[oi + 3] = Math.round(outA * 255);
  }
}

/** Clamp to a byte by table: code values −BYTE_LOW..BYTE_HIGH (grain and sharpening never reach further). */
const BYTE_LOW = 2048;
const BYTE = Uint8Array.from({ length: BYTE_LOW + 256 + BYTE_LOW }, (_, i) => Math.min(255, Math.max(0, i - BYTE_LOW)));

function bilinear(p: Float32Array, top: number, bottom: number, x0: number, x1: number, wx: number, wy: number): number {
  const a = p[top + x0] + (p[top + x1] - p[top + x0]) * wx;
  const b = p[bottom + x0] + (p[bottom + x1] - p[bottom + x0]) * wx;
  return a + (b - a) * wy;
}
