import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createS3Storage } from './s3-store.js';
import { startTestS3, type TestS3 } from './s3-test-support.js';
import { queueUrl, redisReachable, ROOT, spawnScenic, storeDiscMatte, until, workerReady, type Spawned } from './scale/test-support.js';

/**
 * Queue mode on S3 with real processes: `scenic serve --queue … --storage s3://…` and one
 * `scenic worker --queue … --storage s3://…`, each with a data folder of its own (nothing shared but Redis
 * and the bucket), against s3rver on 127.0.0.1 and the test Redis. Needs `npm run build` (npm test does it).
 */
const ASTRONAUT = readFileSync(new URL('../../examples/astronaut.png', import.meta.url));
const BUCKET = 'scenic-e2e';
const built = existsSync(path.join(ROOT, 'dist/cli/main.js'));
const up = await redisReachable();
if (!up || !built) console.warn(`s3-queue.test: skipped (${!up ? 'no Redis at SCENIC_TEST_REDIS' : 'dist/ not built: npm run build'})`);

type Json = Record<string, any>;

describe.skipIf(!up || !built)('queue mode with S3 storage (real processes)', () => {
  let dir: string;
  let s3: TestS3;
  const procs: Spawned[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'scenic-s3q-'));
    s3 = await startTestS3([BUCKET]);
  });
  afterAll(async () => {
    await Promise.all(procs.map((p) => p.kill('SIGKILL')));
    await s3?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('runs an upload and an edit on a worker, serves the result from the bucket, and DELETE removes the objects', async () => {
    const storage = createS3Storage(s3.config(BUCKET, 'e2e/'));
    // The matte the server would have computed at upload, stored in the bucket: no process loads the model.
    await storeDiscMatte(path.join(dir, 'unused'), ASTRONAUT, storage.mattes);
    const mattes = await storage.client.list('e2e/mattes/');
    expect(mattes).toHaveLength(1);
    const queue = queueUrl();
    const flags = ['--queue', queue, '--storage', `s3://${BUCKET}/e2e`];
    const server = spawnScenic(['serve', '--port', '0', '--data', path.join(dir, 'server'), ...flags], s3.env);
    const worker = spawnScenic(['worker', '--data', path.join(dir, 'worker'), ...flags], s3.env);
    procs.push(server, worker);
    const base = await server.firstLine;
    await workerReady(worker);
    expect(server.log()).toContain(`files in s3://${BUCKET}/e2e/ at ${s3.endpoint}`);

    const upload = await fetch(`${base}/v1/photos`, { method: 'POST', headers: { 'content-type': 'image/png' }, body: ASTRONAUT });
    expect(upload.status).toBe(201);
    const photo = (await upload.json()) as Json;
    const edit = await fetch(`${base}/v1/edits`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ photo: photo.id, prompt: 'sunset over the ocean', variations: 1 }) });
    expect(edit.status).toBe(202);
    const id = ((await edit.json()) as Json).id as string;
    let job: Json = {};
    await until(async () => {
      job = (await (await fetch(`${base}/v1/jobs/${id}`)).json()) as Json;
      return job.state === 'succeeded' || job.state === 'failed';
    }, `job ${id} to finish`, 60_000);
    expect(job.state).toBe('succeeded');
    expect(worker.log()).toContain(`edit ${id} done`);

    const image = await fetch(`${base}${job.results[0].url}`);
    expect(image.status).toBe(200);
    expect(await sharp(Buffer.from(await image.arrayBuffer())).metadata()).toMatchObject({ width: 1080, height: 1920 });
    // Photo, cut-out, result and thumbnail in the bucket; neither data folder holds a file or a matte.
    expect(await storage.client.list('e2e/files/')).toHaveLength(4);
    // The server and the worker read that matte by the same name rather than making another one.
    expect(await storage.client.list('e2e/mattes/')).toEqual(mattes);
    expect(readdirSync(path.join(dir, 'server')).filter((f) => !f.startsWith('scenic.db'))).toEqual([]);
    expect(existsSync(path.join(dir, 'worker', 'files')) || existsSync(path.join(dir, 'worker', 'mattes'))).toBe(false);

    expect((await fetch(`${base}/v1/photos/${photo.id}`, { method: 'DELETE' })).status).toBe(204);
    expect(await storage.client.list('e2e/')).toEqual([]);
    expect((await fetch(`${base}${job.results[0].url}`)).status).toBe(404);
  }, 90_000);

  it('refuses to start on a bucket that does not exist or with an unknown key, with the code', async () => {
    const missing = spawnScenic(['worker', '--queue', queueUrl(), '--storage', 's3://no-such-bucket'], s3.env);
    const denied = spawnScenic(['serve', '--port', '0', '--data', path.join(dir, 'denied'), '--storage', `s3://${BUCKET}`], { ...s3.env, AWS_ACCESS_KEY_ID: 'WRONG' });
    procs.push(missing, denied);
    expect(await missing.exited).not.toBe(0);
    expect(await denied.exited).not.toBe(0);
    expect(missing.log()).toContain('STORAGE_NO_BUCKET');
    expect(denied.log()).toContain('STORAGE_DENIED');
  }, 30_000);
});
