import { afterEach, describe, expect, it } from 'vitest';
import { backendFailure } from '../../test-support/backend-failure.js';
import { decodeRgba, smallRequest, solidPng } from '../../test-support/background-request.js';
import { sendJson, startLocalServer, type LocalServer } from '../../test-support/local-http.js';
import { createStabilityBackend } from './stability.js';

const KEY = 'sk-stab-0000111122223333xyz';
const FAST = { apiKey: KEY, retries: 3, retryBaseMs: 1, retryCapMs: 2, timeoutMs: 3000, pollIntervalMs: 5, pollSlowIntervalMs: 5 };
let server: LocalServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const failure = (p: Promise<unknown>) => backendFailure(p, KEY);

function sendPng(res: import('node:http').ServerResponse, png: Buffer, finish = 'SUCCESS') {
  res.writeHead(200, { 'content-type': 'image/png', 'finish-reason': finish, seed: '42' });
  res.end(png);
}

describe('stability backend, inpaint', () => {
  it('posts image, white mask and prompt and reads image bytes back', async () => {
    const png = await solidPng(90, 160, [200, 10, 10]);
    server = await startLocalServer((_req, res) => sendPng(res, png));
    const result = await createStabilityBackend({ ...FAST, url: server.url }).generate(smallRequest());
    expect([...result.image.data.subarray(0, 4)]).toEqual([200, 10, 10, 255]);
    expect(result.includesSubject).toBeUndefined();
    const req = server.seen[0];
    expect(req.url).toBe('/v2beta/stable-image/edit/inpaint');
    expect(req.headers.accept).toBe('image/*');
    const form = await req.form();
    expect(form.get('seed')).toBe('42');
    expect(String(form.get('negative_prompt'))).toContain('people');
    const mask = await decodeRgba(await (form.get('mask') as Blob).arrayBuffer());
    expect(mask.data[0]).toBe(255); // background corner: white = regenerate
    const centre = (Math.round(mask.height * 0.65) * mask.width + Math.round(mask.width / 2)) * 4;
    expect(mask.data[centre]).toBe(0); // the subject: keep
  });

  it('maps content_moderation (403) and CONTENT_FILTERED to BACKEND_REFUSED', async () => {
    server = await startLocalServer((_req, res) => sendJson(res, 403, { id: 'x', name: 'content_moderation', errors: ['Your request was flagged by our content moderation system'] }));
    expect((await failure(createStabilityBackend({ ...FAST, url: server.url }).generate(smallRequest()))).code).toBe('BACKEND_REFUSED');
    expect(server.seen).toHaveLength(1);
    await server.close();
    const png = await solidPng(90, 160);
    server = await startLocalServer((_req, res) => sendPng(res, png, 'CONTENT_FILTERED'));
    expect((await failure(createStabilityBackend({ ...FAST, url: server.url }).generate(smallRequest()))).code).toBe('BACKEND_REFUSED');
  });

  it('maps 402 to BACKEND_QUOTA and 401 to BACKEND_AUTH', async () => {
    let status = 402;
    server = await startLocalServer((_req, res) => sendJson(res, status, { id: 'x', name: 'payment_required', errors: ['lack sufficient credits'] }));
    expect((await failure(createStabilityBackend({ ...FAST, url: server.url }).generate(smallRequest()))).code).toBe('BACKEND_QUOTA');
    status = 401;
    expect((await failure(createStabilityBackend({ ...FAST, url: server.url }).generate(smallRequest()))).code).toBe('BACKEND_AUTH');
  });
});

describe('stability backend, replace background and relight', () => {
  const ID = 'a'.repeat(64);

  it('creates a generation and polls results until 200', async () => {
    const png = await solidPng(90, 160, [10, 200, 10]);
    let polls = 0;
    server = await startLocalServer((req, res) => {
      if (req.method === 'POST') return sendJson(res, 200, { id: ID });
      if (req.url === `/v2beta/results/${ID}`) return ++polls < 3 ? sendJson(res, 202, { id: ID, status: 'in-progress' }) : sendPng(res, png);
      sendJson(res, 404, { name: 'not_found', errors: ['unknown'] });
    });
    const progress: number[] = [];
    const result = await createStabilityBackend({ ...FAST, url: server.url, mode: 'relight', relight: true }).generate(smallRequest(), { onProgress: (f) => progress.push(f) });
    expect([...result.image.data.subarray(0, 4)]).toEqual([10, 200, 10, 255]);
    expect(result.includesSubject).toBe(true);
    expect(result.model).toBe('replace-background-and-relight');
    expect(polls).toBe(3);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    const form = await server.seen[0].form();
    expect(form.get('subject_image')).toBeInstanceOf(Blob);
    expect(String(form.get('background_prompt'))).toContain('red carpet');
  });

  it('pastes the subject back unless relight is explicitly asked for', async () => {
    const png = await solidPng(90, 160);
    server = await startLocalServer((req, res) => (req.method === 'POST' ? sendJson(res, 200, { id: ID }) : sendPng(res, png)));
    const result = await createStabilityBackend({ ...FAST, url: server.url, mode: 'relight' }).generate(smallRequest());
    expect(result.includesSubject).toBeUndefined();
  });

  it('rejects a malformed create answer with BACKEND_BAD_RESPONSE', async () => {
    server = await startLocalServer((_req, res) => sendJson(res, 200, { generation: 'missing id' }));
    expect((await failure(createStabilityBackend({ ...FAST, url: server.url, mode: 'relight' }).generate(smallRequest()))).code).toBe('BACKEND_BAD_RESPONSE');
  });

  it('stops polling when cancelled and gives up at the deadline', async () => {
    server = await startLocalServer((req, res) => (req.method === 'POST' ? sendJson(res, 200, { id: ID }) : sendJson(res, 202, { id: ID, status: 'in-progress' })));
    const controller = new AbortController();
    const pending = createStabilityBackend({ ...FAST, url: server.url, mode: 'relight' }).generate(smallRequest(), { signal: controller.signal });
    setTimeout(() => controller.abort(), 80);
    expect((await failure(pending)).code).toBe('CANCELLED');
    expect((await failure(createStabilityBackend({ ...FAST, url: server.url, mode: 'relight', pollDeadlineMs: 50 }).generate(smallRequest()))).code).toBe('BACKEND_TIMEOUT');
  });
});
