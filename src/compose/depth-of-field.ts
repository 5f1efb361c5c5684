import { clamp } from '../image/color.js';
import type { Plane, RgbaImage } from '../image/types.js';
import { boxBlur, clonePlane, createRowPairs, toSrgb8 } from './blur.js';

/** The whole-factor the background is blurred at: blurs are cheap at a quarter size and look the same. */
export const LOW_RES = 4;

/** Depth behind the focus plane that still looks sharp (the depth of field proper). */
const FOCUS_BAND = 0.08;

/** Blur radius at full resolution for strength 1, as a fraction of the canvas width. */
const MAX_RADIUS = 0.03;

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
  cover?: { layer: RgbaImage; x: number; y: number };
}

/**
 * A "portrait" look: blurs the background in proportion to its distance behind the subject's plane.
 * Strength 0 returns without touching a pixel. The blur is computed at 1/4 size in linear light, then
 * blended in per pixel by depth (in sRGB values: only the blend weight, not the blur, is in gamma space),
 * so cost does not grow with the radius.
 */
export function applyDepthOfField(input: DepthOfFieldInput): void {
  const { pixels, width, height, low, depth, focus, cover } = input;
  const strength = clamp(input.strength, 0, 1);
  if (strength === 0) return;
  const radius = (strength * MAX_RADIUS * width) / LOW_RES;
  if (radius < 0.75) return;
  const blurred = low.map((p) => {
    const c = clonePlane(p);
    // Two box passes (a tent) look as soft as three once blended by depth, at two thirds of the cost.
    boxBlur(c, Math.max(1, Math.round(radius / 1.4)), 2);
    // Back to sRGB code values once, at low resolution, so the full-size loop is plain arithmetic.
    for (let j = 0; j < c.data.length; j++) c.data[j] = toSrgb8(c.data[j]);
    return c.data;
  });
  const rows = createRowPairs(blurred, low[0].width, low[0].height, width, height, LOW_RES);
  // How far behind the focus plane a point must be to get the full blur (depth is 0..1).
  const ramp = 1 / 0.35;
  const sameSize = depth !== undefined && depth.width === width && depth.height === height;
  const depthCols = depth && !sameSize ? Int32Array.from({ length: width }, (_, x) => Math.min(depth.width - 1, Math.floor((x * depth.width) / width))) : null;
  // Whole-pixel reads and writes (little-endian RGBA in one 32-bit word) halve the memory traffic.
  const words = new Uint32Array(pixels.buffer, pixels.byteOffset, width * height);
  const coverData = cover?.layer.data;
  const coverWidth = cover?.layer.width ?? 0;
  for (let y = 0; y < height; y++) {
    const { top, bottom, w: wy } = rows(y);
    const [tr, tg, tb] = top;
    const [br, bg, bb] = bottom;
    const depthRow = depth ? (sameSize ? y * width : Math.min(depth.height - 1, Math.floor((y * depth.height) / height)) * depth.width) : 0;
    const cy = cover ? y - cover.y : -1;
    const coverRow = cover && cy >= 0 && cy < cover.layer.height ? cy * coverWidth : -1;
    const cx0 = cover ? cover.x : 0;
    const rowStart = y * width;
    for (let x = 0; x < width; x++) {
      let k = 1;
      if (depth) {
        const d = depth.data[depthRow + (depthCols ? depthCols[x] : x)];
        k = (d - focus - FOCUS_BAND) * ramp;
        if (k <= 0.02) continue;
        if (k > 1) k = 1;
      }
      if (coverRow >= 0) {
        const cx = x - cx0;
        if (cx >= 0 && cx < coverWidth && coverData![(coverRow + cx) * 4 + 3] === 255) continue;
      }
      const word = words[rowStart + x];
      const r0 = word & 255;
      const g0 = (word >>> 8) & 255;
      const b0 = (word >>> 16) & 255;
      const r = tr[x] + (br[x] - tr[x]) * wy;
      const g = tg[x] + (bg[x] - tg[x]) * wy;
      const b = tb[x] + (bb[x] - tb[x]) * wy;
      words[rowStart + x] = (word & 0xff000000) | (((b0 + (b - b0) * k + 0.5) | 0) << 16) | (((g0 + (g - g0) * k + 0.5) | 0) << 8) | ((r0 + (r - r0) * k + 0.5) | 0);
    }
  }
}
