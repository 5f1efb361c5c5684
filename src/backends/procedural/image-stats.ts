import { deltaE } from '../../image/color.js';
import type { Rgb, RgbaImage } from '../../image/types.js';

/** Mean sRGB colour of an image (alpha ignored). */
export function meanColour(img: RgbaImage): Rgb {
  let r = 0;
  let g = 0;
  let b = 0;
  const n = img.width * img.height;
  for (let i = 0; i < n; i++) {
    r += img.data[i * 4];
    g += img.data[i * 4 + 1];
    b += img.data[i * 4 + 2];
  }
  return [r / n, g / n, b / n];
}

/** Mean Rec.601 luma, 0..255. */
export function meanLuma(img: RgbaImage): number {
  const [r, g, b] = meanColour(img);
  return 0.299 * r + 0.587 * g + 0.114 * b;
}

/** How two same-sized images differ: mean absolute channel difference and the share of pixels changed by more than `threshold`. */
export function imageDifference(a: RgbaImage, b: RgbaImage, threshold = 24): { meanAbs: number; changed: number; maxAbs: number } {
  if (a.width !== b.width || a.height !== b.height) throw new RangeError('Expected images of the same size');
  let sum = 0;
  let changed = 0;
  let maxAbs = 0;
  const n = a.width * a.height;
  for (let i = 0; i < n; i++) {
    let m = 0;
    for (let ch = 0; ch < 3; ch++) {
      const d = Math.abs(a.data[i * 4 + ch] - b.data[i * 4 + ch]);
      sum += d;
      if (d > m) m = d;
    }
    if (m > threshold) changed++;
    if (m > maxAbs) maxAbs = m;
  }
  return { meanAbs: sum / (n * 3), changed: changed / n, maxAbs };
}

/** Mean CIE76 ΔE between two same-sized images (a perceptual tolerance for golden images). */
export function meanDeltaE(a: RgbaImage, b: RgbaImage): number {
  let sum = 0;
  const n = a.width * a.height;
  for (let i = 0; i < n; i++) {
    const o = i * 4;
    sum += deltaE([a.data[o], a.data[o + 1], a.data[o + 2]], [b.data[o], b.data[o + 1], b.data[o + 2]]);
  }
  return sum / n;
}

/** A human would call these images different: a clear mean change, or a clear change over 1 % of pixels. */
export function visiblyDifferent(a: RgbaImage, b: RgbaImage): boolean {
  const d = imageDifference(a, b);
  return d.meanAbs >= 1.5 || d.changed >= 0.01;
}
