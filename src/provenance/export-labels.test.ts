import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readC2pa, MIME_TYPES } from '../adapters/c2pa.js';
import { registerBackend } from '../backends/registry.js';
import { createEditor, type Editor } from '../editor/editor.js';
import type { Plane } from '../image/types.js';
import type { Segmenter } from '../subject/segmenter.js';
import { badgeRect } from './badge.js';
import { readDigitalSourceType } from './xmp.js';

/** A segmenter that "finds" an ellipse in the middle: fast, and enough to test what an export carries. */
const ellipseSegmenter: Segmenter = {
  name: 'ellipse',
  inputSize: 64,
  async segment(square) {
    const { width, height } = square;
    const data = new Float32Array(width * height);
    for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) data[y * width + x] = ((x - 32) / 20) ** 2 + ((y - 36) / 26) ** 2 <= 1 ? 1 : 0;
    return { data, width, height } satisfies Plane;
  },
  async dispose() {},
};

// A phone-like photo: GPS position, camera make/model, serial number and owner in its EXIF.
async function photoWithGps(): Promise<Buffer> {
  return sharp({ create: { width: 320, height: 400, channels: 3, background: { r: 180, g: 120, b: 90 } } })
    .jpeg()
    .withExif({
      IFD0: { Make: 'TestCamMaker', Model: 'TestCam 9000', Software: 'TestCamOS 1.2', Artist: 'Jane Owner' },
      IFD1: {},
      IFD2: { BodySerialNumber: 'SERIAL-123456', LensModel: 'TestLens', DateTimeOriginal: '2024:05:01 10:00:00' },
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '51/1 30/1 0/1', GPSLongitudeRef: 'W', GPSLongitude: '0/1 7/1 0/1' },
    } as never)
    .toBuffer();
}

const PRIVATE = ['TestCamMaker', 'TestCam 9000', 'TestCamOS', 'Jane Owner', 'SERIAL-123456', 'TestLens', 'GPS', 'exif:', 'tiff:Make', '2024:05:01'];

let dataDir: string;
let editor: Editor;
let photo: Buffer;
const savedDataDir = process.env.SCENIC_DATA_DIR;

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'scenic-labels-'));
  process.env.SCENIC_DATA_DIR = dataDir;
  editor = createEditor({ segmenter: ellipseSegmenter });
  photo = await photoWithGps();
  // The fixture really has GPS and a camera in it, so the checks below mean something.
  const meta = await sharp(photo).metadata();
  expect(meta.exif?.toString('latin1')).toContain('TestCamMaker');
});

afterAll(async () => {
  await editor.dispose();
  if (savedDataDir === undefined) delete process.env.SCENIC_DATA_DIR;
  else process.env.SCENIC_DATA_DIR = savedDataDir;
  await rm(dataDir, { recursive: true, force: true });
});

describe('every export is labelled and private', () => {
  it.each(['jpeg', 'webp', 'png'] as const)('%s: XMP label, valid C2PA, no GPS or device data', async (format) => {
    const result = await editor.edit(photo, { background: { prompt: 'sunset over the ocean', seed: 5 }, layout: { width: 216, height: 384 }, output: { format } });
    const [out] = result.outputs;
    const meta = await sharp(out.data).metadata();
    expect(meta.format).toBe(format);
    const xmp = meta.xmp?.toString() ?? '';
    expect(readDigitalSourceType(xmp)).toBe('http://cv.iptc.org/newscodes/digitalsourcetype/compositeSynthetic');
    expect(xmp).toContain('<Iptc4xmpExt:AISystemUsed>scenic');
    expect(xmp).toMatch(/<Iptc4xmpExt:AISystemVersionUsed>\d+\.\d+\.\d+/);
    expect(xmp).toContain('<Iptc4xmpExt:AIPromptInformation>sunset over the ocean<');
    expect(meta.exif).toBeUndefined();
    expect(meta.iptc).toBeUndefined();
    const bytes = out.data.toString('latin1');
    for (const secret of PRIVATE) expect(bytes, secret).not.toContain(secret);

    const c2pa = await readC2pa(out.data, MIME_TYPES[format]);
    expect(c2pa).toMatchObject({ present: true, valid: true });
    expect(c2pa.actions.map((a) => a.action)).toEqual(['c2pa.opened', 'c2pa.edited', 'c2pa.placed']);
    expect(c2pa.ingredients[0].instanceId).toBe(`sha256:${result.photo.hash}`);
  });

  it('leaves the prompt out with promptMetadata: false (--no-prompt-metadata)', async () => {
    const result = await editor.edit(photo, { background: { prompt: 'misty forest', seed: 2 }, layout: { width: 108, height: 192 }, label: { promptMetadata: false } });
    const xmp = (await sharp(result.outputs[0].data).metadata()).xmp?.toString() ?? '';
    expect(readDigitalSourceType(xmp)).toContain('compositeSynthetic');
    expect(xmp).not.toContain('AIPromptInformation');
    expect(result.outputs[0].data.toString('latin1')).not.toContain('misty forest');
  });

  it('gives the same signed bytes for the same recipe and seed', async () => {
    const recipe = { background: { prompt: 'night sky', seed: 42 }, layout: { width: 108, height: 192 } };
    const a = await editor.edit(photo, recipe);
    const b = await editor.edit(photo, recipe);
    expect(a.outputs[0].data.equals(b.outputs[0].data)).toBe(true);
  });

  it('can turn signing off (c2pa: false)', async () => {
    const plain = createEditor({ segmenter: ellipseSegmenter, c2pa: false });
    try {
      const result = await plain.edit(photo, { background: { prompt: 'noon', seed: 1 }, layout: { width: 108, height: 192 } });
      expect((await readC2pa(result.outputs[0].data, 'image/jpeg')).present).toBe(false);
    } finally {
      await plain.dispose();
    }
  });

  it('refuses a blocked prompt with PROMPT_BLOCKED before reading the photo', async () => {
    await expect(editor.edit('/no/such/photo.jpg', { background: { prompt: 'a b.e.h.e.a.d.i.n.g in the desert' } })).rejects.toMatchObject({ code: 'PROMPT_BLOCKED', status: 422 });
  });
});

describe('visible badge', () => {
  it('is off by default and drawn top-right with label.badge (scenic edit --badge)', async () => {
    const recipe = { background: { prompt: 'solid #2060c0', seed: 1 }, layout: { width: 540, height: 960 }, output: { format: 'png' as const } };
    const plain = await editor.edit(photo, recipe);
    const badged = await editor.edit(photo, { ...recipe, label: { badge: true } });
    const raw = async (png: Buffer) => (await sharp(png).raw().toBuffer({ resolveWithObject: true })).data;
    const [a, b] = [await raw(plain.outputs[0].data), await raw(badged.outputs[0].data)];
    const differs = (x: number, y: number) => [0, 1, 2].some((c) => Math.abs(a[(y * 540 + x) * 4 + c] - b[(y * 540 + x) * 4 + c]) > 8);
    let inside = 0;
    const rect = badgeRect(540, 960);
    expect(rect.x + rect.width).toBeGreaterThan(500);
    for (let y = rect.y; y < rect.y + rect.height; y++) for (let x = rect.x; x < rect.x + rect.width; x++) if (differs(x, y)) inside++;
    expect(inside).toBeGreaterThan(rect.width * rect.height * 0.5);
    // Nowhere near the subject or the bottom of the story.
    for (let y = 500; y < 960; y += 7) for (let x = 0; x < 540; x += 7) expect(differs(x, y)).toBe(false);
  });
});

describe('the label tells the truth per backend', () => {
  it('a diffusion-style backend gives compositeWithTrainedAlgorithmicMedia in XMP and C2PA, naming the model', async () => {
    // A stand-in for a diffusion model: flat pixels, but it reports what a trained model would.
    registerBackend('test-diffusion', 'test stand-in for a diffusion model', () => ({
      name: 'test-diffusion',
      description: 'test',
      capabilities: { inpainting: false, relighting: false, seed: true, negativePrompt: false, maxPixels: 4096 * 4096, sizeMultiple: 1 },
      async generate(request) {
        const data = new Uint8Array(request.width * request.height * 4);
        for (let i = 0; i < data.length; i += 4) data.set([90, 140, 200, 255], i);
        return { image: { data, width: request.width, height: request.height }, digitalSourceType: 'compositeWithTrainedAlgorithmicMedia', backend: 'test-diffusion', model: 'tiny-sd' };
      },
    }));
    const result = await editor.edit(photo, { background: { prompt: 'a calm lake', backend: 'test-diffusion', seed: 1 }, layout: { width: 108, height: 192 } });
    const out = result.outputs[0];
    expect(out.digitalSourceType).toBe('compositeWithTrainedAlgorithmicMedia');
    const xmp = (await sharp(out.data).metadata()).xmp?.toString() ?? '';
    expect(readDigitalSourceType(xmp)).toBe('http://cv.iptc.org/newscodes/digitalsourcetype/compositeWithTrainedAlgorithmicMedia');
    expect(xmp).toContain('background: test-diffusion tiny-sd');
    const c2pa = await readC2pa(out.data, 'image/jpeg');
    expect(c2pa.actions[1].digitalSourceType).toBe('http://cv.iptc.org/newscodes/digitalsourcetype/compositeWithTrainedAlgorithmicMedia');
  });
});
