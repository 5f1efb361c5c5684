import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { createProceduralBackend } from '../backends/procedural/index.js';
import type { RgbaImage } from '../image/types.js';
import { parsePrompt } from '../scene/plan.js';
import { boxSubject } from '../test-support/compose-scenes.js';
import { composeStory } from './compose-story.js';

// Golden images of the whole compose step at defaults. Regenerate after an intended change with
// UPDATE_GOLDEN=1 npx vitest run src/compose/compose-golden.test.ts, look at the PNGs, and commit them.
const dir = fileURLToPath(new URL('./__golden__/', import.meta.url));
const W = 135;
const H = 240;

async function scene(prompt: string): Promise<RgbaImage> {
  const plan = parsePrompt(prompt);
  const bg = await createProceduralBackend().generate({ plan, width: W, height: H, seed: 11 });
  const { layer, placement } = boxSubject(60, 110, 38, H - 110, [214, 150, 120], { soft: 3, cutBottom: true, rgb2: [90, 70, 160] });
  return composeStory({ background: bg.image, depth: bg.depth, light: bg.light, layer, placement, concepts: plan.concepts, seed: 5 }).image;
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
  it.each(['sunset over the ocean', 'night sky with stars', 'pink and gold gradient'])('%s matches its golden image', async (prompt) => {
    const { mean, max } = await compareWithGolden(prompt.replace(/\W+/g, '-'), await scene(prompt));
    // Float rounding may move a code value here and there; a changed effect moves many.
    expect(mean).toBeLessThan(0.5);
    expect(max).toBeLessThanOrEqual(8);
  });
});
