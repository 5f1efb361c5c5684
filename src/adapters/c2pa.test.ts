import { mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildXmp } from '../provenance/xmp.js';
import { readC2pa, signExport, MIME_TYPES } from './c2pa.js';
import { sha256Hex } from './sha256.js';
import { encodeImage, type OutputFormat } from './codec.js';
import { DEV_CERT_FILES, ensureDevCertificates, resolveSigningCredentials, type SigningCredentials } from './dev-certificates.js';

let dir: string;
let creds: SigningCredentials;

const image = { data: new Uint8Array(96 * 160 * 4).map((_, i) => (i % 4 === 3 ? 255 : (i * 37) % 251)), width: 96, height: 160 };
const xmp = buildXmp({ digitalSourceType: 'compositeSynthetic', softwareAgent: 'scenic test', softwareVersion: '0.0.0', backgroundBy: 'procedural', prompt: 'sunset' });
const input = (format: OutputFormat) => ({
  format,
  digitalSourceType: 'compositeSynthetic' as const,
  softwareName: 'scenic',
  softwareVersion: '0.0.0',
  backgroundBy: 'procedural',
  photoSha256: sha256Hex(new Uint8Array([1, 2, 3])),
  photoFormat: 'jpeg',
  backgroundSha256: sha256Hex(image.data),
});

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'scenic-c2pa-'));
  creds = await resolveSigningCredentials('dev', dir);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('development certificate chain', () => {
  it('is generated once into <data>/c2pa with DEV-ONLY names and private keys', async () => {
    const files = await readdir(path.join(dir, 'c2pa'));
    expect(files.sort()).toEqual(Object.values(DEV_CERT_FILES).sort());
    expect(creds.kind).toBe('development');
    expect(creds.certPem.match(/BEGIN CERTIFICATE/g)).toHaveLength(2);
    expect(creds.keyPem).toContain('BEGIN PRIVATE KEY'); // PKCS#8
    expect((await stat(path.join(dir, 'c2pa', DEV_CERT_FILES.key))).mode & 0o077).toBe(0);
    const again = await ensureDevCertificates(path.join(dir, 'c2pa'));
    expect(again.certPem).toBe(creds.certPem);
  });

  it('fails with C2PA_CERT_MISSING when openssl is not on the PATH and nothing is configured', async () => {
    const saved = process.env.PATH;
    process.env.PATH = path.join(dir, 'no-such-bin');
    try {
      await expect(ensureDevCertificates(path.join(dir, 'fresh'))).rejects.toMatchObject({ code: 'C2PA_CERT_MISSING' });
    } finally {
      process.env.PATH = saved;
    }
  });

  it('fails with C2PA_CERT_MISSING when the data folder cannot be written', async () => {
    const file = path.join(dir, 'a-file');
    await writeFile(file, 'x');
    await expect(ensureDevCertificates(path.join(file, 'c2pa'))).rejects.toMatchObject({ code: 'C2PA_CERT_MISSING' });
  });

  it('uses SCENIC_C2PA_CERT and SCENIC_C2PA_KEY (files or PEM) as the production identity, and wants both', async () => {
    process.env.SCENIC_C2PA_CERT = path.join(dir, 'c2pa', DEV_CERT_FILES.chain);
    try {
      await expect(resolveSigningCredentials('auto', dir)).rejects.toMatchObject({ code: 'C2PA_CERT_MISSING' });
      process.env.SCENIC_C2PA_KEY = creds.keyPem;
      const prod = await resolveSigningCredentials('auto', dir);
      expect(prod).toMatchObject({ kind: 'production', certPem: creds.certPem, keyPem: creds.keyPem });
    } finally {
      delete process.env.SCENIC_C2PA_CERT;
      delete process.env.SCENIC_C2PA_KEY;
    }
  });
});

describe('signExport + readC2pa', () => {
  it.each(['jpeg', 'webp', 'png'] as const)('%s: valid, untrusted without anchors, trusted with the dev CA; XMP kept', async (format) => {
    const encoded = await encodeImage(image, { format, quality: 90, xmp });
    const signed = await signExport(encoded, input(format), creds);
    const report = await readC2pa(signed, MIME_TYPES[format]);
    expect(report).toMatchObject({ present: true, valid: true, trusted: false, state: 'Valid', failures: [] });
    expect(report.actions.map((a) => a.action)).toEqual(['c2pa.opened', 'c2pa.edited', 'c2pa.placed']);
    expect(report.actions[1]).toMatchObject({ digitalSourceType: 'http://cv.iptc.org/newscodes/digitalsourcetype/compositeSynthetic', softwareAgent: 'scenic 0.0.0' });
    expect(report.ingredients).toEqual([
      expect.objectContaining({ relationship: 'parentOf', instanceId: `sha256:${input(format).photoSha256}` }),
      expect.objectContaining({ relationship: 'componentOf', instanceId: `sha256:${input(format).backgroundSha256}` }),
    ]);
    expect(report.signer?.commonName).toContain('DEV-ONLY');
    expect((await readC2pa(signed, MIME_TYPES[format], creds.caPem)).trusted).toBe(true);
    expect((await sharp(signed).metadata()).xmp?.toString()).toContain('compositeSynthetic');
  });

  it('reports no manifest for an unsigned file', async () => {
    const encoded = await encodeImage(image, { format: 'jpeg', xmp });
    expect(await readC2pa(encoded, 'image/jpeg')).toMatchObject({ present: false, valid: false, trusted: false });
  });

  it('reports a manifest as not valid when the pixels change after signing', async () => {
    const signed = await signExport(await encodeImage(image, { format: 'png', xmp }), input('png'), creds);
    // One flipped byte inside the compressed pixels (IDAT) must break the data hash.
    const tampered = Buffer.from(signed);
    const idat = tampered.indexOf('IDAT');
    tampered[idat + 40] ^= 0xff;
    const report = await readC2pa(tampered, 'image/png');
    expect(report.present).toBe(true);
    expect(report.valid).toBe(false);
  });

  it('fails with C2PA_SIGN_FAILED for a key that is not a key', async () => {
    const encoded = await encodeImage(image, { format: 'jpeg', xmp });
    await expect(signExport(encoded, input('jpeg'), { ...creds, keyPem: 'not a key' })).rejects.toMatchObject({ code: 'C2PA_SIGN_FAILED' });
  });
});
