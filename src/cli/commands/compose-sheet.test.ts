import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// The built CLI (npm test builds first): the compose-sheet command and the layout/compose flags of edit.
const root = fileURLToPath(new URL('../../..', import.meta.url));
const astronaut = path.join(root, 'examples/astronaut.png');

function scenic(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [path.join(root, 'bin/scenic.js'), ...args], { cwd: root, timeout: 180_000, maxBuffer: 16 << 20 }, (error, stdout, stderr) => {
      resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'scenic-compose-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('scenic edit layout and compose flags', () => {
  it('takes a preset size, a placement and compose controls into the recipe', async () => {
    const out = path.join(dir, 'square.jpg');
    const run = await scenic('edit', astronaut, '-p', 'golden hour beach', '-o', out, '--seed', '3', '--size', 'square', '--place', '0.5,0.6,0.8', '--compose', 'harmonize=0.5,shadow=off', '--json');
    expect(run.stderr).not.toMatch(/error/);
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout);
    expect([result.width, result.height]).toEqual([1080, 1080]);
    expect(result.recipe.layout).toMatchObject({ width: 1080, height: 1080, placement: 'auto', x: 0.5, y: 0.6, scale: 0.8 });
    expect(result.recipe.compose).toMatchObject({ harmonize: 0.5, shadow: 'off', lightWrap: 0.5 });
    const meta = await sharp(out).metadata();
    expect([meta.width, meta.height]).toEqual([1080, 1080]);
  });

  it.each([
    [['--size', '1080by1920'], 'INVALID_SIZE', /WxH .* but received "1080by1920"/],
    [['--size', 'huge'], 'INVALID_SIZE', /story, portrait, square or WxH/],
    [['--place', '2,0.5'], 'INVALID_ARGUMENT', /for --place but received "2,0.5"/],
    [['--placement', 'middle'], 'INVALID_ARGUMENT', /one of auto, original/],
    [['--compose', 'blur=1'], 'INVALID_ARGUMENT', /known control .* for --compose/],
  ])('%j fails with %s', async (flags, code, message) => {
    const run = await scenic('edit', astronaut, '-p', 'x', '-o', path.join(dir, 'never.jpg'), ...flags);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(new RegExp(`^error ${code}: `));
    expect(run.stderr).toMatch(message);
  });
});

describe('scenic compose-sheet', () => {
  it('draws one before/after row per prompt', async () => {
    const prompts = path.join(dir, 'prompts.txt');
    await writeFile(prompts, '# a comment\nsunset over the ocean\n\nnight sky with stars\n');
    const out = path.join(dir, 'sheet.png');
    const run = await scenic('compose-sheet', astronaut, '--prompts', prompts, '-o', out, '--tile', '90', '--size', '360x640');
    expect(run.stderr).not.toMatch(/error/);
    expect(run.code).toBe(0);
    const meta = await sharp(out).metadata();
    expect([meta.width, meta.height]).toEqual([180, 2 * (160 + 28)]);
  });

  it('fails with FILE_NOT_FOUND for a missing prompts file', async () => {
    const run = await scenic('compose-sheet', astronaut, '--prompts', path.join(dir, 'none.txt'), '-o', path.join(dir, 'x.png'));
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^error FILE_NOT_FOUND: /);
  });
});
