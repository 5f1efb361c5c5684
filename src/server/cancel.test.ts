import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEditor, type Editor } from '../editor/editor.js';
import { buildApp, type ScenicApp } from './app.js';
import { discSegmenter, waitForJob } from './test-helpers.js';

describe('POST /v1/jobs/:id/cancel', () => {
  let editor: Editor;
  let dir: string;
  let scenic: ScenicApp;
  let photo: string;

  beforeAll(async () => {
    editor = createEditor({ segmenter: discSegmenter() });
    dir = mkdtempSync(path.join(tmpdir(), 'scenic-cancel-'));
    // One edit at a time, so later edits are still queued when they are cancelled.
    scenic = await buildApp({ dataDir: dir, editor, limits: { concurrency: 1 } });
    const bytes = await sharp(readFileSync(new URL('../../examples/astronaut.png', import.meta.url))).resize(128, 128).png().toBuffer();
    photo = (await scenic.app.inject({ method: 'POST', url: '/v1/photos', payload: bytes, headers: { 'content-type': 'image/png' } })).json().id;
  });
  afterAll(async () => {
    await scenic.app.close();
    await editor.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  const submit = async (seed: number) =>
    (await scenic.app.inject({ method: 'POST', url: '/v1/edits', payload: { photo, prompt: 'sunset over the ocean', seed, variations: 2 } })).json();
  const cancel = (id: string) => scenic.app.inject({ method: 'POST', url: `/v1/jobs/${id}/cancel` });

  it('ends queued and running edits as failed CANCELLED, leaves other edits alone, and stores no result', async () => {
    const [first, second, third] = [await submit(1), await submit(2), await submit(3)];
    const cancelled = await cancel(second.id);
    expect(cancelled.statusCode).toBe(200);
    expect([cancelled.json().state, cancelled.json().error.code]).toEqual(['failed', 'CANCELLED']);
    // The running one stops at its next step.
    const running = await cancel(first.id);
    expect(running.json().error.code).toBe('CANCELLED');
    const ends = await Promise.all([first, second, third].map((j) => waitForJob(scenic.app, j.id)));
    expect(ends.map((j) => j.state)).toEqual(['failed', 'failed', 'succeeded']);
    expect(ends.map((j) => j.results.length)).toEqual([0, 0, 2]);
    const rows = scenic.context.db.prepare('SELECT COUNT(*) AS n FROM results').get() as { n: number };
    expect(rows.n).toBe(2);
  });

  it('returns a finished job unchanged, and 404 for an unknown one', async () => {
    const job = await submit(4);
    const done = await waitForJob(scenic.app, job.id);
    const again = await cancel(job.id);
    expect([again.statusCode, again.json().state, again.json().results.length]).toEqual([200, 'succeeded', done.results.length]);
    const missing = await cancel('job_doesnotexist');
    expect([missing.statusCode, missing.json().error.code]).toEqual([404, 'NOT_FOUND']);
  });
});
