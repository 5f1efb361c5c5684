import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Command } from 'commander';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { isScenicError } from '../../errors.js';
import { PRESETS } from '../../scene/presets.js';
import { registerEdit } from './edit.js';
import { registerPresets } from './presets.js';
import { registerSheet } from './sheet.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'scenic-presets-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Runs one command in-process on a fresh program; returns stdout, or the ScenicError code it threw. */
async function run(args: string[]): Promise<{ stdout: string; code?: string }> {
  const program = new Command('scenic').exitOverride().configureOutput({ writeErr: () => {} });
  for (const register of [registerPresets, registerSheet, registerEdit]) register(program);
  let stdout = '';
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((stdout += String(chunk)), true));
  const err = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  try {
    await program.parseAsync(['node', 'scenic', ...args]);
    return { stdout };
  } catch (error) {
    if (isScenicError(error)) return { stdout, code: error.code };
    throw error;
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

describe('scenic presets', () => {
  it('--json lists every preset, in season first for the date', async () => {
    const { stdout } = await run(['presets', '--json', '--date', '2026-10-20']);
    const list = JSON.parse(stdout) as Array<{ id: string; label: string; prompt: string; category: string }>;
    expect(list).toHaveLength(PRESETS.length);
    expect(list[0].id).toBe('halloween');
    expect(Object.keys(list[0]).sort()).toEqual(['category', 'id', 'label', 'prompt']);
  });

  it('orders by history and writes PNG thumbnails', async () => {
    const thumbs = path.join(dir, 'thumbs');
    const { stdout } = await run(['presets', '--json', '--date', '2026-07-01', '--history', 'brand,marble', '--thumbnails', thumbs]);
    const list = JSON.parse(stdout) as Array<{ id: string; category: string; thumbnail: string }>;
    expect(list.slice(0, 10).some((p) => p.category === 'brand')).toBe(true);
    expect((await readdir(thumbs)).length).toBe(PRESETS.length);
    const meta = await sharp(list[0].thumbnail).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['png', 108, 192]);
  });

  it('prints a table without --json', async () => {
    const { stdout } = await run(['presets', '--date', '2026-12-20']);
    expect(stdout.split('\n')[0]).toMatch(/^christmas\s+Christmas\s+seasonal\s+christmas fairy lights/);
  });

  it('rejects a bad date with INVALID_ARGUMENT', async () => {
    expect((await run(['presets', '--date', '2026-13-01'])).code).toBe('INVALID_ARGUMENT');
  });
});

describe('scenic sheet', () => {
  it('renders one labelled cell per prompt line, "#hex" lines included, "# " lines skipped', async () => {
    const prompts = path.join(dir, 'prompts.txt');
    await writeFile(prompts, '# a comment\nsunset over the ocean\n#ff0066 gradient\n\npink dinosaurs\n');
    const out = path.join(dir, 'sheet.png');
    const { stdout } = await run(['sheet', '--prompts', prompts, '--out', out, '--size', '72x128', '--columns', '2', '--json']);
    const result = JSON.parse(stdout);
    expect(result.cells.map((c: { prompt: string }) => c.prompt)).toEqual(['sunset over the ocean', '#ff0066 gradient', 'pink dinosaurs']);
    expect(result.cells[2].notUnderstood).toEqual(['dinosaurs']);
    const meta = await sharp(out).metadata();
    expect([meta.width, meta.height]).toEqual([144, 2 * (128 + 40)]);
  });

  it('fails with FILE_NOT_FOUND, INVALID_ARGUMENT and UNSUPPORTED_OUTPUT', async () => {
    expect((await run(['sheet', '--prompts', path.join(dir, 'missing.txt'), '--out', path.join(dir, 'x.jpg')])).code).toBe('FILE_NOT_FOUND');
    const empty = path.join(dir, 'empty.txt');
    await writeFile(empty, '# only a comment\n');
    expect((await run(['sheet', '--prompts', empty, '--out', path.join(dir, 'x.jpg')])).code).toBe('INVALID_ARGUMENT');
    expect((await run(['sheet', '--prompts', empty, '--out', path.join(dir, 'x.gif')])).code).toBe('UNSUPPORTED_OUTPUT');
  });
});

describe('scenic edit --brand', () => {
  it('checks the brand kit before any work: FILE_NOT_FOUND, then INVALID_BRAND_KIT for bad JSON or fields', async () => {
    const photo = path.resolve('examples/astronaut.png');
    const out = path.join(dir, 'story.jpg');
    expect((await run(['edit', photo, '-p', 'x', '-o', out, '--brand', path.join(dir, 'nope.json')])).code).toBe('FILE_NOT_FOUND');
    const bad = path.join(dir, 'bad.json');
    await writeFile(bad, '{ not json');
    expect((await run(['edit', photo, '-p', 'x', '-o', out, '--brand', bad])).code).toBe('INVALID_BRAND_KIT');
    await writeFile(bad, JSON.stringify({ name: 'Acme', colours: ['red'] }));
    expect((await run(['edit', photo, '-p', 'x', '-o', out, '--brand', bad])).code).toBe('INVALID_BRAND_KIT');
  });
});
