import { readFile } from 'node:fs/promises';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { iou } from '../image/matte.js';
import { ASTRONAUT_OUTLINE, rasterizePolygon } from '../test-support/astronaut-mask.js';
import { describeWatermarkPayload, detectWatermark } from '../provenance/watermark.js';
import { createEditor, type Editor } from './editor.js';

// The real ISNet model on a small photo: one session for the whole file (~2 GB, ~1.6 s a run).
describe('editor with the real model', () => {
  let editor: Editor;
  let photo: Buffer;

  beforeAll(async () => {
    editor = createEditor();
    photo = await sharp(await readFile(new URL('../../examples/astronaut.png', import.meta.url))).resize(256, 256).png().toBuffer();
  });
  afterAll(() => editor.dispose());

  it('cuts the astronaut out with IoU ≥ 0.9 against a hand-drawn mask', async () => {
    const cut = await editor.cutout(photo);
    expect([cut.image.width, cut.image.height]).toEqual([256, 256]);
    const alpha = new Float32Array(256 * 256);
    for (let i = 0; i < alpha.length; i++) alpha[i] = cut.image.data[i * 4 + 3] / 255;
    const truth = rasterizePolygon(ASTRONAUT_OUTLINE, 256, 256);
    expect(iou({ data: alpha, width: 256, height: 256 }, truth)).toBeGreaterThanOrEqual(0.9);
  });

  it('writes a labelled 1080×1920 story and reuses the cached subject', async () => {
    const result = await editor.edit(photo, { background: { prompt: 'sunset over the ocean', seed: 3 } });
    expect(result.subject.cached).toBe(true);
    expect(result.timings.segment).toBe(0);
    const [out] = result.outputs;
    const meta = await sharp(out.data).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['jpeg', 1080, 1920]);
    const xmp = meta.xmp?.toString() ?? '';
    expect(xmp).toContain('http://cv.iptc.org/newscodes/digitalsourcetype/compositeSynthetic');
    expect(xmp).toContain('sunset over the ocean');
    expect(result.plan.concepts).toEqual(expect.arrayContaining(['sunset', 'ocean']));
    // The photo cuts her at the bottom, so she stands on the bottom edge of the story.
    expect(result.placement.cut.bottom).toBe(true);
    expect(result.placement.target.y + result.placement.target.height).toBe(1920);
  });

  it('keeps the subject pixels and replaces the background', async () => {
    // Exact colours are checked, so the invisible watermark (±a few levels) is left out here.
    const result = await editor.edit(photo, { background: { prompt: 'solid #00ff00', seed: 1 }, label: { watermark: false }, output: { format: 'png' } });
    const { data, info } = await sharp(result.outputs[0].data).raw().toBuffer({ resolveWithObject: true });
    const px = (x: number, y: number) => [...data.subarray((y * info.width + x) * info.channels, (y * info.width + x) * info.channels + 3)];
    expect(px(20, 20)).toEqual([0, 255, 0]);
    // Her orange suit, well inside the matte, keeps its colour.
    const { target } = result.placement;
    const suit = px(target.x + Math.round(target.width * 0.15), target.y + Math.round(target.height * 0.75));
    expect(suit[0]).toBeGreaterThan(150);
    expect(suit[1]).toBeLessThan(150);
  });

  it('embeds the invisible watermark by default, identifying scenic, and leaves it out when asked', async () => {
    const recipe = { background: { prompt: 'golden hour beach', seed: 5 }, layout: { width: 540, height: 960 } };
    const marked = await editor.edit(photo, recipe);
    const decode = async (bytes: Buffer) => {
      const { data, info } = await sharp(bytes).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
      return { data: new Uint8Array(data.buffer, data.byteOffset, data.length), width: info.width, height: info.height };
    };
    const detection = detectWatermark(await decode(marked.outputs[0].data));
    expect(detection.found).toBe(true);
    expect(describeWatermarkPayload(detection.payload!).scenic).toBe(true);
    const plain = await editor.edit(photo, { ...recipe, label: { watermark: false } });
    expect(detectWatermark(await decode(plain.outputs[0].data)).found).toBe(false);
  });

  it('makes N variations with different seeds and different pixels', async () => {
    const result = await editor.edit(photo, { background: { prompt: 'golden hour beach', seed: 10, variations: 2 }, layout: { width: 108, height: 192 } });
    expect(result.outputs.map((o) => o.seed)).toEqual([10, 11]);
    expect(result.outputs[0].data.equals(result.outputs[1].data)).toBe(false);
  });

  it('gives the same bytes for the same recipe and seed', async () => {
    const recipe = { background: { prompt: 'night sky', seed: 42 }, layout: { width: 108, height: 192 } };
    const a = await editor.edit(photo, recipe);
    const b = await editor.edit(photo, recipe);
    expect(a.outputs[0].data.equals(b.outputs[0].data)).toBe(true);
  });

  it('stops with CANCELLED when the signal is aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(editor.edit(photo, { background: { prompt: 'noon' } }, { signal: controller.signal })).rejects.toMatchObject({ code: 'CANCELLED' });
  });

  it('reports progress through the stages', async () => {
    const stages: string[] = [];
    await editor.edit(photo, { background: { prompt: 'dawn', seed: 1 }, layout: { width: 108, height: 192 } }, { onProgress: (p) => stages.push(p.stage) });
    expect(stages).toEqual(expect.arrayContaining(['background', 'compose', 'encode']));
  });

  it('refuses use after dispose with DISPOSED', async () => {
    const other = createEditor();
    await other.dispose();
    await expect(other.edit(photo, {})).rejects.toMatchObject({ code: 'DISPOSED' });
  });

  it('harmonizes from the light of the subject\'s photo: the same subject shot in bluer surroundings comes out warmer', async () => {
    // The same pixels inside the subject, the surroundings tinted blue: only the photo's light differs.
    const cut = await editor.cutout(photo);
    const raw = await sharp(photo).ensureAlpha().raw().toBuffer();
    const bluer = Buffer.from(raw);
    for (let i = 0; i < cut.image.width * cut.image.height; i++) {
      if (cut.image.data[i * 4 + 3] > 0) continue;
      bluer[i * 4] = Math.round(bluer[i * 4] * 0.7);
      bluer[i * 4 + 2] = Math.min(255, Math.round(bluer[i * 4 + 2] * 1.2 + 20));
    }
    const tinted = await sharp(bluer, { raw: { width: 256, height: 256, channels: 4 } }).png().toBuffer();
    const recipe = {
      background: { prompt: 'solid #808080', seed: 1 },
      layout: { width: 216, height: 384 },
      compose: { harmonize: 1, lightWrap: 0, shadow: 'off' as const, depthOfField: 0, grain: 'off' as const },
      label: { watermark: false, badge: false },
      output: { format: 'png' as const },
    };
    // Mean red minus blue over the subject: the pixels that are not the grey backdrop.
    const warmth = async (bytes: Buffer) => {
      const { outputs } = await editor.edit(bytes, recipe);
      const { data, info } = await sharp(outputs[0].data).raw().toBuffer({ resolveWithObject: true });
      let sum = 0;
      let n = 0;
      for (let o = 0; o < data.length; o += info.channels) {
        if (Math.abs(data[o] - 128) + Math.abs(data[o + 1] - 128) + Math.abs(data[o + 2] - 128) < 3) continue;
        sum += data[o] - data[o + 2];
        n++;
      }
      return sum / n;
    };
    // Measured: 52 → 65 code values; compared with the subject alone both would be the same.
    expect(await warmth(tinted)).toBeGreaterThan((await warmth(photo)) + 6);
  });
});
