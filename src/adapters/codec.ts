import sharp, { type Metadata } from 'sharp';
import { ScenicError } from '../errors.js';
import type { RgbaImage } from '../image/types.js';
import { shrinkRgba } from '../image/shrink.js';

export interface DecodeLimits {
  /** Largest photo in pixels (width × height). Default 50 MP. */
  maxPixels?: number;
  /** Largest photo file in bytes. Default 50 MB. */
  maxBytes?: number;
}

export const DEFAULT_LIMITS: Required<DecodeLimits> = { maxPixels: 50_000_000, maxBytes: 50 * 1024 * 1024 };

export interface DecodedPhoto {
  /** Upright (EXIF orientation applied), 8-bit sRGB, always 4 channels. No metadata survives decoding. */
  image: RgbaImage;
  format: string;
  /** True when the file had an alpha channel; its alpha is kept in `image`. */
  hasAlpha: boolean;
}

const READABLE = new Set(['jpeg', 'png', 'webp', 'gif', 'tiff', 'heif', 'avif']);

/**
 * Decodes photo bytes with sharp: EXIF orientation applied, converted to sRGB (grey, CMYK and 16-bit
 * inputs included), limited in bytes and pixels. GPS, camera and other metadata are dropped because only
 * raw pixels come out.
 */
export async function decodePhoto(bytes: Uint8Array, limits: DecodeLimits = {}): Promise<DecodedPhoto> {
  const { maxPixels, maxBytes } = { ...DEFAULT_LIMITS, ...limits };
  if (bytes.length === 0) throw new ScenicError('EMPTY_PHOTO', 'Expected an image file but received 0 bytes');
  if (bytes.length > maxBytes) {
    throw new ScenicError('PHOTO_TOO_BIG', `Expected a photo of at most ${formatBytes(maxBytes)} but received ${formatBytes(bytes.length)}`);
  }
  const meta = await readMetadata(bytes);
  const format = meta.format ?? 'unknown';
  if (!READABLE.has(format)) {
    throw new ScenicError('UNSUPPORTED_FORMAT', `Expected a JPEG, PNG, WebP, GIF, TIFF, HEIF or AVIF photo but received ${format.toUpperCase()} data`);
  }
  const width = meta.width ?? 0;
  const height = meta.height ?? 0;
  if (width * height > maxPixels) {
    throw new ScenicError('PHOTO_TOO_LARGE', `Expected a photo of at most ${(maxPixels / 1e6).toFixed(0)} MP but received ${width}×${height} (${((width * height) / 1e6).toFixed(1)} MP)`);
  }
  try {
    const { data, info } = await sharp(bytes, { failOn: 'truncated', limitInputPixels: maxPixels, pages: 1 })
      .autoOrient()
      .toColourspace('srgb')
      .ensureAlpha()
      .raw()
      .toBuffer({ resolveWithObject: true });
    return {
      image: { data: new Uint8Array(data.buffer, data.byteOffset, data.length), width: info.width, height: info.height },
      format,
      hasAlpha: meta.hasAlpha === true,
    };
  } catch (error) {
    throw new ScenicError('CORRUPT_PHOTO', `Expected a complete ${format.toUpperCase()} photo but it could not be decoded (${firstLine(error)})`, { cause: error });
  }
}

async function readMetadata(bytes: Uint8Array): Promise<Metadata> {
  try {
    return await sharp(bytes, { failOn: 'truncated', limitInputPixels: false }).metadata();
  } catch (error) {
    const message = firstLine(error);
    if (/unsupported image format/i.test(message)) {
      throw new ScenicError('UNSUPPORTED_FORMAT', 'Expected a JPEG, PNG, WebP, GIF, TIFF, HEIF or AVIF photo but the bytes are not an image', { cause: error });
    }
    throw new ScenicError('CORRUPT_PHOTO', `Expected a complete photo but its header is damaged (${message})`, { cause: error });
  }
}

export type OutputFormat = 'jpeg' | 'webp' | 'png';

export interface EncodeOptions {
  format: OutputFormat;
  /** 1–100, for JPEG and WebP. Default 90. */
  quality?: number;
  /** An XMP packet to embed (written before any C2PA signing). */
  xmp?: string;
}

/** Encodes an RGBA image; JPEG drops alpha. Only the XMP given is written: no EXIF, no GPS. */
export async function encodeImage(image: RgbaImage, options: EncodeOptions): Promise<Buffer> {
  const quality = options.quality ?? 90;
  let pipeline = sharp(image.data, { raw: { width: image.width, height: image.height, channels: 4 } });
  switch (options.format) {
    case 'jpeg':
      // Huffman tables are not optimised: that second pass costs ~25 ms of a 1080×1920 story's ~40 ms encode
      // for about 5% smaller files, and every re-prompt pays it.
      pipeline = pipeline.removeAlpha().jpeg({ quality, chromaSubsampling: quality >= 90 ? '4:4:4' : '4:2:0', optimiseCoding: false });
      break;
    case 'webp':
      pipeline = pipeline.webp({ quality, effort: 2 });
      break;
    case 'png':
      pipeline = pipeline.png({ compressionLevel: 6 });
      break;
    default:
      throw new ScenicError('UNSUPPORTED_OUTPUT', `Expected jpeg, webp or png for format but received ${JSON.stringify(options.format)}`);
  }
  if (options.xmp) pipeline = pipeline.withXmp(options.xmp);
  return pipeline.toBuffer();
}

/**
 * A `width`-pixel-wide JPEG thumbnail (quality 80) of an RGBA image, with the same XMP. Shrinks by a whole
 * factor in JavaScript first (a 1080-wide story to exactly 360, averaging 2 × 2 pixels of each 3 × 3 block)
 * so libvips resizes, if at all, a small image: cheaper than decoding the finished file again.
 *
 * @example await encodeThumbnail(story, 360, xmp)
 */
export async function encodeThumbnail(image: RgbaImage, width: number, xmp?: string): Promise<Buffer> {
  // 2 × 2 samples per block: a third of the reads of a 3 × 3 box at a story's factor of 3, looks the same at 360 px.
  const factor = Math.max(1, Math.floor(image.width / width));
  const small = shrinkRgba(image, factor, Math.min(factor, 2));
  let pipeline = sharp(small.data, { raw: { width: small.width, height: small.height, channels: 4 } }).removeAlpha();
  if (small.width !== width) pipeline = pipeline.resize({ width });
  pipeline = pipeline.jpeg({ quality: 80 });
  if (xmp) pipeline = pipeline.withXmp(xmp);
  return pipeline.toBuffer();
}

/** Resizes an RGBA image with sharp (Lanczos, premultiplied by libvips), e.g. to prepare model input. */
export async function resizeRgba(image: RgbaImage, width: number, height: number): Promise<RgbaImage> {
  const data = await sharp(image.data, { raw: { width: image.width, height: image.height, channels: 4 } })
    .resize(width, height, { fit: 'fill', kernel: 'lanczos3' })
    .raw()
    .toBuffer();
  return { data: new Uint8Array(data.buffer, data.byteOffset, data.length), width, height };
}

function firstLine(error: unknown): string {
  return String(error instanceof Error ? error.message : error).split('\n')[0];
}

function formatBytes(n: number): string {
  return n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(1)} MB` : `${n} bytes`;
}

/** Cuts `rect` out of an RGBA image and resizes it to `width`×`height` with sharp. */
export async function cropResizeRgba(image: RgbaImage, rect: { x: number; y: number; width: number; height: number }, width: number, height: number): Promise<RgbaImage> {
  const data = await sharp(image.data, { raw: { width: image.width, height: image.height, channels: 4 } })
    .extract({ left: rect.x, top: rect.y, width: rect.width, height: rect.height })
    .resize(width, height, { fit: 'fill', kernel: 'lanczos3' })
    .raw()
    .toBuffer();
  return { data: new Uint8Array(data.buffer, data.byteOffset, data.length), width, height };
}
