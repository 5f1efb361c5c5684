import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEditor, type Editor } from '../editor/editor.js';
import { buildApp, type ScenicApp } from './app.js';
import { discSegmenter, multipartBody } from './test-helpers.js';

// Privacy: what the server stores of an upload carries no GPS position, camera or owner data.
let editor: Editor;
let dir: string;
let scenic: ScenicApp;

beforeAll(async () => {
  editor = createEditor({ segmenter: discSegmenter(), c2pa: false });
  dir = mkdtempSync(path.join(tmpdir(), 'scenic-privacy-'));
  scenic = await buildApp({ dataDir: dir, editor });
});
afterAll(async () => {
  await scenic.app.close();
  await editor.dispose();
  rmSync(dir, { recursive: true, force: true });
});

const EXIF = { IFD0: { Make: 'PhoneCo', Model: 'Secret X1', Artist: 'Jane Owner' }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '51/1 30/1 0/1' } };

function storedFiles(): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = path.join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out.push(p);
    }
  };
  walk(path.join(dir, 'files'));
  return out;
}

describe('stored uploads', () => {
  it.each([
    ['JPEG', () => sharp({ create: { width: 64, height: 48, channels: 3, background: '#c86432' } }).jpeg().withExif(EXIF)],
    ['PNG', () => sharp({ create: { width: 64, height: 48, channels: 3, background: '#c86432' } }).png().withExif(EXIF)],
    ['WebP', () => sharp({ create: { width: 64, height: 48, channels: 3, background: '#c86432' } }).webp().withExif(EXIF)],
    ['AVIF', () => sharp({ create: { width: 64, height: 48, channels: 3, background: '#c86432' } }).avif().withExif(EXIF)],
  ])('keep no GPS, camera or owner data from a %s', async (_format, make) => {
    const bytes = await make().toBuffer();
    expect(Buffer.from(bytes).includes('PhoneCo')).toBe(true);
    const form = multipartBody('photo', 'photo', bytes, 'application/octet-stream');
    const res = await scenic.app.inject({ method: 'POST', url: '/v1/photos', payload: form.payload, headers: form.headers });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ width: 64, height: 48 });
    for (const file of storedFiles()) {
      const stored = readFileSync(file);
      for (const secret of ['PhoneCo', 'Secret X1', 'Jane Owner']) expect(stored.includes(secret)).toBe(false);
      expect((await sharp(stored).metadata()).exif).toBeUndefined();
    }
  });
});
