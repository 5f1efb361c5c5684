import { clamp, linearToSrgb8, SRGB_TO_LINEAR } from '../image/color.js';
import type { Plane } from '../image/types.js';
import { boxBlur, clonePlane, upsampleTaps } from './blur.js';

/** The whole-factor the background is blurred at: blurs are cheap at a quarter size and look the same. */
export const LOW_RES = 4;

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
  /** Pixels the subject covers fully (alpha 255) need no blur: they are painted over. */
  covered?: (x: number, y: number) => boolean;
}

/**
 * A "portrait" look: blurs the background in proportion to its distance behind the subject's plane.
 * Strength 0 returns without touching a pixel. The blur is computed at 1/4 size and blended in per
 * pixel by depth, so cost does not grow with the radius.
 */
export function applyDepthOfField(input: DepthOfFieldInput): void {
  const { pixels, width, height, low, depth, focus } = input;
  const strength = clamp(input.strength, 0, 1);
  if (strength === 0) return;
  const radius = (strength * MAX_RADIUS * width) / LOW_RES;
  if (radius < 0.5) return;
  const blurred = low.map((p) => {
    const c = clonePlane(p);
    boxBlur(c, Math.max(1, radius / 1.7), 3);
    return c.data;
  });
  const lw = low[0].width;
  const tx = upsampleTaps(width, lw, LOW_RES);
  const ty = upsampleTaps(height, low[0].height, LOW_RES);
  // How far behind the focus plane a point must be to get the full blur (depth is 0..1).
  const ramp = 1 / 0.35;
  for (let y = 0; y < height; y++) {
    const r0 = ty.i0[y] * lw;
    const r1 = ty.i1[y] * lw;
    const wy = ty.w[y];
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      let k = 1;
      if (depth) {
        const d = depth.data[depth.width === width ? i : Math.min(depth.data.length - 1, ((y * depth.height / height) | 0) * depth.width + ((x * depth.width / width) | 0))];
        k = (d - focus) * ramp;
        if (k <= 0.02) continue;
        if (k > 1) k = 1;
      }
      if (input.covered?.(x, y)) continue;
      const a = tx.i0[x];
      const b = tx.i1[x];
      const wx = tx.w[x];
      const o = i * 4;
      for (let c = 0; c < 3; c++) {
        const p = blurred[c];
        const top = p[r0 + a] + (p[r0 + b] - p[r0 + a]) * wx;
        const bottom = p[r1 + a] + (p[r1 + b] - p[r1 + a]) * wx;
        const blur = top + (bottom - top) * wy;
        const sharp = SRGB_TO_LINEAR[pixels[o + c]];
        pixels[o + c] = linearToSrgb8(sharp + (blur - sharp) * k);
      }
    }
  }
}
