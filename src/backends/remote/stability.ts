import { ScenicError } from '../../errors.js';
import type { Backend, BackendConfig } from '../types.js';
import { decodeResult, pngBlob, pollUntil, prepareInpaint, remoteOptions, requireSetting, setting } from './common.js';
import { createHttpClient, providerMessage, type HttpResponse } from './http.js';

/** Stability's edit endpoints accept 4 096 – 9 437 184 pixels, sides ≥ 64, aspect within 1:2.5 – 2.5:1. */
const RULES = { maxPixels: 9_437_184, minPixels: 4096, multiple: 8, maxAspect: 2.5 };

/**
 * Stability AI v2beta (docs/backends.md §5). Two modes:
 * - `inpaint` (default): POST /v2beta/stable-image/edit/inpaint with image + white-means-regenerate mask, synchronous.
 * - `relight`: POST /v2beta/stable-image/edit/replace-background-and-relight, then poll GET /v2beta/results/{id}.
 *   The service segments and re-lights the subject itself; the editor still pastes the original subject back
 *   unless config `relight: true` says the user asked for the relit subject.
 * Config: `apiKey` (else STABILITY_API_KEY), `url` (https://api.stability.ai), `mode`, `relight`,
 * `stylePreset`, `growMask` (5), plus the shared network settings.
 *
 * @example createStabilityBackend({ mode: 'relight' })
 */
export function createStabilityBackend(config: BackendConfig): Backend {
  const name = 'stability';
  const apiKey = requireSetting(name, setting(config, 'apiKey', 'STABILITY_API_KEY'), 'an API key', 'STABILITY_API_KEY or backends.stability.apiKey');
  const mode = setting(config, 'mode') ?? 'inpaint';
  if (mode !== 'inpaint' && mode !== 'relight') throw new ScenicError('BACKEND_CONFIG', `Expected "inpaint" or "relight" for backends.stability.mode but received ${JSON.stringify(mode)}`);
  const keepRelit = mode === 'relight' && (config.relight === true || config.relight === 'true');
  const options = remoteOptions(config, { timeoutMs: 120_000 });
  const http = createHttpClient({
    backend: name,
    baseUrl: setting(config, 'url', 'STABILITY_BASE_URL') ?? 'https://api.stability.ai',
    headers: { authorization: `Bearer ${apiKey}`, 'stability-client-id': 'scenic' },
    secrets: [apiKey],
    timeoutMs: options.timeoutMs,
    retry: options.retry,
  });

  function classify(answer: HttpResponse): ScenicError | undefined {
    let body: { name?: string } = {};
    try {
      body = answer.json();
    } catch {
      return undefined;
    }
    if (body?.name === 'content_moderation') return http.error('BACKEND_REFUSED', `Expected the request to pass content moderation but it was refused: ${providerMessage(answer)}`);
    return undefined;
  }

  function checkFinish(answer: HttpResponse): void {
    if ((answer.headers.get('finish-reason') ?? '').toUpperCase() === 'CONTENT_FILTERED') {
      throw http.error('BACKEND_REFUSED', 'Expected an image but the result was withheld by content filtering (finish-reason CONTENT_FILTERED)');
    }
  }

  const model = mode === 'relight' ? 'replace-background-and-relight' : 'inpaint';
  return {
    name,
    description: `Stability AI ${model}`,
    capabilities: { inpainting: true, relighting: mode === 'relight', seed: true, negativePrompt: true, maxPixels: RULES.maxPixels, sizeMultiple: 1 },
    async generate(request, run = {}) {
      const inputs = await prepareInpaint(request, RULES, 'white');
      const form = new FormData();
      const seed = String(request.seed % 4_294_967_294);
      form.set('negative_prompt', inputs.prompt.negativePrompt);
      form.set('seed', seed);
      form.set('output_format', 'png');
      const accept = { accept: 'image/*' };
      let answer: HttpResponse;
      run.onProgress?.(0.05, 'uploading');
      if (mode === 'inpaint') {
        form.set('image', await pngBlob(inputs.image), 'image.png');
        form.set('mask', await pngBlob(inputs.mask), 'mask.png');
        form.set('prompt', inputs.prompt.prompt);
        form.set('grow_mask', String(config.growMask ?? 5));
        const preset = setting(config, 'stylePreset') ?? 'photographic';
        if (preset !== 'none') form.set('style_preset', preset);
        answer = await http.request({ method: 'POST', path: '/v2beta/stable-image/edit/inpaint', form, headers: accept, signal: run.signal, classify });
      } else {
        form.set('subject_image', await pngBlob(inputs.image), 'subject.png');
        form.set('background_prompt', inputs.prompt.prompt);
        form.set('preserve_original_subject', String(config.preserveSubject ?? 0.6));
        const created = await http.request({ method: 'POST', path: '/v2beta/stable-image/edit/replace-background-and-relight', form, signal: run.signal, classify });
        const id = created.json<{ id?: unknown }>()?.id;
        if (typeof id !== 'string' || !/^[A-Za-z0-9_-]+$/.test(id)) throw http.error('BACKEND_BAD_RESPONSE', `Expected a generation id from replace-background-and-relight but received ${JSON.stringify(id)}`);
        run.onProgress?.(0.1, 'queued');
        let polls = 0;
        answer = await pollUntil(http, options, run.signal, `generation ${id}`, async () => {
          const r = await http.request({ path: `/v2beta/results/${id}`, headers: accept, signal: run.signal, timeoutMs: options.pollTimeoutMs, classify });
          if (r.status === 202) {
            // The service reports no fraction; creep towards 0.9 so the user sees it is alive.
            run.onProgress?.(0.1 + 0.8 * (1 - 0.9 ** ++polls), 'generating');
            return undefined;
          }
          return r;
        });
      }
      checkFinish(answer);
      const image = await decodeResult(http, answer.body, inputs.size, request.width, request.height);
      run.onProgress?.(1);
      return { image, digitalSourceType: 'compositeWithTrainedAlgorithmicMedia', backend: name, model, includesSubject: keepRelit || undefined };
    },
  };
}
