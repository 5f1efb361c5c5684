import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEditor, type Editor } from '../editor/editor.js';
import { buildApp, type ScenicApp } from './app.js';
import { discSegmenter, multipartBody, waitForJob } from './test-helpers.js';

const ASTRONAUT = readFileSync(new URL('../../examples/astronaut.png', import.meta.url));
let editor: Editor;
let dir: string;
let scenic: ScenicApp;

beforeAll(async () => {
  editor = createEditor({ subjectCacheSize: 8 });
  dir = mkdtempSync(path.join(tmpdir(), 'scenic-api-'));
  scenic = await buildApp({ dataDir: path.join(dir, 'main'), editor });
});
afterAll(async () => {
  await scenic.app.close();
  await editor.dispose();
  rmSync(dir, { recursive: true, force: true });
});

async function upload(app = scenic.app, headers: Record<string, string> = {}) {
  const form = multipartBody('photo', 'astronaut.png', ASTRONAUT);
  return app.inject({ method: 'POST', url: '/v1/photos', payload: form.payload, headers: { ...form.headers, ...headers } });
}

function expectError(res: { statusCode: number; json(): any }, status: number, code: string) {
  expect(res.statusCode).toBe(status);
  expect(res.json().error.code).toBe(code);
  expect(typeof res.json().error.message).toBe('string');
}

describe('photos and edits', () => {
  let photoId: string;
  let job: Record<string, any>;

  it('uploads a photo (multipart), finds the subject and serves the cut-out', async () => {
    const res = await upload();
    expect(res.statusCode).toBe(201);
    const photo = res.json();
    photoId = photo.id;
    expect(photo).toMatchObject({ width: 512, height: 512, subjects: { found: true }, cutoutUrl: `/v1/photos/${photo.id}/cutout` });
    expect(photo.subjects.count).toBe(photo.subjects.regions.length);
    expect(photo.subjects.regions.some((r: { kept: boolean }) => r.kept)).toBe(true);
    const cut = await scenic.app.inject({ method: 'GET', url: photo.cutoutUrl });
    expect(cut.headers['content-type']).toBe('image/png');
    const meta = await sharp(cut.rawPayload).metadata();
    expect(meta).toMatchObject({ width: 512, height: 512, hasAlpha: true });
    // The same bytes again are the same photo, not a second copy.
    const again = await scenic.app.inject({ method: 'POST', url: '/v1/photos', payload: ASTRONAUT, headers: { 'content-type': 'image/png' } });
    expect(again.statusCode).toBe(200);
    expect(again.json().id).toBe(photoId);
  });

  it('runs a shorthand edit to two labelled variations with thumbnails and what was understood', async () => {
    const res = await scenic.app.inject({ method: 'POST', url: '/v1/edits', payload: { photo: photoId, prompt: 'sunset over the ocean', seed: 7 } });
    expect(res.statusCode).toBe(202);
    expect(res.headers.location).toBe(`/v1/jobs/${res.json().id}`);
    job = await waitForJob(scenic.app, res.json().id);
    expect(job.state).toBe('succeeded');
    expect(job.results).toHaveLength(2);
    expect(job.results.map((r: any) => r.seed)).toEqual([7, 8]);
    expect(job.understood.concepts.length).toBeGreaterThan(0);
    expect(job.results[0].label.digitalSourceType).toBe('compositeSynthetic');
    const image = await scenic.app.inject({ method: 'GET', url: job.results[0].url });
    expect(image.headers['content-type']).toBe('image/jpeg');
    expect(await sharp(image.rawPayload).metadata()).toMatchObject({ width: 1080, height: 1920 });
    expect(image.rawPayload.toString('latin1')).toContain('compositeSynthetic');
    const thumb = await scenic.app.inject({ method: 'GET', url: job.results[0].thumbnailUrl });
    expect(await sharp(thumb.rawPayload).metadata()).toMatchObject({ format: 'jpeg', width: 360, height: 640 });
    // Made from the story's pixels on the render side, with the same AI label.
    expect(thumb.rawPayload.toString('latin1')).toContain('compositeSynthetic');
  });

  it('says what the prompt was not understood as and suggests a diffusion backend for it', async () => {
    const res = await scenic.app.inject({ method: 'POST', url: '/v1/edits', payload: { photo: photoId, prompt: 'sunset with dinosaurs', seed: 1, variations: 1 } });
    const done = await waitForJob(scenic.app, res.json().id);
    expect(done.understood.notUnderstood).toContain('dinosaurs');
    expect(done.understood.suggestion).toMatchObject({ words: ['dinosaurs'], backends: expect.arrayContaining(['onnx-sd']) });
  });

  it('streams a finished job as server-sent events', async () => {
    const res = await scenic.app.inject({ method: 'GET', url: `/v1/jobs/${job.id}/events` });
    expect(res.headers['content-type']).toBe('text/event-stream');
    expect(res.body).toContain('event: state');
    expect(res.body).toContain('event: succeeded');
  });

  it('accepts a full recipe and refuses a bad one with INVALID_RECIPE', async () => {
    const ok = await scenic.app.inject({ method: 'POST', url: '/v1/edits', payload: { photo: photoId, recipe: { layout: { width: 540, height: 960 }, background: { prompt: 'night sky', seed: 3 } } } });
    expect(ok.statusCode).toBe(202);
    const done = await waitForJob(scenic.app, ok.json().id);
    expect(done.results).toHaveLength(1);
    expect(done.results[0]).toMatchObject({ width: 540, height: 960, seed: 3 });
    const bad = await scenic.app.inject({ method: 'POST', url: '/v1/edits', payload: { photo: photoId, recipe: { background: { seed: 'x' } } } });
    expectError(bad, 400, 'INVALID_RECIPE');
    expect(bad.json().error.message).toContain('recipe.background.seed');
  });

  it('orders presets by what this user used', async () => {
    const before = (await scenic.app.inject({ method: 'GET', url: '/v1/presets' })).json().presets;
    expect(before.length).toBeGreaterThan(20);
    const last = before[before.length - 1];
    // Use the last-ranked preset's prompt once; it must climb.
    const res = await scenic.app.inject({ method: 'POST', url: '/v1/edits', payload: { photo: photoId, prompt: '', preset: last.id, variations: 1, layout: { width: 270, height: 480 } } });
    expect((await waitForJob(scenic.app, res.json().id)).recipe.background.prompt).toBe(last.prompt);
    const after = (await scenic.app.inject({ method: 'GET', url: '/v1/presets' })).json().presets;
    const rank = after.findIndex((p: { id: string }) => p.id === last.id);
    expect(rank).toBeLessThan(before.length - 1);
    expect(after[rank].reason).toMatch(/used-before|seasonal/);
  });

  it('edits with a preset and a brand kit; brand kits can be created, listed, updated and deleted', async () => {
    const created = await scenic.app.inject({ method: 'POST', url: '/v1/brand-kits', payload: { name: 'Acme', colours: ['#FF0066', '00aaff'] } });
    expect(created.statusCode).toBe(201);
    const kit = created.json();
    expect(kit.colours).toEqual(['#ff0066', '#00aaff']);
    expect((await scenic.app.inject({ method: 'GET', url: '/v1/brand-kits' })).json().brandKits).toHaveLength(1);
    const patched = await scenic.app.inject({ method: 'PATCH', url: `/v1/brand-kits/${kit.id}`, payload: { name: 'Acme 2' } });
    expect(patched.json()).toMatchObject({ name: 'Acme 2', colours: ['#ff0066', '#00aaff'] });
    const res = await scenic.app.inject({ method: 'POST', url: '/v1/edits', payload: { photo: photoId, prompt: '', preset: 'sunset-sea', brandKit: kit.id, variations: 1 } });
    const done = await waitForJob(scenic.app, res.json().id);
    expect(done.state).toBe('succeeded');
    expect(done.recipe.background).toMatchObject({ prompt: 'sunset over the ocean', brandKit: { name: 'Acme 2', colours: ['#ff0066', '#00aaff'] } });
    expect(done.understood.palette).toEqual(expect.arrayContaining(['#ff0066', '#00aaff']));
    expectError(await scenic.app.inject({ method: 'POST', url: '/v1/brand-kits', payload: { name: 'x', colours: ['red'] } }), 400, 'INVALID_BRAND_KIT');
    expectError(await scenic.app.inject({ method: 'POST', url: '/v1/brand-kits', payload: { name: 'x', colours: ['#000000'], nope: 1 } }), 400, 'INVALID_BRAND_KIT');
    expect((await scenic.app.inject({ method: 'DELETE', url: `/v1/brand-kits/${kit.id}` })).statusCode).toBe(204);
    expectError(await scenic.app.inject({ method: 'GET', url: `/v1/brand-kits/${kit.id}` }), 404, 'NOT_FOUND');
  });

  it('shares the background only, readable without a key', async () => {
    const fromJob = await scenic.app.inject({ method: 'POST', url: '/v1/shares', payload: { job: job.id } });
    expect(fromJob.statusCode).toBe(201);
    const share = fromJob.json();
    expect(share.background).toEqual({ prompt: 'sunset over the ocean', seed: 7, palette: [] });
    expect(share.url).toBe(`/try/${share.id}`);
    expect(JSON.stringify(share)).not.toContain(photoId);
    const read = await scenic.app.inject({ method: 'GET', url: `/v1/shares/${share.id}` });
    expect(read.json().background.prompt).toBe('sunset over the ocean');
    const page = await scenic.app.inject({ method: 'GET', url: share.url });
    expect([200, 503]).toContain(page.statusCode);
    expect(page.headers['content-type']).toContain('text/html');
    expectError(await scenic.app.inject({ method: 'POST', url: '/v1/shares', payload: {} }), 400, 'INVALID_REQUEST');
  });

  it('deletes a photo and everything made from it', async () => {
    const db = scenic.context.db;
    const photo = db.prepare('SELECT * FROM photos WHERE id = ?').get(photoId) as { file: string; cutout_file: string; hash: string };
    const files = (db.prepare('SELECT file, thumb_file FROM results').all() as Array<{ file: string; thumb_file: string }>).flatMap((r) => [r.file, r.thumb_file]);
    files.push(photo.file, photo.cutout_file);
    expect((await Promise.all(files.map((f) => scenic.context.files.has(f)))).every(Boolean)).toBe(true);
    const forgotten: string[] = [];
    const forget = editor.forget;
    editor.forget = (hash) => (forgotten.push(hash), forget(hash));
    const res = await scenic.app.inject({ method: 'DELETE', url: `/v1/photos/${photoId}` }).finally(() => (editor.forget = forget));
    expect(res.statusCode).toBe(204);
    expect((await Promise.all(files.map((f) => scenic.context.files.has(f)))).some(Boolean)).toBe(false);
    // Nothing of the photo stays in the editor's memory either.
    expect(forgotten).toEqual([photo.hash]);
    expect(db.prepare('SELECT COUNT(*) AS n FROM results').get()).toEqual({ n: 0 });
    expect(db.prepare('SELECT COUNT(*) AS n FROM jobs').get()).toEqual({ n: 0 });
    expectError(await scenic.app.inject({ method: 'GET', url: `/v1/jobs/${job.id}` }), 404, 'NOT_FOUND');
    expectError(await scenic.app.inject({ method: 'GET', url: job.results[0].url }), 404, 'NOT_FOUND');
    expectError(await scenic.app.inject({ method: 'DELETE', url: `/v1/photos/${photoId}` }), 404, 'NOT_FOUND');
  });
});

describe('deleting a photo while its edit runs', () => {
  it('leaves no files or rows behind', async () => {
    const quick = createEditor({ segmenter: discSegmenter() });
    const data = path.join(dir, 'racing');
    const app = await buildApp({ dataDir: data, editor: quick });
    try {
      const photo = (await app.app.inject({ method: 'POST', url: '/v1/photos', payload: ASTRONAUT, headers: { 'content-type': 'image/png' } })).json();
      const job = (await app.app.inject({ method: 'POST', url: '/v1/edits', payload: { photo: photo.id, prompt: 'sunset', variations: 2 } })).json();
      expect((await app.app.inject({ method: 'DELETE', url: `/v1/photos/${photo.id}` })).statusCode).toBe(204);
      await app.context.queue.idle();
      expectError(await app.app.inject({ method: 'GET', url: `/v1/jobs/${job.id}` }), 404, 'NOT_FOUND');
      const files = readdirSync(path.join(data, 'files'), { recursive: true, withFileTypes: true }).filter((e) => e.isFile());
      expect(files.map((f) => f.name)).toEqual([]);
      expect(app.context.db.prepare('SELECT COUNT(*) AS n FROM results').get()).toEqual({ n: 0 });
    } finally {
      await app.app.close();
      await quick.dispose();
    }
  });
});

describe('errors', () => {
  const cases: Array<[string, () => Promise<any>, number, string]> = [
    ['bad JSON', () => scenic.app.inject({ method: 'POST', url: '/v1/edits', payload: '{"photo":', headers: { 'content-type': 'application/json' } }), 400, 'INVALID_REQUEST'],
    ['a JSON array', () => scenic.app.inject({ method: 'POST', url: '/v1/edits', payload: '[]', headers: { 'content-type': 'application/json' } }), 400, 'INVALID_REQUEST'],
    ['an unknown field', () => scenic.app.inject({ method: 'POST', url: '/v1/edits', payload: { photo: 'ph_x', prompt: 'a', colour: 1 } }), 400, 'INVALID_REQUEST'],
    ['an unknown photo', () => scenic.app.inject({ method: 'POST', url: '/v1/edits', payload: { photo: 'ph_nope', prompt: 'sunset' } }), 404, 'NOT_FOUND'],
    ['too many variations', () => scenic.app.inject({ method: 'POST', url: '/v1/edits', payload: { photo: 'ph_x', prompt: 'a', variations: 99 } }), 400, 'INVALID_REQUEST'],
    ['text instead of an image', () => scenic.app.inject({ method: 'POST', url: '/v1/photos', payload: Buffer.from('hello, not an image'), headers: { 'content-type': 'image/png' } }), 415, 'UNSUPPORTED_FORMAT'],
    ['a truncated PNG', () => scenic.app.inject({ method: 'POST', url: '/v1/photos', payload: ASTRONAUT.subarray(0, 2000), headers: { 'content-type': 'image/png' } }), 422, 'CORRUPT_PHOTO'],
    ['an empty body', () => scenic.app.inject({ method: 'POST', url: '/v1/photos', payload: Buffer.alloc(0), headers: { 'content-type': 'application/octet-stream' } }), 400, 'EMPTY_PHOTO'],
    ['JSON to the upload route', () => scenic.app.inject({ method: 'POST', url: '/v1/photos', payload: { a: 1 } }), 415, 'UNSUPPORTED_MEDIA_TYPE'],
    ['an unknown content type', () => scenic.app.inject({ method: 'POST', url: '/v1/edits', payload: 'x', headers: { 'content-type': 'application/x-thing' } }), 415, 'UNSUPPORTED_MEDIA_TYPE'],
    ['an unknown route', () => scenic.app.inject({ method: 'GET', url: '/v1/nothing-here' }), 404, 'NOT_FOUND'],
    ['an unknown preset', () => scenic.app.inject({ method: 'POST', url: '/v1/shares', payload: { preset: 'no-such' } }), 404, 'NOT_FOUND'],
    ['a path-traversal asset', () => scenic.app.inject({ method: 'GET', url: '/assets/..%2f..%2fpackage.json' }), 404, 'NOT_FOUND'],
  ];
  for (const [name, send, status, code] of cases) {
    it(`answers ${name} with ${status} ${code}`, async () => expectError(await send(), status, code));
  }

  it('enforces the upload byte limit, the queue length and the rate limit', async () => {
    // Limits are the server's, not the model's: a stand-in model keeps this test quick.
    const quick = createEditor({ segmenter: discSegmenter() });
    const small = await buildApp({ dataDir: path.join(dir, 'small'), editor: quick, limits: { uploadBytes: 10_000, queueLength: 0, rateBurst: 4, ratePerMinute: 1 } });
    try {
      expectError(await small.app.inject({ method: 'POST', url: '/v1/photos', payload: ASTRONAUT, headers: { 'content-type': 'image/png' } }), 413, 'PHOTO_TOO_BIG');
      const form = multipartBody('photo', 'a.png', ASTRONAUT);
      expectError(await small.app.inject({ method: 'POST', url: '/v1/photos', ...form }), 413, 'PHOTO_TOO_BIG');
      // A photo small enough to upload, then an edit the (zero-length) queue cannot take.
      const tiny = await sharp(ASTRONAUT).resize(96, 96).jpeg({ quality: 70 }).toBuffer();
      const photo = (await small.app.inject({ method: 'POST', url: '/v1/photos', payload: tiny, headers: { 'content-type': 'image/jpeg' } })).json();
      expect(photo.subjects.found).toBe(true);
      expectError(await small.app.inject({ method: 'POST', url: '/v1/edits', payload: { photo: photo.id, prompt: 'sunset' } }), 503, 'QUEUE_FULL');
      const limited = await small.app.inject({ method: 'GET', url: '/v1/presets' });
      expectError(limited, 429, 'RATE_LIMITED');
      expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    } finally {
      await small.app.close();
      await quick.dispose();
    }
  });
});

describe('bad input never crashes the server', () => {
  it('answers garbage on every route with a catalogue error, never a 500', async () => {
    const doc = (await scenic.app.inject({ method: 'GET', url: '/openapi.json' })).json() as { paths: Record<string, Record<string, unknown>> };
    const bodies: Array<{ payload: string | Buffer; type: string }> = [
      { payload: '{"photo": 1, "prompt": {"a": [1, 2]}, "recipe": null}', type: 'application/json' },
      { payload: '\u0000\uffff', type: 'application/json' },
      { payload: Buffer.from([0xff, 0xd8, 0xff, 0x00, 0x01, 0x02]), type: 'image/jpeg' },
      { payload: '--x\r\ncontent-disposition: form-data; name="photo"\r\n\r\nnope', type: 'multipart/form-data; boundary=x' },
    ];
    let checked = 0;
    for (const [route, methods] of Object.entries(doc.paths)) {
      for (const method of Object.keys(methods)) {
        for (const id of ['nope', '..%2f..', 'ph_' + 'x'.repeat(300)]) {
          for (const body of method === 'get' || method === 'delete' ? [null] : bodies) {
            const res = await scenic.app.inject({
              method: method.toUpperCase() as 'GET',
              url: route.replace('{id}', id),
              ...(body ? { payload: body.payload, headers: { 'content-type': body.type } } : {}),
            });
            checked++;
            expect(res.statusCode, `${method} ${route} ${id}`).toBeLessThan(500);
            if (res.statusCode >= 400) expect(`${method} ${route} ${id}: ${res.json().error?.code}`).toMatch(/: [A-Z_]+$/);
          }
        }
      }
    }
    expect(checked).toBeGreaterThan(90);
  });

  it('refuses photos over the pixel limit with PHOTO_TOO_LARGE', async () => {
    const small = createEditor({ limits: { maxPixels: 100_000 }, segmenter: discSegmenter() });
    const app = await buildApp({ dataDir: path.join(dir, 'pixels'), editor: small });
    try {
      expectError(await app.app.inject({ method: 'POST', url: '/v1/photos', payload: ASTRONAUT, headers: { 'content-type': 'image/png' } }), 413, 'PHOTO_TOO_LARGE');
    } finally {
      await app.app.close();
      await small.dispose();
    }
  });
});

describe('OpenAPI', () => {
  it('describes every route with request schemas made from the validating zod schemas', async () => {
    const doc = (await scenic.app.inject({ method: 'GET', url: '/openapi.json' })).json();
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/v1/photos', '/v1/edits', '/v1/jobs/{id}', '/v1/jobs/{id}/events', '/v1/presets', '/v1/brand-kits', '/v1/shares', '/v1/shares/{id}']));
    const edit = doc.paths['/v1/edits'].post.requestBody.content['application/json'].schema;
    expect(edit.oneOf[0].properties.prompt.type).toBe('string');
    expect(edit.oneOf[1].properties.recipe.properties.background.properties.variations.maximum).toBe(16);
    const docs = await scenic.app.inject({ method: 'GET', url: '/docs' });
    expect(docs.body).toContain('POST /v1/edits');
  });
});
