import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { stripMetadata } from './strip-metadata.js';

const EXIF = {
  IFD0: { Make: 'TestCamMaker', Model: 'TestCam 9000', Artist: 'Jane Owner' },
  IFD2: { BodySerialNumber: 'SERIAL-123456', DateTimeOriginal: '2024:05:01 10:00:00' },
  IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '51/1 30/1 0/1', GPSLongitudeRef: 'W', GPSLongitude: '0/1 7/1 0/1' },
};
const XMP = '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description rdf:about="" xmlns:exif="http://ns.adobe.com/exif/1.0/" exif:GPSLatitude="51,30.0N" exif:BodySerialNumber="SERIAL-123456"/></rdf:RDF></x:xmpmeta>';
const PRIVATE = ['TestCamMaker', 'TestCam 9000', 'Jane Owner', 'SERIAL-123456', '2024:05:01', 'GPSLatitude'];

async function photo(format: 'jpeg' | 'png' | 'webp'): Promise<Buffer> {
  const base = sharp({ create: { width: 64, height: 48, channels: 3, background: '#000', noise: { type: 'gaussian', mean: 128, sigma: 40 } } });
  const encoded = format === 'jpeg' ? base.jpeg({ quality: 80 }) : format === 'png' ? base.png() : base.webp({ quality: 80 });
  // A phone photo taken in portrait: stored sideways with EXIF orientation 6.
  return encoded.withExif(EXIF as never).withMetadata({ orientation: 6 }).withXmp(XMP).toBuffer();
}

/** Pixels as stored (no rotation applied), to prove nothing was re-encoded. */
async function storedPixels(bytes: Uint8Array): Promise<Buffer> {
  return sharp(bytes).raw().toBuffer();
}

describe('stripMetadata', () => {
  it.each(['jpeg', 'png', 'webp'] as const)('%s: removes EXIF, GPS, XMP and device data; pixels untouched', async (format) => {
    const original = await photo(format);
    // The fixture really carries the private data.
    const before = original.toString('latin1');
    expect(before).toContain('TestCamMaker');
    expect(before).toContain('SERIAL-123456');

    const result = stripMetadata(original)!;
    expect(result.format).toBe(format);
    expect(result.removed).toBeGreaterThan(0);
    const text = Buffer.from(result.bytes).toString('latin1');
    for (const secret of PRIVATE) expect(text, secret).not.toContain(secret);
    const meta = await sharp(result.bytes).metadata();
    expect(meta.xmp).toBeUndefined();
    expect((await storedPixels(result.bytes)).equals(await storedPixels(original))).toBe(true);
  });

  it('keeps a JPEG upright: the orientation survives in a minimal EXIF', async () => {
    const result = stripMetadata(await photo('jpeg'))!;
    const meta = await sharp(result.bytes).metadata();
    expect(meta.orientation).toBe(6);
    expect(meta.exif!.length).toBeLessThan(40);
    const upright = await sharp(result.bytes).autoOrient().toBuffer({ resolveWithObject: true });
    expect([upright.info.width, upright.info.height]).toEqual([48, 64]);
  });

  it('drops a trailer after the end of a JPEG (where some phones hide extra data)', async () => {
    const jpeg = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#808080' } }).jpeg().toBuffer();
    const withTrailer = Buffer.concat([jpeg, Buffer.from('TRAILER GPS 51.5N')]);
    const result = stripMetadata(withTrailer)!;
    expect(Buffer.from(result.bytes).toString('latin1')).not.toContain('TRAILER');
    expect(Buffer.from(result.bytes).equals(jpeg)).toBe(true);
  });

  it('returns null for formats it cannot strip losslessly', async () => {
    const tiff = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#808080' } }).tiff().toBuffer();
    expect(stripMetadata(tiff)).toBeNull();
    expect(stripMetadata(new Uint8Array([1, 2, 3]))).toBeNull();
  });
});
