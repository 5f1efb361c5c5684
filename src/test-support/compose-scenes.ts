import type { Plane, RgbaImage } from '../image/types.js';
import { createRandom } from '../image/random.js';
import type { Placement } from '../compose/layout.js';

/**
 * Tiny hand-made scenes for compose tests (test support only; not built): a
 * two-tone background with sky above a horizon, and a rectangular subject with a soft-edged matte.
 */

export function solidImage(width: number, height: number, rgb: readonly [number, number, number], alpha = 255): RgbaImage {
  const data = new Uint8Array(width * height * 4);
  for (let i = 0; i < width * height; i++) data.set([rgb[0], rgb[1], rgb[2], alpha], i * 4);
  return { data, width, height };
}

/** Sky colour above `horizon` (a fraction of the height), ground below, with optional seeded noise. */
export function skyAndGround(width: number, height: number, options: { sky?: [number, number, number]; ground?: [number, number, number]; horizon?: number; noise?: number; seed?: number } = {}): { image: RgbaImage; depth: Plane } {
  const sky = options.sky ?? [120, 160, 220];
  const ground = options.ground ?? [110, 100, 80];
  const horizonY = Math.round(height * (options.horizon ?? 0.5));
  const rand = createRandom(options.seed ?? 1);
  const image = solidImage(width, height, sky);
  const depth = new Float32Array(width * height).fill(1);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      const base = y < horizonY ? sky : ground;
      for (let c = 0; c < 3; c++) {
        const n = options.noise ? (rand() + rand() + rand() - 1.5) * 2 * options.noise : 0;
        image.data[i * 4 + c] = Math.max(0, Math.min(255, Math.round(base[c] + n)));
      }
      // Sky is far (1); ground comes nearer towards the bottom of the frame.
      if (y >= horizonY) depth[i] = 0.6 * (1 - (y - horizonY) / Math.max(1, height - horizonY));
    }
  }
  return { image, depth: { data: depth, width, height } };
}

/**
 * A `w`×`h` subject of one colour (or a horizontal ramp from `rgb` to `rgb2`) whose matte is opaque
 * inside and fades over `soft` pixels at the edges, placed at (x, y).
 */
export function boxSubject(w: number, h: number, x: number, y: number, rgb: [number, number, number], options: { soft?: number; cutBottom?: boolean; rgb2?: [number, number, number] } = {}): { layer: RgbaImage; placement: Placement } {
  const soft = options.soft ?? 2;
  const layer = solidImage(w, h, rgb);
  for (let yy = 0; yy < h; yy++) {
    for (let xx = 0; xx < w; xx++) {
      const o = (yy * w + xx) * 4;
      if (options.rgb2) {
        const t = xx / Math.max(1, w - 1);
        for (let c = 0; c < 3; c++) layer.data[o + c] = Math.round(rgb[c] + (options.rgb2[c] - rgb[c]) * t);
      }
      const edge = Math.min(xx + 1, w - xx, yy + 1, options.cutBottom ? Infinity : h - yy);
      layer.data[o + 3] = edge > soft ? 255 : Math.round((255 * edge) / (soft + 1));
    }
  }
  const placement: Placement = {
    source: { x: 0, y: 0, width: w, height: h },
    target: { x, y, width: w, height: h },
    scale: 1,
    cut: { top: false, bottom: Boolean(options.cutBottom), left: false, right: false },
  };
  return { layer, placement };
}

/** Mean absolute difference per channel between two images' RGB inside a rect (whole image by default). */
export function meanDiff(a: RgbaImage, b: RgbaImage, rect = { x: 0, y: 0, width: a.width, height: a.height }): number {
  let sum = 0;
  let n = 0;
  for (let y = rect.y; y < rect.y + rect.height; y++) {
    for (let x = rect.x; x < rect.x + rect.width; x++) {
      const o = (y * a.width + x) * 4;
      for (let c = 0; c < 3; c++) sum += Math.abs(a.data[o + c] - b.data[o + c]);
      n += 3;
    }
  }
  return n ? sum / n : 0;
}
