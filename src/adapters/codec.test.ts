import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { decodePhoto, encodeImage } from './codec.js';

const solid = (width: number, height: number, colour = { r: 200, g: 100, b: 50 }) =>
  sharp({ create: { width, height, channels: 3, background: colour } });

/** Random pixels (seeded), so a JPEG's entropy-coded data is long and truncation cuts into it. */
const noise = (width: number, height: number) => {
  let s = 1;
  const data = Buffer.alloc(width * height * 3);
  for (let i = 0; i < data.length; i++) data[i] = (s = (s * 1103515245 + 12345) >>> 0) >>> 24;
  return sharp(data, { raw: { width, height, channels: 3 } });
};

/** A 32×16 photo whose left half is red, stored rotated with EXIF orientation 6 (90° clockwise). */
async function orientedJpeg(): Promise<Buffer> {
  // Stored pixels are 2 wide × 4 tall; orientation 6 means "rotate 90° CW to display" → displayed 4×2.
  const stored = await sharp({ create: { width: 16, height: 32, channels: 3, background: { r: 0, g: 0, b: 255 } } })
    .composite([{ input: { create: { width: 16, height: 16, channels: 3, background: { r: 255, g: 0, b: 0 } } }, top: 16, left: 0 }])
    .removeAlpha()
    .raw()
    .toBuffer();
  return sharp(stored, { raw: { width: 16, height: 32, channels: 3 } }).jpeg({ quality: 100 }).withMetadata({ orientation: 6 }).toBuffer();
}

describe('decodePhoto', () => {
  it('applies EXIF orientation', async () => {
    const { image } = await decodePhoto(await orientedJpeg());
    expect([image.width, image.height]).toEqual([32, 16]);
    // After a 90° clockwise turn the stored bottom (red) lands on the left.
    const at = (x: number, y: number) => [...image.data.subarray((y * 32 + x) * 4, (y * 32 + x) * 4 + 3)];
    expect(at(4, 8)[0]).toBeGreaterThan(200);
    expect(at(4, 8)[2]).toBeLessThan(60);
    expect(at(28, 8)[2]).toBeGreaterThan(200);
  });

  it.each([
    ['grey', () => solid(8, 6).greyscale().png()],
    ['CMYK', () => solid(8, 6).toColourspace('cmyk').jpeg()],
    ['16-bit', () => solid(8, 6).toColourspace('rgb16').png()],
    ['alpha', () => solid(8, 6).ensureAlpha(0.5).png()],
  ])('reads a %s photo as 8-bit sRGB RGBA', async (_name, make) => {
    const photo = await decodePhoto(await make().toBuffer());
    expect(photo.image.width).toBe(8);
    expect(photo.image.data.length).toBe(8 * 6 * 4);
  });

  it('converts CMYK to the right sRGB colour', async () => {
    const { image } = await decodePhoto(await solid(4, 4).toColourspace('cmyk').jpeg({ quality: 100 }).toBuffer());
    expect(Math.abs(image.data[0] - 200)).toBeLessThan(12);
    expect(Math.abs(image.data[1] - 100)).toBeLessThan(12);
  });

  it('keeps the alpha of a transparent photo', async () => {
    const photo = await decodePhoto(await solid(4, 4).ensureAlpha(0.5).png().toBuffer());
    expect(photo.hasAlpha).toBe(true);
    expect(Math.abs(photo.image.data[3] - 128)).toBeLessThanOrEqual(1);
  });

  it('reads the first frame of an animated GIF', async () => {
    const frames = Buffer.concat([Buffer.alloc(8 * 8 * 4, 255), Buffer.alloc(8 * 8 * 4, 0)]);
    const gif = await sharp(frames, { raw: { width: 8, height: 16, channels: 4, pageHeight: 8 } as never }).gif().toBuffer();
    const photo = await decodePhoto(gif);
    expect([photo.image.width, photo.image.height]).toEqual([8, 8]);
  });

  it.each([
    ['EMPTY_PHOTO', async () => new Uint8Array(0), /received 0 bytes/],
    ['UNSUPPORTED_FORMAT', async () => new TextEncoder().encode('this is a text file named photo.jpg'), /not an image/],
    ['CORRUPT_PHOTO', async () => {
      const jpeg = await noise(96, 96).jpeg().toBuffer();
      return jpeg.subarray(0, jpeg.length >> 1);
    }, /complete/],
    ['UNSUPPORTED_FORMAT', async () => new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg" width="9" height="9"><image href="http://example.invalid/x.png"/></svg>'), /SVG/],
  ])('fails with %s', async (code, make, message) => {
    await expect(decodePhoto(await make())).rejects.toMatchObject({ code, message: expect.stringMatching(message) });
  });

  it('fails with PHOTO_TOO_LARGE over the pixel limit, reading only the header', async () => {
    const png = await solid(100, 100).png().toBuffer();
    await expect(decodePhoto(png, { maxPixels: 9_999 })).rejects.toMatchObject({
      code: 'PHOTO_TOO_LARGE',
      message: 'Expected a photo of at most 0 MP but received 100×100 (0.0 MP)',
    });
  });

  it('fails with PHOTO_TOO_BIG over the byte limit', async () => {
    const png = await solid(100, 100).png().toBuffer();
    await expect(decodePhoto(png, { maxBytes: 10 })).rejects.toMatchObject({ code: 'PHOTO_TOO_BIG' });
  });
});

describe('encodeImage', () => {
  const image = { data: new Uint8Array(16 * 16 * 4).fill(180), width: 16, height: 16 };

  it.each(['jpeg', 'webp', 'png'] as const)('writes %s with the XMP given and nothing else', async (format) => {
    const xmp = '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/></x:xmpmeta>';
    const out = await encodeImage(image, { format, xmp });
    const meta = await sharp(out).metadata();
    expect(meta.format).toBe(format);
    expect(meta.xmp?.toString()).toContain('adobe:ns:meta/');
    expect(meta.exif).toBeUndefined();
  });

  it('drops GPS and camera EXIF that the photo carried', async () => {
    const withGps = await solid(16, 16)
      .jpeg()
      .withExif({ IFD0: { Make: 'PhoneCo', Model: 'X1' }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '51/1 30/1 0/1' } })
      .toBuffer();
    expect((await sharp(withGps).metadata()).exif).toBeDefined();
    const decoded = await decodePhoto(withGps);
    const out = await encodeImage(decoded.image, { format: 'jpeg' });
    const bytes = out.toString('latin1');
    expect((await sharp(out).metadata()).exif).toBeUndefined();
    expect(bytes).not.toContain('PhoneCo');
  });
});
