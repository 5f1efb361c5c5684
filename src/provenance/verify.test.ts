import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signExport } from '../adapters/c2pa.js';
import { sha256Hex } from '../adapters/sha256.js';
import { encodeImage } from '../adapters/codec.js';
import { resolveSigningCredentials, type SigningCredentials } from '../adapters/dev-certificates.js';
import type { RgbaImage } from '../image/types.js';
import { verifyImage } from './verify.js';
import { embedWatermark, makeWatermarkPayload } from './watermark.js';
import { buildXmp } from './xmp.js';

let dir: string;
let creds: SigningCredentials;
let story: Buffer;
let marked: RgbaImage;
const payload = makeWatermarkPayload('verify-test');

/** A textured test picture (watermarks need some texture to hide in, as real photos have). */
function picture(width: number, height: number): RgbaImage {
  const data = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 4;
      data[i] = 120 + 60 * Math.sin(x / 23) + 20 * Math.sin((x * y) / 900);
      data[i + 1] = 110 + 50 * Math.cos(y / 31);
      data[i + 2] = 140 + 40 * Math.sin((x + y) / 17);
      data[i + 3] = 255;
    }
  }
  return { data, width, height };
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'scenic-verify-'));
  creds = await resolveSigningCredentials('dev', dir);
  marked = embedWatermark(picture(540, 960), payload);
  const xmp = buildXmp({ digitalSourceType: 'compositeWithTrainedAlgorithmicMedia', softwareAgent: 'scenic 0.0.0', softwareVersion: '0.0.0', backgroundBy: 'test', prompt: 'a beach' });
  const encoded = await encodeImage(marked, { format: 'jpeg', quality: 90, xmp });
  story = await signExport(
    encoded,
    { format: 'jpeg', digitalSourceType: 'compositeWithTrainedAlgorithmicMedia', softwareName: 'scenic', softwareVersion: '0.0.0', backgroundBy: 'test', photoSha256: sha256Hex(new Uint8Array([9])), backgroundSha256: sha256Hex(marked.data) },
    creds,
  );
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('verifyImage', () => {
  it('reads all three labels of a signed, watermarked export; Trusted only with the CA', async () => {
    const report = await verifyImage(story);
    expect(report.c2pa).toMatchObject({ present: true, valid: true, trusted: false });
    expect(report.c2pa.actions.map((a) => a.action)).toEqual(['c2pa.opened', 'c2pa.edited', 'c2pa.placed']);
    expect(report.xmp).toMatchObject({ present: true, digitalSourceType: 'http://cv.iptc.org/newscodes/digitalsourcetype/compositeWithTrainedAlgorithmicMedia', prompt: 'a beach' });
    expect(report.watermark).toMatchObject({ found: true, payload: Buffer.from(payload).toString('hex'), scenic: true });
    expect(report.watermark.confidence).toBeGreaterThan(0.99);
    expect(report.labelledAiEdited).toBe(true);
    expect((await verifyImage(story, { trustAnchorsPem: creds.caPem })).c2pa.trusted).toBe(true);
  });

  it('still finds the watermark in a copy whose metadata was stripped and which was re-compressed', async () => {
    const stripped = await sharp(story).jpeg({ quality: 75 }).toBuffer();
    const report = await verifyImage(stripped);
    expect(report.c2pa.present).toBe(false);
    expect(report.xmp).toMatchObject({ present: false, digitalSourceType: null });
    expect(report.watermark).toMatchObject({ found: true, payload: Buffer.from(payload).toString('hex') });
    expect(report.labelledAiEdited).toBe(true);
  });

  it('finds nothing in an unmarked, unlabelled picture', async () => {
    const plain = await sharp(Buffer.from(picture(540, 960).data), { raw: { width: 540, height: 960, channels: 4 } }).png().toBuffer();
    const report = await verifyImage(plain);
    expect(report).toMatchObject({ labelledAiEdited: false, c2pa: { present: false }, xmp: { present: false }, watermark: { found: false, payload: null } });
  });
});
