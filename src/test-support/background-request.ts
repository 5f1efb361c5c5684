import sharp from 'sharp';
import type { BackgroundRequest } from '../backends/types.js';
import { createPlane, createRgba } from '../image/types.js';
import { parsePrompt } from '../scene/plan.js';

/**
 * A small story-shaped request (90×160) with a round orange "subject" in the lower middle, for backend tests.
 * The subject rect is canvas coordinates, as the editor passes it.
 */
export function smallRequest(prompt = 'on a red carpet in Cannes', width = 90, height = 160): BackgroundRequest {
  const image = createRgba(width, height);
  const matte = createPlane(width, height);
  const cx = width / 2;
  const cy = height * 0.65;
  const r = width * 0.3;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const inside = (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
      const i = y * width + x;
      matte.data[i] = inside ? 1 : 0;
      image.data.set(inside ? [255, 140, 0, 255] : [0, 0, 0, 0], i * 4);
    }
  }
  return { plan: parsePrompt(prompt), width, height, seed: 42, subject: { image, matte, rect: { x: Math.floor(cx - r), y: Math.floor(cy - r), width: Math.ceil(2 * r), height: Math.ceil(2 * r) } } };
}

/** A solid-colour PNG, as a provider would return. */
export function solidPng(width: number, height: number, rgb: [number, number, number] = [20, 120, 200]): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: { r: rgb[0], g: rgb[1], b: rgb[2] } } }).png().toBuffer();
}

/** Decodes a PNG to raw RGBA, to check what a client uploaded. */
export async function decodeRgba(bytes: Uint8Array | ArrayBuffer): Promise<{ data: Buffer; width: number; height: number }> {
  const { data, info } = await sharp(bytes instanceof ArrayBuffer ? new Uint8Array(bytes) : bytes).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}
