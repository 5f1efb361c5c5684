import { SRGB_TO_LINEAR, linearToSrgb8 } from '../image/color.js';
import type { Rect, RgbaImage } from '../image/types.js';

/**
 * Test scenes for harmonizing composites: a smooth photo whose surfaces continue across a mask's edge (as
 * in the photo a subject was cut from), a rectangular mask, and a change of light on the masked part.
 */

export function continuousPhoto(width: number, height: number): RgbaImage {
  const data = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const o = (y * width + x) * 4;
      data.set([70 + Math.round(x * 0.8 + 50 * Math.sin(y / 14)), 60 + Math.round(y * 0.8 + 40 * Math.cos(x / 13)), 110 + Math.round(60 * Math.sin((x + y) / 15)), 255], o);
    }
  }
  return { data, width, height };
}

/** One byte per pixel: 255 inside `rect`, 0 elsewhere. */
export function rectMask(width: number, height: number, rect: Rect): Uint8Array {
  const mask = new Uint8Array(width * height);
  for (let y = rect.y; y < rect.y + rect.height; y++) for (let x = rect.x; x < rect.x + rect.width; x++) mask[y * width + x] = 255;
  return mask;
}

/** `log out = a_c + C·log in` in linear light, on the mask only (the change the boundary estimate models). */
export function lightChange(image: RgbaImage, mask: Uint8Array, a: [number, number, number], C: number): RgbaImage {
  const out = new Uint8Array(image.data);
  for (let i = 0; i < mask.length; i++) {
    if (!mask[i]) continue;
    for (let c = 0; c < 3; c++) out[i * 4 + c] = linearToSrgb8(Math.exp(a[c] + C * Math.log(SRGB_TO_LINEAR[out[i * 4 + c]] + 0.002)) - 0.002);
  }
  return { data: out, width: image.width, height: image.height };
}
