import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEditor, type Editor } from '../editor/editor.js';
import { buildApp, type ScenicApp } from './app.js';
import { createUser } from './auth.js';
import { openDb } from './db.js';
import { discSegmenter, multipartBody } from './test-helpers.js';

/**
 * The security checklist of the scale-out issue, each as a test: keys hashed at rest, headers on the page and
 * the API, no outbound fetch of anything a user sends, and a rate limit per key (one key's flood does not
 * block another). Ownership on every route is proven route by route in auth.test.ts.
 */
const ASTRONAUT = readFileSync(new URL('../../examples/astronaut.png', import.meta.url));
const SERVER_SRC = path.dirname(fileURLToPath(import.meta.url));
let dir: string;
let editor: Editor;
let scenic: ScenicApp;
let keys: { alice: string; bob: string; carol: string; dave: string };

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'scenic-security-'));
  const dataDir = path.join(dir, 'data');
  mkdirSync(dataDir);
  const db = openDb(path.join(dataDir, 'scenic.db'));
  keys = { alice: createUser(db, 'alice').key, bob: createUser(db, 'bob').key, carol: createUser(db, 'carol').key, dave: createUser(db, 'dave').key };
  db.close();
  const webRoot = path.join(dir, 'web');
  mkdirSync(webRoot);
  writeFileSync(path.join(webRoot, 'index.html'), '<!doctype html><script type="module" src="/assets/app.js"></script>');
  editor = createEditor({ segmenter: discSegmenter() });
  scenic = await buildApp({ dataDir, editor, webRoot, limits: { rateBurst: 5, ratePerMinute: 1 } });
});
afterAll(async () => {
  await scenic?.app.close();
  await editor?.dispose();
  rmSync(dir, { recursive: true, force: true });
});

const as = (key: string) => ({ authorization: `Bearer ${key}` });

describe('security', () => {
  it('stores API keys only as hashes', () => {
    const db = openDb(path.join(dir, 'data', 'scenic.db'));
    try {
      const rows = db.prepare('SELECT key_hash FROM users WHERE key_hash IS NOT NULL').all() as Array<{ key_hash: string }>;
      expect(rows).toHaveLength(4);
      for (const { key_hash } of rows) {
        expect(key_hash).toMatch(/^[0-9a-f]{64}$/);
        expect(key_hash).not.toContain(keys.alice.slice(3, 15));
        expect(key_hash).not.toContain(keys.bob.slice(3, 15));
      }
    } finally {
      db.close();
    }
    // And nowhere else in the database file either.
    const bytes = readFileSync(path.join(dir, 'data', 'scenic.db')).toString('latin1');
    expect(bytes.includes(keys.alice)).toBe(false);
  });

  it('serves the page with a CSP without inline scripts, frame-ancestors none and nosniff', async () => {
    const page = await scenic.app.inject({ method: 'GET', url: '/' });
    expect(page.statusCode).toBe(200);
    const csp = String(page.headers['content-security-policy']);
    const script = /script-src ([^;]+)/.exec(csp)?.[1] ?? /default-src ([^;]+)/.exec(csp)![1];
    expect(script).not.toMatch(/unsafe-inline|unsafe-eval|\*/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    // API answers and stored images carry it too: an uploaded file must never be sniffed into HTML.
    const api = await scenic.app.inject({ method: 'GET', url: '/v1/presets', headers: as(keys.alice) });
    expect(api.headers['x-content-type-options']).toBe('nosniff');
    expect(api.headers['x-frame-options']).toBe('DENY');
  });

  it('never fetches a URL a user sends: the API has no URL-fetch feature, and no server file calls out', async () => {
    let hits = 0;
    const bait = createServer((_req, res) => {
      hits++;
      res.end();
    });
    await new Promise<void>((r) => bait.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(bait.address() as AddressInfo).port}/photo.png`;
    try {
      const asBody = await scenic.app.inject({ method: 'POST', url: '/v1/photos', payload: url, headers: { ...as(keys.alice), 'content-type': 'text/plain' } });
      expect(asBody.statusCode).toBe(415);
      const asJson = await scenic.app.inject({ method: 'POST', url: '/v1/photos', payload: { url }, headers: as(keys.alice) });
      expect(asJson.statusCode).toBe(415);
      const asPhoto = await scenic.app.inject({ method: 'POST', url: '/v1/edits', payload: { photo: url, prompt: 'sky' }, headers: as(keys.alice) });
      expect(asPhoto.statusCode).toBeGreaterThanOrEqual(400);
      expect(asPhoto.statusCode).toBeLessThan(500);
      expect(hits).toBe(0);
    } finally {
      bait.close();
    }
    // No route can fetch: nothing under src/server (tests aside) opens an outbound connection, except the
    // S3 storage client, which talks only to the object store the operator configured (--storage and
    // SCENIC_S3_ENDPOINT at start-up), never to a URL from a request.
    const OPERATOR_CONFIGURED = new Set(['s3-client.ts']);
    const sources: string[] = [];
    const walk = (d: string) => {
      for (const name of readdirSync(d)) {
        const p = path.join(d, name);
        if (statSync(p).isDirectory()) walk(p);
        else if (p.endsWith('.ts') && !/\.test\.ts$|test-(helpers|support)\.ts$/.test(p) && !OPERATOR_CONFIGURED.has(name)) sources.push(p);
      }
    };
    walk(SERVER_SRC);
    expect(sources.length).toBeGreaterThan(10);
    for (const file of sources) expect({ file, calls: /\bfetch\(|https?\.(request|get)\(|from 'undici'|new WebSocket\(/.test(readFileSync(file, 'utf8')) }).toEqual({ file, calls: false });
  });

  it('limits requests per key: one key flooding does not slow another', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) statuses.push((await scenic.app.inject({ method: 'GET', url: '/v1/presets', headers: as(keys.carol) })).statusCode);
    expect(statuses.slice(0, 3)).toEqual([200, 200, 200]);
    expect(statuses.slice(-2)).toEqual([429, 429]);
    const limited = await scenic.app.inject({ method: 'GET', url: '/v1/presets', headers: as(keys.carol) });
    expect(limited.json().error.code).toBe('RATE_LIMITED');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect((await scenic.app.inject({ method: 'GET', url: '/v1/presets', headers: as(keys.dave) })).statusCode).toBe(200);
  });

  it('keeps one key away from another key’s photo', async () => {
    const form = multipartBody('photo', 'a.png', ASTRONAUT);
    const mine = await scenic.app.inject({ method: 'POST', url: '/v1/photos', payload: form.payload, headers: { ...form.headers, ...as(keys.bob) } });
    expect(mine.statusCode).toBe(201);
    const theirs = await scenic.app.inject({ method: 'GET', url: `/v1/photos/${mine.json().id}`, headers: { authorization: 'Bearer sk_nobody' } });
    expect(theirs.statusCode).toBe(401);
  });
});
