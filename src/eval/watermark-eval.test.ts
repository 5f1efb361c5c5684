import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { evaluateWatermark, listPhotos, loadStory } from './watermark-eval.js';

const examples = fileURLToPath(new URL('../../examples', import.meta.url));

describe('evaluateWatermark', () => {
  it('lists only photos and fails with INVALID_ARGUMENT on a folder without any', async () => {
    const photos = await listPhotos([examples]);
    expect(photos.map((file) => file.split('/').pop())).toEqual(['astronaut.png', 'chelsea.png', 'coffee.png']);
    await expect(evaluateWatermark([fileURLToPath(new URL('.', import.meta.url))])).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await expect(listPhotos(['/nonexistent-folder'])).rejects.toMatchObject({ code: 'FILE_NOT_FOUND' });
  });

  it('reports every attack, the false positives and the timing for a story-size photo', async () => {
    const report = await evaluateWatermark([examples], { limit: 1, minUnmarked: 3, timingRuns: 1 });
    expect(report.photos).toBe(1);
    expect(report.embedPsnr.min).toBeGreaterThanOrEqual(42);
    expect(report.attacks.map((row) => row.attack)).toContain('resize 0.5x + jpeg q50');
    for (const row of report.attacks) {
      expect(row).toMatchObject({ n: 1, detectionRate: 1, bitAccuracy: 1 });
      expect(row.rawBitAccuracy).toBeGreaterThan(0.9);
    }
    expect(report.unmarked).toMatchObject({ n: 3, falsePositives: 0, rate: 0 });
    expect(report.timing).toMatchObject({ width: 1080, height: 1920, runs: 1 });
  });

  it('reads a GrabCut-style folder from data_GT/, BMP photos included, and never its masks', async () => {
    const folder = await mkdtemp(path.join(tmpdir(), 'scenic-wm-grabcut-'));
    try {
      await mkdir(path.join(folder, 'data_GT'));
      await mkdir(path.join(folder, 'boundary_GT'));
      await writeFile(path.join(folder, 'data_GT', 'gravel.bmp'), bmp24(40, 30, (x, y) => [x * 6, y * 8, 90]));
      await writeFile(path.join(folder, 'boundary_GT', 'gravel.bmp'), bmp24(40, 30, () => [255, 255, 255]));
      const photos = await listPhotos([folder]);
      expect(photos).toEqual([path.join(folder, 'data_GT', 'gravel.bmp')]);
      const story = await loadStory(photos[0]);
      expect([story.width, story.height]).toEqual([1080, 1920]);
      // Fitted by cover from a left-to-right red ramp: red grows across the story, blue stays 90.
      const row = 960 * 1080 * 4;
      expect(story.data[row + 1070 * 4]).toBeGreaterThan(story.data[row + 10 * 4] + 50);
      expect(story.data[row + 500 * 4 + 2]).toBe(90);
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });
});

/** A bottom-up 24-bit BMP (what GrabCut ships), written by hand since sharp cannot write BMP. */
function bmp24(width: number, height: number, colour: (x: number, y: number) => [number, number, number]): Uint8Array {
  const stride = Math.ceil((width * 3) / 4) * 4;
  const bytes = new Uint8Array(54 + stride * height);
  const view = new DataView(bytes.buffer);
  bytes[0] = 0x42;
  bytes[1] = 0x4d;
  view.setUint32(2, bytes.length, true);
  view.setUint32(10, 54, true);
  view.setUint32(14, 40, true);
  view.setInt32(18, width, true);
  view.setInt32(22, height, true);
  view.setUint16(26, 1, true);
  view.setUint16(28, 24, true);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const [r, g, b] = colour(x, y);
      const o = 54 + (height - 1 - y) * stride + x * 3;
      bytes[o] = b;
      bytes[o + 1] = g;
      bytes[o + 2] = r;
    }
  }
  return bytes;
}
