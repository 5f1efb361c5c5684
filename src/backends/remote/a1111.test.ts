import { afterEach, describe, expect, it } from 'vitest';
import { backendFailure } from '../../test-support/backend-failure.js';
import { decodeRgba, smallRequest, solidPng } from '../../test-support/background-request.js';
import { eventually, sendJson, startLocalServer, type LocalServer } from '../../test-support/local-http.js';
import { createA1111Backend } from './a1111.js';

const AUTH = 'artist:hunter2-very-secret';
const FAST = { auth: AUTH, retries: 3, retryBaseMs: 1, retryCapMs: 2, timeoutMs: 3000, pollIntervalMs: 10 };
let server: LocalServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const failure = (p: Promise<unknown>) => backendFailure(p, 'hunter2');

/** An A1111-like server: img2img blocks `delayMs` (or until interrupted), progress climbs while it runs. */
async function a1111(png: Buffer, options: { delayMs?: number; hang?: boolean; first?: [number, unknown] } = {}) {
  const state = { running: false, interrupted: 0, progressCalls: 0, started: 0 };
  let finish: (() => void) | undefined;
  const s = await startLocalServer(async (req, res) => {
    if (req.url === '/sdapi/v1/img2img') {
      if (options.first && state.started++ === 0) return sendJson(res, options.first[0], options.first[1]);
      state.running = true;
      await new Promise<void>((resolve) => {
        finish = resolve;
        if (!options.hang) setTimeout(resolve, options.delayMs ?? 80);
      });
      state.running = false;
      return sendJson(res, 200, { images: [png.toString('base64')], parameters: {}, info: '{"seed": 42}' });
    }
    if (req.url.startsWith('/sdapi/v1/progress')) {
      state.progressCalls++;
      return sendJson(res, 200, { progress: state.running ? 0.5 : 0, eta_relative: 1, state: { sampling_step: 12, sampling_steps: 25, interrupted: false }, current_image: null });
    }
    if (req.url === '/sdapi/v1/interrupt') {
      state.interrupted++;
      finish?.();
      return sendJson(res, 200, {});
    }
    sendJson(res, 404, { detail: 'Not Found' });
  });
  return { server: s, state };
}

describe('a1111 backend', () => {
  it('sends an img2img inpaint over the whole picture and reports progress while it runs', async () => {
    const fake = await a1111(await solidPng(64, 112, [9, 99, 199]));
    server = fake.server;
    const progress: string[] = [];
    const result = await createA1111Backend({ ...FAST, url: server.url }).generate(smallRequest(), { onProgress: (f, m) => progress.push(`${f} ${m}`) });
    expect([...result.image.data.subarray(0, 4)]).toEqual([9, 99, 199, 255]);
    expect(progress).toContain('0.5 step 12/25');
    const post = server.seen.find((r) => r.url === '/sdapi/v1/img2img')!;
    expect(post.headers.authorization).toBe(`Basic ${Buffer.from(AUTH).toString('base64')}`);
    const body = post.json();
    expect(body).toMatchObject({ inpainting_fill: 2, inpaint_full_res: false, inpainting_mask_invert: 0, denoising_strength: 1, seed: 42 });
    expect(body.width % 8).toBe(0);
    expect(body.width * body.height).toBeLessThanOrEqual(512 * 768);
    const mask = await decodeRgba(Buffer.from(body.mask, 'base64'));
    expect(mask.data[0]).toBe(255);
    expect(body.negative_prompt).toContain('watermark');
  });

  it('interrupts the server job on cancel', async () => {
    const fake = await a1111(await solidPng(8, 8), { hang: true });
    server = fake.server;
    const controller = new AbortController();
    const pending = createA1111Backend({ ...FAST, url: server.url }).generate(smallRequest(), { signal: controller.signal });
    await eventually(() => fake.state.running);
    controller.abort();
    expect((await failure(pending)).code).toBe('CANCELLED');
    await eventually(() => fake.state.interrupted === 1);
  });

  it('interrupts a timed-out job and never posts it twice', async () => {
    const fake = await a1111(await solidPng(8, 8), { hang: true });
    server = fake.server;
    expect((await failure(createA1111Backend({ ...FAST, url: server.url, timeoutMs: 200 }).generate(smallRequest()))).code).toBe('BACKEND_TIMEOUT');
    expect(fake.state.interrupted).toBe(1);
    expect(server.seen.filter((r) => r.url === '/sdapi/v1/img2img')).toHaveLength(1);
  });

  it('does not retry a 422 validation error', async () => {
    const fake = await a1111(await solidPng(8, 8), { first: [422, { detail: [{ loc: ['body', 'steps'], msg: 'value is not a valid integer' }] }] });
    server = fake.server;
    expect((await failure(createA1111Backend({ ...FAST, url: server.url }).generate(smallRequest()))).code).toBe('BACKEND_REJECTED');
    expect(fake.state.started).toBe(1);
  });

  it('retries a 500 from the API middleware, then succeeds', async () => {
    const fake = await a1111(await solidPng(8, 8), { first: [500, { error: 'OutOfMemoryError', detail: '', body: '', errors: 'CUDA out of memory' }] });
    server = fake.server;
    await createA1111Backend({ ...FAST, url: server.url }).generate(smallRequest());
    expect(fake.state.started).toBe(2);
  });

  it('reports images that are not images as BACKEND_BAD_RESPONSE', async () => {
    const fake = await a1111(Buffer.from('definitely not a png'));
    server = fake.server;
    expect((await failure(createA1111Backend({ ...FAST, url: server.url }).generate(smallRequest()))).code).toBe('BACKEND_BAD_RESPONSE');
  });

  it('needs a URL', () => {
    const saved = process.env.A1111_URL;
    delete process.env.A1111_URL;
    try {
      expect(() => createA1111Backend({})).toThrowError(expect.objectContaining({ code: 'BACKEND_CONFIG' }));
    } finally {
      if (saved !== undefined) process.env.A1111_URL = saved;
    }
  });
});
