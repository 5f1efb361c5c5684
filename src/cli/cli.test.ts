import { execFile } from 'node:child_process';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// End-to-end: the built CLI (npm test builds first), as a user runs it.
const root = fileURLToPath(new URL('../..', import.meta.url));
const bin = path.join(root, 'bin/scenic.js');
const astronaut = path.join(root, 'examples/astronaut.png');

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function scenic(...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, [bin, ...args], { cwd: root, timeout: 120_000, maxBuffer: 16 << 20 }, (error, stdout, stderr) => {
      resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'scenic-cli-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('scenic edit', () => {
  it('writes a 1080×1920 JPEG story and reports what the prompt was understood as', async () => {
    const out = path.join(dir, 'story.jpg');
    const run = await scenic('edit', astronaut, '--prompt', 'sunset over the ocean, dinosaurs', '--out', out, '--seed', '5', '--json');
    expect(run.stderr).not.toMatch(/error/);
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout);
    expect(result).toMatchObject({ files: [out], width: 1080, height: 1920, seeds: [5], backend: 'procedural', digitalSourceType: 'compositeSynthetic', timeOfDay: 'sunset' });
    expect(result.notUnderstood).toContain('dinosaurs');
    expect(Object.keys(result.timings)).toEqual(expect.arrayContaining(['decode', 'segment', 'background', 'compose', 'label', 'encode']));
    const meta = await sharp(out).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['jpeg', 1080, 1920]);
    expect(meta.xmp?.toString()).toContain('compositeSynthetic');
    // Human progress goes to stderr, never into the JSON on stdout.
    expect(run.stderr).toMatch(/segment/);
  });

  it('writes N variations into a folder, in the size and format asked for', async () => {
    const folder = path.join(dir, 'variations');
    const run = await scenic('edit', astronaut, '-p', 'pink and gold gradient', '-o', folder, '-n', '2', '--size', '540x960', '--format', 'webp', '--no-prompt-metadata');
    expect(run.code).toBe(0);
    const files = (await readdir(folder)).sort();
    expect(files).toHaveLength(2);
    for (const f of files) {
      const meta = await sharp(path.join(folder, f)).metadata();
      expect([meta.format, meta.width, meta.height]).toEqual(['webp', 540, 960]);
      expect(meta.xmp?.toString()).not.toContain('pink and gold');
    }
  });
});

describe('scenic cutout', () => {
  it('writes the subject as a full-resolution RGBA PNG', async () => {
    const out = path.join(dir, 'cut.png');
    const run = await scenic('cutout', astronaut, '--out', out);
    expect(run.code).toBe(0);
    const meta = await sharp(out).metadata();
    expect([meta.format, meta.width, meta.height, meta.channels]).toEqual(['png', 512, 512, 4]);
  });
});

describe('errors: a code and a message, never a stack trace, never a file', () => {
  const cases: Array<[string, string, () => Promise<string[]>, RegExp]> = [
    ['a zero-byte file', 'EMPTY_PHOTO', async () => ['edit', await file('empty.jpg', ''), '-p', 'x', '-o', out()], /0 bytes/],
    ['a truncated JPEG', 'CORRUPT_PHOTO', async () => ['edit', await file('cut.jpg', await truncatedJpeg()), '-p', 'x', '-o', out()], /complete JPEG/],
    ['a text file named .jpg', 'UNSUPPORTED_FORMAT', async () => ['edit', await file('notes.jpg', 'shopping list: eggs'), '-p', 'x', '-o', out()], /not an image/],
    ['a photo over the pixel limit', 'PHOTO_TOO_LARGE', async () => ['edit', await file('huge.png', await hugePng()), '-p', 'x', '-o', out()], /at most 50 MP but received 7200×7200/],
    ['an unknown backend', 'UNKNOWN_BACKEND', async () => ['edit', astronaut, '-p', 'x', '-o', out(), '--backend', 'nope'], /Expected one of .*procedural.* but received "nope"/],
    ['a bad --size', 'INVALID_SIZE', async () => ['edit', astronaut, '-p', 'x', '-o', out(), '--size', '1080by1920'], /WxH .* but received "1080by1920"/],
    ['a size too small', 'INVALID_SIZE', async () => ['edit', astronaut, '-p', 'x', '-o', out(), '--size', '10x10'], /between 64 and 4096/],
    ['a missing photo', 'FILE_NOT_FOUND', async () => ['edit', path.join(dir, 'nope.jpg'), '-p', 'x', '-o', out()], /nope\.jpg/],
    ['a bad seed', 'INVALID_ARGUMENT', async () => ['edit', astronaut, '-p', 'x', '-o', out(), '--seed', '-3'], /integer between 0 and 4294967295 for --seed/],
    ['an unknown output type', 'UNSUPPORTED_OUTPUT', async () => ['edit', astronaut, '-p', 'x', '-o', path.join(dir, 'story.gif')], /\.jpg, \.jpeg, \.webp or \.png/],
    ['a missing --prompt', 'INVALID_ARGUMENT', async () => ['edit', astronaut, '-o', out()], /--prompt/],
    ['an unknown command', 'UNKNOWN_COMMAND', async () => ['paint', astronaut], /paint/],
  ];

  let n = 0;
  const out = () => path.join(dir, `err-${n++}.jpg`);
  const file = async (name: string, data: string | Buffer) => {
    const p = path.join(dir, name);
    await writeFile(p, data);
    return p;
  };

  it.each(cases)('%s → %s', async (_name, code, args, message) => {
    const before = await readdir(dir);
    const run = await scenic(...(await args()));
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(new RegExp(`^error ${code}: `, 'm'));
    expect(run.stderr).toMatch(message);
    expect(run.stderr).not.toMatch(/\n\s+at /);
    const after = (await readdir(dir)).filter((f) => !before.includes(f));
    expect(after.filter((f) => f.startsWith('err-') || f.startsWith('.'))).toEqual([]);
  });
});

async function truncatedJpeg(): Promise<Buffer> {
  const data = Buffer.alloc(96 * 96 * 3);
  for (let i = 0; i < data.length; i++) data[i] = (i * 2654435761) >>> 24;
  const jpeg = await sharp(data, { raw: { width: 96, height: 96, channels: 3 } }).jpeg().toBuffer();
  return jpeg.subarray(0, jpeg.length >> 1);
}

function hugePng(): Promise<Buffer> {
  return sharp({ create: { width: 7200, height: 7200, channels: 3, background: '#808080' } }).png({ compressionLevel: 9 }).toBuffer();
}
