import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256Hex } from '../../adapters/sha256.js';
import { stripMetadata } from '../../provenance/strip-metadata.js';
import { createEditor, type Editor } from '../../editor/editor.js';
import { buildApp } from '../app.js';
import { ISNET_MATTES } from '../matte-cache.js';
import { discSegmenter, multipartBody } from '../test-helpers.js';
import { queueUrl, redisReachable, ROOT, spawnScenic, startFakeA1111, startRedis, storeDiscMatte, until, workerReady, type FakeMode, type Spawned } from './test-support.js';

/**
 * Queue mode with real processes (`scenic serve --queue`, `scenic worker`) and real faults: a worker killed
 * with SIGKILL mid-edit, the API server killed while edits wait and run, Redis killed and started again,
 * and one edit where a worker process runs the real ISNet model. Needs `npm run build` (npm test does it).
 */
const ASTRONAUT = readFileSync(new URL('../../../examples/astronaut.png', import.meta.url));
const built = existsSync(path.join(ROOT, 'dist/cli/main.js'));
const up = await redisReachable();
if (!up || !built) console.warn(`faults.test: skipped (${!up ? 'no Redis at SCENIC_TEST_REDIS' : 'dist/ not built: npm run build'})`);

type Json = Record<string, any>;

async function uploadAndEdit(base: string, edits: Json[]): Promise<string[]> {
  const form = multipartBody('photo', 'astronaut.png', ASTRONAUT);
  const photo = (await (await fetch(`${base}/v1/photos`, { method: 'POST', body: form.payload, headers: form.headers })).json()) as Json;
  const ids: string[] = [];
  for (const e of edits) {
    const body = e.backend ? { photo: photo.id, recipe: { photo: 'a'.repeat(64), background: { prompt: e.prompt, backend: e.backend, variations: 1 } } } : { photo: photo.id, prompt: e.prompt, variations: 1 };
    const res = await fetch(`${base}/v1/edits`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect(res.status).toBe(202);
    ids.push(((await res.json()) as Json).id);
  }
  return ids;
}

async function finished(base: string, id: string, ms = 90_000): Promise<Json> {
  let job: Json = {};
  await until(async () => {
    job = (await (await fetch(`${base}/v1/jobs/${id}`)).json()) as Json;
    return job.state === 'succeeded' || job.state === 'failed';
  }, `job ${id} to finish`, ms);
  if (job.state === 'failed') console.warn(`job ${id} failed: ${JSON.stringify(job.error)}`);
  return job;
}

describe.skipIf(!up || !built)('queue mode under faults (real processes)', () => {
  let dir: string;
  let url: string;
  let behaviour: (n: number) => FakeMode = () => 'ok';
  let fake: Awaited<ReturnType<typeof startFakeA1111>>;
  const procs: Spawned[] = [];

  const serve = async (data: string, queue: string) => {
    const p = spawnScenic(['serve', '--port', '0', '--data', data, '--queue', queue]);
    procs.push(p);
    return { proc: p, base: await p.firstLine };
  };
  const worker = async (data: string, queue: string, extra: string[] = []) => {
    const config = JSON.stringify({ a1111: { url: fake.url, retries: 1, timeoutMs: 60_000 } });
    const p = spawnScenic(['worker', '--queue', queue, '--data', data, '--lock-ms', '5000', '--backend-config', config, ...extra]);
    procs.push(p);
    await workerReady(p);
    return p;
  };

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'scenic-faults-'));
    url = queueUrl();
    fake = await startFakeA1111((n) => behaviour(n));
    // The matte the server would have computed at upload: neither the server nor the workers load the model.
    await storeDiscMatte(path.join(dir, 'data'), ASTRONAUT);
  });
  afterAll(async () => {
    await Promise.all(procs.map((p) => p.kill('SIGKILL')));
    await fake?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('retries an edit elsewhere when its worker is killed mid-edit, and records it exactly once', async () => {
    const data = path.join(dir, 'data');
    const { base } = await serve(data, url);
    behaviour = (n) => (n === 1 ? 'hang' : 'ok');
    const first = await worker(data, url);
    const calls = fake.calls();
    const [id] = await uploadAndEdit(base, [{ prompt: 'a quiet beach', backend: 'a1111' }]);
    // The first worker is inside the backend call: mid-edit, holding the job's lock.
    await until(() => fake.calls() === calls + 1, 'the first worker to reach the backend');
    await first.kill('SIGKILL');
    const second = await worker(data, url);
    const job = await finished(base, id);
    expect(job.state).toBe('succeeded');
    expect(job.results).toHaveLength(1);
    expect(fake.calls()).toBe(calls + 2);
    expect(second.log()).toContain(`edit ${id} done`);
    // Nothing arrives later to record it twice.
    await new Promise((r) => setTimeout(r, 2000));
    expect(((await (await fetch(`${base}/v1/jobs/${id}`)).json()) as Json).results).toHaveLength(1);
  }, 120_000);

  it('keeps queued and running edits when the API server is killed, and records them after its restart', async () => {
    const data = path.join(dir, 'data');
    const old = procs.find((p) => p.log().includes('scenic is ready'))!;
    const base = await old.firstLine;
    behaviour = () => ({ delayMs: 1200 });
    const calls = fake.calls();
    const ids = await uploadAndEdit(base, [1, 2, 3].map((i) => ({ prompt: `sunset ${i}`, backend: 'a1111' })));
    await until(() => fake.calls() >= calls + 1, 'an edit to be running');
    await old.kill('SIGKILL');
    // The worker finishes all three while no API server is there to hear it.
    const w = procs.find((p) => p.log().includes('scenic worker ready') && p.child.exitCode === null && p.child.signalCode === null)!;
    await until(() => ids.every((id) => w.log().includes(`edit ${id} done`)), 'the worker to finish the edits', 60_000);
    const { base: again } = await serve(data, url);
    for (const id of ids) {
      const job = await finished(again, id);
      expect([job.state, job.results.length]).toEqual(['succeeded', 1]);
    }
  }, 150_000);

  it('carries on when Redis is killed and started again (its data lost)', async () => {
    const port = 20_000 + (process.pid % 20_000);
    let redis = await startRedis(port);
    const own = `redis://127.0.0.1:${port}?prefix=restart`;
    const data = path.join(dir, 'data-redis');
    await storeDiscMatte(data, ASTRONAUT);
    const { base } = await serve(data, own);
    await worker(data, own);
    const [a] = await uploadAndEdit(base, [{ prompt: 'night sky' }]);
    expect((await finished(base, a)).state).toBe('succeeded');

    redis.kill('SIGKILL');
    await new Promise((r) => redis.once('exit', r));
    // Accepted while Redis is away: the server holds it until Redis is back (or re-sends it on reconcile).
    const res = await fetch(`${base}/v1/edits`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ photo: (await finished(base, a)).photo, prompt: 'pastel gradient', variations: 1 }) });
    expect(res.status).toBe(202);
    const b = ((await res.json()) as Json).id as string;
    await new Promise((r) => setTimeout(r, 1000));
    redis = await startRedis(port);
    try {
      const job = await finished(base, b);
      expect([job.state, job.results.length]).toEqual(['succeeded', 1]);
      const [c] = await uploadAndEdit(base, [{ prompt: 'blue hour sky' }]);
      expect((await finished(base, c)).state).toBe('succeeded');
    } finally {
      redis.kill('SIGKILL');
    }
  }, 120_000);

  it('runs the real model in a worker process when no matte is stored yet', async () => {
    const data = path.join(dir, 'data-model');
    // The API server here is in-process with a stand-in model that stores no matte: the worker must run ISNet.
    const editor: Editor = createEditor({ segmenter: discSegmenter() });
    const own = queueUrl();
    const { app } = await buildApp({ dataDir: data, editor, queue: own });
    try {
      const base = await app.listen({ host: '127.0.0.1', port: 0 });
      await worker(data, own, ['--threads', '2']);
      const [id] = await uploadAndEdit(base, [{ prompt: 'sunset over the ocean' }]);
      const job = await finished(base, id, 120_000);
      expect(job.state).toBe('succeeded');
      // The worker stored the matte it computed (named by photo hash, model input hash and model).
      expect(readdirSync(path.join(data, 'mattes')).filter((f) => f.startsWith(`${sha256Hex(stripMetadata(ASTRONAUT)!.bytes)}.`) && f.endsWith(`.${ISNET_MATTES.name}.f32.z`))).toHaveLength(1);
      const image = Buffer.from(await (await fetch(`${base}${job.results[0].url}`)).arrayBuffer());
      expect(await sharp(image).metadata()).toMatchObject({ width: 1080, height: 1920 });
    } finally {
      await app.close();
      await editor.dispose();
    }
  }, 180_000);
});
