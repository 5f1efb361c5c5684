import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { deltaE, rgbToHsl } from '../../image/color.js';
import type { RgbaImage } from '../../image/types.js';
import { parseHex } from '../../scene/colours.js';
import { LEXICON } from '../../scene/lexicon/index.js';
import { parsePrompt } from '../../scene/plan.js';
import { imageDifference, meanColour, meanDeltaE, meanLuma, visiblyDifferent } from './image-stats.js';
import { renderScene, sceneBuffers } from './render.js';

const W = 48;
const H = 84;
const render = (prompt: string, seed = 3, w = W, h = H) => renderScene(parsePrompt(prompt), w, h, seed);

describe('every concept', () => {
  it('visibly changes the image compared with the plan without it', () => {
    const same: string[] = [];
    for (const c of LEXICON) {
      // Composition words need something to compose; everything else is tested on its own.
      const prompt = (c.category === 'composition' ? 'mountains at sunset ' : '') + c.phrases[0];
      const withIt = renderScene(parsePrompt(prompt), W, H, 3).image;
      const without = renderScene(parsePrompt(prompt, { avoid: [c.id] }), W, H, 3).image;
      if (!visiblyDifferent(withIt, without)) same.push(`${c.id} ("${prompt}")`);
    }
    expect(same).toEqual([]);
  });
});

describe('light', () => {
  it.each(['beach', 'city skyline', 'mountains', 'lake', 'field', 'desert'])('night is darker than noon: %s', (place) => {
    for (const seed of [1, 2, 3]) {
      expect(meanLuma(render(`${place} at night`, seed).image)).toBeLessThan(meanLuma(render(`${place} at noon`, seed).image) * 0.6);
    }
  });

  it('returns a light estimate that follows the time of day', () => {
    const noon = render('beach at noon').light;
    const night = render('beach at night').light;
    const sunset = render('beach at sunset').light;
    expect(night.intensity).toBeLessThan(sunset.intensity);
    expect(sunset.intensity).toBeLessThan(noon.intensity);
    for (const l of [noon, night, sunset]) {
      expect(Math.hypot(...l.direction)).toBeCloseTo(1, 5);
      expect(l.direction[1]).toBeLessThan(0); // light comes from above
    }
    // Sunset light is warm: more red than blue.
    expect(sunset.colour[0]).toBeGreaterThan(sunset.colour[2]);
  });

  it('returns a depth map the size of the image, sky far and foreground near', () => {
    const { depth, image } = render('mountains over a lake', 3, 96, 168);
    expect([depth.width, depth.height]).toEqual([image.width, image.height]);
    for (const v of depth.data) expect(v >= 0 && v <= 1).toBe(true);
    expect(depth.data[5 * 96 + 48]).toBe(1);
    expect(depth.data[165 * 96 + 48]).toBeLessThan(0.5);
  });
});

describe('colour', () => {
  it.each(['#3366cc', '#ff0066', '#2ecc71', '#f4a261', '#6a4c93', '#222222'])('a hex colour asked for is the dominant colour: %s', (hex) => {
    const want = parseHex(hex)!;
    for (const seed of [1, 9]) {
      const mean = meanColour(render(`${hex} background`, seed).image);
      expect(deltaE(mean, want)).toBeLessThan(8);
    }
  });

  it('"#ff0066 gradient" gives exactly that palette', () => {
    const plan = parsePrompt('#ff0066 gradient');
    expect(plan.palette).toEqual([[255, 0, 102]]);
    const { image } = renderScene(plan, W, H, 5);
    const hue = rgbToHsl([255, 0, 102])[0];
    for (let i = 0; i < W * H; i++) {
      const [h, s] = rgbToHsl([image.data[i * 4], image.data[i * 4 + 1], image.data[i * 4 + 2]]);
      expect(s).toBeGreaterThan(0.8);
      expect(Math.min(Math.abs(h - hue), 360 - Math.abs(h - hue))).toBeLessThan(6);
    }
    expect(deltaE(meanColour(image), [255, 0, 102])).toBeLessThan(8);
  });

  it('the fallback still uses the colours it found', () => {
    const plan = parsePrompt('teal dinosaurs');
    expect(plan.fallback).toBe(true);
    expect(deltaE(meanColour(renderScene(plan, W, H, 1).image), [0, 128, 128])).toBeLessThan(12);
  });

  it('a named colour tints an outdoor scene', () => {
    const plain = meanColour(render('sunset over the ocean').image);
    const pink = meanColour(render('pink sunset over the ocean').image);
    expect(pink[0] - pink[1]).toBeGreaterThan(plain[0] - plain[1]);
  });
});

describe('seeds', () => {
  const prompts = ['sunset over the ocean', 'confetti', 'snowy mountains', 'memphis pattern', 'brick wall with neon sign', 'city skyline at night'];

  it.each(prompts)('same plan and seed give the same pixels: %s', (p) => {
    expect(Buffer.from(render(p, 11).image.data).equals(Buffer.from(render(p, 11).image.data))).toBe(true);
  });

  it.each(prompts)('different seeds give visibly different, equally faithful images: %s', (p) => {
    const a = render(p, 1, 72, 128).image;
    const b = render(p, 2, 72, 128).image;
    expect(visiblyDifferent(a, b)).toBe(true);
    // Faithful: the overall colour stays close (same scene, same light).
    expect(deltaE(meanColour(a), meanColour(b))).toBeLessThan(20);
  });
});

describe('sizes', () => {
  it('renders a story canvas (half-resolution paint, 2× upsample) with its working-size depth', () => {
    const { image, depth } = render('lavender field at golden hour', 4, 1080, 1920);
    expect([image.width, image.height, image.data.length]).toEqual([1080, 1920, 1080 * 1920 * 4]);
    // Compose reads a coarser depth plane by nearest sample: at exactly 2× no copy at canvas size is made.
    expect([depth.width, depth.height]).toEqual([540, 960]);
    expect(image.data[3]).toBe(255);
  });

  it('draws into handed-in buffers, whatever they held, the same pixels as into new ones', () => {
    for (const [w, h] of [[540, 960], [120, 200]]) {
      const fresh = renderScene(parsePrompt('sunset over the ocean'), w, h, 9).image;
      const buffers = sceneBuffers(w, h);
      renderScene(parsePrompt('neon city at night'), w, h, 2, buffers);
      const reused = renderScene(parsePrompt('sunset over the ocean'), w, h, 9, buffers).image;
      expect(reused.data.buffer).toBe(buffers.image.buffer);
      expect(Buffer.from(reused.data).equals(Buffer.from(fresh.data))).toBe(true);
    }
  });

  it('renders odd sizes through the general upsampler, close to a direct render', () => {
    const big = render('sunset over the ocean', 4, 601, 999).image;
    expect([big.width, big.height]).toEqual([601, 999]);
  });
});

// Golden images: small PNGs beside the test; compared with a colour-distance tolerance, never byte for byte.
const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), '__fixtures__');
const GOLDEN = ['sunset over the ocean', 'snowy peaks at dawn', 'city skyline at night', 'pink and gold confetti', 'white studio with vignette', '#ff0066 gradient', 'brick wall with neon sign', 'foggy pine forest'];

describe('golden images', () => {
  it.each(GOLDEN)('%s', async (prompt) => {
    const { image } = render(prompt, 42, 72, 128);
    const file = path.join(FIXTURES, `${prompt.replace(/[^a-z0-9]+/gi, '-').replace(/^-|-$/g, '')}.png`);
    if (process.env.UPDATE_GOLDENS || !existsSync(file)) {
      if (!process.env.UPDATE_GOLDENS) throw new Error(`Missing golden ${file}; run with UPDATE_GOLDENS=1`);
      mkdirSync(FIXTURES, { recursive: true });
      await sharp(Buffer.from(image.data), { raw: { width: 72, height: 128, channels: 4 } }).png().toFile(file);
    }
    const { data, info } = await sharp(file).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
    const golden: RgbaImage = { data: new Uint8Array(data), width: info.width, height: info.height };
    expect(meanDeltaE(image, golden)).toBeLessThan(2);
    expect(imageDifference(image, golden, 48).changed).toBeLessThan(0.02);
  });

  it('the comparators see a real change', () => {
    const a = render('sunset over the ocean', 42, 72, 128).image;
    const b = render('sunrise over the ocean', 42, 72, 128).image;
    expect(meanDeltaE(a, b)).toBeGreaterThan(2);
    expect(meanDeltaE(a, a)).toBe(0);
  });
});
