import { describe, expect, it } from 'vitest';
import type { LightEstimate } from '../backends/types.js';
import { SRGB_TO_LINEAR, rgbToHsl } from '../image/color.js';
import { boxSubject, meanDiff, skyAndGround, solidImage } from '../test-support/compose-scenes.js';
import { PLAIN_COMPOSE } from './compose-options.js';
import { composeStory } from './compose-story.js';
import { DEFAULT_TUNING, RELIGHT_TUNING, applyTransform, harmonizeTransform, lightExposure, measureRegion, measureSurroundings, photoLight, storyTransform, type RegionStats } from './harmonize.js';
import { harmonizeComposite, harmonizeLikeStory } from './harmonize-composite.js';

const ALL = (): number => 1;
const rect = (w: number, h: number) => ({ x: 0, y: 0, width: w, height: h });

function stats(rgb: [number, number, number], noise = 0): RegionStats {
  const img = skyAndGround(32, 32, { sky: rgb, ground: rgb, noise }).image;
  return measureRegion(img, rect(32, 32), ALL);
}

function skyAndGroundStats(sky: [number, number, number], ground: [number, number, number]): RegionStats {
  return measureRegion(skyAndGround(32, 32, { sky, ground, noise: 4 }).image, rect(32, 32), ALL);
}

describe('harmonizeTransform', () => {
  it('changes nothing when the subject is already in the scene\'s light', () => {
    const s = stats([150, 120, 100], 10);
    const t = harmonizeTransform(s, s, 1);
    t.gains.forEach((g) => expect(g).toBeCloseTo(1, 6));
    expect(t.contrast).toBeCloseTo(1, 6);
    const img = skyAndGround(32, 32, { sky: [150, 120, 100], noise: 10 }).image;
    expect(meanDiff(applyTransform(img, t), img)).toBeLessThan(0.01);
  });

  it('is the identity at strength 0 whatever the scene', () => {
    const t = harmonizeTransform(stats([200, 200, 200]), stats([20, 40, 160]), 0);
    expect(t.gains).toEqual([1, 1, 1]);
    expect(t.contrast).toBe(1);
  });

  it('moves a neutral subject towards a warm scene, within the bounds a change of light allows', () => {
    const t = harmonizeTransform(stats([128, 128, 128]), stats([230, 150, 60]), 1);
    expect(t.gains[0]).toBeGreaterThan(t.gains[1]);
    expect(t.gains[1]).toBeGreaterThan(t.gains[2]);
    // White balance is bounded: no channel is pushed by more than maxGain relative to another.
    expect(t.gains[0] / t.gains[2]).toBeLessThanOrEqual(DEFAULT_TUNING.maxGain + 1e-9);
    expect(t.contrast).toBeGreaterThanOrEqual(DEFAULT_TUNING.minContrast);
    expect(t.contrast).toBeLessThanOrEqual(DEFAULT_TUNING.maxContrast);
  });

  it('keeps skin skin: a skin tone in a deep blue scene keeps its hue family and channel order', () => {
    const skin: [number, number, number] = [224, 172, 140];
    const t = harmonizeTransform(stats(skin, 4), stats([20, 40, 200], 4), 1);
    const out = applyTransform(solidImage(1, 1, skin), t).data;
    const [h] = rgbToHsl([out[0], out[1], out[2]]);
    expect(out[0]).toBeGreaterThan(out[1]);
    expect(out[1]).toBeGreaterThan(out[2]);
    expect(h).toBeGreaterThan(0);
    expect(h).toBeLessThan(45);
  });

  it('darkens a daylight subject for a night scene from the backend\'s light estimate, never brightens', () => {
    const night: LightEstimate = { direction: [0, -0.5, 0.8], colour: [0.9, 0.9, 1], intensity: 0.12, ambient: [0.02, 0.03, 0.09] };
    const noon: LightEstimate = { direction: [0, -0.9, 0.4], colour: [1, 1, 0.96], intensity: 1, ambient: [0.19, 0.47, 0.86] };
    expect(lightExposure(night)).toBeLessThan(-0.7);
    expect(lightExposure(noon)).toBe(0);
    const s = stats([128, 128, 128]);
    const t = harmonizeTransform(s, s, 1, night);
    expect(Math.max(...t.gains)).toBeLessThan(0.75);
  });
});

describe('photoLight (relighting from the subject\'s own photo)', () => {
  const red = stats([200, 40, 40], 4);
  const tan = stats([150, 125, 115], 4);
  const grey = stats([120, 120, 120], 4);

  it('keeps more of a warm coat\'s colour in a scene under the light its photo had than the subject-only reference', () => {
    const relit = harmonizeTransform(tan, grey, 1, undefined, RELIGHT_TUNING, photoLight(tan, grey)!);
    const alone = harmonizeTransform(tan, grey, 1);
    // The subject-only reference reads the coat's colour as light and pushes red down against blue by the
    // full bounded spread; from the photo's light (half coat, half surroundings) the push is smaller.
    expect(alone.gains[0] / alone.gains[2]).toBeCloseTo(1 / DEFAULT_TUNING.maxGain, 6);
    expect(relit.gains[0] / relit.gains[2]).toBeLessThan(1);
    expect(relit.gains[0] / relit.gains[2]).toBeGreaterThan(alone.gains[0] / alone.gains[2] + 0.05);
  });

  it('carries a warmer scene light onto the subject whatever its colour', () => {
    const photo = photoLight(grey, grey)!;
    const t = harmonizeTransform(grey, stats([200, 150, 100], 4), 1, undefined, RELIGHT_TUNING, photo);
    expect(t.gains[0]).toBeGreaterThan(t.gains[1]);
    expect(t.gains[1]).toBeGreaterThan(t.gains[2]);
    const same = harmonizeTransform(grey, grey, 1, undefined, RELIGHT_TUNING, photo);
    same.gains.forEach((g) => expect(g).toBeCloseTo(1, 6));
  });

  it('reads the exposure change from the brightest surfaces: darker scenery under the same light does not darken the subject', () => {
    const own = skyAndGroundStats([200, 200, 200], [150, 150, 150]);
    const photo = photoLight(own, own)!;
    const scene = skyAndGroundStats([200, 200, 200], [30, 30, 30]);
    const relit = harmonizeTransform(own, scene, 1, undefined, RELIGHT_TUNING, photo);
    const byMean = harmonizeTransform(own, scene, 1, undefined, { ...RELIGHT_TUNING, exposureFrom: 'mean' }, photo);
    const level = (g: number[]) => 0.2126 * g[0] + 0.7152 * g[1] + 0.0722 * g[2];
    expect(level(relit.gains)).toBeGreaterThan(0.9);
    expect(level(relit.gains)).toBeLessThan(1.1);
    expect(level(byMean.gains)).toBeLessThan(0.8);
  });

  it('measures a highlight level (p = 16) nearer the brightest surfaces than the p = 8 grey level', () => {
    // 10 % bright sky over dark ground: the highlight level sits between the grey level and the sky's.
    const s = measureRegion(skyAndGround(32, 40, { sky: [230, 230, 230], ground: [40, 40, 40], horizon: 0.1 }).image, rect(32, 40), ALL);
    const level = (g: number[]) => Math.log(0.2126 * g[0] + 0.7152 * g[1] + 0.0722 * g[2]);
    const sky = Math.log(SRGB_TO_LINEAR[230]);
    expect(s.highlight).toBeGreaterThan(level(s.grey) + 0.1);
    expect(s.highlight).toBeLessThan(sky);
    expect(stats([120, 120, 120]).highlight).toBeCloseTo(Math.log(SRGB_TO_LINEAR[120]), 6);
    const mixed = photoLight(stats([120, 120, 120], 4), stats([200, 200, 200], 4))!;
    expect(mixed.highlight).toBeCloseTo((stats([120, 120, 120], 4).highlight + stats([200, 200, 200], 4).highlight) / 2, 9);
  });

  it('changes the relight exposure by its share of the highlight difference, within the bound', () => {
    const own = stats([120, 120, 120], 4);
    const photo = photoLight(own, own)!;
    const level = (g: number[]) => 0.2126 * g[0] + 0.7152 * g[1] + 0.0722 * g[2];
    const brighter = stats([135, 135, 135], 4);
    const t = harmonizeTransform(own, brighter, 1, undefined, RELIGHT_TUNING, photo);
    expect(RELIGHT_TUNING.exposureFrom).toBe('highlight');
    expect(Math.log(level(t.gains))).toBeCloseTo(RELIGHT_TUNING.exposure * (brighter.highlight - photo.highlight), 3);
    const far = harmonizeTransform(own, stats([250, 250, 250], 4), 1, undefined, RELIGHT_TUNING, photo);
    expect(Math.log(level(far.gains))).toBeCloseTo(Math.LN2 * RELIGHT_TUNING.maxStops, 6);
  });

  it('says nothing when its photo shows too little around the subject; compose then compares with the subject alone', () => {
    const none: RegionStats = { ...grey, weight: 0 };
    expect(photoLight(red, none)).toBeNull();
    const scene = stats([200, 150, 100], 4);
    expect(storyTransform(tan, scene, 0.8, undefined, none)).toEqual(harmonizeTransform(tan, scene, 0.8));
    expect(storyTransform(tan, scene, 0.8)).toEqual(harmonizeTransform(tan, scene, 0.8));
    expect(storyTransform(tan, scene, 0.8, undefined, grey)).toEqual(harmonizeTransform(tan, scene, 0.8, undefined, RELIGHT_TUNING, photoLight(tan, grey)!));
    const mixed = photoLight(red, grey)!;
    expect(mixed.grey[0]).toBeCloseTo(Math.sqrt(red.grey[0] * grey.grey[0]), 9);
    expect(mixed.logLum).toBeCloseTo((red.logLum + grey.logLum) / 2, 9);
  });

  it('measureSurroundings reads only outside the matte, in a ring around the subject\'s box', () => {
    // A 40×40 photo: a red subject in the middle on grey, with blue far away in the corners (outside the ring).
    const w = 40;
    const photo = solidImage(w, w, [120, 120, 120]);
    for (let y = 0; y < w; y++) {
      for (let x = 0; x < w; x++) {
        const o = (y * w + x) * 4;
        if (x >= 15 && x < 25 && y >= 15 && y < 25) photo.data.set([200, 40, 40], o);
        else if ((x < 5 || x >= 35) && (y < 5 || y >= 35)) photo.data.set([20, 40, 220], o);
      }
    }
    // The matte at a quarter of the photo's resolution, stretched over it.
    const matte = { data: new Float32Array(100), width: 10, height: 10 };
    for (let y = 0; y < 10; y++) for (let x = 0; x < 10; x++) matte.data[y * 10 + x] = x >= 3 && x < 7 && y >= 3 && y < 7 ? 1 : 0;
    const around = measureSurroundings(photo, matte, { x: 15, y: 15, width: 10, height: 10 });
    const expected = stats([120, 120, 120]);
    around.grey.forEach((g, c) => expect(g).toBeCloseTo(expected.grey[c], 6));
  });

  it('harmonizeLikeStory changes nothing for a subject moved onto a scene under its own photo\'s light', () => {
    const w = 48;
    const { image } = skyAndGround(w, w, { sky: [130, 120, 110], ground: [110, 105, 100], noise: 5, seed: 3 });
    const mask = new Uint8Array(w * w);
    for (let y = 14; y < 34; y++) for (let x = 14; x < 34; x++) mask[y * w + x] = 255;
    for (let i = 0; i < mask.length; i++) if (mask[i]) image.data.set([150, 125, 115], i * 4);
    const scene = skyAndGround(w, w, { sky: [130, 120, 110], ground: [110, 105, 100], noise: 5, seed: 4 }).image;
    const inside = { x: 14, y: 14, width: 20, height: 20 };
    const relit = harmonizeLikeStory(image, mask, 1, { scene });
    const alone = harmonizeLikeStory(image, mask, 1, { scene, reference: 'subject' });
    expect(meanDiff(relit, image, inside)).toBeLessThan(meanDiff(alone, image, inside));
    expect(meanDiff(relit, image, { x: 0, y: 0, width: w, height: 14 })).toBe(0);
  });
});

describe('harmonizeComposite', () => {
  it('undoes most of a white-balance shift on a subject whose photo shares the scene\'s light', () => {
    const w = 64;
    const h = 64;
    const { image } = skyAndGround(w, h, { sky: [140, 140, 140], ground: [120, 120, 120], noise: 6, seed: 9 });
    const mask = new Uint8Array(w * h);
    for (let y = 16; y < 48; y++) for (let x = 16; x < 48; x++) mask[y * w + x] = 255;
    // The same photo with its subject shot under a bluish light.
    const shifted = new Uint8Array(image.data);
    for (let i = 0; i < mask.length; i++) {
      if (!mask[i]) continue;
      shifted[i * 4] = Math.round(shifted[i * 4] * 0.92);
      shifted[i * 4 + 2] = Math.min(255, Math.round(shifted[i * 4 + 2] * 1.08));
    }
    const composite = { data: shifted, width: w, height: h };
    const fixed = harmonizeComposite(composite, mask, 1);
    const inside = { x: 16, y: 16, width: 32, height: 32 };
    expect(meanDiff(fixed, image, inside)).toBeLessThan(meanDiff(composite, image, inside) * 0.5);
    // The background is never touched.
    expect(meanDiff(fixed, composite, { x: 0, y: 0, width: w, height: 16 })).toBe(0);
  });
});

describe('composeStory harmonize', () => {
  it('leaves a subject already in the scene\'s light as the plain composite would', () => {
    const { image } = skyAndGround(100, 160, { sky: [150, 130, 110], ground: [150, 130, 110], noise: 5 });
    const { layer, placement } = boxSubject(40, 60, 30, 50, [150, 130, 110], { soft: 1 });
    const plain = composeStory({ background: image, layer, placement }, PLAIN_COMPOSE).image;
    const harmonized = composeStory({ background: image, layer, placement }, { ...PLAIN_COMPOSE, harmonize: 1 }).image;
    expect(meanDiff(harmonized, plain, { x: 30, y: 50, width: 40, height: 60 })).toBeLessThan(1.5);
  });

  it('relights from the photo\'s surroundings when given them: a warm subject on a scene in its photo\'s light keeps more colour', () => {
    const { image } = skyAndGround(100, 160, { sky: [120, 120, 120], ground: [120, 120, 120], noise: 5 });
    const { layer, placement } = boxSubject(40, 60, 30, 50, [150, 125, 115], { soft: 1 });
    const surroundings = measureRegion(image, { x: 0, y: 0, width: 100, height: 160 }, ALL);
    const plain = composeStory({ background: image, layer, placement }, PLAIN_COMPOSE).image;
    const box = { x: 32, y: 52, width: 36, height: 56 };
    const relit = composeStory({ background: image, layer, placement, surroundings }, { ...PLAIN_COMPOSE, harmonize: 1 }).image;
    const alone = composeStory({ background: image, layer, placement }, { ...PLAIN_COMPOSE, harmonize: 1 }).image;
    expect(meanDiff(relit, plain, box)).toBeLessThan(meanDiff(alone, plain, box));
  });
});
