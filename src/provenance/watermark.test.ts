import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { WATERMARK_ATTACKS, cropArea, cropRect, flipHorizontal, psnr } from '../eval/watermark-attacks.js';
import { createRandom, fbm } from '../image/random.js';
import type { RgbaImage } from '../image/types.js';
import { WATERMARK_PAYLOAD_BYTES, describeWatermarkPayload, detectWatermark, embedWatermark, makeWatermarkPayload } from './watermark.js';

// Half the story size in each direction: big enough for the scheme, small enough to keep the suite fast.
const WIDTH = 540;
const HEIGHT = 960;

async function examplePhoto(name: string, width = WIDTH, height = HEIGHT): Promise<RgbaImage> {
  const path = fileURLToPath(new URL(`../../examples/${name}`, import.meta.url));
  const { data, info } = await sharp(path).resize(width, height, { fit: 'cover' }).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  return { data: new Uint8Array(data.buffer, data.byteOffset, data.length), width: info.width, height: info.height };
}

const payload = makeWatermarkPayload('photo-sha256:seed-7:sunset beach');
let photo: RgbaImage;
let marked: RgbaImage;

beforeAll(async () => {
  photo = await examplePhoto('chelsea.png');
  marked = embedWatermark(photo, payload);
});

describe('watermark payload', () => {
  it('carries scenic magic, version 1 and a 48-bit tag that depends on the edit', () => {
    expect(payload.length).toBe(WATERMARK_PAYLOAD_BYTES);
    const described = describeWatermarkPayload(payload);
    expect(described.scenic).toBe(true);
    expect(described.version).toBe(1);
    expect(described.editTag).toMatch(/^[0-9a-f]{12}$/);
    expect(describeWatermarkPayload(makeWatermarkPayload('another edit')).editTag).not.toBe(described.editTag);
    expect(makeWatermarkPayload('photo-sha256:seed-7:sunset beach')).toEqual(payload);
  });

  it('says a foreign payload is not scenic', () => {
    expect(describeWatermarkPayload(new Uint8Array(8)).scenic).toBe(false);
    expect(describeWatermarkPayload(new Uint8Array(3))).toEqual({ scenic: false, version: 0, editTag: '' });
  });
});

describe('embedWatermark', () => {
  it('changes pixels by at most PSNR 42 dB and leaves alpha alone', () => {
    expect(psnr(photo, marked)).toBeGreaterThanOrEqual(42);
    let alphaChanged = 0;
    for (let i = 3; i < photo.data.length; i += 4) if (marked.data[i] !== photo.data[i]) alphaChanged++;
    expect(alphaChanged).toBe(0);
    expect(marked.data).not.toBe(photo.data);
  });

  it('keeps the PSNR at or above 42 dB even when asked for more strength', () => {
    expect(psnr(photo, embedWatermark(photo, payload, { strength: 5 }))).toBeGreaterThanOrEqual(42);
  });

  it('rejects a payload of the wrong length', () => {
    expect(() => embedWatermark(photo, new Uint8Array(4))).toThrow('Expected 8 bytes for watermark payload but received 4');
  });
});

describe('detectWatermark', () => {
  it('reads the exact payload back from an untouched image, with a tiny false-positive rate', () => {
    const detection = detectWatermark(marked);
    expect(detection.found).toBe(true);
    expect(detection.payload).toEqual(payload);
    expect(detection.falsePositiveRate).toBeLessThan(1e-12);
    expect(detection.confidence).toBeGreaterThan(0.999999);
    expect(detection.bitErrors).toBeLessThanOrEqual(3);
  });

  // Resizing to half and then JPEG at quality 50 leaves 2-pixel cells at this test size; that attack is
  // tested on a full 1080×1920 story, where it leaves 4-pixel cells.
  const combined = 'resize 0.5x + jpeg q50';
  it.each(WATERMARK_ATTACKS.filter((attack) => attack.name !== combined).map((attack) => [attack.name, attack] as const))(
    'survives %s',
    async (_name, attack) => {
      const attacked = await attack.apply(marked, 11);
      const detection = detectWatermark(attacked);
      expect(detection.found).toBe(true);
      expect(detection.payload).toEqual(payload);
    },
  );

  it(`survives ${combined} on a full-size story`, async () => {
    const story = embedWatermark(await examplePhoto('astronaut.png', 1080, 1920), payload);
    const attack = WATERMARK_ATTACKS.find((candidate) => candidate.name === combined);
    const detection = detectWatermark(await attack!.apply(story, 3));
    expect(detection.found).toBe(true);
    expect(detection.payload).toEqual(payload);
  });

  it('survives a crop from a corner and an enlargement', async () => {
    expect(detectWatermark(cropRect(marked, 0, 0, 480, 860)).payload).toEqual(payload);
    const bigger = await sharp(marked.data, { raw: { width: WIDTH, height: HEIGHT, channels: 4 } }).resize(810, 1440).raw().toBuffer();
    expect(detectWatermark({ data: new Uint8Array(bigger), width: 810, height: 1440 }).payload).toEqual(payload);
  });

  it('finds nothing in fine random texture (gravel), where the detector also tries its local-mean plane', () => {
    for (const seed of [1, 2]) {
      const texture = gravelImage(seed);
      for (const variant of [texture, cropArea(texture, 0.8, 'both', seed)]) expect(detectWatermark(variant).found).toBe(false);
    }
  });

  it('finds nothing in unmarked photos, their crops and their mirror images', async () => {
    const photos = [photo, await examplePhoto('astronaut.png'), await examplePhoto('coffee.png', 720, 1280)];
    for (const [index, image] of photos.entries()) {
      for (const variant of [image, flipHorizontal(image), cropArea(image, 0.7, 'both', index)]) {
        const detection = detectWatermark(variant);
        expect(detection.found).toBe(false);
        expect(detection.payload).toBeNull();
        expect(detection.confidence).toBe(0);
      }
    }
  });

  // Each unmarked image runs the detector's full search (the slowest path), so this stays at 60 images;
  // `scenic eval watermark` tests 1,000+ unmarked photo variants.
  it('finds nothing in 60 varied synthetic unmarked images', () => {
    let found = 0;
    for (let seed = 0; seed < 60; seed++) {
      if (detectWatermark(syntheticImage(seed)).found) found++;
    }
    expect(found).toBe(0);
  }, 180_000);

  it('reports not found for images too small to hold a tile', () => {
    expect(detectWatermark({ data: new Uint8Array(8 * 8 * 4), width: 8, height: 8 }).found).toBe(false);
    expect(detectWatermark(cropRect(marked, 0, 0, 540, 40)).found).toBe(false);
  });
});

/**
 * Cheap varied images: gradients, fractal noise at several scales, stripes and checkerboards (periodic
 * content is the hardest case for a detector that looks for a repeating tile), in several aspect ratios.
 */
function syntheticImage(seed: number): RgbaImage {
  const kinds = 4;
  const kind = seed % kinds;
  const width = 96 + ((seed * 37) % 5) * 32;
  const height = Math.round(width * [16 / 9, 4 / 3, 1, 5 / 4, 2][(seed >> 2) % 5]);
  const data = new Uint8Array(width * height * 4);
  const scale = 4 + ((seed * 13) % 40);
  const period = 3 + ((seed * 7) % 30);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let value: number;
      if (kind === 0) value = (x / width) * 200 + (y / height) * 40;
      else if (kind === 1) value = fbm(x / scale, y / scale, seed) * 255;
      else if (kind === 2) value = ((Math.floor(x / period) + Math.floor(y / (period + (seed % 3)))) % 2) * 180 + 30;
      else value = 128 + 90 * Math.sin((2 * Math.PI * (x + 0.3 * y)) / period) + 20 * fbm(x / 8, y / 8, seed);
      const p = (y * width + x) * 4;
      data[p] = clampByte(value);
      data[p + 1] = clampByte(value * 0.9 + 10);
      data[p + 2] = clampByte(255 - value * 0.7);
      data[p + 3] = 255;
    }
  }
  return { data, width, height };
}

/** Fine fractal texture plus per-pixel noise, like a gravel path: busy everywhere, with no calm cells. */
function gravelImage(seed: number): RgbaImage {
  const random = createRandom(seed);
  const data = new Uint8Array(WIDTH * HEIGHT * 4);
  for (let y = 0; y < HEIGHT; y++) {
    for (let x = 0; x < WIDTH; x++) {
      const value = 40 + 170 * fbm(x / 3, y / 3, seed) + 30 * (random() - 0.5);
      const p = (y * WIDTH + x) * 4;
      data[p] = clampByte(value);
      data[p + 1] = clampByte(value - 10);
      data[p + 2] = clampByte(value - 25);
      data[p + 3] = 255;
    }
  }
  return { data, width: WIDTH, height: HEIGHT };
}

function clampByte(v: number): number {
  return v < 0 ? 0 : v > 255 ? 255 : Math.round(v);
}
