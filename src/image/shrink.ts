import type { RgbaImage } from './types.js';

/**
 * Shrinks an RGBA image by a whole `factor`, each output pixel the mean of a `factor`×`factor` block (the
 * blocks on the right and bottom edges may be smaller). A cheap, alias-free first step before an exact
 * resize: a 1080×1920 story becomes its 360×640 thumbnail at factor 3 reading each pixel once.
 *
 * @example shrinkRgba(story, 3) // 1080×1920 → 360×640
 */
export function shrinkRgba(image: RgbaImage, factor: number): RgbaImage {
  if (!Number.isInteger(factor) || factor < 1) throw new RangeError(`shrinkRgba: expected a whole factor ≥ 1, got ${factor}`);
  const { data, width, height } = image;
  if (factor === 1) return { data: new Uint8Array(data), width, height };
  const ow = Math.ceil(width / factor);
  const oh = Math.ceil(height / factor);
  const out = new Uint8Array(ow * oh * 4);
  const sums = new Uint32Array(ow * 4);
  for (let oy = 0; oy < oh; oy++) {
    sums.fill(0);
    const y0 = oy * factor;
    const y1 = Math.min(height, y0 + factor);
    for (let y = y0; y < y1; y++) {
      let p = y * width * 4;
      for (let ox = 0, x = 0; ox < ow; ox++) {
        const s = ox * 4;
        for (const end = Math.min(width, x + factor); x < end; x++, p += 4) {
          sums[s] += data[p];
          sums[s + 1] += data[p + 1];
          sums[s + 2] += data[p + 2];
          sums[s + 3] += data[p + 3];
        }
      }
    }
    let o = oy * ow * 4;
    const rows = y1 - y0;
    for (let ox = 0; ox < ow; ox++, o += 4) {
      const n = rows * (Math.min(width, (ox + 1) * factor) - ox * factor);
      const half = n >> 1;
      const s = ox * 4;
      out[o] = ((sums[s] + half) / n) | 0;
      out[o + 1] = ((sums[s + 1] + half) / n) | 0;
      out[o + 2] = ((sums[s + 2] + half) / n) | 0;
      out[o + 3] = ((sums[s + 3] + half) / n) | 0;
    }
  }
  return { data: out, width: ow, height: oh };
}
