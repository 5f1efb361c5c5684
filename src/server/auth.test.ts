import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEditor, type Editor } from '../editor/editor.js';
import { buildApp, type ScenicApp } from './app.js';
import { createUser, hashKey } from './auth.js';
import { discSegmenter, multipartBody, waitForJob } from './test-helpers.js';

let editor: Editor;
let dir: string;
let scenic: ScenicApp;
let alice: Record<string, string>;
let bob: Record<string, string>;
const ids: Record<string, string> = {};

beforeAll(async () => {
  // Who sees what does not depend on the model: a stand-in segmenter keeps this file fast.
  editor = createEditor({ segmenter: discSegmenter() });
  dir = mkdtempSync(path.join(tmpdir(), 'scenic-auth-'));
  scenic = await buildApp({ dataDir: dir, editor, auth: 'api-keys' });
  alice = { authorization: `Bearer ${createUser(scenic.context.db, 'alice').key}` };
  bob = { authorization: `Bearer ${createUser(scenic.context.db, 'bob').key}` };
  // Small photo and canvas: this file is about who sees what, not about pixels.
  const photo = await sharp(readFileSync(new URL('../../examples/astronaut.png', import.meta.url))).resize(192, 192).png().toBuffer();
  const form = multipartBody('photo', 'a.png', photo);
  const inject = (headers: Record<string, string>, method: 'POST', url: string, payload: unknown) => scenic.app.inject({ method, url, headers, payload: payload as string });
  ids.photo = (await scenic.app.inject({ method: 'POST', url: '/v1/photos', payload: form.payload, headers: { ...form.headers, ...alice } })).json().id;
  ids.bobPhoto = (await scenic.app.inject({ method: 'POST', url: '/v1/photos', payload: photo, headers: { 'content-type': 'image/png', ...bob } })).json().id;
  ids.kit = (await inject(alice, 'POST', '/v1/brand-kits', { name: 'Alice', colours: ['#112233'] })).json().id;
  // Alice uses the preset ranked last for a new user, so her history visibly changes her own order.
  const presets = (await scenic.app.inject({ method: 'GET', url: '/v1/presets', headers: alice })).json().presets;
  ids.preset = presets[presets.length - 1].id;
  ids.prompt = presets[presets.length - 1].prompt;
  const job = (await inject(alice, 'POST', '/v1/edits', { photo: ids.photo, prompt: '', preset: ids.preset, variations: 1, layout: { width: 270, height: 480 } })).json();
  const done = await waitForJob(scenic.app, job.id, alice);
  ids.job = done.id;
  ids.result = done.results[0].id;
});
afterAll(async () => {
  await scenic.app.close();
  await editor.dispose();
  rmSync(dir, { recursive: true, force: true });
});

/** Every route that touches a user's things, with a request that names Alice's. */
function routes(): Array<{ method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE'; url: string; payload?: unknown }> {
  return [
    { method: 'GET', url: `/v1/photos/${ids.photo}` },
    { method: 'GET', url: `/v1/photos/${ids.photo}/cutout` },
    { method: 'DELETE', url: `/v1/photos/${ids.photo}` },
    { method: 'POST', url: '/v1/edits', payload: { photo: ids.photo, prompt: 'x' } },
    { method: 'POST', url: '/v1/edits', payload: { photo: ids.photo, recipe: {} } },
    { method: 'POST', url: '/v1/edits', payload: { photo: ids.bobPhoto, prompt: 'x', brandKit: ids.kit } },
    { method: 'GET', url: `/v1/jobs/${ids.job}` },
    { method: 'GET', url: `/v1/jobs/${ids.job}/events` },
    { method: 'POST', url: `/v1/jobs/${ids.job}/cancel` },
    { method: 'GET', url: `/v1/results/${ids.result}` },
    { method: 'GET', url: `/v1/results/${ids.result}/thumbnail` },
    { method: 'GET', url: `/v1/results/${ids.result}/meta` },
    { method: 'GET', url: `/v1/brand-kits/${ids.kit}` },
    { method: 'PATCH', url: `/v1/brand-kits/${ids.kit}`, payload: { name: 'stolen' } },
    { method: 'PUT', url: `/v1/brand-kits/${ids.kit}`, payload: { name: 'stolen' } },
    { method: 'DELETE', url: `/v1/brand-kits/${ids.kit}` },
    { method: 'POST', url: '/v1/shares', payload: { job: ids.job } },
  ];
}

describe('API keys', () => {
  it('asks for a key on every /v1 route except reading a share', async () => {
    const all = [...routes(), { method: 'GET' as const, url: '/v1/photos' }, { method: 'POST' as const, url: '/v1/photos' }, { method: 'GET' as const, url: '/v1/presets' }, { method: 'GET' as const, url: '/v1/brand-kits' }, { method: 'POST' as const, url: '/v1/brand-kits', payload: { name: 'a', colours: ['#000000'] } }, { method: 'POST' as const, url: '/v1/shares', payload: { prompt: 'a' } }];
    for (const r of all) {
      for (const headers of [{}, { authorization: 'Bearer sk_wrong' }, { authorization: 'Basic abc' }]) {
        const res = await scenic.app.inject({ ...r, headers, payload: r.payload as string });
        expect([r.method, r.url, res.statusCode, res.json().error.code]).toEqual([r.method, r.url, 401, 'UNAUTHORIZED']);
      }
    }
  });

  it("never shows or changes another key's photos, jobs, results or brand kits", async () => {
    for (const r of routes()) {
      const res = await scenic.app.inject({ ...r, headers: bob, payload: r.payload as string });
      expect([r.method, r.url, res.statusCode, res.json().error.code]).toEqual([r.method, r.url, 404, 'NOT_FOUND']);
    }
    expect((await scenic.app.inject({ method: 'GET', url: '/v1/photos', headers: bob })).json().photos.map((p: { id: string }) => p.id)).toEqual([ids.bobPhoto]);
    expect((await scenic.app.inject({ method: 'GET', url: '/v1/brand-kits', headers: bob })).json().brandKits).toEqual([]);
    const order = async (headers: Record<string, string>) => (await scenic.app.inject({ method: 'GET', url: '/v1/presets', headers })).json().presets.map((p: { id: string }) => p.id);
    const carol = { authorization: `Bearer ${createUser(scenic.context.db, 'carol').key}` };
    expect(await order(bob)).toEqual(await order(carol));
    expect(await order(alice)).not.toEqual(await order(carol));
    // ...while Alice still has all of it.
    for (const r of routes().filter((x) => x.method === 'GET')) {
      expect((await scenic.app.inject({ method: r.method, url: r.url, headers: alice })).statusCode, r.url).toBe(200);
    }
  });

  it('stores only hashes of keys', () => {
    const rows = scenic.context.db.prepare('SELECT key_hash FROM users WHERE key_hash IS NOT NULL').all() as Array<{ key_hash: string }>;
    expect(rows.map((r) => r.key_hash)).toEqual(expect.arrayContaining([hashKey(alice.authorization.slice(7)), hashKey(bob.authorization.slice(7))]));
    expect(rows.every((r) => /^[0-9a-f]{64}$/.test(r.key_hash))).toBe(true);
  });

  it("deleting one user's photo keeps another user's copy of the same bytes", async () => {
    const bobRow = scenic.context.db.prepare('SELECT file FROM photos WHERE id = ?').get(ids.bobPhoto) as { file: string };
    const aliceRow = scenic.context.db.prepare('SELECT file FROM photos WHERE id = ?').get(ids.photo) as { file: string };
    expect(bobRow.file).toBe(aliceRow.file);
    expect((await scenic.app.inject({ method: 'DELETE', url: `/v1/photos/${ids.bobPhoto}`, headers: bob })).statusCode).toBe(204);
    expect(await scenic.context.files.has(aliceRow.file)).toBe(true);
    expect((await scenic.app.inject({ method: 'GET', url: `/v1/photos/${ids.photo}/cutout`, headers: alice })).statusCode).toBe(200);
  });

  it('lets anyone read a share, which carries no photo', async () => {
    const share = (await scenic.app.inject({ method: 'POST', url: '/v1/shares', headers: alice, payload: { job: ids.job } })).json();
    const read = await scenic.app.inject({ method: 'GET', url: `/v1/shares/${share.id}` });
    expect(read.statusCode).toBe(200);
    expect(read.body).not.toContain(ids.photo);
    expect(read.json().background.prompt).toBe(ids.prompt);
  });
});
