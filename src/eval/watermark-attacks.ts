import sharp, { type OutputInfo, type Sharp } from 'sharp';
import { createRandom } from '../image/random.js';
import type { RgbaImage } from '../image/types.js';

/**
 * The re-sharing attacks issue 6 asks the watermark to survive, as functions on RGBA images. Codec and
 * resize attacks go through sharp (what a real re-share does); crop, brightness and noise are pure.
 * `seed` varies crop offsets and noise per image, the same seed giving the same attack.
 */
export interface WatermarkAttack {
  name: string;
  apply(image: RgbaImage, seed: number): Promise<RgbaImage>;
}

export const WATERMARK_ATTACKS: readonly WatermarkAttack[] = [
  { name: 'none', apply: async (image) => image },
  { name: 'jpeg q50', apply: (image) => reencode(image, (s) => s.jpeg({ quality: 50 })) },
  { name: 'webp q75', apply: (image) => reencode(image, (s) => s.webp({ quality: 75 })) },
  { name: 'resize 0.5x', apply: (image) => resizeBy(image, 0.5) },
  { name: 'crop 20% (sides)', apply: async (image, seed) => cropArea(image, 0.8, 'both', seed) },
  { name: 'crop 20% (width)', apply: async (image, seed) => cropArea(image, 0.8, 'width', seed) },
  { name: 'crop 20% (height)', apply: async (image, seed) => cropArea(image, 0.8, 'height', seed) },
  { name: 'brightness +20%', apply: async (image) => scaleBrightness(image, 1.2) },
  { name: 'brightness -20%', apply: async (image) => scaleBrightness(image, 0.8) },
  { name: 'noise sigma 5', apply: async (image, seed) => addGaussianNoise(image, 5, seed) },
  { name: 'resize 0.5x + jpeg q50', apply: async (image) => reencode(await resizeBy(image, 0.5), (s) => s.jpeg({ quality: 50 })) },
];

/** Encodes with sharp as `configure` says, then decodes again to RGBA. */
export async function reencode(image: RgbaImage, configure: (pipeline: Sharp) => Sharp): Promise<RgbaImage> {
  const encoded = await configure(rawPipeline(image)).toBuffer();
  return decodeRaw(await sharp(encoded).ensureAlpha().raw().toBuffer({ resolveWithObject: true }));
}

/** Resizes by `factor` with sharp's default (Lanczos) kernel, as a re-sharing service would. */
export async function resizeBy(image: RgbaImage, factor: number): Promise<RgbaImage> {
  const width = Math.max(1, Math.round(image.width * factor));
  const height = Math.max(1, Math.round(image.height * factor));
  return decodeRaw(await rawPipeline(image).resize(width, height, { fit: 'fill' }).raw().toBuffer({ resolveWithObject: true }));
}

/**
 * Keeps `keep` of the area: 'both' trims each side by the same fraction, 'width'/'height' trim one axis.
 * The kept window sits at a seeded random position.
 */
export function cropArea(image: RgbaImage, keep: number, mode: 'both' | 'width' | 'height', seed: number): RgbaImage {
  const random = createRandom(seed);
  const fx = mode === 'height' ? 1 : mode === 'width' ? keep : Math.sqrt(keep);
  const fy = mode === 'width' ? 1 : mode === 'height' ? keep : Math.sqrt(keep);
  const width = Math.round(image.width * fx);
  const height = Math.round(image.height * fy);
  const x = Math.floor(random() * (image.width - width + 1));
  const y = Math.floor(random() * (image.height - height + 1));
  return cropRect(image, x, y, width, height);
}

export function cropRect(image: RgbaImage, x: number, y: number, width: number, height: number): RgbaImage {
  const data = new Uint8Array(width * height * 4);
  for (let row = 0; row < height; row++) {
    const start = ((y + row) * image.width + x) * 4;
    data.set(image.data.subarray(start, start + width * 4), row * width * 4);
  }
  return { data, width, height };
}

/** Multiplies R, G and B by `factor` (clipping at 255), like a brightness slider. */
export function scaleBrightness(image: RgbaImage, factor: number): RgbaImage {
  const data = new Uint8Array(image.data.length);
  for (let i = 0; i < data.length; i++) data[i] = (i & 3) === 3 ? image.data[i] : Math.min(255, Math.round(image.data[i] * factor));
  return { data, width: image.width, height: image.height };
}

/** Adds independent Gaussian noise of standard deviation `sigma` (levels) to each colour channel. */
export function addGaussianNoise(image: RgbaImage, sigma: number, seed: number): RgbaImage {
  const random = createRandom(seed);
  const data = new Uint8Array(image.data.length);
  for (let i = 0; i < data.length; i++) {
    if ((i & 3) === 3) {
      data[i] = image.data[i];
      continue;
    }
    // Box–Muller; 1 − random() keeps the logarithm finite.
    const gaussian = Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
    data[i] = Math.max(0, Math.min(255, Math.round(image.data[i] + gaussian * sigma)));
  }
  return { data, width: image.width, height: image.height };
}

/** Mirror image left to right (used to make unmarked look-alikes for false-positive counts). */
export function flipHorizontal(image: RgbaImage): RgbaImage {
  const { width, height } = image;
  const data = new Uint8Array(image.data.length);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const from = (y * width + x) * 4;
      const to = (y * width + (width - 1 - x)) * 4;
      data[to] = image.data[from];
      data[to + 1] = image.data[from + 1];
      data[to + 2] = image.data[from + 2];
      data[to + 3] = image.data[from + 3];
    }
  }
  return { data, width, height };
}

/** Peak signal-to-noise ratio over R, G and B, in dB (Infinity for identical images). */
export function psnr(a: RgbaImage, b: RgbaImage): number {
  let sum = 0;
  let n = 0;
  for (let i = 0; i < a.data.length; i += 4) {
    for (let c = 0; c < 3; c++) {
      const d = a.data[i + c] - b.data[i + c];
      sum += d * d;
      n++;
    }
  }
  return sum === 0 ? Infinity : 10 * Math.log10((255 * 255) / (sum / n));
}

function rawPipeline(image: RgbaImage): Sharp {
  return sharp(image.data, { raw: { width: image.width, height: image.height, channels: 4 } });
}

function decodeRaw({ data, info }: { data: Buffer; info: OutputInfo }): RgbaImage {
  return { data: new Uint8Array(data.buffer, data.byteOffset, data.length), width: info.width, height: info.height };
}
