import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ScenicError } from '../../errors.js';
import { createPlane, createRgba } from '../../image/types.js';
import { smallRequest } from '../../test-support/background-request.js';
import { createOnnxSdBackend } from './index.js';
import { loadSdModel } from './model-folder.js';
import { runStableDiffusion } from './pipeline.js';
import { gaussian, makeSchedule, TURBO_SCHEDULER } from './scheduler.js';
import { writeTinyExport } from './tiny-models.js';

let root: string;
const dirs: Record<string, string> = {};
beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'scenic-onnx-sd-'));
  for (const kind of ['turbo', 'inpaint', 'sdxl-turbo'] as const) {
    dirs[kind] = path.join(root, kind);
    await writeTinyExport(dirs[kind], { kind });
  }
  dirs.identity = path.join(root, 'identity');
  await writeTinyExport(dirs.identity, { kind: 'turbo', identityUnet: true });
  dirs.half = path.join(root, 'half');
  await writeTinyExport(dirs.half, { kind: 'turbo', identityUnet: true, half: true });
  dirs.halfInpaint = path.join(root, 'half-inpaint');
  await writeTinyExport(dirs.halfInpaint, { kind: 'inpaint', half: true });
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('onnx-sd model folder', () => {
  it('reads kind, channels and scaling from the sessions and configs', async () => {
    const turbo = await loadSdModel(dirs.turbo);
    const inpaint = await loadSdModel(dirs.inpaint);
    const xl = await loadSdModel(dirs['sdxl-turbo']);
    try {
      expect([turbo.kind, turbo.unetChannels, turbo.sdxl, turbo.scheduler.spacing, turbo.scalingFactor]).toEqual(['text-to-image', 4, false, 'trailing', 0.18215]);
      expect([inpaint.kind, inpaint.unetChannels, inpaint.scheduler.spacing, inpaint.tokenizer.padId]).toEqual(['inpaint', 9, 'leading', 49407]);
      expect([xl.sdxl, xl.scheduler.ancestral, xl.scalingFactor]).toEqual([true, true, 0.13025]);
    } finally {
      await Promise.all([turbo.dispose(), inpaint.dispose(), xl.dispose()]);
    }
  });

  it('names the missing file and never downloads', async () => {
    const e = await loadSdModel(path.join(root, 'nowhere')).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ScenicError);
    expect(e).toMatchObject({ code: 'BACKEND_CONFIG', message: expect.stringContaining(path.join(root, 'nowhere', 'text_encoder/model.onnx')) });
  });
});

describe('onnx-sd pipeline', () => {
  it('computes a one-step Turbo image exactly as the math says (identity UNet and decoder)', async () => {
    const model = await loadSdModel(dirs.identity);
    try {
      const image = await runStableDiffusion(model, { prompt: 'x', negativePrompt: '', width: 16, height: 16, seed: 5, steps: 1, guidance: 0 });
      // By hand: x = n·σ, ε = x/sqrt(σ²+1), x0 = x − σ·ε, pixel = clamp((x0/0.18215)/2 + 0.5)·255.
      const sigma = makeSchedule(TURBO_SCHEDULER, 1).sigmas[0];
      const n = gaussian(4 * 2 * 2, 5);
      for (const c of [0, 1, 2]) {
        const x = n[c * 4] * sigma;
        const x0 = x - (sigma * x) / Math.sqrt(sigma * sigma + 1);
        const expected = Math.round(Math.min(1, Math.max(0, x0 / 0.18215 / 2 + 0.5)) * 255);
        expect(image.data[c]).toBe(expected);
      }
    } finally {
      await model.dispose();
    }
  });

  it('feeds and reads float16 exports, matching the float32 result to half precision', async () => {
    const full = await loadSdModel(dirs.identity);
    const half = await loadSdModel(dirs.half);
    const inpaint = await loadSdModel(dirs.halfInpaint);
    try {
      expect(half.unet.inputMetadata.find((m) => m.name === 'sample')).toMatchObject({ type: 'float16' });
      const args = { prompt: 'x', negativePrompt: '', width: 32, height: 32, seed: 9, steps: 2, guidance: 0 };
      const a = await runStableDiffusion(full, args);
      const b = await runStableDiffusion(half, args);
      let worst = 0;
      for (let i = 0; i < a.data.length; i++) worst = Math.max(worst, Math.abs(a.data[i] - b.data[i]));
      expect(worst).toBeLessThanOrEqual(2);
      const filled = await runStableDiffusion(inpaint, { ...args, guidance: 7.5, image: createRgba(32, 32), mask: createPlane(32, 32, 1) });
      expect(filled.width).toBe(32);
    } finally {
      await Promise.all([full.dispose(), half.dispose(), inpaint.dispose()]);
    }
  });

  it('draws a seeded background at canvas size with progress per step', async () => {
    const backend = createOnnxSdBackend({ modelDir: dirs.turbo, steps: 2 });
    try {
      const steps: string[] = [];
      const a = await backend.generate(smallRequest('a beach'), { onProgress: (_f, m) => m && steps.push(m) });
      const b = await backend.generate(smallRequest('a beach'));
      const c = await backend.generate({ ...smallRequest('a beach'), seed: 43 });
      expect([a.image.width, a.image.height]).toEqual([90, 160]);
      expect(a.digitalSourceType).toBe('compositeWithTrainedAlgorithmicMedia');
      expect(a.model).toBe('turbo');
      expect(steps).toEqual(['loading model', 'step 1/2', 'step 2/2']);
      expect(Buffer.from(a.image.data).equals(Buffer.from(b.image.data))).toBe(true);
      expect(Buffer.from(a.image.data).equals(Buffer.from(c.image.data))).toBe(false);
    } finally {
      await backend.dispose?.();
    }
  });

  it('inpaints with a 9-channel UNet, guidance and the negative prompt', async () => {
    const backend = createOnnxSdBackend({ modelDir: dirs.inpaint, steps: 3 });
    try {
      const progress: number[] = [];
      const result = await backend.generate(smallRequest(), { onProgress: (f) => progress.push(f) });
      expect(result.image.width).toBe(90);
      expect(progress.length).toBe(5); // load, 3 steps, done
      // The negative prompt feeds the unconditional pass: changing it changes the picture.
      const other = await backend.generate({ ...smallRequest(), negativePrompt: 'zzz zzz zzz' });
      expect(Buffer.from(result.image.data).equals(Buffer.from(other.image.data))).toBe(false);
    } finally {
      await backend.dispose?.();
    }
  });

  it('runs an SDXL-Turbo export (two encoders, text_embeds, time_ids, ancestral steps)', async () => {
    const model = await loadSdModel(dirs['sdxl-turbo']);
    try {
      const image = await runStableDiffusion(model, { prompt: 'city', negativePrompt: '', width: 16, height: 24, seed: 1, steps: 2, guidance: 0 });
      expect([image.width, image.height]).toEqual([16, 24]);
    } finally {
      await model.dispose();
    }
  });

  it('cancels between steps', async () => {
    const model = await loadSdModel(dirs.inpaint);
    try {
      const controller = new AbortController();
      const image = createRgba(16, 16);
      const pending = runStableDiffusion(model, {
        prompt: 'x', negativePrompt: '', width: 16, height: 16, seed: 1, steps: 10, guidance: 7.5, image, mask: createPlane(16, 16, 1), signal: controller.signal,
        onStep: (s) => s === 2 && controller.abort(),
      });
      await expect(pending).rejects.toMatchObject({ code: 'CANCELLED' });
    } finally {
      await model.dispose();
    }
  });

  it('needs a model folder', () => {
    const saved = process.env.SCENIC_ONNX_SD_DIR;
    delete process.env.SCENIC_ONNX_SD_DIR;
    try {
      expect(() => createOnnxSdBackend({})).toThrowError(expect.objectContaining({ code: 'BACKEND_CONFIG', message: expect.stringContaining('--model-dir') }));
    } finally {
      if (saved !== undefined) process.env.SCENIC_ONNX_SD_DIR = saved;
    }
  });
});
