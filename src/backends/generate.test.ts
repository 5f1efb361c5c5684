import sharp from 'sharp';
import { afterEach, describe, expect, it } from 'vitest';
import { createEditor } from '../editor/editor.js';
import { ScenicError } from '../errors.js';
import { createPlane, createRgba, type RgbaImage } from '../image/types.js';
import type { Segmenter } from '../subject/segmenter.js';
import { smallRequest, solidPng } from '../test-support/background-request.js';
import { sendJson, startLocalServer, type LocalServer } from '../test-support/local-http.js';
import { generateBackground, placeOnCanvas } from './generate.js';
import { createBackend } from './registry.js';

const FAST = { apiKey: 'sk-test-key-1234567890', retries: 2, retryBaseMs: 1, retryCapMs: 2, timeoutMs: 5000 };
let server: LocalServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** A stand-in segmenter (the real ISNet is tested elsewhere): the subject is a centred disc. */
const discSegmenter: Segmenter = {
  name: 'disc',
  inputSize: 64,
  async segment() {
    const m = createPlane(64, 64);
    for (let y = 0; y < 64; y++) for (let x = 0; x < 64; x++) m.data[y * 64 + x] = (x - 32) ** 2 + (y - 32) ** 2 < 18 ** 2 ? 1 : 0;
    return m;
  },
  async dispose() {},
};

async function photo(): Promise<Buffer> {
  // Noise-like colours so that a pixel-exact subject is a real check, not a flat colour.
  const img = createRgba(256, 256);
  for (let i = 0; i < 256 * 256; i++) img.data.set([(i * 37) & 255, (i * 11) & 255, (i >> 8) & 255, 255], i * 4);
  return sharp(img.data, { raw: { width: 256, height: 256, channels: 4 } }).png().toBuffer();
}

describe('generateBackground', () => {
  it('falls back and labels the result by the backend that drew it', async () => {
    server = await startLocalServer((_req, res) => sendJson(res, 503, { error: { message: 'overloaded' } }));
    const primary = createBackend('openai', { ...FAST, url: server.url });
    const result = await generateBackground(primary, smallRequest('sunset over the ocean'), { fallback: () => createBackend('procedural') });
    expect(result.backend).toBe('procedural');
    expect(result.digitalSourceType).toBe('compositeSynthetic');
    expect(result.fallbackFrom).toMatchObject({ backend: 'openai', code: 'BACKEND_UNAVAILABLE' });
    expect(result.fallbackFrom!.message).toMatch(/^openai: Expected a successful answer to POST \/v1\/images\/edits but received 503/);
  });

  it('names the backend in the error without a fallback, and never falls back on cancel', async () => {
    server = await startLocalServer((_req, res) => sendJson(res, 401, { error: { message: 'bad key' } }));
    const primary = createBackend('openai', { ...FAST, url: server.url });
    const e = await generateBackground(primary, smallRequest()).catch((x: unknown) => x);
    expect(e).toMatchObject({ code: 'BACKEND_AUTH', message: expect.stringMatching(/^openai: /) });
    const controller = new AbortController();
    controller.abort();
    const c = await generateBackground(primary, smallRequest(), { signal: controller.signal, fallback: () => createBackend('procedural') }).catch((x: unknown) => x);
    expect(c).toBeInstanceOf(ScenicError);
    expect((c as ScenicError).code).toBe('CANCELLED');
  });

  it('wraps foreign errors as BACKEND_FAILED naming the backend', async () => {
    const broken = { ...createBackend('procedural'), name: 'broken', generate: async () => Promise.reject(new RangeError('tensor shape mismatch')) };
    await expect(generateBackground(broken, smallRequest())).rejects.toMatchObject({ code: 'BACKEND_FAILED', message: expect.stringContaining('broken: ') });
  });
});

describe('placeOnCanvas', () => {
  it('puts the layer at its target, clipping what falls outside', () => {
    const layer: RgbaImage = { data: new Uint8Array([1, 2, 3, 255, 4, 5, 6, 0, 7, 8, 9, 51, 10, 11, 12, 255]), width: 2, height: 2 };
    const placed = placeOnCanvas(layer, { x: 2, y: -1, width: 2, height: 2 }, 3, 2);
    expect([...placed.matte.data]).toEqual([0, 0, 51 / 255, 0, 0, 0].map(Math.fround));
    expect([...placed.image.data.subarray(8, 12)]).toEqual([7, 8, 9, 51]);
  });
});

describe('editor with a remote inpainting backend', () => {
  it('sends the placed subject, keeps it pixel-exact, and labels a fallback truthfully', async () => {
    const bg = await solidPng(1024, 1536, [0, 255, 0]);
    let fail = false;
    server = await startLocalServer((_req, res) => (fail ? sendJson(res, 500, { error: { message: 'boom' } }) : sendJson(res, 200, { data: [{ b64_json: bg.toString('base64') }] })));
    // c2pa signing belongs to another part; it is switched off here when the editor knows the option.
    const editor = createEditor({ segmenter: discSegmenter, backends: { openai: { ...FAST, url: server.url } }, fallbackBackend: 'procedural', ...({ c2pa: false } as object) });
    try {
      // Blending (harmonize, light wrap, shadow, depth of field, grain) and the invisible watermark are other
      // stages' choices; switched off here so that the backend's part of the rule shows: it never redraws the subject.
      const compose = { harmonize: 0, lightWrap: 0, shadow: 'off' as const, depthOfField: 0, grain: 'off' as const };
      const recipe = { layout: { width: 180, height: 320 }, background: { prompt: 'on a red carpet', backend: 'openai', seed: 7 }, compose, label: { watermark: false }, output: { format: 'png' as const } };
      const result = await editor.edit(await photo(), recipe);
      const out = result.outputs[0];
      expect(out.backend).toBe('openai');
      expect(out.digitalSourceType).toBe('compositeWithTrainedAlgorithmicMedia');
      const form = await server.seen[0].form();
      const mask = await sharp(new Uint8Array(await (form.get('mask') as Blob).arrayBuffer())).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
      const alphas = new Set<number>();
      for (let i = 3; i < mask.data.length; i += 4) alphas.add(mask.data[i]);
      expect(alphas.has(0) && alphas.has(255)).toBe(true); // background to edit and a subject to keep
      const story = await sharp(out.data).raw().toBuffer({ resolveWithObject: true });
      const ch = story.info.channels;
      const corner = [...story.data.subarray(0, 3)];
      expect(corner).toEqual([0, 255, 0]);
      // The centre of the placed subject is the photo's own pixel, not the backend's green.
      const { target } = result.placement;
      const cx = target.x + Math.floor(target.width / 2);
      const cy = target.y + Math.floor(target.height / 2);
      const centre = [...story.data.subarray((cy * 180 + cx) * ch, (cy * 180 + cx) * ch + 3)];
      expect(centre).not.toEqual([0, 255, 0]);

      fail = true;
      const fallen = await editor.edit(await photo(), { ...recipe, background: { ...recipe.background, seed: 8 } });
      expect(fallen.outputs[0]).toMatchObject({ backend: 'procedural', digitalSourceType: 'compositeSynthetic', fallbackFrom: { backend: 'openai', code: 'BACKEND_UNAVAILABLE' } });
      // Two different backgrounds, the same subject pixels: inside the matte the subject is pixel-exact.
      const other = await sharp(fallen.outputs[0].data).raw().toBuffer();
      for (let dy = -4; dy <= 4; dy++) {
        for (let dx = -4; dx <= 4; dx++) {
          const i = ((cy + dy) * 180 + cx + dx) * ch;
          expect([...other.subarray(i, i + 3)]).toEqual([...story.data.subarray(i, i + 3)]);
        }
      }
    } finally {
      await editor.dispose();
    }
  });
});
