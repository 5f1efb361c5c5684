import type { Backend, BackendConfig } from '../types.js';
import { cancelled, createHttpClient, type HttpClient } from './http.js';
import { decodeResult, encodePng, fromBase64, onAbort, pollUntil, prepareInpaint, remoteOptions, requireSetting, setting } from './common.js';

interface Prediction {
  id?: unknown;
  status?: unknown;
  output?: unknown;
  error?: unknown;
  urls?: { get?: unknown; cancel?: unknown };
}

const TERMINAL = new Set(['succeeded', 'failed', 'canceled']);
/** Replicate puts safety refusals in `error` of a failed prediction; these words mark them. */
const REFUSAL = /nsfw|sensitive|flagged|safety|moderation|content policy/i;

/**
 * Replicate predictions (docs/backends.md §6.1): create with `Prefer: wait` (the answer may already hold the
 * output), else poll `urls.get`; on cancel, POST `urls.cancel`. Images go as data URLs. The default model is
 * the official black-forest-labs/flux-fill-pro inpainting model (white mask = regenerate); `model` may be
 * "owner/name" (official model) or "owner/name:version". Config: `apiKey` (else REPLICATE_API_TOKEN), `url`
 * (https://api.replicate.com), `model`, `waitSeconds` (60, 1–60), `negativePromptInput` (true when the
 * model has a `negative_prompt` input), `input` (JSON object merged into the input), plus the shared network settings.
 *
 * @example createReplicateBackend({ model: 'black-forest-labs/flux-fill-pro' })
 */
export function createReplicateBackend(config: BackendConfig): Backend {
  const name = 'replicate';
  const apiKey = requireSetting(name, setting(config, 'apiKey', 'REPLICATE_API_TOKEN'), 'an API token', 'REPLICATE_API_TOKEN or backends.replicate.apiKey');
  const model = setting(config, 'model') ?? 'black-forest-labs/flux-fill-pro';
  const wait = Math.min(60, Math.max(1, Number(config.waitSeconds ?? 60)));
  const options = remoteOptions(config, { timeoutMs: (wait + 30) * 1000 });
  const http = createHttpClient({ backend: name, baseUrl: setting(config, 'url', 'REPLICATE_BASE_URL') ?? 'https://api.replicate.com', headers: { authorization: `Bearer ${apiKey}` }, secrets: [apiKey], timeoutMs: options.timeoutMs, retry: options.retry });
  const extra = parseExtra(http, config.input);
  const [owner, rest] = model.split('/');
  const [modelName, version] = (rest ?? '').split(':');
  if (!owner || !modelName) throw http.error('BACKEND_CONFIG', `Expected "owner/name" or "owner/name:version" for backends.replicate.model but received ${JSON.stringify(model)}`);

  return {
    name,
    description: `Replicate ${model}`,
    capabilities: { inpainting: true, relighting: false, seed: true, negativePrompt: config.negativePromptInput === true, maxPixels: 1024 * 1024, sizeMultiple: 16 },
    async generate(request, run = {}) {
      const inputs = await prepareInpaint(request, { maxPixels: 1024 * 1024, multiple: 16 }, 'white');
      const dataUrl = async (img: typeof inputs.image) => `data:image/png;base64,${(await encodePng(img)).toString('base64')}`;
      const input: Record<string, unknown> = { image: await dataUrl(inputs.image), mask: await dataUrl(inputs.mask), prompt: inputs.prompt.prompt, seed: request.seed, output_format: 'png', ...extra };
      if (config.negativePromptInput === true) input.negative_prompt = inputs.prompt.negativePrompt;
      run.onProgress?.(0.05, 'creating prediction');
      // The create is not aborted half way: the prediction may already exist, and only its answer says which
      // one to cancel. A caller's abort returns at once; the answer, when it comes, cancels the prediction.
      const creating = http.request({
        method: 'POST',
        path: version ? '/v1/predictions' : `/v1/models/${owner}/${modelName}/predictions`,
        json: version ? { version, input } : { input },
        headers: { prefer: `wait=${wait}` },
      });
      const created = await untilAborted(creating, run.signal, (late) => {
        const p = late.json<Prediction>();
        const cancel = typeof p?.urls?.cancel === 'string' ? p.urls.cancel : typeof p?.id === 'string' ? `/v1/predictions/${p.id}/cancel` : undefined;
        if (cancel && !TERMINAL.has(p.status as string)) return http.request({ method: 'POST', path: cancel, json: {}, idempotent: true, timeoutMs: 10_000 });
      });
      if (!created) throw cancelled(name);
      let prediction = read(http, created.json<Prediction>());
      const id = prediction.id as string;
      const getUrl = typeof prediction.urls?.get === 'string' ? prediction.urls.get : `/v1/predictions/${id}`;
      const cancelUrl = typeof prediction.urls?.cancel === 'string' ? prediction.urls.cancel : `/v1/predictions/${id}/cancel`;
      if (run.signal?.aborted) {
        await http.request({ method: 'POST', path: cancelUrl, json: {}, idempotent: true, timeoutMs: 10_000 }).catch(() => undefined);
        throw cancelled(name);
      }
      // From here on the job exists: an abort must also stop it on Replicate's side (and stop the billing).
      const detach = onAbort(run.signal, () => http.request({ method: 'POST', path: cancelUrl, json: {}, idempotent: true, timeoutMs: 10_000 }));
      try {
        let polls = 0;
        prediction = await pollUntil(http, options, run.signal, `prediction ${id}`, async () => {
          if (TERMINAL.has(prediction.status as string) || (prediction.status === 'processing' && outputUrl(prediction.output))) return prediction;
          run.onProgress?.(0.1 + 0.8 * (1 - 0.85 ** ++polls), String(prediction.status));
          prediction = read(http, (await http.request({ path: getUrl, signal: run.signal, timeoutMs: options.pollTimeoutMs })).json<Prediction>());
          return TERMINAL.has(prediction.status as string) ? prediction : undefined;
        });
      } finally {
        detach();
      }
      if (prediction.status === 'canceled') throw run.signal?.aborted ? cancelled(name) : http.error('CANCELLED', `Expected prediction ${id} to finish but it was cancelled on Replicate`);
      if (prediction.status === 'failed') {
        const why = String(prediction.error ?? 'no reason given').slice(0, 200);
        throw http.error(REFUSAL.test(why) ? 'BACKEND_REFUSED' : 'BACKEND_FAILED', `Expected prediction ${id} to succeed but it failed: ${why}`);
      }
      const url = outputUrl(prediction.output);
      if (!url) throw http.error('BACKEND_BAD_RESPONSE', `Expected an image URL in the output of prediction ${id} but received ${JSON.stringify(prediction.output)?.slice(0, 80)}`);
      run.onProgress?.(0.95, 'downloading');
      // Output URLs expire after about an hour; fetch at once. The key is not sent to the delivery host.
      const bytes = url.startsWith('data:') ? fromBase64(http, url, 'output') : (await http.request({ path: url, signal: run.signal })).body;
      const image = await decodeResult(http, bytes, inputs.size, request.width, request.height);
      run.onProgress?.(1);
      return { image, digitalSourceType: 'compositeWithTrainedAlgorithmicMedia', backend: name, model };
    },
  };
}

/**
 * Resolves with `work`'s value, or with undefined as soon as `signal` aborts; in that case `late` runs on the
 * value when it arrives (to undo a job that was created anyway). Errors after an abort are dropped.
 */
async function untilAborted<T>(work: Promise<T>, signal: AbortSignal | undefined, late: (value: T) => unknown): Promise<T | undefined> {
  if (!signal) return work;
  if (signal.aborted) {
    work.then((v) => Promise.resolve(late(v)), () => undefined).catch(() => undefined);
    return undefined;
  }
  let onAbort: () => void = () => {};
  const aborted = new Promise<undefined>((resolve) => {
    onAbort = () => resolve(undefined);
    signal.addEventListener('abort', onAbort, { once: true });
  });
  try {
    const winner = await Promise.race([work.then((v) => ({ v })), aborted]);
    if (winner) return winner.v;
    work.then((v) => Promise.resolve(late(v)), () => undefined).catch(() => undefined);
    return undefined;
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
}

function read(http: HttpClient, p: Prediction): Prediction {
  if (!p || typeof p.id !== 'string' || typeof p.status !== 'string') throw http.error('BACKEND_BAD_RESPONSE', `Expected a prediction with id and status but received ${JSON.stringify(p)?.slice(0, 80)}`);
  return p;
}

/** The first image URL of an output: a string or a list of strings (models differ). */
function outputUrl(output: unknown): string | undefined {
  const first = Array.isArray(output) ? output[0] : output;
  return typeof first === 'string' && /^(https?:|data:)/.test(first) ? first : undefined;
}

function parseExtra(http: HttpClient, value: unknown): Record<string, unknown> {
  if (value === undefined || value === '') return {};
  try {
    const parsed = typeof value === 'string' ? JSON.parse(value) : value;
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
  } catch {
    // fall through to the error below
  }
  throw http.error('BACKEND_CONFIG', `Expected a JSON object for backends.replicate.input but received ${JSON.stringify(value).slice(0, 60)}`);
}
