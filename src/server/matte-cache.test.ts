import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createEditor } from '../editor/editor.js';
import { buildApp } from './app.js';
import { createMatteCache } from './matte-cache.js';
import { discSegmenter, waitForJob } from './test-helpers.js';

const PHOTO = readFileSync(new URL('../../examples/astronaut.png', import.meta.url));
const dir = mkdtempSync(path.join(tmpdir(), 'scenic-mattes-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function server(counter: { runs: number }) {
  const mattes = createMatteCache(dir, async () => discSegmenter(counter), { name: 'disc', inputSize: 64 });
  const editor = createEditor({ segmenter: mattes.segmenter });
  const scenic = await buildApp({ dataDir: dir, editor, forgetMatte: mattes.remove });
  return { ...scenic, editor };
}

describe('matte cache', () => {
  it('finds a photo\'s subject once, even across a restart, and forgets it with the photo', async () => {
    const counter = { runs: 0 };
    const first = await server(counter);
    const photo = (await first.app.inject({ method: 'POST', url: '/v1/photos', payload: PHOTO, headers: { 'content-type': 'image/png' } })).json();
    expect(photo.subjects.found).toBe(true);
    expect(counter.runs).toBe(1);
    await first.app.close();
    await first.editor.dispose();

    // A new process: a new editor with an empty memory cache, the same data folder.
    const second = await server(counter);
    const job = (await second.app.inject({ method: 'POST', url: '/v1/edits', payload: { photo: photo.id, prompt: 'night sky', variations: 1, layout: { width: 270, height: 480 } } })).json();
    expect((await waitForJob(second.app, job.id)).state).toBe('succeeded');
    expect(counter.runs).toBe(1);
    expect(readdirSync(path.join(dir, 'mattes'))).toHaveLength(1);

    expect((await second.app.inject({ method: 'DELETE', url: `/v1/photos/${photo.id}` })).statusCode).toBe(204);
    expect(readdirSync(path.join(dir, 'mattes'))).toHaveLength(0);
    expect(existsSync(path.join(dir, 'scenic.db'))).toBe(true);
    await second.app.close();
    await second.editor.dispose();
  });
});
