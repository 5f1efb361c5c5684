import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import type { LightEstimate } from '../backends/types.js';
import type { RgbaImage } from '../image/types.js';
import { boxSubject, skyAndGround } from '../test-support/compose-scenes.js';
import { composeStory } from './compose-story.js';

// Golden images of the whole compose step at defaults. Regenerate after an intended change with
// UPDATE_GOLDEN=1 npx vitest run src/compose/compose-golden.test.ts, look at the PNGs, and commit them.
const dir = fileURLToPath(new URL('./__golden__/', import.meta.url));
const W = 270;
const H = 480;

// Hand-made scenes (not the procedural backend, which changes on its own schedule): background, depth,
// light and a two-tone subject standing at the bottom, composed at defaults plus strong depth of field.
const SCENES: Record<string, { sky: [number, number, number]; ground: [number, number, number]; light: LightEstimate; concepts: string[] }> = {
  'warm-evening': { sky: [235, 150, 90], ground: [120, 90, 70], light: { direction: [0.6, -0.3, -0.5], colour: [1, 0.75, 0.45], intensity: 0.7, ambient: [0.25, 0.2, 0.3] }, concepts: ['beach'] },
  night: { sky: [14, 20, 52], ground: [20, 30, 24], light: { direction: [0, -0.6, 0.8], colour: [0.85, 0.9, 1], intensity: 0.12, ambient: [0.02, 0.03, 0.08] }, concepts: ['night-sky'] },
  'abstract-gradient': { sky: [250, 140, 170], ground: [240, 190, 90], light: { direction: [0, -0.5, 0.87], colour: [0.95, 0.65, 0.5], intensity: 0.8, ambient: [0.95, 0.65, 0.5] }, concepts: ['gradient'] },
};

function scene(name: string): RgbaImage {
  const s = SCENES[name];
  const { image, depth } = skyAndGround(W, H, { sky: s.sky, ground: s.ground, horizon: 0.6, noise: 4, seed: 3 });
  const { layer, placement } = boxSubject(110, 200, 80, H - 200, [214, 150, 120], { soft: 3, cutBottom: true, rgb2: [90, 70, 160] });
  return composeStory({ background: image, depth, light: s.light, layer, placement, concepts: s.concepts, seed: 5 }, { depthOfField: 1 }).image;
}

async function compareWithGolden(name: string, image: RgbaImage): Promise<{ mean: number; max: number }> {
  const file = `${dir}${name}.png`;
  const raw = { raw: { width: image.width, height: image.height, channels: 4 as const } };
  if (process.env.UPDATE_GOLDEN || !existsSync(file)) {
    await mkdir(dir, { recursive: true });
    await writeFile(file, await sharp(image.data, raw).png().toBuffer());
  }
  const golden = await sharp(file).ensureAlpha().raw().toBuffer();
  let sum = 0;
  let max = 0;
  for (let i = 0; i < golden.length; i++) {
    if (i % 4 === 3) continue;
    const d = Math.abs(golden[i] - image.data[i]);
    sum += d;
    if (d > max) max = d;
  }
  return { mean: sum / ((golden.length * 3) / 4), max };
}

describe('compose golden images', () => {
  it.each(Object.keys(SCENES))('%s matches its golden image', async (name) => {
    const { mean, max } = await compareWithGolden(name, scene(name));
    // Float rounding may move a code value here and there; a changed effect moves many.
    expect(mean).toBeLessThan(0.5);
    expect(max).toBeLessThanOrEqual(8);
  });
});
