import { clamp } from '../image/color.js';
import type { Plane, RgbaImage } from '../image/types.js';
import { boxBlur3, clonePlane, TO_SRGB, toSrgb8, twoRowSlots, upsampleTaps, type Taps } from './blur.js';
import { align16, kernelRegions, pixelKernels, type PixelKernels } from '../image/simd/pixels.js';

/** The whole-factor the background is blurred at: blurs are cheap at a quarter size and look the same. */
export const LOW_RES = 4;

/**
 * Depth at canvas pixel (x, y) of a width × height canvas, by nearest sample: the plane may be coarser than
 * the canvas (a backend's working size).
 */
export function depthAt(depth: Plane, width: number, height: number, x: number, y: number): number {
  const dx = clamp(Math.floor((x * depth.width) / width), 0, depth.width - 1);
  const dy = clamp(Math.floor((y * depth.height) / height), 0, depth.height - 1);
  return depth.data[dy * depth.width + dx];
}

/** Depth behind the focus plane that still looks sharp (the depth of field proper). */
const FOCUS_BAND = 0.08;

/** Blur radius at full resolution for strength 1, as a fraction of the canvas width. */
const MAX_RADIUS = 0.03;

/** How far behind the focus plane (depth is 0..1) a point must be to get the full blur. */
const RAMP_DEPTH = 0.35;

/** Fixed-point steps of the upsampling weights (exact for LOW_RES 4: taps fall on eighths) and of the blend weight. */
const TAP_ONE = 16;
const MIX_ONE = 256;
/** Blend weights at or below this (≈ 0.02) leave the pixel as it was. */
const MIX_SKIP = 5;

export interface DepthOfFieldInput {
  /** Canvas pixels (RGBA, changed in place). */
  pixels: Uint8Array;
  width: number;
  height: number;
  /** The background in linear light at 1/LOW_RES (from `downsampleLinear`). */
  low: [Plane, Plane, Plane];
  /** 0 near .. 1 far; without it everything counts as behind the subject. */
  depth?: Plane;
  /** Depth of the plane in focus (where the subject stands). */
  focus: number;
  strength: number;
  /** Alpha of the subject on the canvas: pixels it covers fully (255) are painted over, so not blurred. */
  cover?: { layer: RgbaImage; x: number; y: number; runs?: Int32Array };
}

/**
 * A "portrait" look: blurs the background in proportion to its distance behind the subject's plane.
 * Strength 0 returns without touching a pixel. The blur is computed at 1/4 size in linear light, then
 * blended in per pixel by depth (in sRGB values: only the blend weight, not the blur, is in gamma space),
 * so cost does not grow with the radius.
 *
 * The full-size pass is the one loop compose runs over every canvas pixel, so it is integer-only: the
 * blurred quarter-size planes become 8-bit sRGB once, each of their rows is widened to canvas width once
 * (fixed-point, ×16), and each canvas pixel does a vertical lerp and a blend in 32-bit integers. Where the
 * blend weight is full the pixel is written without being read; where it is near zero (the focal band,
 * the ground in front) or the subject covers it, the pixel is not touched at all.
 */
export function applyDepthOfField(input: DepthOfFieldInput): void {
  const { pixels, width, height, low, depth, focus, cover } = input;
  const strength = clamp(input.strength, 0, 1);
  if (strength === 0) return;
  const radius = (strength * MAX_RADIUS * width) / LOW_RES;
  if (radius < 0.75) return;
  const lowWidth = low[0].width;
  const lowHeight = low[0].height;
  const copies = [clonePlane(low[0]), clonePlane(low[1]), clonePlane(low[2])] as const;
  // Two box passes (a tent) look as soft as three once blended by depth, at two thirds of the cost.
  boxBlur3(copies, Math.max(1, Math.round(radius / 1.4)), 2);
  const blurred = [copies[0].data, copies[1].data, copies[2].data] as const;
  const tx = upsampleTaps(width, lowWidth, LOW_RES);
  const ty = upsampleTaps(height, lowHeight, LOW_RES);
  const txW = Int32Array.from(tx.w, (w) => Math.round(w * TAP_ONE));
  const sameSize = depth !== undefined && depth.width === width && depth.height === height;
  const depthCols = depth && !sameSize ? Int32Array.from({ length: width }, (_, x) => Math.min(depth.width - 1, Math.floor((x * depth.width) / width))) : null;
  const scale = MIX_ONE / RAMP_DEPTH;
  const setup: DofSetup = { pixels, width, lowWidth, blurred, tx, txW, depth, depthCols, scale, offset: (focus + FOCUS_BAND) * scale };
  const kernels = pixelKernels();
  const rows = kernels ? kernelRows(kernels, setup) : typeScriptRows(setup);
  let mixOf = -1;
  let mixAny = false;
  for (let y = 0; y < height; y++) {
    // Blend weights for the row (0..256), then the subject's opaque pixels taken out.
    if (depth) {
      const depthRow = sameSize ? y * width : Math.min(depth.height - 1, Math.floor((y * depth.height) / height)) * depth.width;
      // A coarser depth plane serves several canvas rows in a row: work its weights out once.
      if (depthRow !== mixOf) {
        mixAny = rows.weigh(depthRow);
        mixOf = depthRow;
      }
      if (!mixAny) continue;
      rows.useWeights();
    } else {
      rows.mix.fill(MIX_ONE);
    }
    if (cover) coverRow(cover.layer, y - cover.y, cover.x, rows.mix, width, cover.runs);
    rows.blend(y, ty.i0[y], ty.i1[y], Math.round(ty.w[y] * TAP_ONE));
  }
}

/** What the full-size pass works from: the blurred planes (linear light), the taps, and the depth weighting. */
interface DofSetup {
  pixels: Uint8Array;
  width: number;
  lowWidth: number;
  blurred: readonly [Float32Array, Float32Array, Float32Array];
  tx: Taps;
  txW: Int32Array;
  depth?: Plane;
  /** Depth column per canvas column when the depth plane is coarser; null when it is the canvas's size. */
  depthCols: Int32Array | null;
  scale: number;
  offset: number;
}

/** The full-size pass, row by row: TypeScript loops or the kernels. */
interface DofRows {
  /** The current row's blend weights (0..MIX_ONE, canvas width); compose zeroes the subject's opaque pixels in it. */
  mix: Int32Array;
  /** Works out the weights of the depth row starting at `start` (kept until the next call); false when none blurs. */
  weigh(start: number): boolean;
  /** Those weights into `mix`. */
  useWeights(): void;
  /** Blends canvas row `y` with the blurred low rows `top` and `bottom`, `wy` sixteenths of the way to `bottom`, by `mix`. */
  blend(y: number, top: number, bottom: number, wy: number): void;
}

/**
 * The blurred planes back to sRGB code values once, at low resolution, so the full-size loop is integer
 * arithmetic; red and blue share one 32-bit word (16 bits each), so one multiply lerps both.
 */
function packSrgb([pr, pg, pb]: readonly [Float32Array, Float32Array, Float32Array]): [Uint32Array, Uint32Array] {
  const rb = new Uint32Array(pr.length);
  const g = new Uint32Array(pr.length);
  for (let j = 0; j < rb.length; j++) {
    rb[j] = toSrgb8(pr[j]) | (toSrgb8(pb[j]) << 16);
    g[j] = toSrgb8(pg[j]);
  }
  return [rb, g];
}

function typeScriptRows(setup: DofSetup): DofRows {
  const { pixels, width, lowWidth, tx, txW, depth, depthCols, scale, offset } = setup;
  const planes = packSrgb(setup.blurred);
  const words = new Uint32Array(pixels.buffer, pixels.byteOffset, pixels.length >> 2);
  const rows = [0, 1].map(() => planes.map(() => new Uint32Array(width)));
  const slot = twoRowSlots((j, into) => {
    for (let c = 0; c < planes.length; c++) widen(planes[c], j * lowWidth, rows[into][c], tx.i0, tx.i1, txW);
  });
  const mix = new Int32Array(width);
  const rowMix = new Int32Array(width);
  return {
    mix,
    weigh: (start) => mixRow(depth!.data, start, depthCols, scale, offset, rowMix, width),
    useWeights: () => mix.set(rowMix),
    blend: (y, top, bottom, wy) => blendRow(words, y * width, width, mix, rows[slot(top, bottom)], rows[slot(bottom, top)], wy),
  };
}

/**
 * The same by the `pack_srgb`, `dof_mix`, `widen_row` and `dof_blend` kernels: the blurred planes and the taps
 * are copied in once and packed there, each depth row goes in once, and each canvas row in and out.
 */
function kernelRows(k: PixelKernels, setup: DofSetup): DofRows {
  const { pixels, width, lowWidth, blurred, tx, txW, depth, depthCols, scale, offset } = setup;
  const n = blurred[0].length;
  const row = width * 4 + 16;
  const at = kernelRegions({
    pr: n * 4, pg: n * 4, pb: n * 4, rb: n * 4, g: n * 4, table: TO_SRGB.length,
    i0: row, i1: row, w: row, cols: row, depth: depth ? depth.width * 4 : 0,
    rows: 4 * align16(row), rowMix: row, mix: row, canvas: row,
  });
  const mem = k.memory(at.end);
  mem.f32.set(blurred[0], at.pr >> 2);
  mem.f32.set(blurred[1], at.pg >> 2);
  mem.f32.set(blurred[2], at.pb >> 2);
  mem.u8.set(TO_SRGB, at.table);
  k.packSrgb(at.pr, at.pg, at.pb, n, at.table, at.rb, at.g);
  mem.i32.set(tx.i0, at.i0 >> 2);
  mem.i32.set(tx.i1, at.i1 >> 2);
  mem.i32.set(txW, at.w >> 2);
  if (depthCols) mem.i32.set(depthCols, at.cols >> 2);
  else for (let x = 0; x < width; x++) mem.i32[(at.cols >> 2) + x] = x;
  const rowAt = (slot: number, plane: number) => at.rows + (2 * slot + plane) * align16(row);
  const slot = twoRowSlots((j, into) => {
    k.widenRow(at.rb + j * lowWidth * 4, rowAt(into, 0), width, at.i0, at.i1, at.w);
    k.widenRow(at.g + j * lowWidth * 4, rowAt(into, 1), width, at.i0, at.i1, at.w);
  });
  const mix = mem.i32.subarray(at.mix >> 2, (at.mix >> 2) + width);
  return {
    mix,
    weigh: (start) => {
      mem.f32.set(depth!.data.subarray(start, start + depth!.width), at.depth >> 2);
      return k.dofMix(at.depth, at.cols, width, scale, offset, at.rowMix) !== 0;
    },
    useWeights: () => mem.i32.copyWithin(at.mix >> 2, at.rowMix >> 2, (at.rowMix >> 2) + width),
    blend: (y, top, bottom, wy) => {
      const t = slot(top, bottom);
      const b = slot(bottom, top);
      const oi = y * width * 4;
      mem.u8.set(pixels.subarray(oi, oi + width * 4), at.canvas);
      k.dofBlend(at.canvas, width, at.mix, rowAt(t, 0), rowAt(t, 1), rowAt(b, 0), rowAt(b, 1), wy);
      pixels.set(mem.u8.subarray(at.canvas, at.canvas + width * 4), oi);
    },
  };
}

/** Writes the row's blend weights (0..MIX_ONE) from depth; false when no pixel of it needs blurring. */
function mixRow(depth: Float32Array, start: number, cols: Int32Array | null, scale: number, offset: number, mix: Int32Array, width: number): boolean {
  let any = false;
  for (let x = 0; x < width; x++) {
    const k = (depth[start + (cols === null ? x : cols[x])] * scale - offset) | 0;
    if (k <= MIX_SKIP) {
      mix[x] = 0;
    } else {
      mix[x] = k > MIX_ONE ? MIX_ONE : k;
      any = true;
    }
  }
  return any;
}

/** Zeroes the blend weight under the subject's fully opaque pixels (compose paints them over). */
function coverRow(layer: RgbaImage, ly: number, x0: number, mix: Int32Array, width: number, runs?: Int32Array): void {
  if (ly < 0 || ly >= layer.height) return;
  const data = layer.data;
  const base = ly * layer.width - x0;
  const from = Math.max(0, x0);
  const to = Math.min(width, x0 + layer.width);
  // The row's longest opaque run (when known) is zeroed without reading alpha; the rest is checked.
  const a = runs ? Math.min(to, Math.max(from, x0 + runs[2 * ly])) : to;
  const b = runs ? Math.min(to, Math.max(a, x0 + runs[2 * ly + 1])) : to;
  for (let x = from; x < a; x++) if (data[(base + x) * 4 + 3] === 255) mix[x] = 0;
  mix.fill(0, a, b);
  for (let x = b; x < to; x++) if (data[(base + x) * 4 + 3] === 255) mix[x] = 0;
}

/**
 * One canvas row: lerps the two widened blurred rows (×16 each, so ×256 after the vertical lerp; red and
 * blue in the low and high 16 bits of one word) and blends them over the sharp pixels by `mix` (×256),
 * all in integers.
 */
function blendRow(words: Uint32Array, start: number, width: number, mix: Int32Array, top: Uint32Array[], bottom: Uint32Array[], wy: number): void {
  const [trb, tg] = top;
  const [brb, bg] = bottom;
  const wt = TAP_ONE - wy;
  for (let x = 0; x < width; x++) {
    const k = mix[x];
    if (k === 0) continue;
    // Each 16-bit lane stays below 65536 (255·16·16), so the lanes never carry into each other.
    const rb = (Math.imul(trb[x], wt) + Math.imul(brb[x], wy)) >>> 0;
    const g = tg[x] * wt + bg[x] * wy;
    const i = start + x;
    if (k === MIX_ONE) {
      // Rounded and shifted in place: red lands in bits 0–7 and blue in 16–23, as in the canvas word.
      words[i] = (words[i] & 0xff000000) | (((rb + 0x00800080) >>> 8) & 0x00ff00ff) | ((g + 128) & 0xff00);
      continue;
    }
    const word = words[i];
    const keep = MIX_ONE - k;
    // ×65536 fixed point: sharp·256·(256 − k) + blurred·k, rounded.
    const r1 = ((word & 255) * MIX_ONE * keep + (rb & 0xffff) * k + 32768) >> 16;
    const g1 = (((word >>> 8) & 255) * MIX_ONE * keep + g * k + 32768) >> 16;
    const b1 = (((word >>> 16) & 255) * MIX_ONE * keep + (rb >>> 16) * k + 32768) >> 16;
    words[i] = (word & 0xff000000) | (b1 << 16) | (g1 << 8) | r1;
  }
}

/** Widens one low row; works on packed lanes too, since both weights are non-negative. */
function widen(plane: Uint32Array, base: number, out: Uint32Array, i0: Int32Array, i1: Int32Array, w: Int32Array): void {
  for (let x = 0; x < out.length; x++) {
    const wx = w[x];
    out[x] = (Math.imul(plane[base + i0[x]], TAP_ONE - wx) + Math.imul(plane[base + i1[x]], wx)) >>> 0;
  }
}
