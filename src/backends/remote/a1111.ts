import { ScenicError } from '../../errors.js';
import type { Backend, BackendConfig } from '../types.js';
import { decodeResult, encodePng, fromBase64, onAbort, prepareInpaint, remoteOptions, requireSetting, setting } from './common.js';
import { createHttpClient } from './http.js';

/**
 * AUTOMATIC1111 / Forge / SD.Next web UI API (docs/backends.md §3): one blocking POST /sdapi/v1/img2img with
 * the subject image and a white-means-repaint mask over the whole picture, /sdapi/v1/progress polled alongside
 * for the progress bar, and /sdapi/v1/interrupt on cancel or timeout (closing the HTTP request does not stop
 * the job). Config: `url` (else A1111_URL; required), `auth` "user:pass" (else A1111_AUTH, for --api-auth),
 * `steps` (25), `cfgScale` (7), `sampler` ("Euler a"), `denoise` (1), `checkpoint` (override_settings),
 * `maxPixels` (512×768), plus the shared network settings (`timeoutMs` default 300 000: the server queues).
 *
 * @example createA1111Backend({ url: 'http://127.0.0.1:7860', steps: 30 })
 */
export function createA1111Backend(config: BackendConfig): Backend {
  const name = 'a1111';
  const url = requireSetting(name, setting(config, 'url', 'A1111_URL'), 'a server URL', '--backend-url, A1111_URL or backends.a1111.url');
  const auth = setting(config, 'auth', 'A1111_AUTH');
  const options = remoteOptions(config, { timeoutMs: 300_000 });
  const headers: Record<string, string> = auth ? { authorization: `Basic ${Buffer.from(auth).toString('base64')}` } : {};
  const http = createHttpClient({ backend: name, baseUrl: url, headers, secrets: auth ? [auth, headers.authorization.slice(6)] : [], timeoutMs: options.timeoutMs, retry: options.retry });
  const maxPixels = Number(config.maxPixels ?? 512 * 768);
  const checkpoint = setting(config, 'checkpoint');

  const interrupt = () => http.request({ method: 'POST', path: '/sdapi/v1/interrupt', json: {}, idempotent: true, timeoutMs: 10_000 }).catch(() => undefined);

  return {
    name,
    description: `AUTOMATIC1111/Forge img2img inpainting at ${url}`,
    capabilities: { inpainting: true, relighting: false, seed: true, negativePrompt: true, maxPixels, sizeMultiple: 8 },
    async generate(request, run = {}) {
      const inputs = await prepareInpaint(request, { maxPixels, multiple: 8 }, 'white');
      const body = {
        init_images: [(await encodePng(inputs.image)).toString('base64')],
        mask: (await encodePng(inputs.mask)).toString('base64'),
        prompt: inputs.prompt.prompt,
        negative_prompt: inputs.prompt.negativePrompt,
        seed: request.seed,
        steps: Number(config.steps ?? 25),
        cfg_scale: Number(config.cfgScale ?? 7),
        sampler_name: setting(config, 'sampler') ?? 'Euler a',
        width: inputs.size.width,
        height: inputs.size.height,
        // The whole background is repainted from latent noise: nothing of the grey underneath should survive.
        denoising_strength: Number(config.denoise ?? 1),
        inpainting_fill: 2,
        inpaint_full_res: false,
        inpainting_mask_invert: 0,
        mask_blur: 4,
        resize_mode: 0,
        batch_size: 1,
        n_iter: 1,
        send_images: true,
        save_images: false,
        ...(checkpoint ? { override_settings: { sd_model_checkpoint: checkpoint }, override_settings_restore_afterwards: true } : {}),
      };
      // Stops the progress poller the moment the POST settles, without waiting out its sleep.
      const stop = new AbortController();
      const loopSignal = run.signal ? AbortSignal.any([run.signal, stop.signal]) : stop.signal;
      const progressLoop = (async () => {
        // Progress is global server state; it is only a hint for the bar, so its failures are ignored.
        while (!loopSignal.aborted) {
          try {
            await http.sleep(options.pollIntervalMs, loopSignal);
            const p = (await http.request({ path: '/sdapi/v1/progress?skip_current_image=true', timeoutMs: options.pollTimeoutMs, signal: loopSignal })).json<{ progress?: number; state?: { sampling_step?: number; sampling_steps?: number } }>();
            if (!loopSignal.aborted && typeof p.progress === 'number') run.onProgress?.(Math.min(0.95, Math.max(0.05, p.progress)), `step ${p.state?.sampling_step ?? '?'}/${p.state?.sampling_steps ?? '?'}`);
          } catch {
            // ignore: the POST decides success or failure
          }
        }
      })();
      const detach = onAbort(run.signal, interrupt);
      try {
        run.onProgress?.(0.02, 'queued');
        const answer = await http.request({ method: 'POST', path: '/sdapi/v1/img2img', json: body, signal: run.signal });
        const images = answer.json<{ images?: unknown[] }>()?.images;
        const bytes = fromBase64(http, Array.isArray(images) ? images[0] : undefined, 'images[0]');
        const image = await decodeResult(http, bytes, inputs.size, request.width, request.height);
        run.onProgress?.(1);
        return { image, digitalSourceType: 'compositeWithTrainedAlgorithmicMedia', backend: name, model: checkpoint };
      } catch (e) {
        // A timed-out img2img keeps the GPU busy for everyone queued behind it: stop it.
        if (e instanceof ScenicError && e.code === 'BACKEND_TIMEOUT') await interrupt();
        throw e;
      } finally {
        stop.abort();
        detach();
        await progressLoop;
      }
    },
  };
}
