import { clamp } from '../image/color.js';
import type { Plane, RgbaImage } from '../image/types.js';
import { boxBlur, clonePlane, createRowUpsampler, toSrgb8 } from './blur.js';

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
    boxBlur(c, Math.max(1, Math.round(radius / 1.7)), 3);
    // Back to sRGB code values once, at low resolution, so the full-size loop is plain arithmetic.
    for (let j = 0; j < c.data.length; j++) c.data[j] = toSrgb8(c.data[j]);
    return c.data;
  });
  const upsample = createRowUpsampler(blurred, low[0].width, low[0].height, width, height, LOW_RES);
  // How far behind the focus plane a point must be to get the full blur (depth is 0..1).
  const ramp = 1 / 0.35;
  const sameSize = depth !== undefined && depth.width === width && depth.height === height;
  const depthCols = depth && !sameSize ? Int32Array.from({ length: width }, (_, x) => Math.min(depth.width - 1, Math.floor((x * depth.width) / width))) : null;
  for (let y = 0; y < height; y++) {
    const [br, bg, bb] = upsample(y);
    const depthRow = depth ? (sameSize ? y * width : Math.min(depth.height - 1, Math.floor((y * depth.height) / height)) * depth.width) : 0;
    const cy = cover ? y - cover.y : -1;
    const coverRow = cover && cy >= 0 && cy < cover.layer.height ? cy * cover.layer.width : -1;
    for (let x = 0; x < width; x++) {
      let k = 1;
      if (depth) {
        const d = depth.data[depthRow + (depthCols ? depthCols[x] : x)];
        k = (d - focus - FOCUS_BAND) * ramp;
        if (k <= 0.02) continue;
        if (k > 1) k = 1;
      }
      if (coverRow >= 0) {
        const cx = x - cover!.x;
        if (cx >= 0 && cx < cover!.layer.width && cover!.layer.data[(coverRow + cx) * 4 + 3] === 255) continue;
      }
      const o = (y * width + x) * 4;
      pixels[o] = (pixels[o] + (br[x] - pixels[o]) * k + 0.5) | 0;
      pixels[o + 1] = (pixels[o + 1] + (bg[x] - pixels[o + 1]) * k + 0.5) | 0;
      pixels[o + 2] = (pixels[o + 2] + (bb[x] - pixels[o + 2]) * k + 0.5) | 0;
    }
  }
}
