import type { RgbaImage } from './types.js';

/**
 * Shrinks an RGBA image by a whole `factor`, each output pixel the mean of a `factor`×`factor` block (the
 * blocks on the right and bottom edges may be smaller). A cheap, alias-free first step before an exact
 * resize: a 1080×1920 story becomes its 360×640 thumbnail at factor 3 reading each pixel once.
 * `taps` < `factor` averages only `taps`×`taps` pixels of each block, starting ⌊(factor − taps)/2⌋ in: a
 * preview that reads fewer pixels (taps 2 at factor 3: 4 of 9) and is still low-passed.
 *
 * @example shrinkRgba(story, 3) // 1080×1920 → 360×640
 */
export function shrinkRgba(image: RgbaImage, factor: number, taps = factor): RgbaImage {
  if (!Number.isInteger(factor) || factor < 1 || factor > 257) throw new RangeError(`shrinkRgba: expected a whole factor from 1 to 257, got ${factor}`);
  if (!Number.isInteger(taps) || taps < 1 || taps > factor) throw new RangeError(`shrinkRgba: expected whole taps from 1 to the factor ${factor}, got ${taps}`);
  // Where a block's sampled pixels start inside it.
  const skip = (factor - taps) >> 1;
  const { data, width, height } = image;
  if (factor === 1) return { data: new Uint8Array(data), width, height };
  const ow = Math.ceil(width / factor);
  const oh = Math.ceil(height / factor);
  const out = new Uint8Array(ow * oh * 4);
  // Whole pixels as 32-bit words (R in the low byte), two channels summed per add in 16-bit lanes (R+B and
  // G+A); a block row of at most 257 pixels cannot carry out of a lane. One load per pixel.
  const src32 = new Int32Array(data.byteOffset & 3 ? data.slice().buffer : data.buffer, data.byteOffset & 3 ? 0 : data.byteOffset, width * height);
  let o = 0;
  for (let oy = 0; oy < oh; oy++) {
    const y0 = Math.min(height - 1, oy * factor + skip);
    const y1 = Math.min(height, y0 + taps);
    for (let ox = 0; ox < ow; ox++, o += 4) {
      const x0 = Math.min(width - 1, ox * factor + skip);
      const x1 = Math.min(width, x0 + taps);
      let r = 0;
      let g = 0;
      let b = 0;
      let a = 0;
      for (let y = y0; y < y1; y++) {
        let rb = 0;
        let ga = 0;
        for (let q = y * width + x0, end = y * width + x1; q < end; q++) {
          const px = src32[q];
          rb += px & 0xff00ff;
          ga += (px >>> 8) & 0xff00ff;
        }
        r += rb & 0xffff;
        b += rb >>> 16;
        g += ga & 0xffff;
        a += ga >>> 16;
      }
      const n = (y1 - y0) * (x1 - x0);
      const half = n >> 1;
      out[o] = ((r + half) / n) | 0;
      out[o + 1] = ((g + half) / n) | 0;
      out[o + 2] = ((b + half) / n) | 0;
      out[o + 3] = ((a + half) / n) | 0;
    }
  }
  return { data: out, width: ow, height: oh };
}
