import { clamp } from '../../image/color.js';
import type { Rgb } from '../../image/types.js';
import { type Canvas, lerpRgb, noiseField } from './canvas.js';
import type { Look } from './lighting.js';
import type { Frame } from './sky.js';

/**
 * Water from the horizon down to `yEnd`: it mirrors what is already drawn above the horizon (sky, mountains,
 * skyline), broken up by ripples that grow towards the viewer, with the sun's glitter path on open water.
 */
export function paintWater(c: Canvas, look: Look, f: Frame, seed: number, variant: string | undefined, tint: Rgb | undefined, yEnd: number, span?: (y: number) => [number, number]): void {
  const { width, height, px, depth } = c;
  const h0 = Math.ceil(f.horizonY);
  const end = Math.min(height, Math.ceil(yEnd));
  const calm = variant === 'lake' || variant === 'river' || variant === 'lagoon';
  const body: Rgb = tint ? lerpRgb(look.water, tint, 0.6) : look.water;
  const n = noiseField(width, end - h0 > 0 ? end - h0 : 1, 6, 60, seed + 23, 3, 3);
  const sun = look.sun;
  const glitter = look.sunVisible || look.night ? 1 : 0.15;
  const foam: Rgb = lerpRgb([250, 252, 255], look.haze, 0.2);
  for (let y = h0; y < end; y++) {
    const t = (y - f.horizonY) / (height - f.horizonY);
    const ry = Math.max(0, Math.floor(2 * f.horizonY - y));
    const reflect = (calm ? 0.88 : 0.7) - t * (calm ? 0.35 : 0.45);
    const amp = c.unit * (calm ? 0.3 + t * 1.5 : 0.8 + t * 5);
    const colW = f.sunR * (1.3 + t * 6);
    // A river is water only between its banks; elsewhere the ground already drawn stays.
    const [xa, xb] = span ? span(y) : [0, width];
    const x0 = Math.max(0, Math.floor(xa));
    const x1 = Math.min(width, Math.ceil(xb));
    for (let x = x0, k = (y - h0) * width + x0; x < x1; x++, k++) {
      const v = n[k];
      const sx = clamp(Math.round(x + (v - 0.5) * amp * 4), 0, width - 1);
      const ro = (ry * width + sx) * 3;
      let r = body[0] + (px[ro] - body[0]) * reflect;
      let g = body[1] + (px[ro + 1] - body[1]) * reflect;
      let b = body[2] + (px[ro + 2] - body[2]) * reflect;
      // Glitter: ripples facing the sun, in a column that widens towards the viewer.
      const dx = (x - f.sunX) / colW;
      if (dx < 3 && dx > -3) {
        const g2 = Math.exp(-dx * dx) * clamp((v - (calm ? 0.58 : 0.52)) * 6, 0, 1) * glitter * (calm ? 0.6 : 1);
        r += (sun[0] - r) * g2;
        g += (sun[1] - g) * g2;
        b += (sun[2] - b) * g2;
      }
      if (variant === 'surf') {
        const wave = Math.sin(y / (c.unit * (0.8 + t * 5)) + v * 4);
        const fo = clamp((wave - 0.82) * 6, 0, 1) * t * 1.4;
        r += (foam[0] - r) * fo;
        g += (foam[1] - g) * fo;
        b += (foam[2] - b) * fo;
      }
      const shade = 1 + (v - 0.5) * (calm ? 0.1 : 0.25);
      const o = (y * width + x) * 3;
      px[o] = r * shade;
      px[o + 1] = g * shade;
      px[o + 2] = b * shade;
      depth[y * width + x] = 1 - 0.75 * t;
    }
  }
}
