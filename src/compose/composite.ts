import { SRGB_TO_LINEAR, linearToSrgb8 } from '../image/color.js';
import type { RgbaImage } from '../image/types.js';

/**
 * Draws `layer` (straight alpha) over `base` at (`x`, `y`), blending in linear light so edges do not get
 * the dark fringe that blending sRGB code values gives. Returns a new image; the inputs are not changed.
 * Parts of the layer outside the base are clipped.
 */
export function compositeOver(base: RgbaImage, layer: RgbaImage, x: number, y: number): RgbaImage {
  const out = new Uint8Array(base.data);
  const bw = base.width;
  const x0 = Math.max(0, x);
  const y0 = Math.max(0, y);
  const x1 = Math.min(bw, x + layer.width);
  const y1 = Math.min(base.height, y + layer.height);
  const src = layer.data;
  for (let cy = y0; cy < y1; cy++) {
    const ly = cy - y;
    for (let cx = x0; cx < x1; cx++) {
      const li = (ly * layer.width + (cx - x)) * 4;
      const a8 = src[li + 3];
      if (a8 === 0) continue;
      const o = (cy * bw + cx) * 4;
      if (a8 === 255) {
        out[o] = src[li];
        out[o + 1] = src[li + 1];
        out[o + 2] = src[li + 2];
        out[o + 3] = 255;
        continue;
      }
      const a = a8 / 255;
      const ba = out[o + 3] / 255;
      const outA = a + ba * (1 - a);
      // Straight-alpha "over" in linear light; divide by the result's alpha to stay straight.
      for (let c = 0; c < 3; c++) {
        const f = SRGB_TO_LINEAR[src[li + c]];
        const b = SRGB_TO_LINEAR[out[o + c]];
        out[o + c] = linearToSrgb8((f * a + b * ba * (1 - a)) / outA);
      }
      out[o + 3] = Math.round(outA * 255);
    }
  }
  return { data: out, width: base.width, height: base.height };
}
