import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { deflateSync } from 'node:zlib';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEditor, type Editor } from '../editor/editor.js';
import { buildApp, type ScenicApp } from './app.js';
import { discSegmenter, multipartBody, waitForJob } from './test-helpers.js';

/**
 * A hostile-input corpus, generated here: broken and tricky images, bombs, hostile text, recipes, ids and
 * file names, oversized and slow bodies. Each must get a 4xx with a catalogue code (or, for valid but
 * unusual images, a correct 201), the server must stay up, and no temporary file may be left behind.
 */
const ASTRONAUT = readFileSync(new URL('../../examples/astronaut.png', import.meta.url));
const UPLOAD_LIMIT = 4 * 1024 * 1024;
let dir: string;
let privateTmp: string;
let oldTmp: string | undefined;
let editor: Editor;
let scenic: ScenicApp;
let base: string;
let photoId: string;

/** Seeded noise, so the JPEG/WebP encoders have real data to cut in half. */
function noise(width: number, height: number, seed = 7): Buffer {
  const data = Buffer.alloc(width * height * 3);
  let s = seed >>> 0;
  for (let i = 0; i < data.length; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    data[i] = (s >>> 24) ^ (i % 251);
  }
  return data;
}
const raw = (w: number, h: number) => sharp(noise(w, h), { raw: { width: w, height: h, channels: 3 } });

function crc32(bytes: Buffer): number {
  let c = ~0;
  for (const b of bytes) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
  }
  return ~c >>> 0;
}
function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
}
/** A real, complete 30000×30000 1-bit PNG (900 MP) that is ~110 KB on the wire: a decompression bomb. */
function bombPng(side = 30_000): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(side, 0);
  ihdr.writeUInt32BE(side, 4);
  ihdr[8] = 1; // bit depth 1
  ihdr[9] = 0; // greyscale
  const rows = Buffer.alloc(side * (1 + Math.ceil(side / 8))); // filter byte 0 + zero pixels, every row
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(rows, { level: 9 })), chunk('IEND', Buffer.alloc(0))]);
}

function listFiles(root: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = path.join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out.push(path.relative(root, p));
    }
  };
  walk(root);
  return out;
}

async function uploadRaw(bytes: Uint8Array, type = 'image/png') {
  return scenic.app.inject({ method: 'POST', url: '/v1/photos', payload: Buffer.from(bytes), headers: { 'content-type': type } });
}
async function uploadForm(bytes: Uint8Array, filename = 'photo.png', type = 'image/png') {
  const form = multipartBody('photo', filename, bytes, type);
  return scenic.app.inject({ method: 'POST', url: '/v1/photos', payload: form.payload, headers: form.headers });
}
function expectError(res: { statusCode: number; json(): any }, status: number, code: string) {
  expect({ status: res.statusCode, code: res.json().error?.code }).toEqual({ status, code });
  expect(res.json().error.message.length).toBeGreaterThan(10);
}

beforeAll(async () => {
  // Anything that spills to os.tmpdir() while the corpus is fed in lands here, where the test can see it.
  dir = mkdtempSync(path.join(tmpdir(), 'scenic-hostile-'));
  oldTmp = process.env.TMPDIR;
  privateTmp = mkdtempSync(path.join(tmpdir(), 'scenic-hostile-tmp-'));
  process.env.TMPDIR = privateTmp;
  mkdirSync(path.join(dir, 'data'));
  editor = createEditor({ segmenter: discSegmenter() });
  scenic = await buildApp({ dataDir: path.join(dir, 'data'), editor, limits: { uploadBytes: UPLOAD_LIMIT, requestTimeoutMs: 1500 } });
  base = await scenic.app.listen({ host: '127.0.0.1', port: 0 });
  photoId = (await uploadForm(ASTRONAUT)).json().id;
});
afterAll(async () => {
  await scenic?.app.close();
  await editor?.dispose();
  process.env.TMPDIR = oldTmp;
  rmSync(dir, { recursive: true, force: true });
  rmSync(privateTmp, { recursive: true, force: true });
});

describe('hostile images', () => {
  it('refuses truncated and corrupt JPEG, PNG and WebP with CORRUPT_PHOTO', async () => {
    const jpeg = await raw(256, 256).jpeg({ quality: 90 }).toBuffer();
    const png = await raw(256, 256).png().toBuffer();
    const webp = await raw(256, 256).webp({ quality: 90 }).toBuffer();
    for (const [bytes, type] of [
      [jpeg.subarray(0, jpeg.length >> 1), 'image/jpeg'],
      [png.subarray(0, png.length >> 1), 'image/png'],
      [webp.subarray(0, webp.length >> 1), 'image/webp'],
      [Buffer.concat([png.subarray(0, 33), Buffer.alloc(4000, 0xa5)]), 'image/png'],
    ] as const) {
      expectError(await uploadRaw(bytes, type), 422, 'CORRUPT_PHOTO');
    }
  });

  it('refuses zero bytes, text, and the wrong content type', async () => {
    expectError(await uploadRaw(Buffer.alloc(0)), 400, 'EMPTY_PHOTO');
    expectError(await uploadForm(Buffer.alloc(0)), 400, 'EMPTY_PHOTO');
    expectError(await uploadRaw(Buffer.from('hello, I am not an image'), 'image/png'), 415, 'UNSUPPORTED_FORMAT');
    const json = await scenic.app.inject({ method: 'POST', url: '/v1/photos', payload: { photo: 'x' } });
    expectError(json, 415, 'UNSUPPORTED_MEDIA_TYPE');
    const text = await scenic.app.inject({ method: 'POST', url: '/v1/photos', payload: 'abc', headers: { 'content-type': 'text/plain' } });
    expectError(text, 415, 'UNSUPPORTED_MEDIA_TYPE');
  });

  it('refuses a 30000×30000 decompression bomb from its header, without decoding it', async () => {
    const bomb = bombPng();
    expect(bomb.length).toBeLessThan(UPLOAD_LIMIT);
    const before = process.memoryUsage().rss;
    expectError(await uploadRaw(bomb), 413, 'PHOTO_TOO_LARGE');
    // 900 MP decoded would be ≥ 900 MB; refusing from the header keeps memory where it was.
    expect(process.memoryUsage().rss - before).toBeLessThan(200 * 1024 * 1024);
  });

  it('refuses SVG, and never fetches what an SVG links to', async () => {
    let fetched = 0;
    const bait = createServer((_req, res) => {
      fetched++;
      res.end();
    });
    await new Promise<void>((r) => bait.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(bait.address() as AddressInfo).port}`;
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="64" height="64"><image xlink:href="${url}/x.png" width="64" height="64"/><image href="file:///etc/passwd"/></svg>`;
    try {
      expectError(await uploadRaw(Buffer.from(svg), 'image/svg+xml'), 415, 'UNSUPPORTED_FORMAT');
      expectError(await uploadForm(Buffer.from(svg), 'x.svg', 'image/svg+xml'), 415, 'UNSUPPORTED_FORMAT');
      expect(fetched).toBe(0);
    } finally {
      bait.close();
    }
  });

  it('takes an animated GIF as its first frame, and CMYK, 16-bit and huge-EXIF photos as ordinary ones', async () => {
    const frames = Buffer.concat([noise(64, 64, 1), noise(64, 64, 2), noise(64, 64, 3)]);
    const gif = await sharp(frames, { raw: { width: 64, height: 192, channels: 3, pageHeight: 64 } as never }).gif().toBuffer();
    expect((await sharp(gif).metadata()).pages).toBe(3);
    const cmyk = await raw(200, 160).toColourspace('cmyk').jpeg().toBuffer();
    expect((await sharp(cmyk).metadata()).space).toBe('cmyk');
    const deep = await raw(120, 90).toColourspace('rgb16').png().toBuffer();
    expect((await sharp(deep).metadata()).depth).toBe('ushort');
    const exif = await raw(160, 120)
      .withExif({ IFD0: { ImageDescription: 'x'.repeat(60_000), Artist: 'A'.repeat(2000) } })
      .jpeg()
      .toBuffer();
    expect((await sharp(exif).metadata()).exif!.length).toBeGreaterThan(60_000);
    for (const [bytes, w, h] of [
      [gif, 64, 64],
      [cmyk, 200, 160],
      [deep, 120, 90],
      [exif, 160, 120],
    ] as const) {
      const res = await uploadRaw(bytes, 'application/octet-stream');
      expect(res.statusCode).toBe(201);
      expect(res.json()).toMatchObject({ width: w, height: h });
    }
  });
});

describe('hostile text, recipes, ids and names', () => {
  const edit = (payload: unknown) => scenic.app.inject({ method: 'POST', url: '/v1/edits', payload: payload as object });

  it('refuses an extremely long prompt, and one too big for the body limit', async () => {
    expectError(await edit({ photo: photoId, prompt: 'sunset '.repeat(200) }), 400, 'INVALID_REQUEST');
    const huge = await scenic.app.inject({ method: 'POST', url: '/v1/edits', payload: JSON.stringify({ photo: photoId, prompt: 'a'.repeat(2_000_000) }), headers: { 'content-type': 'application/json' } });
    expectError(huge, 400, 'INVALID_REQUEST');
  });

  it('treats Unicode tricks in a prompt as plain text', async () => {
    // Right-to-left override, zero-width joiners, combining marks, a NUL, a lone surrogate, emoji.
    const prompt = '\u202Etesnus\u202C \u200Bsunset\u200D over e\u0301\u0301 the \u0000ocean \uD800 🌅';
    const res = await edit({ photo: photoId, prompt, variations: 1 });
    expect(res.statusCode).toBe(202);
    const job = await waitForJob(scenic.app, res.json().id);
    expect(['succeeded', 'failed']).toContain(job.state);
    if (job.state === 'failed') expect(job.error.code).toMatch(/^[A-Z_]+$/);
  });

  it('refuses malformed, prototype-polluting, deeply nested and oversized recipes', async () => {
    expectError(await edit({ photo: photoId, recipe: 'sunset' }), 400, 'INVALID_RECIPE');
    expectError(await edit({ photo: photoId, recipe: { version: 99, background: { prompt: 1 } } }), 400, 'INVALID_RECIPE');
    const polluting = await scenic.app.inject({
      method: 'POST',
      url: '/v1/edits',
      payload: `{"photo":"${photoId}","recipe":{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}}}}`,
      headers: { 'content-type': 'application/json' },
    });
    expect(polluting.statusCode).toBe(400);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    const nested = await scenic.app.inject({ method: 'POST', url: '/v1/edits', payload: `{"photo":"${photoId}","recipe":${'['.repeat(50_000)}${']'.repeat(50_000)}}`, headers: { 'content-type': 'application/json' } });
    expect(nested.statusCode).toBe(400);
    expect(nested.json().error.code).toMatch(/^INVALID_(REQUEST|RECIPE)$/);
    const big = { photo: photoId, recipe: { photo: 'a'.repeat(64), background: { prompt: 'sky', palette: Array(200_000).fill('#ff0000') } } };
    expectError(await edit(big), 400, 'INVALID_REQUEST');
    const many = { photo: photoId, recipe: { photo: 'a'.repeat(64), background: { prompt: 'sky', palette: Array(5000).fill('#ff0000') } } };
    expectError(await edit(many), 400, 'INVALID_RECIPE');
  });

  it('answers path traversal in ids and asset names with NOT_FOUND and touches no file outside the store', async () => {
    for (const url of [
      '/v1/photos/..%2F..%2Fscenic.db',
      '/v1/photos/..%2F..%2Fscenic.db/cutout',
      `/v1/results/${encodeURIComponent('../../scenic.db')}`,
      `/v1/results/${encodeURIComponent('../../scenic.db')}/thumbnail`,
      `/v1/jobs/${'..%2F'.repeat(40)}etc%2Fpasswd`,
      '/v1/jobs/job_%00abc',
      '/assets/..%2F..%2Fscenic.db',
      '/assets/%2e%2e%2f%2e%2e%2fpackage.json',
      `/v1/brand-kits/${encodeURIComponent('../../../etc/passwd')}`,
    ]) {
      const res = await scenic.app.inject({ method: 'GET', url });
      expect({ url, status: res.statusCode, code: res.json().error?.code }).toEqual({ url, status: 404, code: 'NOT_FOUND' });
    }
    const del = await scenic.app.inject({ method: 'DELETE', url: '/v1/photos/..%2F..%2Fscenic.db' });
    expectError(del, 404, 'NOT_FOUND');
  });

  it('stores an upload named ../../evil.png by content, never by its name', async () => {
    const png = await raw(96, 96).png().toBuffer();
    const res = await uploadForm(png, '../../../evil.png');
    expect(res.statusCode).toBe(201);
    const everywhere = [...listFiles(dir), ...listFiles(privateTmp)];
    expect(everywhere.filter((f) => f.includes('evil'))).toEqual([]);
  });
});

describe('hostile bodies on a real socket', () => {
  it('refuses multipart and raw bodies over the upload limit with PHOTO_TOO_BIG', async () => {
    const big = Buffer.alloc(UPLOAD_LIMIT + 1024 * 1024, 0x42);
    const form = multipartBody('photo', 'big.png', big);
    const multi = await fetch(`${base}/v1/photos`, { method: 'POST', body: form.payload, headers: form.headers });
    expect(multi.status).toBe(413);
    expect(((await multi.json()) as any).error.code).toBe('PHOTO_TOO_BIG');
    const rawBody = await fetch(`${base}/v1/photos`, { method: 'POST', body: big, headers: { 'content-type': 'image/png' } });
    expect(rawBody.status).toBe(413);
    expect(((await rawBody.json()) as any).error.code).toBe('PHOTO_TOO_BIG');
  });

  it('times out a slow-loris upload that trickles its body, with REQUEST_TIMEOUT', async () => {
    const socket = connect(Number(new URL(base).port), '127.0.0.1');
    await new Promise((r) => socket.once('connect', r));
    let answer = '';
    socket.on('data', (d) => (answer += d.toString()));
    const closed = new Promise((r) => socket.once('close', r));
    socket.write(`POST /v1/photos HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: multipart/form-data; boundary=xx\r\nContent-Length: 100000\r\n\r\n--xx\r\ncontent-disposition: form-data; name="photo"; filename="a.png"\r\ncontent-type: image/png\r\n\r\n`);
    // One byte every 100 ms: at this rate the 100 kB body would take almost three hours.
    const trickle = setInterval(() => socket.writable && socket.write('\x89'), 100);
    const started = Date.now();
    await closed;
    clearInterval(trickle);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(answer).toMatch(/^HTTP\/1\.1 408/);
    expect(answer).toContain('"code":"REQUEST_TIMEOUT"');
  }, 20_000);

  it('times out a client that never finishes its headers', async () => {
    const socket = connect(Number(new URL(base).port), '127.0.0.1');
    await new Promise((r) => socket.once('connect', r));
    let answer = '';
    socket.on('data', (d) => (answer += d.toString()));
    const closed = new Promise((r) => socket.once('close', r));
    socket.write('GET /v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\n');
    const trickle = setInterval(() => socket.writable && socket.write('X-A: b\r\n'), 200);
    await closed;
    clearInterval(trickle);
    expect(answer).toMatch(/^HTTP\/1\.1 408/);
  });

  it('is still up, and left no temporary file in the data folder or the temp folder', async () => {
    const health = await fetch(`${base}/v1/health`);
    expect(health.status).toBe(200);
    const files = listFiles(path.join(dir, 'data'));
    expect(files.filter((f) => f.endsWith('.tmp') || f.includes('.c2pa-dev-'))).toEqual([]);
    // Only the database and content-addressed files: photos, cut-outs and results of the accepted uploads.
    expect(files.filter((f) => !/^(scenic\.db(-wal|-shm)?|files\/[0-9a-f]{2}\/[0-9a-f]{64}\.\w+)$/.test(f))).toEqual([]);
    expect(listFiles(privateTmp)).toEqual([]);
  });
});
