import { afterEach, describe, expect, it } from 'vitest';
import { backendFailure } from '../../test-support/backend-failure.js';
import { decodeRgba, smallRequest, solidPng } from '../../test-support/background-request.js';
import { sendJson, startLocalServer, type LocalServer } from '../../test-support/local-http.js';
import { createOpenAiBackend } from './openai.js';

const KEY = 'sk-proj-AAAABBBBCCCCDDDDsecret';
const FAST = { retries: 3, retryBaseMs: 1, retryCapMs: 2, timeoutMs: 3000 };
let server: LocalServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const failure = (p: Promise<unknown>) => backendFailure(p, KEY, 'AAAABBBB');

describe('openai backend', () => {
  it('sends image + alpha mask at the nearest fixed size and returns a canvas-sized background', async () => {
    const png = (await solidPng(1024, 1536)).toString('base64');
    server = await startLocalServer((_req, res) => sendJson(res, 200, { created: 1, data: [{ b64_json: png }], usage: { total_tokens: 10 } }));
    const backend = createOpenAiBackend({ apiKey: KEY, url: server.url, ...FAST });
    const progress: number[] = [];
    const result = await backend.generate(smallRequest(), { onProgress: (f) => progress.push(f) });
    expect([result.image.width, result.image.height]).toEqual([90, 160]);
    expect([...result.image.data.subarray(0, 4)]).toEqual([20, 120, 200, 255]);
    expect(result.digitalSourceType).toBe('compositeWithTrainedAlgorithmicMedia');
    expect(progress.at(-1)).toBe(1);
    const req = server.seen[0];
    expect(req.url).toBe('/v1/images/edits');
    expect(req.headers.authorization).toBe(`Bearer ${KEY}`);
    const form = await req.form();
    expect(form.get('model')).toBe('gpt-image-1');
    expect(form.get('size')).toBe('1024x1536');
    expect(String(form.get('prompt'))).toContain('on a red carpet in Cannes');
    const image = await decodeRgba(await (form.get('image') as Blob).arrayBuffer());
    const mask = await decodeRgba(await (form.get('mask') as Blob).arrayBuffer());
    expect([mask.width, mask.height]).toEqual([image.width, image.height]);
    // Top-left is background (transparent = edit); the subject's centre is opaque (keep).
    expect(mask.data[3]).toBe(0);
    const cx = 512;
    const cy = Math.round(1536 * 0.65);
    expect(mask.data[(cy * 1024 + cx) * 4 + 3]).toBe(255);
  });

  it('maps a moderation refusal to BACKEND_REFUSED without retrying', async () => {
    server = await startLocalServer((_req, res) => sendJson(res, 400, { error: { message: 'Your request was rejected by the safety system.', type: 'image_generation_user_error', code: 'moderation_blocked' } }));
    const e = await failure(createOpenAiBackend({ apiKey: KEY, url: server.url, ...FAST }).generate(smallRequest()));
    expect(e.code).toBe('BACKEND_REFUSED');
    expect(e.message).toMatch(/^openai: /);
    expect(server.seen).toHaveLength(1);
  });

  it('treats insufficient_quota as BACKEND_QUOTA, not a retryable 429', async () => {
    server = await startLocalServer((_req, res) => sendJson(res, 429, { error: { message: 'You exceeded your current quota', type: 'insufficient_quota', code: 'insufficient_quota' } }));
    expect((await failure(createOpenAiBackend({ apiKey: KEY, url: server.url, ...FAST }).generate(smallRequest()))).code).toBe('BACKEND_QUOTA');
    expect(server.seen).toHaveLength(1);
  });

  it('retries a rate limit and a 500, then succeeds', async () => {
    const png = (await solidPng(1024, 1536)).toString('base64');
    let n = 0;
    server = await startLocalServer((_req, res) => {
      n++;
      if (n === 1) return sendJson(res, 429, { error: { message: 'Rate limit reached', type: 'requests', code: 'rate_limit_exceeded' } }, { 'retry-after': '0' });
      if (n === 2) return sendJson(res, 500, { error: { message: 'server error' } });
      sendJson(res, 200, { data: [{ b64_json: png }] });
    });
    const result = await createOpenAiBackend({ apiKey: KEY, url: server.url, ...FAST }).generate(smallRequest());
    expect(result.image.width).toBe(90);
    expect(server.seen).toHaveLength(3);
  });

  it('never echoes the key from an auth error', async () => {
    server = await startLocalServer((_req, res) => sendJson(res, 401, { error: { message: `Incorrect API key provided: ${KEY.slice(0, 8)}****${KEY.slice(-4)}. You can find your API key at ...`, code: 'invalid_api_key' } }));
    const e = await failure(createOpenAiBackend({ apiKey: KEY, url: server.url, ...FAST }).generate(smallRequest()));
    expect(e.code).toBe('BACKEND_AUTH');
    expect(JSON.stringify(e.toJSON())).not.toContain('AAAA');
  });

  it('reports a missing key as BACKEND_CONFIG naming the variable', () => {
    const saved = process.env.OPENAI_API_KEY;
    delete process.env.OPENAI_API_KEY;
    try {
      expect(() => createOpenAiBackend({})).toThrowError(expect.objectContaining({ code: 'BACKEND_CONFIG', message: expect.stringContaining('OPENAI_API_KEY') }));
    } finally {
      if (saved !== undefined) process.env.OPENAI_API_KEY = saved;
    }
  });

  it('reports a body without an image as BACKEND_BAD_RESPONSE', async () => {
    server = await startLocalServer((_req, res) => sendJson(res, 200, { data: [{ b64_json: 'bm90IGFuIGltYWdl' }] }));
    expect((await failure(createOpenAiBackend({ apiKey: KEY, url: server.url, ...FAST }).generate(smallRequest()))).code).toBe('BACKEND_BAD_RESPONSE');
  });

  it('cancels with CANCELLED', async () => {
    server = await startLocalServer(() => undefined);
    const controller = new AbortController();
    const pending = createOpenAiBackend({ apiKey: KEY, url: server.url, ...FAST }).generate(smallRequest(), { signal: controller.signal });
    setTimeout(() => controller.abort(), 100);
    expect((await failure(pending)).code).toBe('CANCELLED');
  });
});
