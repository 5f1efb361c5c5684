import type { RgbaImage } from '../image/types.js';

/**
 * A minimal Windows BMP decoder (uncompressed 8-bit paletted, 24-bit and 32-bit), because the GrabCut data set
 * ships its photos and masks as BMP and sharp/libvips cannot read BMP. Pure: bytes in, RGBA out.
 */
export function decodeBmp(bytes: Uint8Array): RgbaImage {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length < 54 || bytes[0] !== 0x42 || bytes[1] !== 0x4d) throw new RangeError('decodeBmp: expected a BMP file (BM header)');
  const dataOffset = view.getUint32(10, true);
  const headerSize = view.getUint32(14, true);
  const width = view.getInt32(18, true);
  const rawHeight = view.getInt32(22, true);
  const bits = view.getUint16(28, true);
  const compression = view.getUint32(30, true);
  if (compression !== 0 && !(compression === 3 && bits === 32)) throw new RangeError(`decodeBmp: compression ${compression} is not supported`);
  if (bits !== 8 && bits !== 24 && bits !== 32) throw new RangeError(`decodeBmp: ${bits}-bit BMP is not supported`);
  const height = Math.abs(rawHeight);
  const bottomUp = rawHeight > 0;
  const stride = Math.ceil((width * bits) / 32) * 4;
  let palette: Uint8Array | null = null;
  if (bits === 8) {
    const colours = view.getUint32(46, true) || 256;
    palette = bytes.subarray(14 + headerSize, 14 + headerSize + colours * 4);
  }
  const out = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++) {
    const src = dataOffset + (bottomUp ? height - 1 - y : y) * stride;
    for (let x = 0; x < width; x++) {
      const o = (y * width + x) * 4;
      if (palette) {
        const p = bytes[src + x] * 4;
        out[o] = palette[p + 2];
        out[o + 1] = palette[p + 1];
        out[o + 2] = palette[p];
      } else {
        const s = src + x * (bits / 8);
        out[o] = bytes[s + 2];
        out[o + 1] = bytes[s + 1];
        out[o + 2] = bytes[s];
      }
      out[o + 3] = 255;
    }
  }
  return { data: out, width, height };
}
