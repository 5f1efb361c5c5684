import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rgbToLab } from '../image/color.js';
import type { RgbaImage } from '../image/types.js';
import { findEvalData, findTriples, loadMask, readBmp } from './harmonize-data.js';
import { relightItems, runHarmonizeEval, scoreRelight, splitPairs } from './harmonize-eval.js';
import { labToRgb8, perturbForeground, psnr, randomPerturbation, reinhardTransfer, scoreImage } from './harmonize-metrics.js';

const W = 48;
const H = 40;

/** A textured test photo: smooth colour ramps plus a checker, so statistics have something to work on. */
function photo(seed: number): RgbaImage {
  const data = new Uint8Array(W * H * 4);
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      const o = (y * W + x) * 4;
      const k = ((x >> 2) + (y >> 2) + seed) % 2 ? 20 : 0;
      data.set([60 + x * 3 + k, 80 + y * 2 + k, 120 + ((x * y + seed * 13) % 60), 255], o);
    }
  }
  return { data, width: W, height: H };
}

function centreMask(): Uint8Array {
  const mask = new Uint8Array(W * H);
  for (let y = 10; y < 30; y++) for (let x = 14; x < 34; x++) mask[y * W + x] = 255;
  return mask;
}

describe('metrics', () => {
  it('scores an exact match at the PSNR cap and a known error exactly', () => {
    const a = photo(1);
    const mask = centreMask();
    expect(scoreImage(a, a, mask)).toEqual({ mse: 0, psnr: 60, fmse: 0, fpsnr: 60 });
    const b = { ...a, data: new Uint8Array(a.data) };
    for (let i = 0; i < mask.length; i++) if (mask[i]) b.data[i * 4] += 6; // 36 on one of three channels
    const s = scoreImage(b, a, mask);
    expect(s.fmse).toBeCloseTo(12, 9);
    expect(s.mse).toBeCloseTo((12 * 400) / (W * H), 9);
    expect(s.fpsnr).toBeCloseTo(psnr(12), 9);
  });

  it('perturbs only the foreground, the same way for the same seed', () => {
    const a = photo(2);
    const mask = centreMask();
    const p = randomPerturbation(7);
    expect(p).toEqual(randomPerturbation(7));
    const out = perturbForeground(a, mask, p);
    expect(Buffer.from(perturbForeground(a, mask, p).data).equals(Buffer.from(out.data))).toBe(true);
    let changed = 0;
    for (let i = 0; i < mask.length; i++) {
      const same = out.data[i * 4] === a.data[i * 4] && out.data[i * 4 + 1] === a.data[i * 4 + 1] && out.data[i * 4 + 2] === a.data[i * 4 + 2];
      if (!mask[i]) expect(same).toBe(true);
      else if (!same) changed++;
    }
    expect(changed).toBeGreaterThan(300);
  });

  it('Lab → RGB inverts RGB → Lab', () => {
    for (const rgb of [[0, 0, 0], [255, 255, 255], [200, 30, 90], [12, 140, 250]] as const) {
      expect(labToRgb8(rgbToLab(rgb))).toEqual(rgb.map((v) => expect.closeTo(v, 0)) as never);
    }
  });

  it('Reinhard transfer gives the foreground the background\'s mean Lab lightness', () => {
    const a = photo(3);
    const mask = centreMask();
    const out = reinhardTransfer(perturbForeground(a, mask, { stops: -1, temperature: 0.3, tint: 0, contrast: 1, saturation: 1 }), mask);
    const meanL = (img: RgbaImage, fg: boolean) => {
      let s = 0;
      let n = 0;
      for (let i = 0; i < mask.length; i++) {
        if ((mask[i] >= 128) !== fg) continue;
        s += rgbToLab([img.data[i * 4], img.data[i * 4 + 1], img.data[i * 4 + 2]])[0];
        n++;
      }
      return s / n;
    };
    expect(meanL(out, true)).toBeCloseTo(meanL(out, false), 0);
  });
});

describe('data layouts', () => {
  it('recognises the three triple namings', () => {
    const files = ['a0002.jpg', 'a0002_1.png', 'a0002_1_4.jpg', 'c1.jpg', 'c1_434.jpg', 'c1_gct.jpg', 'c1_idt.jpg', 'demo_2k_composite.jpg', 'demo_2k_mask.jpg', 'demo_2k_real.jpg', 'demo_composite_3.jpg', 'demo_mask_3.png'];
    const names = findTriples('/d', files).map((t) => `${path.basename(t.composite)}|${path.basename(t.mask)}|${path.basename(t.real)}`);
    expect(names.sort()).toEqual(['a0002_1_4.jpg|a0002_1.png|a0002.jpg', 'c1_gct.jpg|c1_434.jpg|c1.jpg', 'c1_idt.jpg|c1_434.jpg|c1.jpg', 'demo_2k_composite.jpg|demo_2k_mask.jpg|demo_2k_real.jpg']);
  });

  it('reads 8-bit palette BMP masks (GrabCut) bottom-up', () => {
    const w = 3;
    const h = 2;
    const stride = 4;
    const header = 14 + 40 + 256 * 4;
    const buf = new Uint8Array(header + stride * h);
    const v = new DataView(buf.buffer);
    buf.set([0x42, 0x4d]);
    v.setUint32(10, header, true);
    v.setUint32(14, 40, true);
    v.setInt32(18, w, true);
    v.setInt32(22, h, true);
    v.setUint16(28, 8, true);
    for (let i = 0; i < 256; i++) buf.set([i, i, i, 0], 54 + i * 4);
    buf.set([0, 128, 255], header); // bottom row
    buf.set([255, 255, 0], header + stride); // top row
    const img = readBmp(buf);
    expect([img.width, img.height]).toEqual([3, 2]);
    expect(Array.from(img.data.filter((_, i) => i % 3 === 0))).toEqual([255, 255, 0, 0, 128, 255]);
  });
});

describe('splitPairs', () => {
  it('tunes on every other coco-salient photo and holds out the rest, keeping each photo\'s seed position', () => {
    const pair = (image: string) => ({ name: path.basename(image), image, mask: image, strictMask: false });
    const pairs = ['/e/coco-salient/img/a.jpg', '/e/coco-salient/img/b.jpg', '/e/coco-salient/img/c.jpg', '/e/grabcut/data_GT/d.jpg', '/e/coco-salient/img/e.jpg'].map(pair);
    const { tune, heldOut } = splitPairs(pairs);
    expect(tune.map((p) => [p.name, p.index])).toEqual([['a.jpg', 0], ['c.jpg', 2]]);
    expect(heldOut.map((p) => [p.name, p.index])).toEqual([['b.jpg', 1], ['d.jpg', 3], ['e.jpg', 4]]);
  });
});

describe('runHarmonizeEval and scenic eval harmonize', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'scenic-harm-'));
    await mkdir(path.join(dir, 'pairs/img'), { recursive: true });
    await mkdir(path.join(dir, 'pairs/gt'), { recursive: true });
    const mask = centreMask();
    const raw = { raw: { width: W, height: H, channels: 4 as const } };
    for (let s = 0; s < 3; s++) {
      await writeFile(path.join(dir, `pairs/img/p${s}.png`), await sharp(photo(s).data, raw).png().toBuffer());
      await writeFile(path.join(dir, `pairs/gt/p${s}.png`), await sharp(mask, { raw: { width: W, height: H, channels: 1 } }).png().toBuffer());
    }
    const real = photo(5);
    const composite = perturbForeground(real, mask, { stops: 0.5, temperature: -0.25, tint: 0.05, contrast: 1.1, saturation: 1 });
    await writeFile(path.join(dir, 'x_real.png'), await sharp(real.data, raw).png().toBuffer());
    await writeFile(path.join(dir, 'x_composite.png'), await sharp(composite.data, raw).png().toBuffer());
    await writeFile(path.join(dir, 'x_mask.png'), await sharp(mask, { raw: { width: W, height: H, channels: 1 } }).png().toBuffer());
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('finds pairs and triples anywhere under the folder and thresholds masks at 128', async () => {
    const data = await findEvalData(dir);
    expect(data.pairs.map((p) => p.name)).toEqual(['p0', 'p1', 'p2']);
    expect(data.triples.map((t) => t.name)).toEqual(['x_composite']);
    const mask = await loadMask(data.triples[0].mask, W, H);
    expect(mask.filter((v) => v === 255).length).toBe(400);
  });

  it('scores ours beside both baselines on both sets; strength 0 is the composite', async () => {
    const result = await runHarmonizeEval({ data: dir });
    expect(result.synthetic!.n).toBe(3);
    expect(result.real!.n).toBe(1);
    for (const set of [result.synthetic!, result.real!]) {
      for (const m of [set.ours, set.composite, set.transfer]) expect(Object.keys(m).sort()).toEqual(['fmse', 'fpsnr', 'psnr']);
    }
    const zero = await runHarmonizeEval({ data: dir, strength: 0 });
    expect(zero.synthetic!.ours).toEqual(zero.synthetic!.composite);
    expect(zero.synthetic!.worseThanComposite).toBe(0);
  });

  const root = fileURLToPath(new URL('../..', import.meta.url));
  const cli = (...args: string[]) =>
    new Promise<{ code: number; stdout: string; stderr: string }>((resolve) =>
      execFile(process.execPath, [path.join(root, 'bin/scenic.js'), ...args], { cwd: root }, (error, stdout, stderr) => resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr })),
    );

  it('prints the documented JSON with --json', async () => {
    const run = await cli('eval', 'harmonize', '--data', dir, '--json');
    expect(run.code).toBe(0);
    const out = JSON.parse(run.stdout);
    expect(Object.keys(out).sort()).toEqual(['real', 'relight', 'synthetic']);
    expect(Object.keys(out.relight).sort()).toEqual(['composite', 'n', 'ours', 'subjectReference', 'transfer', 'worseThanComposite']);
    expect(Object.keys(out.synthetic).sort()).toEqual(['composite', 'n', 'ours', 'storyCompose', 'transfer', 'worseThanComposite']);
    // The harmonizer stories use is scored on the same images, with its own worse-than-composite share.
    expect(Object.keys(out.synthetic.storyCompose).sort()).toEqual(['fmse', 'fpsnr', 'psnr', 'worseThanComposite']);
  });

  it('builds the relight set: another photo relit is the scene, the subject under the same light is the truth', () => {
    const mask = centreMask();
    const change = { stops: 0.6, temperature: 0.2, tint: -0.05, contrast: 1.2, saturation: 0.9 };
    const photos = [0, 1, 2].map((seed) => ({ photo: photo(seed), mask, change }));
    const items = relightItems(photos);
    expect(items).toHaveLength(3);
    // Light only: the item's tone and saturation changes are dropped.
    const light = { ...change, contrast: 1, saturation: 1 };
    const all = new Uint8Array(W * H).fill(255);
    // Photo 0's scene is photo (0 + 7) mod 3 = 1, relit as a whole.
    expect(items[0].scene!.data).toEqual(perturbForeground(photo(1), all, light).data);
    expect(items[0].composite.data).toEqual(photo(0).data);
    expect(items[0].truth.data).toEqual(perturbForeground(photo(0), mask, light).data);
    expect(relightItems(photos.slice(0, 1))).toEqual([]);
    const summary = scoreRelight(items);
    expect(summary.n).toBe(3);
    // A warmer, brighter scene: compose's harmonizer moves the subject towards the truth.
    expect(summary.ours.fmse).toBeLessThan(summary.composite.fmse);
    expect(scoreRelight(items, { strength: 0 }).ours).toEqual(summary.composite);
  });

  it('fails with FILE_NOT_FOUND for a missing folder and INVALID_ARGUMENT for a folder with no data', async () => {
    const missing = await cli('eval', 'harmonize', '--data', path.join(dir, 'nope'));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^error FILE_NOT_FOUND: /);
    const empty = await mkdtemp(path.join(tmpdir(), 'scenic-harm-empty-'));
    const none = await cli('eval', 'harmonize', '--data', empty);
    await rm(empty, { recursive: true });
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/^error INVALID_ARGUMENT: Expected a folder with img\/ \+ gt\//);
  });
});
