import { LINEAR_STEPS, LINEAR_TO_SRGB8, linearToSrgb8, SRGB_TO_LINEAR } from '../image/color.js';
import type { Rect, RgbaImage } from '../image/types.js';
import type { RowPair, Taps } from './blur.js';
import { TO_SRGB, toSrgb8 } from './blur.js';
import { GRAIN_TILE } from './grain.js';
import { align16, kernelRegions, pixelKernels, type PixelKernels } from '../image/simd/pixels.js';

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
 * a subject — take the fast path: their bytes go straight in; the rest take the exact path (`softPixel`).
 * Where WebAssembly SIMD runs, the `subject_row` and `subject_soft` kernels do both (the TypeScript loops
 * below give the same pixels).
 */
export function drawSubject(pass: SubjectPass): void {
  const kernels = pixelKernels();
  const drawRow = kernels ? kernelRows(pass, kernels) : typeScriptRows(pass);
  for (let cy = pass.vis.y; cy < pass.vis.y + pass.vis.height; cy++) drawRow(cy);
}

function typeScriptRows(pass: SubjectPass): (cy: number) => void {
  const { vis, target, wrap, layer, pixels } = pass;
  const laplacian = pass.sharpen > 0 ? pass.laplacian : null;
  // Opaque pixels are stored as one 32-bit word (little-endian RGBA) when the canvas is 4-byte aligned
  // (compose's own canvas always is).
  const words = pixels.byteOffset % 4 === 0 ? new Uint32Array(pixels.buffer, pixels.byteOffset, pixels.length >> 2) : null;
  const noise = new Int32Array(vis.width);
  const edge = wrap ? new Float32Array(vis.width) : null;
  const slow = new Int32Array(vis.width);
  const sharpen = Math.round(pass.sharpen * ((1 << NOISE_BITS) / 16));
  return (cy) => {
    const ly = cy - target.y;
    noiseRow(noise, pass.grain, (cy & (GRAIN_TILE - 1)) * GRAIN_TILE, vis.x);
    if (laplacian) sharpenRow(noise, laplacian, ly * layer.width + (vis.x - target.x), sharpen);
    if (wrap && edge) edgeRow(edge, wrap.matte(cy), vis.x, pass.wrapStrength);
    const li = (ly * layer.width + (vis.x - target.x)) * 4;
    const count = fastRow(pass, words, cy, li, noise, edge, slow);
    for (let i = 0; i < count; i++) softPixel(pass, cy, li, slow[i], noise[slow[i]], edge ? edge[slow[i]] : 0);
  };
}

/**
 * The same rows by the `subject_row` and `subject_soft` kernels: the tables, the grain tile, the column taps
 * and the rows of wrapped light the subject spans are copied in once; per row, the layer's, the canvas's and
 * the row inputs go in and the canvas row comes back.
 */
function kernelRows(pass: SubjectPass, k: PixelKernels): (cy: number) => void {
  const { vis, target, wrap, layer, pixels, width } = pass;
  const laplacian = pass.sharpen > 0 ? pass.laplacian : null;
  const n = vis.width;
  // The wrapped light's low-resolution rows under the subject, as a band per plane.
  const bandStart = wrap ? wrap.ty.i0[vis.y] : 0;
  const bandRows = wrap ? wrap.ty.i1[vis.y + vis.height - 1] + 1 - bandStart : 0;
  const band = wrap ? bandRows * wrap.lowWidth : 0;
  // Row buffers are padded: the kernels read past a row's end.
  const row = n * 4 + 16;
  const at = kernelRegions({
    tables: 768, grain: GRAIN_TILE * GRAIN_TILE * 4, s2l: 1024, toSrgb: TO_SRGB.length, linSrgb: LINEAR_TO_SRGB8.length,
    ti0: row, ti1: row, tw: row, light: 3 * align16(band * 4),
    layer: row, canvas: row, lap: row, top: row, bottom: row, noise: row, edge: row, slow: row,
  });
  const mem = k.memory(at.end);
  pass.tables.forEach((t, c) => mem.u8.set(t, at.tables + 256 * c));
  if (pass.grain) mem.i32.set(pass.grain, at.grain >> 2);
  mem.f32.set(SRGB_TO_LINEAR, at.s2l >> 2);
  mem.u8.set(TO_SRGB, at.toSrgb);
  mem.u8.set(LINEAR_TO_SRGB8, at.linSrgb);
  const stride = align16(band * 4);
  if (wrap) {
    mem.i32.set(wrap.tx.i0.subarray(vis.x, vis.x + n), at.ti0 >> 2);
    mem.i32.set(wrap.tx.i1.subarray(vis.x, vis.x + n), at.ti1 >> 2);
    mem.f32.set(wrap.tx.w.subarray(vis.x, vis.x + n), at.tw >> 2);
    const from = bandStart * wrap.lowWidth;
    wrap.light.forEach((plane, c) => mem.f32.set(plane.subarray(from, from + band), (at.light + c * stride) >> 2));
  }
  const sharpen = Math.round(pass.sharpen * ((1 << NOISE_BITS) / 16));
  return (cy) => {
    const ly = cy - target.y;
    const li = (ly * layer.width + (vis.x - target.x)) * 4;
    const oi = (cy * width + vis.x) * 4;
    mem.u8.set(layer.data.subarray(li, li + n * 4), at.layer);
    mem.u8.set(pixels.subarray(oi, oi + n * 4), at.canvas);
    if (laplacian) {
      const start = ly * layer.width + (vis.x - target.x);
      mem.i16.set(laplacian.subarray(start, start + n), at.lap >> 1);
    }
    let wy = 0;
    if (wrap) {
      const pair = wrap.matte(cy);
      mem.f32.set(pair.top[0].subarray(vis.x, vis.x + n), at.top >> 2);
      mem.f32.set(pair.bottom[0].subarray(vis.x, vis.x + n), at.bottom >> 2);
      wy = pair.w;
    }
    const grainAt = pass.grain ? at.grain + (cy & (GRAIN_TILE - 1)) * GRAIN_TILE * 4 : 0;
    const count = k.subjectRow(at.layer, at.canvas, n, at.tables, grainAt, vis.x & (GRAIN_TILE - 1), GRAIN_TILE - 1, laplacian ? at.lap : 0, sharpen, at.noise, wrap ? at.top : 0, at.bottom, wy, pass.wrapStrength, at.edge, at.slow);
    if (count > 0) {
      const top = wrap ? (wrap.ty.i0[cy] - bandStart) * wrap.lowWidth : 0;
      const bottom = wrap ? (wrap.ty.i1[cy] - bandStart) * wrap.lowWidth : 0;
      k.subjectSoft(at.layer, at.canvas, at.tables, at.noise, at.edge, at.slow, count, at.s2l, at.toSrgb, at.linSrgb, LINEAR_STEPS, at.ti0, at.ti1, at.tw, wrap ? at.light : 0, stride, top, bottom, wrap ? wrap.ty.w[cy] : 0);
    }
    pixels.set(mem.u8.subarray(at.canvas, at.canvas + n * 4), oi);
  };
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

/**
 * The fast path of one row (the kernel's twin): opaque pixels whose edge share is at most 0.004 get their
 * harmonized, textured bytes; clear pixels are skipped; the others are listed in `slow`. Returns their count.
 */
function fastRow(pass: SubjectPass, words: Uint32Array | null, cy: number, li: number, noise: Int32Array, edge: Float32Array | null, slow: Int32Array): number {
  const { pixels, width, layer, vis } = pass;
  const [tr, tg, tb] = pass.tables;
  const d = layer.data;
  let count = 0;
  let oi = (cy * width + vis.x) * 4;
  for (let k = 0; k < vis.width; k++, li += 4, oi += 4) {
    const a8 = d[li + 3];
    if (a8 === 0) continue;
    if (a8 !== 255 || (edge !== null && edge[k] > 0.004)) {
      slow[count++] = k;
      continue;
    }
    const t = noise[k] + NOISE_HALF;
    const r8 = BYTE[(((tr[d[li]] << NOISE_BITS) + t) >> NOISE_BITS) + BYTE_LOW];
    const g8 = BYTE[(((tg[d[li + 1]] << NOISE_BITS) + t) >> NOISE_BITS) + BYTE_LOW];
    const b8 = BYTE[(((tb[d[li + 2]] << NOISE_BITS) + t) >> NOISE_BITS) + BYTE_LOW];
    if (words !== null) {
      words[oi >> 2] = 0xff000000 | (b8 << 16) | (g8 << 8) | r8;
    } else {
      pixels[oi] = r8;
      pixels[oi + 1] = g8;
      pixels[oi + 2] = b8;
      pixels[oi + 3] = 255;
    }
  }
  return count;
}

/**
 * The exact path for pixel `k` of canvas row `cy` (layer row starting at byte `li`): soft matte or on the
 * light-wrapped edge. Harmonized and textured like the fast path, then mixed with the wrapped light and
 * composited in linear light.
 */
function softPixel(pass: SubjectPass, cy: number, rowStart: number, k: number, noise: number, edge: number): void {
  const { pixels, width, layer, vis, wrap } = pass;
  const d = layer.data;
  const li = rowStart + k * 4;
  const oi = (cy * width + vis.x + k) * 4;
  const a8 = d[li + 3];
  const t = noise + NOISE_HALF;
  const r8 = BYTE[(((pass.tables[0][d[li]] << NOISE_BITS) + t) >> NOISE_BITS) + BYTE_LOW];
  const g8 = BYTE[(((pass.tables[1][d[li + 1]] << NOISE_BITS) + t) >> NOISE_BITS) + BYTE_LOW];
  const b8 = BYTE[(((pass.tables[2][d[li + 2]] << NOISE_BITS) + t) >> NOISE_BITS) + BYTE_LOW];
  const w = edge * (a8 / 255);
  const a = a8 / 255;
  let fr = SRGB_TO_LINEAR[r8];
  let fg = SRGB_TO_LINEAR[g8];
  let fb = SRGB_TO_LINEAR[b8];
  if (w > 0.004 && wrap) {
    const { light, tx, ty, lowWidth } = wrap;
    const top = ty.i0[cy] * lowWidth;
    const bottom = ty.i1[cy] * lowWidth;
    const wy = ty.w[cy];
    const cx = vis.x + k;
    const i0 = tx.i0[cx];
    const i1 = tx.i1[cx];
    const wx = tx.w[cx];
    fr += (bilinear(light[0], top, bottom, i0, i1, wx, wy) - fr) * w;
    fg += (bilinear(light[1], top, bottom, i0, i1, wx, wy) - fg) * w;
    fb += (bilinear(light[2], top, bottom, i0, i1, wx, wy) - fb) * w;
  }
  if (a8 === 255) {
    pixels[oi] = toSrgb8(fr);
    pixels[oi + 1] = toSrgb8(fg);
    pixels[oi + 2] = toSrgb8(fb);
    pixels[oi + 3] = 255;
    return;
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

/** Clamp to a byte by table: code values −BYTE_LOW..BYTE_HIGH (grain and sharpening never reach further). */
const BYTE_LOW = 2048;
const BYTE = Uint8Array.from({ length: BYTE_LOW + 256 + BYTE_LOW }, (_, i) => Math.min(255, Math.max(0, i - BYTE_LOW)));

function bilinear(p: Float32Array, top: number, bottom: number, x0: number, x1: number, wx: number, wy: number): number {
  const a = p[top + x0] + (p[top + x1] - p[top + x0]) * wx;
  const b = p[bottom + x0] + (p[bottom + x1] - p[bottom + x0]) * wx;
  return a + (b - a) * wy;
}
