import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEditor, type Editor } from '../../editor/editor.js';
import { buildApp, type ScenicApp } from '../app.js';
import { discSegmenter, multipartBody, waitForJob } from '../test-helpers.js';
import { parseFailure } from './bullmq-queue.js';
import { queueUrl, redisReachable, startFakeA1111, type FakeMode } from './test-support.js';
import { startEditWorker, type EditWorker } from './worker.js';

/**
 * Queue mode in one process: the API server sends edits to BullMQ on the shared test Redis and in-process
 * workers (the same code `scenic worker` runs) take them. Real processes and faults are in faults.test.ts.
 */
const ASTRONAUT = readFileSync(new URL('../../../examples/astronaut.png', import.meta.url));
const up = await redisReachable();
if (!up) console.warn('queue.test: no Redis at SCENIC_TEST_REDIS (default redis://127.0.0.1:6390); queue-mode tests skipped');

describe.skipIf(!up)('queue mode (BullMQ)', () => {
  let dir: string;
  let url: string;
  let serverEditor: Editor;
  let workerEditor: Editor;
  let scenic: ScenicApp;
  let base: string;
  const workers: EditWorker[] = [];
  let fake: Awaited<ReturnType<typeof startFakeA1111>>;
  let photoId: string;
  let fakeMode: (n: number) => FakeMode = () => 'fail500';

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'scenic-queue-'));
    url = queueUrl();
    // The backend-failure tests set how the stand-in A1111 answers; the others draw with the procedural backend.
    fake = await startFakeA1111((n) => fakeMode(n));
    serverEditor = createEditor({ segmenter: discSegmenter() });
    workerEditor = createEditor({ segmenter: discSegmenter(), backends: { a1111: { url: fake.url, retries: 2, retryBaseMs: 10, timeoutMs: 1000 } } });
    scenic = await buildApp({ dataDir: dir, editor: serverEditor, queue: url, queueOptions: { attempts: 3, backoffMs: 20 } });
    base = await scenic.app.listen({ host: '127.0.0.1', port: 0 });
    for (let i = 0; i < 2; i++) workers.push(await startEditWorker({ queueUrl: url, dataDir: dir, editor: workerEditor, concurrency: 2 }));
    const form = multipartBody('photo', 'astronaut.png', ASTRONAUT);
    photoId = (await scenic.app.inject({ method: 'POST', url: '/v1/photos', payload: form.payload, headers: form.headers })).json().id;
  });
  afterAll(async () => {
    for (const w of workers) await w.close();
    await scenic?.app.close();
    await serverEditor?.dispose();
    await workerEditor?.dispose();
    await fake?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('runs an edit on a worker and streams its progress back through server-sent events', async () => {
    const res = await scenic.app.inject({ method: 'POST', url: '/v1/edits', payload: { photo: photoId, prompt: 'sunset over the ocean', seed: 3 } });
    expect(res.statusCode).toBe(202);
    const events = await (await fetch(`${base}${res.json().eventsUrl}`)).text();
    expect(events).toMatch(/event: progress\ndata: \{"progress":[\d.]+,"stage":"(decode|segment|background|compose|label|encode)"\}/);
    const done = /event: succeeded\ndata: (.*)\n/.exec(events);
    expect(done).not.toBeNull();
    const job = JSON.parse(done![1]);
    expect(job.results).toHaveLength(2);
    const image = await fetch(`${base}${job.results[0].url}`);
    expect(image.status).toBe(200);
    expect(await sharp(Buffer.from(await image.arrayBuffer())).metadata()).toMatchObject({ width: 1080, height: 1920 });
    expect(existsSync(path.join(dir, 'files'))).toBe(true);
    const health = await scenic.app.inject({ method: 'GET', url: '/v1/health' });
    expect(health.json().queue).toMatchObject({ mode: 'redis' });
  }, 120_000);

  it('spreads many edits over the workers and records each exactly once', async () => {
    const before = workers.map((w) => w.completed);
    const ids = [];
    for (let i = 0; i < 8; i++) {
      const res = await scenic.app.inject({ method: 'POST', url: '/v1/edits', payload: { photo: photoId, prompt: `night sky ${i}`, variations: 1 } });
      ids.push(res.json().id as string);
    }
    const jobs = await Promise.all(ids.map((id) => waitForJob(scenic.app, id)));
    expect(jobs.map((j) => j.state)).toEqual(Array(8).fill('succeeded'));
    for (const j of jobs) expect(j.results).toHaveLength(1);
    const did = workers.map((w, i) => w.completed - before[i]);
    expect(did[0] + did[1]).toBe(8);
    expect(did.every((n) => n > 0)).toBe(true);
  }, 120_000);

  it('retries a backend answering 5xx a bounded number of times, then fails with its code', async () => {
    const calls = fake.calls();
    const res = await scenic.app.inject({
      method: 'POST',
      url: '/v1/edits',
      payload: { photo: photoId, recipe: { photo: 'a'.repeat(64), background: { prompt: 'a beach', backend: 'a1111', variations: 1 } } },
    });
    expect(res.statusCode).toBe(202);
    const job = await waitForJob(scenic.app, res.json().id);
    expect(job.state).toBe('failed');
    expect(job.error.code).toBe('BACKEND_UNAVAILABLE');
    // 3 queue attempts × 2 HTTP tries each, and not one more.
    expect(fake.calls() - calls).toBe(6);
  }, 120_000);

  it('gives a backend that never answers a bounded number of timed-out tries, then fails with BACKEND_TIMEOUT', async () => {
    fakeMode = () => 'hang';
    try {
      const calls = fake.calls();
      const res = await scenic.app.inject({
        method: 'POST',
        url: '/v1/edits',
        payload: { photo: photoId, recipe: { photo: 'a'.repeat(64), background: { prompt: 'a beach', backend: 'a1111', variations: 1 } } },
      });
      const job = await waitForJob(scenic.app, res.json().id);
      expect(job.state).toBe('failed');
      expect(job.error.code).toBe('BACKEND_TIMEOUT');
      // A timed-out create is never repeated within one try (it may be running, and billed): one call per queue try.
      expect(fake.calls() - calls).toBe(3);
    } finally {
      fakeMode = () => 'fail500';
    }
  }, 120_000);

  it('fails at once, without retries, when retrying cannot help', async () => {
    const res = await scenic.app.inject({
      method: 'POST',
      url: '/v1/edits',
      payload: { photo: photoId, recipe: { photo: 'a'.repeat(64), background: { prompt: 'a beach', backend: 'no-such-backend', variations: 1 } } },
    });
    const job = await waitForJob(scenic.app, res.json().id);
    expect(job.state).toBe('failed');
    expect(job.error.code).toBe('UNKNOWN_BACKEND');
  }, 120_000);

  it('turns failure reasons back into codes', () => {
    expect(parseFailure('BACKEND_TIMEOUT: a1111: no answer')).toEqual({ code: 'BACKEND_TIMEOUT', message: 'a1111: no answer' });
    expect(parseFailure('job stalled more than allowable limit').code).toBe('WORKER_LOST');
    expect(parseFailure(undefined).code).toBe('INTERNAL');
  });

  it('picks up edits queued while the server was down, after a restart (reconcile)', async () => {
    // Stop the workers, queue two edits, stop the server; start a new server and the workers again.
    for (const w of workers.splice(0)) await w.close();
    const ids = [];
    for (const prompt of ['pastel gradient', 'blue hour sky']) {
      ids.push((await scenic.app.inject({ method: 'POST', url: '/v1/edits', payload: { photo: photoId, prompt, variations: 1 } })).json().id as string);
    }
    await scenic.app.close();
    scenic = await buildApp({ dataDir: dir, editor: serverEditor, queue: url, queueOptions: { attempts: 3, backoffMs: 20 } });
    const queued = await Promise.all(ids.map(async (id) => (await scenic.app.inject({ method: 'GET', url: `/v1/jobs/${id}` })).json().state));
    expect(queued).toEqual(['queued', 'queued']);
    workers.push(await startEditWorker({ queueUrl: url, dataDir: dir, editor: workerEditor }));
    const jobs = await Promise.all(ids.map((id) => waitForJob(scenic.app, id)));
    expect(jobs.map((j) => [j.state, j.results.length])).toEqual([
      ['succeeded', 1],
      ['succeeded', 1],
    ]);
  }, 120_000);
});
