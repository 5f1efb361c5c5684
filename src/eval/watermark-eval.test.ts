import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { evaluateWatermark, listPhotos } from './watermark-eval.js';

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
});
