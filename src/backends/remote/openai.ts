import { ScenicError } from '../../errors.js';
import type { Backend, BackendConfig } from '../types.js';
import { decodeResult, fromBase64, pngBlob, prepareInpaint, remoteOptions, requireSetting, setting } from './common.js';
import { createHttpClient, providerMessage, type HttpResponse } from './http.js';

const SIZES = [[1024, 1024], [1536, 1024], [1024, 1536]] as const;

/**
 * OpenAI image edits (docs/backends.md §4): POST /v1/images/edits, multipart, mask as alpha (transparent =
 * regenerate), one of the fixed sizes with the nearest aspect ratio (letterboxed), base64 result.
 * Config: `apiKey` (else OPENAI_API_KEY), `url` (default https://api.openai.com), `model` (gpt-image-1),
 * `quality` (medium), `organization`, `project`, plus the shared network settings of `remoteOptions`.
 * The mask is only guidance for GPT-image models, so the editor's subject re-composite is what keeps it exact.
 *
 * @example createOpenAiBackend({ model: 'gpt-image-1' }).generate(request, { signal })
 */
export function createOpenAiBackend(config: BackendConfig): Backend {
  const name = 'openai';
  const apiKey = requireSetting(name, setting(config, 'apiKey', 'OPENAI_API_KEY'), 'an API key', 'OPENAI_API_KEY or backends.openai.apiKey');
  const model = setting(config, 'model') ?? 'gpt-image-1';
  const quality = setting(config, 'quality') ?? 'medium';
  const options = remoteOptions(config);
  const headers: Record<string, string> = { authorization: `Bearer ${apiKey}` };
  const org = setting(config, 'organization', 'OPENAI_ORG_ID');
  const project = setting(config, 'project', 'OPENAI_PROJECT_ID');
  if (org) headers['openai-organization'] = org;
  if (project) headers['openai-project'] = project;
  const http = createHttpClient({ backend: name, baseUrl: setting(config, 'url', 'OPENAI_BASE_URL') ?? 'https://api.openai.com', headers, secrets: [apiKey], timeoutMs: options.timeoutMs, retry: options.retry });

  function classify(answer: HttpResponse): ScenicError | undefined {
    let code: unknown;
    try {
      code = (answer.json<{ error?: { code?: string; type?: string } }>().error ?? {}).code;
    } catch {
      return undefined;
    }
    const detail = providerMessage(answer);
    if (code === 'moderation_blocked' || code === 'content_policy_violation') return http.error('BACKEND_REFUSED', `Expected the edit to pass moderation but it was refused: ${detail}`);
    // Out of credit is a 429 too, but waiting will not help.
    if (code === 'insufficient_quota' || code === 'billing_hard_limit_reached') return http.error('BACKEND_QUOTA', `Expected quota left on the account but received ${answer.status}: ${detail}`);
    return undefined;
  }

  return {
    name,
    description: `OpenAI image edits (${model})`,
    capabilities: { inpainting: true, relighting: false, seed: false, negativePrompt: false, maxPixels: 1536 * 1024, sizeMultiple: 1 },
    async generate(request, run = {}) {
      const inputs = await prepareInpaint(request, { maxPixels: 1536 * 1024, sizes: SIZES }, 'transparent');
      run.onProgress?.(0.05, 'uploading');
      const form = new FormData();
      form.set('model', model);
      form.set('image', await pngBlob(inputs.image), 'image.png');
      form.set('mask', await pngBlob(inputs.mask), 'mask.png');
      // No negative-prompt field: say what to avoid and what to keep in words, as OpenAI's guide suggests.
      form.set('prompt', `Replace the background: ${inputs.prompt.prompt}. Avoid: ${inputs.prompt.negativePrompt}. Keep the subject in the opaque area unchanged.`);
      form.set('size', `${inputs.size.width}x${inputs.size.height}`);
      form.set('n', '1');
      form.set('quality', quality);
      form.set('output_format', 'png');
      const answer = await http.request({ method: 'POST', path: '/v1/images/edits', form, signal: run.signal, classify });
      const body = answer.json<{ data?: Array<{ b64_json?: string }> }>();
      const bytes = fromBase64(http, body?.data?.[0]?.b64_json, 'data[0].b64_json');
      const image = await decodeResult(http, bytes, inputs.size, request.width, request.height);
      run.onProgress?.(1);
      return { image, digitalSourceType: 'compositeWithTrainedAlgorithmicMedia', backend: name, model };
    },
  };
}
