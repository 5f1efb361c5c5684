import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { drawProcedural } from '../backends/procedural/index.js';
import { detectWatermark } from '../provenance/watermark.js';
import { parsePrompt } from '../scene/plan.js';
import { discSegmenter } from '../server/test-helpers.js';
import { createEditor, type Editor, type Progress } from './editor.js';
import { createRenderPool } from './render-pool.js';

// Render threads load the built worker (dist/editor/render-worker.js): `npm test` builds first.
describe('edits on render threads', () => {
  let inline: Editor;
  let threaded: Editor;
  let photo: Buffer;

  beforeAll(async () => {
    photo = await sharp(await readFile(new URL('../../examples/astronaut.png', import.meta.url))).resize(128, 128).png().toBuffer();
    inline = createEditor({ segmenter: discSegmenter(), c2pa: false });
    threaded = createEditor({ segmenter: discSegmenter(), c2pa: false, renderThreads: 2 });
  });
  afterAll(async () => {
    await inline.dispose();
    await threaded.dispose();
  });

  it('gives the same bytes as an edit on the calling thread, variations in order', async () => {
    const recipe = { background: { prompt: 'sunset over the ocean', seed: 11, variations: 3 }, layout: { width: 270, height: 480 } };
    const a = await inline.edit(photo, recipe);
    const fractions: number[] = [];
    const b = await threaded.edit(photo, recipe, { onProgress: (p: Progress) => fractions.push(p.fraction) });
    expect(b.outputs.map((o) => o.seed)).toEqual([11, 12, 13]);
    expect(b.outputs.map((o) => o.data.equals(a.outputs[b.outputs.indexOf(o)].data))).toEqual([true, true, true]);
    expect(b.outputs[0].backend).toBe('procedural');
    // Variations drawn at once still report progress that only moves forward, ending at 1.
    expect(fractions).toEqual([...fractions].sort((x, y) => x - y));
    expect(fractions.at(-1)).toBe(1);
    expect(b.timings.compose).toBeGreaterThan(0);
  });

  it('forgets a photo on request: its subject is worked out again, to the same story', async () => {
    const recipe = { background: { prompt: 'night sky full of stars', seed: 2 }, layout: { width: 270, height: 480 } };
    const first = await threaded.edit(photo, recipe);
    const again = await threaded.edit(photo, recipe);
    expect(again.subject.cached).toBe(true);
    threaded.forget(first.photo.hash);
    const after = await threaded.edit(photo, recipe);
    expect(after.subject.cached).toBe(false);
    expect(after.outputs[0].data.equals(first.outputs[0].data)).toBe(true);
  });

  it('watermarks on the thread', async () => {
    const result = await threaded.edit(photo, { background: { prompt: 'golden hour beach', seed: 5 }, layout: { width: 540, height: 960 }, output: { format: 'png' } });
    const { data, info } = await sharp(result.outputs[0].data).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
    expect(detectWatermark({ data: new Uint8Array(data), width: info.width, height: info.height }).found).toBe(true);
  });
});

describe('createRenderPool', () => {
  it('reports a failing job with a code and keeps working; refuses work after close', async () => {
    const pool = createRenderPool(1);
    const plan = parsePrompt('solid #336699');
    const placement = { source: { x: 0, y: 0, width: 8, height: 8 }, target: { x: 4, y: 4, width: 8, height: 8 }, scale: 1, cut: { top: false, bottom: false, left: false, right: false } };
    const layer = { data: new Uint8Array(8 * 8 * 4).fill(255), width: 8, height: 8 };
    const output = { format: 'png' as const, thumbnailWidth: 16 };
    // A job without a scene plan cannot be drawn: the thread reports it and takes the next job.
    await expect(pool.run({ plan: undefined as never, width: 32, height: 32, seed: 1, layer, placement, compose: {}, badge: false, output })).rejects.toMatchObject({ code: 'INTERNAL' });
    const ok = await pool.run({ plan, width: 32, height: 32, seed: 1, layer, placement, compose: {}, badge: false, output });
    // The thread sends back the encoded file and its thumbnail, not the pixels.
    const [full, thumb] = await Promise.all([sharp(ok.data).metadata(), sharp(ok.thumbnail!).metadata()]);
    expect([full.format, full.width, full.height, thumb.format, thumb.width, thumb.height]).toEqual(['png', 32, 32, 'jpeg', 16, 16]);
    expect(ok.scene.backend).toBe('procedural');
    // The hash is of the background as drawn, not of the story compose then painted on the same pixels.
    const drawn = drawProcedural({ plan, width: 32, height: 32, seed: 1 });
    expect(ok.backgroundSha256).toBe(createHash('sha256').update(drawn.image.data).digest('hex'));
    const unsigned = await pool.run({ plan, width: 32, height: 32, seed: 1, layer, placement, compose: {}, badge: false, output, hashBackground: false });
    expect(unsigned.backgroundSha256).toBe('');
    expect(Buffer.from(unsigned.data).equals(Buffer.from(ok.data))).toBe(true);
    await pool.close();
    await expect(pool.run({ plan, width: 32, height: 32, seed: 1, layer, placement, compose: {}, badge: false, output })).rejects.toMatchObject({ code: 'DISPOSED' });
  });
});
