import { afterEach, describe, expect, it } from 'vitest';
import { backendFailure } from '../../test-support/backend-failure.js';
import { smallRequest, solidPng } from '../../test-support/background-request.js';
import { eventually, sendJson, startLocalServer, type LocalServer } from '../../test-support/local-http.js';
import { createReplicateBackend } from './replicate.js';

const KEY = 'r8_ABCDEFGHIJKLMNOPQRSTUVWXYZ012345';
const FAST = { apiKey: KEY, retries: 3, retryBaseMs: 1, retryCapMs: 2, timeoutMs: 3000, pollIntervalMs: 5, pollSlowIntervalMs: 5 };
let server: LocalServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const failure = (p: Promise<unknown>) => backendFailure(p, KEY);

/** A Replicate-like server: creates predictions, advances them one status per poll, serves the output file. */
async function replicate(options: { finish?: 'succeeded' | 'failed' | 'never'; error?: string; sync?: boolean; createDelayMs?: number; png: Buffer }) {
  const predictions = new Map<string, { polls: number; canceled: boolean }>();
  let n = 0;
  const s = await startLocalServer(async (req, res) => {
    const base = `http://${req.headers.host}`;
    const view = (id: string) => {
      const p = predictions.get(id)!;
      const done = options.finish !== 'never' && (options.sync || p.polls >= 2);
      const status = p.canceled ? 'canceled' : done ? options.finish ?? 'succeeded' : p.polls === 0 ? 'starting' : 'processing';
      return { id, status, output: status === 'succeeded' ? [`${base}/files/${id}.png`] : null, error: status === 'failed' ? options.error ?? 'boom' : null, urls: { get: `${base}/v1/predictions/${id}`, cancel: `${base}/v1/predictions/${id}/cancel` } };
    };
    if (req.method === 'POST' && req.url.endsWith('/predictions')) {
      const id = `pred${++n}`;
      predictions.set(id, { polls: 0, canceled: false });
      // Prefer: wait holds the answer while the model runs; the prediction exists all the same.
      if (options.createDelayMs) await new Promise((r) => setTimeout(r, options.createDelayMs));
      return sendJson(res, 201, view(id));
    }
    const cancel = /^\/v1\/predictions\/(\w+)\/cancel$/.exec(req.url);
    if (cancel && req.method === 'POST') {
      predictions.get(cancel[1])!.canceled = true;
      return sendJson(res, 200, view(cancel[1]));
    }
    const get = /^\/v1\/predictions\/(\w+)$/.exec(req.url);
    if (get) {
      predictions.get(get[1])!.polls++;
      return sendJson(res, 200, view(get[1]));
    }
    if (req.url.startsWith('/files/')) {
      res.writeHead(200, { 'content-type': 'image/png' });
      return res.end(options.png);
    }
    sendJson(res, 404, { detail: 'Not found.' });
  });
  return { server: s, predictions };
}

describe('replicate backend', () => {
  it('creates a prediction with Prefer: wait, polls it and downloads the output', async () => {
    const fake = await replicate({ png: await solidPng(64, 112, [1, 2, 3]) });
    server = fake.server;
    const result = await createReplicateBackend({ ...FAST, url: server.url, waitSeconds: 5 }).generate(smallRequest());
    expect([...result.image.data.subarray(0, 4)]).toEqual([1, 2, 3, 255]);
    expect(result.model).toBe('black-forest-labs/flux-fill-pro');
    const create = server.seen[0];
    expect(create.url).toBe('/v1/models/black-forest-labs/flux-fill-pro/predictions');
    expect(create.headers.prefer).toBe('wait=5');
    const body = create.json();
    expect(body.input.mask).toMatch(/^data:image\/png;base64,/);
    expect(body.input.seed).toBe(42);
    expect(server.seen.filter((r) => r.method === 'POST')).toHaveLength(1);
  });

  it('uses the answer of a synchronous create without polling, and /v1/predictions for a version', async () => {
    const fake = await replicate({ png: await solidPng(64, 112), sync: true });
    server = fake.server;
    await createReplicateBackend({ ...FAST, url: server.url, model: 'someone/inpaint:abc123' }).generate(smallRequest());
    expect(server.seen[0].url).toBe('/v1/predictions');
    expect(server.seen[0].json().version).toBe('abc123');
    expect(server.seen.map((r) => r.url)).toEqual(['/v1/predictions', '/files/pred1.png']);
  });

  it('maps a failed prediction to BACKEND_FAILED and an NSFW refusal to BACKEND_REFUSED', async () => {
    let fake = await replicate({ png: Buffer.alloc(0), finish: 'failed', error: 'CUDA out of memory' });
    server = fake.server;
    expect((await failure(createReplicateBackend({ ...FAST, url: server.url }).generate(smallRequest()))).code).toBe('BACKEND_FAILED');
    await server.close();
    fake = await replicate({ png: Buffer.alloc(0), finish: 'failed', error: 'NSFW content detected. Try running it again, or try a different prompt.' });
    server = fake.server;
    expect((await failure(createReplicateBackend({ ...FAST, url: server.url }).generate(smallRequest()))).code).toBe('BACKEND_REFUSED');
  });

  it('cancels the prediction on Replicate when the caller aborts', async () => {
    const fake = await replicate({ png: Buffer.alloc(0), finish: 'never' });
    server = fake.server;
    const controller = new AbortController();
    const pending = createReplicateBackend({ ...FAST, url: server.url, pollIntervalMs: 20 }).generate(smallRequest(), { signal: controller.signal });
    await eventually(() => (fake.predictions.get('pred1')?.polls ?? 0) > 1);
    controller.abort();
    expect((await failure(pending)).code).toBe('CANCELLED');
    await eventually(() => fake.predictions.get('pred1')!.canceled);
  });

  it('cancels a prediction whose create answer was still on its way when the caller aborted', async () => {
    const fake = await replicate({ png: Buffer.alloc(0), finish: 'never', createDelayMs: 150 });
    server = fake.server;
    const controller = new AbortController();
    const pending = createReplicateBackend({ ...FAST, url: server.url }).generate(smallRequest(), { signal: controller.signal });
    await eventually(() => fake.predictions.has('pred1'));
    controller.abort();
    expect((await failure(pending)).code).toBe('CANCELLED');
    expect(fake.predictions.get('pred1')!.canceled).toBe(false); // the caller did not wait for the answer
    await eventually(() => fake.predictions.get('pred1')!.canceled);
  });

  it('throttling 429 with Retry-After is retried; a malformed prediction is BACKEND_BAD_RESPONSE', async () => {
    let n = 0;
    server = await startLocalServer((_req, res) => (++n === 1 ? sendJson(res, 429, { detail: 'Request was throttled.' }, { 'retry-after': '0' }) : sendJson(res, 201, { hello: 'world' })));
    expect((await failure(createReplicateBackend({ ...FAST, url: server.url }).generate(smallRequest()))).code).toBe('BACKEND_BAD_RESPONSE');
    expect(server.seen).toHaveLength(2);
  });

  it('does not send a second create after the first timed out', async () => {
    server = await startLocalServer(() => undefined);
    expect((await failure(createReplicateBackend({ ...FAST, url: server.url, timeoutMs: 150 }).generate(smallRequest()))).code).toBe('BACKEND_TIMEOUT');
    expect(server.seen).toHaveLength(1);
  });

  it('rejects a bad token with BACKEND_AUTH without echoing it', async () => {
    server = await startLocalServer((_req, res) => sendJson(res, 401, { title: 'Unauthenticated', detail: `Invalid token ${KEY}`, status: 401 }));
    expect((await failure(createReplicateBackend({ ...FAST, url: server.url }).generate(smallRequest()))).code).toBe('BACKEND_AUTH');
  });
});
