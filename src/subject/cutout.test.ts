import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { createEditor } from '../editor/editor.js';
import { parseRecipe } from '../recipe/validate.js';

// One real ISNet run on a small photo (astronaut, 256²); every other call reuses the cached subject.
const photo = await sharp('examples/astronaut.png').resize(256, 256).png().toBuffer();
const editor = createEditor({ c2pa: false });
afterAll(() => editor.dispose());

async function grey(width: number, height: number, draw: (x: number, y: number) => number): Promise<Buffer> {
  const data = Buffer.alloc(width * height);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) data[y * width + x] = draw(x, y);
  return sharp(data, { raw: { width, height, channels: 1 } }).png().toBuffer();
}

function alphaAt(image: { data: Uint8Array; width: number }, x: number, y: number): number {
  return image.data[(y * image.width + x) * 4 + 3];
}

describe('cutout with the real model', () => {
  it('lists the subjects and keeps the salient one, with refined edges', async () => {
    const cut = await editor.cutout(photo);
    expect(cut.regions.length).toBeGreaterThan(0);
    expect(cut.kept).toContain(cut.regions[0].id);
    expect(cut.bounds!.width).toBeGreaterThan(100);
    expect(alphaAt(cut.image, 128, 180)).toBe(255); // the suit
    expect(alphaAt(cut.image, 2, 2)).toBe(0); // the corner is background
  });

  it('a black hint mask removes everything; a keep stroke forces pixels in', async () => {
    const none = await editor.cutout(photo, { hints: await grey(64, 64, () => 0) });
    expect(none.bounds).toBeNull();
    expect(none.image.data.filter((_, i) => i % 4 === 3).every((a) => a === 0)).toBe(true);
    // Keep a block in the top-left corner (background), no hint elsewhere; the hint is smaller than the photo.
    const kept = await editor.cutout(photo, { hints: await grey(64, 64, (x, y) => (x < 8 && y < 8 ? 255 : 128)) });
    expect(alphaAt(kept.image, 5, 5)).toBe(255);
    expect(alphaAt(kept.image, 128, 180)).toBe(255);
  });

  it('a box around the whole photo keeps the subject', async () => {
    const cut = await editor.cutout(photo, { box: [0, 0, 256, 256] });
    expect(cut.bounds).not.toBeNull();
  });
});

describe('recipe subject part', () => {
  it('defaults to the salient subjects and rejects a box without size', () => {
    expect(parseRecipe({}).subject).toEqual({ keep: 'salient' });
    expect(parseRecipe({ subject: { point: [10, 20] } }).subject.point).toEqual([10, 20]);
    expect(() => parseRecipe({ subject: { box: [0, 0, 0, 10] } })).toThrow(expect.objectContaining({ code: 'INVALID_RECIPE' }));
  });
});
