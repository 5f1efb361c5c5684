import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { signExport } from '../../adapters/c2pa.js';
import { sha256Hex } from '../../adapters/sha256.js';
import { encodeImage } from '../../adapters/codec.js';
import { resolveSigningCredentials } from '../../adapters/dev-certificates.js';
import { buildXmp } from '../../provenance/xmp.js';
import { main } from '../main.js';

let dir: string;
const savedDataDir = process.env.SCENIC_DATA_DIR;

async function run(args: string[]): Promise<{ stdout: string; stderr: string; code: number }> {
  let stdout = '';
  let stderr = '';
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((stdout += String(chunk)), true));
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => ((stderr += String(chunk)), true));
  process.exitCode = 0;
  try {
    await main(['node', 'scenic', ...args]);
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
  const code = Number(process.exitCode ?? 0);
  process.exitCode = 0;
  return { stdout, stderr, code };
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'scenic-verify-cli-'));
  process.env.SCENIC_DATA_DIR = dir;
  const creds = await resolveSigningCredentials('dev', dir);
  const image = { data: new Uint8Array(64 * 96 * 4).fill(200), width: 64, height: 96 };
  const xmp = buildXmp({ digitalSourceType: 'compositeSynthetic', softwareAgent: 'scenic 0.0.0', softwareVersion: '0.0.0', backgroundBy: 'procedural' });
  const signed = await signExport(await encodeImage(image, { format: 'jpeg', xmp }), { format: 'jpeg', digitalSourceType: 'compositeSynthetic', softwareName: 'scenic', softwareVersion: '0.0.0', backgroundBy: 'procedural', photoSha256: sha256Hex(new Uint8Array(1)), backgroundSha256: sha256Hex(image.data) }, creds);
  await writeFile(path.join(dir, 'story.jpg'), signed);
  await writeFile(path.join(dir, 'plain.png'), await sharp({ create: { width: 32, height: 32, channels: 3, background: '#123456' } }).png().toBuffer());
  await writeFile(path.join(dir, 'benign.txt'), 'a cat on a sofa\na cocktail bar in Sussex\n');
  await writeFile(path.join(dir, 'blocked.txt'), '# category: violence\na beheading in the desert\n# category: sexual\nn u d e people on a beach\na quiet meadow\n');
});

afterAll(async () => {
  if (savedDataDir === undefined) delete process.env.SCENIC_DATA_DIR;
  else process.env.SCENIC_DATA_DIR = savedDataDir;
  await rm(dir, { recursive: true, force: true });
});

describe('scenic verify', () => {
  it('--json reports C2PA (trusted through the dev CA in the data folder), XMP and watermark', async () => {
    const { stdout, code } = await run(['verify', path.join(dir, 'story.jpg'), '--json']);
    expect(code).toBe(0);
    const report = JSON.parse(stdout);
    expect(report.c2pa).toMatchObject({ present: true, valid: true, trusted: true });
    expect(report.xmp.digitalSourceType).toBe('http://cv.iptc.org/newscodes/digitalsourcetype/compositeSynthetic');
    expect(report.watermark).toHaveProperty('found');
    expect(report.watermark).toHaveProperty('payload');
    expect(report.watermark).toHaveProperty('confidence');
  });

  it('--no-dev-trust reports Valid but not Trusted; the text report says so', async () => {
    const json = JSON.parse((await run(['verify', path.join(dir, 'story.jpg'), '--json', '--no-dev-trust'])).stdout);
    expect(json.c2pa).toMatchObject({ valid: true, trusted: false });
    const { stdout } = await run(['verify', path.join(dir, 'story.jpg'), '--no-dev-trust']);
    expect(stdout).toContain('Valid (signer not trusted)');
    expect(stdout).toContain('compositeSynthetic');
  });

  it('reports nothing for an unlabelled picture, and FILE_NOT_FOUND for a missing one', async () => {
    const json = JSON.parse((await run(['verify', path.join(dir, 'plain.png'), '--json'])).stdout);
    expect(json).toMatchObject({ c2pa: { present: false }, xmp: { digitalSourceType: null }, watermark: { found: false }, labelledAiEdited: false });
    const missing = await run(['verify', path.join(dir, 'nope.jpg')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^error FILE_NOT_FOUND: /);
  });
});

describe('scenic eval moderation', () => {
  it('--json prints benign and disallowed counts and a per-category table', async () => {
    const { stdout, code } = await run(['eval', 'moderation', '--benign', path.join(dir, 'benign.txt'), '--blocked', path.join(dir, 'blocked.txt'), '--json']);
    expect(code).toBe(0);
    const r = JSON.parse(stdout);
    expect(r.benign).toMatchObject({ n: 2, blocked: 0 });
    expect(r.disallowed).toMatchObject({ n: 3, blocked: 2, missed: ['a quiet meadow'] });
    expect(r.byCategory.violence).toMatchObject({ n: 1, blocked: 1, blockedAsExpected: 1 });
    expect(r.byCategory.sexual).toMatchObject({ n: 2, blocked: 1 });
  });

  it('needs at least one file', async () => {
    const { code, stderr } = await run(['eval', 'moderation']);
    expect(code).toBe(2);
    expect(stderr).toMatch(/^error INVALID_ARGUMENT: /);
  });
});
