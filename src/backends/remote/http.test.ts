import { afterEach, describe, expect, it } from 'vitest';
import { ScenicError } from '../../errors.js';
import { sendJson, startLocalServer, type LocalServer } from '../../test-support/local-http.js';
import { createHttpClient, retryAfterMs, type HttpSettings } from './http.js';
import { redact } from './secrets.js';

const KEY = 'sk-test-0123456789abcdefSECRET';
let server: LocalServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

function client(url: string, overrides: Partial<HttpSettings> = {}) {
  const waits: number[] = [];
  const http = createHttpClient({
    backend: 'test',
    baseUrl: url,
    headers: { authorization: `Bearer ${KEY}` },
    secrets: [KEY],
    timeoutMs: 2000,
    retry: { attempts: 4, baseMs: 8, capMs: 40, maxRetryAfterMs: 5000 },
    random: () => 0.5,
    sleep: async (ms) => void waits.push(ms),
    ...overrides,
  });
  return { http, waits };
}

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(ScenicError);
    expect((e as Error).message).not.toContain(KEY);
    return (e as ScenicError).code;
  }
  return 'no error';
}

describe('createHttpClient', () => {
  it('retries 429 honouring Retry-After, then succeeds', async () => {
    let n = 0;
    server = await startLocalServer((_req, res) => (++n === 1 ? sendJson(res, 429, { detail: 'throttled' }, { 'retry-after': '2' }) : sendJson(res, 200, { ok: true })));
    const { http, waits } = client(server.url);
    const answer = await http.request({ method: 'POST', path: '/v1/things', json: { a: 1 } });
    expect(answer.json()).toEqual({ ok: true });
    expect(waits).toEqual([2000]);
    expect(server.seen).toHaveLength(2);
  });

  it('backs off with full jitter on 5xx and gives up with BACKEND_UNAVAILABLE', async () => {
    server = await startLocalServer((_req, res) => sendJson(res, 503, { error: 'overloaded' }));
    const { http, waits } = client(server.url);
    expect(await codeOf(http.request({ path: '/x' }))).toBe('BACKEND_UNAVAILABLE');
    expect(server.seen).toHaveLength(4);
    // random() = 0.5 → half of min(cap 40, base 8·2^(n−1)).
    expect(waits).toEqual([4, 8, 16]);
  });

  it('does not retry other 4xx and maps them to distinct codes', async () => {
    const statuses = [400, 401, 402, 403, 404, 413, 422];
    let i = 0;
    server = await startLocalServer((_req, res) => sendJson(res, statuses[i++], { error: { message: `nope, key ${KEY}` } }));
    const { http } = client(server.url);
    const codes = [];
    for (const _ of statuses) codes.push(await codeOf(http.request({ method: 'POST', path: '/x', json: {} })));
    expect(codes).toEqual(['BACKEND_REJECTED', 'BACKEND_AUTH', 'BACKEND_QUOTA', 'BACKEND_AUTH', 'BACKEND_REJECTED', 'BACKEND_REJECTED', 'BACKEND_REJECTED']);
    expect(server.seen).toHaveLength(statuses.length);
  });

  it('does not wait for a Retry-After longer than allowed', async () => {
    server = await startLocalServer((_req, res) => sendJson(res, 429, { detail: 'locked out' }, { 'retry-after': '60' }));
    const { http, waits } = client(server.url);
    expect(await codeOf(http.request({ path: '/x' }))).toBe('BACKEND_QUOTA');
    expect(waits).toEqual([]);
  });

  it('times out a hung response: a GET is retried, a create is never sent twice', async () => {
    server = await startLocalServer(() => undefined); // never answers
    const { http } = client(server.url, { timeoutMs: 150, retry: { attempts: 2, baseMs: 1, capMs: 1, maxRetryAfterMs: 0 } });
    expect(await codeOf(http.request({ path: '/poll' }))).toBe('BACKEND_TIMEOUT');
    expect(server.seen).toHaveLength(2);
    server.seen.length = 0;
    expect(await codeOf(http.request({ method: 'POST', path: '/create', json: {} }))).toBe('BACKEND_TIMEOUT');
    expect(server.seen).toHaveLength(1);
  });

  it('times out a body that stops half way', async () => {
    server = await startLocalServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '100' });
      res.write('{"partial":');
    });
    const { http } = client(server.url, { timeoutMs: 150, retry: { attempts: 1 } });
    expect(await codeOf(http.request({ path: '/x' }))).toBe('BACKEND_TIMEOUT');
  });

  it('reports a malformed body as BACKEND_BAD_RESPONSE', async () => {
    server = await startLocalServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('<html>gateway</html>');
    });
    const { http } = client(server.url);
    const answer = await http.request({ path: '/x' });
    expect(await codeOf(Promise.resolve().then(() => answer.json()))).toBe('BACKEND_BAD_RESPONSE');
  });

  it('reports an unreachable server as BACKEND_UNAVAILABLE after retrying', async () => {
    server = await startLocalServer(() => undefined);
    const url = server.url;
    await server.close();
    server = undefined;
    const { http, waits } = client(url);
    expect(await codeOf(http.request({ method: 'POST', path: '/create', json: {} }))).toBe('BACKEND_UNAVAILABLE');
    expect(waits).toHaveLength(3); // refused connections are safe to retry, even for a create
  });

  it('cancels an in-flight request with CANCELLED', async () => {
    server = await startLocalServer(() => undefined);
    const { http } = client(server.url);
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    expect(await codeOf(http.request({ path: '/x', signal: controller.signal }))).toBe('CANCELLED');
  });

  it('sends the key only to its own origin', async () => {
    server = await startLocalServer((_req, res) => sendJson(res, 200, {}));
    const other = await startLocalServer((_req, res) => sendJson(res, 200, {}));
    try {
      const { http } = client(server.url);
      await http.request({ path: '/own' });
      await http.request({ path: `${other.url}/cdn/file.png` });
      expect(server.seen[0].headers.authorization).toBe(`Bearer ${KEY}`);
      expect(other.seen[0].headers.authorization).toBeUndefined();
    } finally {
      await other.close();
    }
  });
});

describe('retryAfterMs and redact', () => {
  it('reads seconds and HTTP dates', () => {
    expect(retryAfterMs('3')).toBe(3000);
    expect(retryAfterMs('0.5')).toBe(500);
    expect(retryAfterMs(new Date(10_000).toUTCString(), 4000)).toBe(6000);
    expect(retryAfterMs('soon')).toBeUndefined();
    expect(retryAfterMs(null)).toBeUndefined();
  });

  it('removes exact keys, partial echoes and key-shaped words', () => {
    expect(redact(`bad ${KEY}!`, [KEY])).toBe('bad [redacted]!');
    expect(redact('Incorrect API key provided: sk-test-***********CRET.', [KEY])).not.toMatch(/sk-test/);
    expect(redact('token r8_abcdefghijkl was rejected')).toBe('token [redacted] was rejected');
  });
});
