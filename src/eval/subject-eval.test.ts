import { mkdtemp, mkdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Segmenter } from '../subject/segmenter.js';
import { evaluateSubjects } from './subject-eval.js';

// A stand-in model: a centred disc, whatever the photo. The ground truth of every photo is that disc, so the
// scores are known; what is tested is the data flow (split, several editors, averages), not a network.
function disc(): Segmenter {
  return {
    name: 'disc',
    inputSize: 64,
    async segment() {
      const data = new Float32Array(64 * 64);
      for (let y = 0; y < 64; y++) for (let x = 0; x < 64; x++) data[y * 64 + x] = Math.hypot(x - 32, y - 32) < 16 ? 1 : 0;
      return { data, width: 64, height: 64 };
    },
    async dispose() {},
  };
}

let folder: string;
beforeAll(async () => {
  folder = await mkdtemp(path.join(tmpdir(), 'scenic-subject-eval-'));
  await mkdir(path.join(folder, 'img'));
  await mkdir(path.join(folder, 'gt'));
  const mask = Buffer.alloc(64 * 64);
  for (let y = 0; y < 64; y++) for (let x = 0; x < 64; x++) mask[y * 64 + x] = Math.hypot(x - 32, y - 32) < 16 ? 255 : 0;
  for (const name of ['a', 'b', 'c', 'd', 'e']) {
    const shade = name.charCodeAt(0) * 2;
    await sharp({ create: { width: 64, height: 64, channels: 3, background: { r: shade, g: 90, b: 40 } } }).png().toFile(path.join(folder, 'img', `${name}.png`));
    await sharp(mask, { raw: { width: 64, height: 64, channels: 1 } }).png().toFile(path.join(folder, 'gt', `${name}.png`));
  }
});
afterAll(() => rm(folder, { recursive: true, force: true }));

describe('evaluateSubjects', () => {
  it('takes the report half (photos 1, 3, … by name) and scores each size in one run', async () => {
    const report = await evaluateSubjects(folder, { split: 'report', segmentSizes: [256, 288], editor: { segmenter: disc(), refine: false } });
    expect(report.split).toBe('report');
    expect(report.rows.map((r) => r.name)).toEqual(['b', 'd']);
    expect(report.segmentSizes).toEqual([256, 288]);
    expect(report.bySize?.map((s) => s.segmentSize)).toEqual([256, 288]);
    expect(report.ours.iou).toBeCloseTo(1, 6);
    expect(report.bySize![1].ours.iou).toBeCloseTo(report.ours.iou, 6);
  });

  it('takes the tune half (photos 0, 2, 4) and one size by default', async () => {
    const report = await evaluateSubjects(folder, { split: 'tune', editor: { segmenter: disc(), refine: false } });
    expect(report.rows.map((r) => r.name)).toEqual(['a', 'c', 'e']);
    expect(report.bySize).toBeUndefined();
    expect(report.ours.boundaryF).toBeCloseTo(1, 6);
  });
});
