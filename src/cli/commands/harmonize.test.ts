import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Command } from 'commander';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { isScenicError } from '../../errors.js';
import type { RgbaImage } from '../../image/types.js';
import { meanDiff } from '../../test-support/compose-scenes.js';
import { continuousPhoto, lightChange, rectMask } from '../../test-support/harmonize-scenes.js';
import { registerHarmonize } from './harmonize.js';

const W = 96;
const H = 80;
const INSIDE = { x: 30, y: 20, width: 36, height: 40 };

let dir: string;
let truth: RgbaImage;
let composite: string;
let mask: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'scenic-harmonize-'));
  truth = continuousPhoto(W, H);
  const m = rectMask(W, H, INSIDE);
  // The pasted subject: a stop darker and bluer than the photo around it.
  const pasted = lightChange(truth, m, [-0.8, -0.6, -0.3], 1);
  composite = path.join(dir, 'composite.png');
  mask = path.join(dir, 'mask.png');
  await sharp(pasted.data, { raw: { width: W, height: H, channels: 4 } }).png().toFile(composite);
  await sharp(Buffer.from(m), { raw: { width: W, height: H, channels: 1 } }).png().toFile(mask);
});
afterAll(() => rm(dir, { recursive: true, force: true }));

/** Runs `scenic harmonize` in-process; returns stdout and stderr, or the ScenicError code it threw. */
async function run(args: string[]): Promise<{ stdout: string; stderr: string; code?: string }> {
  const program = new Command('scenic').exitOverride().configureOutput({ writeErr: () => {} });
  registerHarmonize(program);
  let stdout = '';
  let stderr = '';
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((stdout += String(chunk)), true));
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => ((stderr += String(chunk)), true));
  try {
    await program.parseAsync(['node', 'scenic', 'harmonize', ...args]);
    return { stdout, stderr };
  } catch (error) {
    return { stdout, stderr, code: isScenicError(error) ? error.code : String((error as { code?: string }).code ?? error) };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

async function readRgba(file: string): Promise<RgbaImage> {
  const { data, info } = await sharp(file).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  return { data: new Uint8Array(data), width: info.width, height: info.height };
}

describe('scenic harmonize', () => {
  it('brings a pasted subject back to the light of the photo around it, and says what it did', async () => {
    const out = path.join(dir, 'fixed.png');
    const { stdout, code } = await run([composite, '--mask', mask, '-o', out, '--strength', '1', '--json']);
    expect(code).toBeUndefined();
    const result = JSON.parse(stdout);
    expect(result).toMatchObject({ file: out, width: W, height: H, applied: 1 });
    // It read the subject as darker, most of all in red.
    expect(result.gains[0]).toBeLessThan(result.gains[2]);
    expect(result.gains[0]).toBeLessThan(0.6);
    const fixed = await readRgba(out);
    const before = meanDiff(await readRgba(composite), truth, INSIDE);
    expect(meanDiff(fixed, truth, INSIDE)).toBeLessThan(before * 0.2);
    // The photo around the subject is untouched.
    expect(meanDiff(fixed, truth, { x: 0, y: 0, width: W, height: 15 })).toBe(0);
  });

  it('takes a mask with transparency by its alpha, and reports in words without --json', async () => {
    const alphaMask = path.join(dir, 'alpha-mask.png');
    const m = rectMask(W, H, INSIDE);
    const rgba = new Uint8Array(W * H * 4);
    // Black everywhere (grey levels would say "background"); the alpha says where the subject is.
    for (let i = 0; i < m.length; i++) rgba[i * 4 + 3] = m[i];
    await sharp(rgba, { raw: { width: W, height: H, channels: 4 } }).png().toFile(alphaMask);
    const out = path.join(dir, 'fixed.jpg');
    const { stdout, stderr, code } = await run([composite, '--mask', alphaMask, '-o', out]);
    expect(code).toBeUndefined();
    expect(stdout).toBe('');
    expect(stderr).toMatch(/undid 80 %/);
    expect((await sharp(out).metadata()).format).toBe('jpeg');
  });

  it('fails with a stable code, writing nothing, on a bad mask, output or strength', async () => {
    const small = path.join(dir, 'small-mask.png');
    await sharp({ create: { width: 10, height: 10, channels: 3, background: '#fff' } }).png().toFile(small);
    const black = path.join(dir, 'black-mask.png');
    await sharp({ create: { width: W, height: H, channels: 3, background: '#000' } }).png().toFile(black);
    const before = (await readdir(dir)).sort();
    const bad = path.join(dir, 'bad.png');
    expect((await run([composite, '--mask', small, '-o', bad])).code).toBe('INVALID_MASK');
    expect((await run([composite, '--mask', black, '-o', bad])).code).toBe('INVALID_MASK');
    expect((await run([composite, '--mask', path.join(dir, 'none.png'), '-o', bad])).code).toBe('FILE_NOT_FOUND');
    expect((await run([composite, '--mask', mask, '-o', path.join(dir, 'bad.gif')])).code).toBe('UNSUPPORTED_OUTPUT');
    expect((await run([composite, '--mask', mask, '-o', bad, '--strength', '1.5'])).code).toBe('INVALID_ARGUMENT');
    expect((await readdir(dir)).sort()).toEqual(before);
  });
});
