import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEditor } from '../editor/editor.js';
import { isScenicError } from '../errors.js';
import { buildApp } from './app.js';
import { openStorage } from './file-store.js';
import { createMatteCache, withPhoto } from './matte-cache.js';
import { createS3Client, s3ConfigFromEnv } from './s3-client.js';
import { createS3Storage, type S3Storage } from './s3-store.js';
import { startTestS3, type TestS3 } from './s3-test-support.js';
import { discSegmenter, multipartBody, waitForJob } from './test-helpers.js';

/** S3 storage against a real S3-protocol server (s3rver) on 127.0.0.1, and against servers that fail. */
const ASTRONAUT = readFileSync(new URL('../../examples/astronaut.png', import.meta.url));
const BUCKET = 'scenic-test';

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    return isScenicError(error) ? error.code : `not a ScenicError: ${String(error)}`;
  }
  return 'no error';
}

/** An HTTP server that answers every request with `status` (or never, for 0), counting requests. */
async function brokenServer(status: number): Promise<{ endpoint: string; calls: () => number; close(): Promise<void> }> {
  let calls = 0;
  const server: Server = createServer((req, res) => {
    calls++;
    req.resume();
    if (status === 0) return; // hang
    res.statusCode = status;
    res.end('<Error><Code>InternalError</Code><Message>boom</Message></Error>');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    calls: () => calls,
    close: () => new Promise<void>((r) => (server.closeAllConnections(), server.close(() => r()))),
  };
}

describe('S3 storage (s3rver on 127.0.0.1)', () => {
  let s3: TestS3;
  let storage: S3Storage;

  beforeAll(async () => {
    s3 = await startTestS3([BUCKET]);
    storage = createS3Storage(s3.config(BUCKET, 'unit/'));
  });
  afterAll(async () => {
    await s3?.close();
  });

  it('puts, reads and removes content-addressed files, storing the same bytes once', async () => {
    await storage.check();
    const key = await storage.files.put(ASTRONAUT, 'png');
    expect(key).toMatch(/^[0-9a-f]{64}\.png$/);
    expect(await storage.files.has(key)).toBe(true);
    expect(Buffer.compare(await storage.files.read(key), ASTRONAUT)).toBe(0);
    expect(await storage.files.put(Buffer.from(ASTRONAUT), 'png')).toBe(key);
    expect(await storage.client.list('unit/files/')).toEqual([`unit/files/${key}`]);
    await storage.files.remove(key);
    expect(await storage.files.has(key)).toBe(false);
    expect(await codeOf(storage.files.read(key))).toBe('NOT_FOUND');
    await storage.files.remove(key); // removing twice is fine
    expect(() => storage.files.has('../../etc/passwd')).toThrow(/not a file key/);
  });

  it('keeps mattes in the bucket, so another machine reads them instead of running the model', async () => {
    const first = createMatteCache('/nonexistent', async () => discSegmenter(), { name: 'disc', inputSize: 64 }, storage.mattes);
    const editor = createEditor({ segmenter: first.segmenter });
    const hash = 'c'.repeat(64);
    await withPhoto(hash, () => editor.cutout(ASTRONAUT));
    await editor.dispose();
    const names = await storage.client.list(`unit/mattes/${hash}.`);
    expect(names).toHaveLength(1);
    // A second "machine": its model would throw if it were loaded.
    const second = createMatteCache('/nonexistent', async () => Promise.reject(new Error('model loaded')), { name: 'disc', inputSize: 64 }, storage.mattes);
    const other = createEditor({ segmenter: second.segmenter });
    const cut = await withPhoto(hash, () => other.cutout(ASTRONAUT));
    expect(cut.image.width).toBe(512);
    expect(cut.bounds).not.toBeNull();
    await other.dispose();
    await second.remove(hash);
    expect(await storage.client.list(`unit/mattes/${hash}.`)).toEqual([]);
  });

  it('fails with STORAGE_DENIED for an access key the server does not know', async () => {
    const wrong = createS3Storage({ ...s3.config(BUCKET), accessKeyId: 'NOT-A-KEY', secretAccessKey: 'nope' });
    expect(await codeOf(wrong.check())).toBe('STORAGE_DENIED');
    expect(await codeOf(wrong.files.put(ASTRONAUT, 'png'))).toBe('STORAGE_DENIED');
    expect(await codeOf(wrong.files.read('a'.repeat(64) + '.png'))).toBe('STORAGE_DENIED');
    await expect(wrong.files.read('a'.repeat(64) + '.png')).rejects.toThrow(/AWS_ACCESS_KEY_ID.*InvalidAccessKeyId/);
  });

  it('fails with STORAGE_NO_BUCKET for a bucket that does not exist', async () => {
    const missing = createS3Storage(s3.config('no-such-bucket'));
    expect(await codeOf(missing.check())).toBe('STORAGE_NO_BUCKET');
    expect(await codeOf(missing.files.read('a'.repeat(64) + '.png'))).toBe('STORAGE_NO_BUCKET');
    // openStorage checks at start-up, so `scenic serve --storage` fails before listening.
    expect(await codeOf(openStorage('s3://no-such-bucket/x', '/tmp', s3.env))).toBe('STORAGE_NO_BUCKET');
  });

  it('fails with STORAGE_UNAVAILABLE after a bounded number of tries: unreachable, 5xx, or no answer', async () => {
    const closed = await brokenServer(500);
    const endpoint = closed.endpoint;
    await closed.close();
    const unreachable = createS3Client({ ...s3.config(BUCKET), endpoint, retries: 2 });
    expect(await codeOf(unreachable.checkBucket())).toBe('STORAGE_UNAVAILABLE');

    const failing = await brokenServer(503);
    try {
      const client = createS3Client({ ...s3.config(BUCKET), endpoint: failing.endpoint, retries: 2 });
      expect(await codeOf(client.put('k.png', ASTRONAUT, 'image/png'))).toBe('STORAGE_UNAVAILABLE');
      expect(failing.calls()).toBe(3);
    } finally {
      await failing.close();
    }

    const hanging = await brokenServer(0);
    try {
      const client = createS3Client({ ...s3.config(BUCKET), endpoint: hanging.endpoint, retries: 1, timeoutMs: 200 });
      await expect(client.get('k.png')).rejects.toThrow(/did not answer within 200 ms \(2 tries\)/);
      expect(hanging.calls()).toBe(2);
    } finally {
      await hanging.close();
    }
  });

  it('reads its settings from s3://bucket/prefix and the environment, with clear errors', async () => {
    expect(s3ConfigFromEnv('s3://photos/a/b/', { AWS_ACCESS_KEY_ID: 'k', AWS_SECRET_ACCESS_KEY: 's' })).toMatchObject({ bucket: 'photos', prefix: 'a/b/', region: 'us-east-1', endpoint: undefined });
    expect(s3ConfigFromEnv('s3://photos', { ...s3.env, AWS_REGION: 'eu-west-1' })).toMatchObject({ prefix: '', region: 'eu-west-1', endpoint: s3.endpoint });
    expect(await codeOf(openStorage('s3://photos', '/tmp', {}))).toBe('INVALID_ARGUMENT');
    expect(await codeOf(openStorage('s3://UPPER', '/tmp', s3.env))).toBe('INVALID_ARGUMENT');
    expect(await codeOf(openStorage('ftp://x', '/tmp', s3.env))).toBe('INVALID_ARGUMENT');
    expect(await codeOf(openStorage('s3://photos', '/tmp', { ...s3.env, SCENIC_S3_ENDPOINT: 'localhost:9000' }))).toBe('INVALID_ARGUMENT');
  });

  it('serves the API from S3: upload, edit, result image, and DELETE removes the objects', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'scenic-s3api-'));
    const onS3 = createS3Storage(s3.config(BUCKET, 'api/'));
    const editor = createEditor({ segmenter: discSegmenter() });
    const { app } = await buildApp({ dataDir: dir, editor, storage: onS3 });
    try {
      const form = multipartBody('photo', 'astronaut.png', ASTRONAUT);
      const photo = (await app.inject({ method: 'POST', url: '/v1/photos', payload: form.payload, headers: form.headers })).json();
      const cutout = await app.inject({ method: 'GET', url: photo.cutoutUrl ?? `/v1/photos/${photo.id}/cutout` });
      expect(cutout.statusCode).toBe(200);
      const edit = await app.inject({ method: 'POST', url: '/v1/edits', payload: { photo: photo.id, prompt: 'sunset over the ocean', variations: 1 } });
      const job = await waitForJob(app, edit.json().id);
      expect(job.state).toBe('succeeded');
      const image = await app.inject({ method: 'GET', url: job.results[0].url });
      expect(image.statusCode).toBe(200);
      expect(await sharp(image.rawPayload).metadata()).toMatchObject({ width: 1080, height: 1920 });
      // Photo, cut-out, result and thumbnail are in the bucket; nothing under the data folder but the database.
      expect((await onS3.client.list('api/files/')).length).toBe(4);
      expect(readdirSync(dir).filter((f) => !f.startsWith('scenic.db'))).toEqual([]);
      expect((await app.inject({ method: 'DELETE', url: `/v1/photos/${photo.id}` })).statusCode).toBe(204);
      expect(await onS3.client.list('api/files/')).toEqual([]);
      expect((await app.inject({ method: 'GET', url: job.results[0].url })).statusCode).toBe(404);
    } finally {
      await app.close();
      await editor.dispose();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
