import path from 'node:path';
import { ScenicError } from '../../errors.js';
import { imageFromBackend, imageToBackend, initImage, planeToBackend, planSize, regenerateMask } from '../normalize.js';
import { buildDiffusionPrompt } from '../prompt.js';
import type { Backend, BackendConfig } from '../types.js';
import { loadSdModel, type SdModel } from './model-folder.js';
import { runStableDiffusion } from './pipeline.js';

/**
 * Local Stable Diffusion on onnxruntime-node from a diffusers-style ONNX export folder (never downloaded):
 * SD-Turbo / SDXL-Turbo text-to-image (trailing Euler / Euler-ancestral, 1 step by default, no guidance) or an
 * SD 1.5/2 inpainting export (9-channel UNet: fills around the subject, 25 steps, guidance 7.5 with the
 * negative prompt). Config: `modelDir` (else SCENIC_ONNX_SD_DIR; required), `steps`, `guidance`,
 * `maxPixels` (512×512), `threads` (2), `device` ('cpu' or 'cuda').
 *
 * @example createOnnxSdBackend({ modelDir: '/models/sd-turbo-onnx' })
 */
export function createOnnxSdBackend(config: BackendConfig): Backend {
  const dirSetting = typeof config.modelDir === 'string' && config.modelDir ? config.modelDir : process.env.SCENIC_ONNX_SD_DIR;
  if (!dirSetting) throw new ScenicError('BACKEND_CONFIG', 'Expected a model folder (--model-dir, SCENIC_ONNX_SD_DIR or backends.onnx-sd.modelDir) for the onnx-sd backend but received nothing');
  const dir = path.resolve(dirSetting);
  const maxPixels = Number(config.maxPixels ?? 512 * 512);
  const providers = config.device === 'cuda' ? ['cuda', 'cpu'] : ['cpu'];
  let loading: Promise<SdModel> | undefined;
  const model = () => {
    loading ??= loadSdModel(dir, { threads: Number(config.threads ?? 2), providers });
    // A failed load is retried next time (the user may fix the folder without restarting a server).
    loading.catch(() => (loading = undefined));
    return loading;
  };

  return {
    name: 'onnx-sd',
    description: `Local ONNX Stable Diffusion from ${dir}`,
    // Inpainting depends on the export; the editor asks before loading, so it is always offered and a
    // text-to-image export simply ignores the subject (the editor pastes it back either way).
    capabilities: { inpainting: true, relighting: false, seed: true, negativePrompt: true, maxPixels, sizeMultiple: 64 },
    async generate(request, run = {}) {
      if (run.signal?.aborted) throw new ScenicError('CANCELLED', 'onnx-sd: the edit was cancelled');
      run.onProgress?.(0, 'loading model');
      const m = await model();
      const size = planSize(request.width, request.height, { maxPixels, multiple: 64 });
      const turbo = m.scheduler.spacing === 'trailing' && m.kind === 'text-to-image';
      const steps = Number(config.steps ?? (turbo ? 1 : 25));
      const guidance = Number(config.guidance ?? (turbo ? 0 : 7.5));
      const prompt = buildDiffusionPrompt(request.plan, { negativePrompt: request.negativePrompt });
      const inpaint = m.kind === 'inpaint';
      const image = await runStableDiffusion(m, {
        prompt: prompt.prompt,
        negativePrompt: prompt.negativePrompt,
        width: size.width,
        height: size.height,
        seed: request.seed,
        steps,
        guidance,
        image: inpaint ? await imageToBackend(initImage(request), size) : undefined,
        mask: inpaint ? planeToBackend(regenerateMask(request), size, 1) : undefined,
        signal: run.signal,
        onStep: (s, n) => run.onProgress?.(0.05 + (0.9 * s) / n, `step ${s}/${n}`),
      });
      const out = await imageFromBackend(image, size, request.width, request.height);
      run.onProgress?.(1);
      return { image: out, digitalSourceType: 'compositeWithTrainedAlgorithmicMedia', backend: 'onnx-sd', model: path.basename(dir) };
    },
    async dispose() {
      const m = await loading?.catch(() => undefined);
      loading = undefined;
      await m?.dispose();
    },
  };
}
