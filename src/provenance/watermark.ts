import type { RgbaImage } from '../image/types.js';
import { detectPattern, type WatermarkDetection } from './watermark-detect.js';
import { embedPattern, type EmbedOptions } from './watermark-embed.js';
import { WATERMARK_PAYLOAD_BYTES } from './watermark-payload.js';

/**
 * scenic's invisible watermark: 64 payload bits, BCH(127,64)-protected, spread over a tiled pattern in
 * luma whose grid follows the image's width (so resizing is free) and whose tiles are re-synchronised by a
 * pilot after crops. Pure: no fs, no sharp. See watermark-embed.ts and watermark-detect.ts for how.
 */

export { WATERMARK_PAYLOAD_BYTES, describeWatermarkPayload, makeWatermarkPayload } from './watermark-payload.js';
export type { WatermarkDetection } from './watermark-detect.js';

/**
 * Returns a copy of `image` carrying `payload` (8 bytes) invisibly; alpha is unchanged.
 * `strength` (default 1) scales the pattern; the PSNR is kept ≥ 42.5 dB whatever the strength.
 * `inPlace: true` marks `image`'s own pixels and returns it (no 8 MB copy for a story nobody else holds).
 *
 * @example const marked = embedWatermark(image, makeWatermarkPayload(editId));
 */
export function embedWatermark(image: RgbaImage, payload: Uint8Array, options: EmbedOptions = {}): RgbaImage {
  if (payload.length !== WATERMARK_PAYLOAD_BYTES) {
    throw new RangeError(`Expected ${WATERMARK_PAYLOAD_BYTES} bytes for watermark payload but received ${payload.length}`);
  }
  return embedPattern(image, payload, options);
}

/**
 * Looks for scenic's watermark, tolerating resize, crop, JPEG/WebP, brightness changes and noise.
 * `found` is true only when the pilot is located, the BCH code decodes and the payload has scenic's header;
 * `falsePositiveRate` is the chance an unmarked image gives evidence this strong.
 *
 * @example detectWatermark(decoded).found
 */
export function detectWatermark(image: RgbaImage): WatermarkDetection {
  const { codeBits: _codeBits, period: _period, ...detection } = detectPattern(image);
  return detection;
}
