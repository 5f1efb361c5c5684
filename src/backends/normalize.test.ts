import { describe, expect, it } from 'vitest';
import { createPlane, createRgba } from '../image/types.js';
import { imageFromBackend, imageToBackend, initImage, maskForBackend, planSize, planeToBackend, regenerateMask } from './normalize.js';

const OPENAI_SIZES = [[1024, 1024], [1536, 1024], [1024, 1536]] as const;

describe('planSize', () => {
  it.each([
    // canvas, rules, expected backend size
    [1080, 1920, { maxPixels: 512 * 768, multiple: 64 }, [448, 832]],
    [1080, 1920, { maxPixels: 512 * 512, multiple: 8 }, [384, 680]],
    [512, 512, { maxPixels: 1024 * 1024, multiple: 8 }, [512, 512]],
    [1000, 1000, { maxPixels: 2048 * 2048, multiple: 64 }, [960, 960]],
    [40, 40, { maxPixels: 1e6, multiple: 8, minPixels: 64 * 64 }, [64, 64]],
  ])('fits %ix%i into the rules', (w, h, rules, [ew, eh]) => {
    const plan = planSize(w, h, rules);
    expect([plan.width, plan.height]).toEqual([ew, eh]);
    expect(plan.width * plan.height).toBeLessThanOrEqual(Math.max(rules.maxPixels, 64 * 64));
    expect(plan.width % (rules.multiple ?? 8)).toBe(0);
    expect(plan.inner).toEqual({ x: 0, y: 0, width: ew, height: eh });
  });

  it('picks the fixed size with the nearest aspect ratio and letterboxes the canvas inside it', () => {
    expect(planSize(1080, 1920, { maxPixels: 1536 * 1024, sizes: OPENAI_SIZES })).toEqual({ width: 1024, height: 1536, inner: { x: 80, y: 0, width: 864, height: 1536 } });
    expect(planSize(1920, 1080, { maxPixels: 1536 * 1024, sizes: OPENAI_SIZES }).width).toBe(1536);
    expect(planSize(900, 1000, { maxPixels: 1536 * 1024, sizes: OPENAI_SIZES }).width).toBe(1024);
  });

  it('letterboxes canvases wider than the allowed aspect ratio', () => {
    const plan = planSize(300, 1000, { maxPixels: 1e7, multiple: 8, maxAspect: 2.5 });
    expect(plan.height / plan.width).toBeLessThanOrEqual(2.5 + 0.05);
    expect(plan.inner.height).toBe(plan.height);
    expect(plan.inner.width).toBeLessThan(plan.width);
  });
});

describe('masks', () => {
  const subjectMatte = () => {
    const m = createPlane(4, 2);
    m.data.set([1, 1, 0, 0, 0.5, 0, 0, 0]);
    return m;
  };

  it('regenerates the inverse of the subject matte, or everything without a subject', () => {
    expect([...regenerateMask({ width: 2, height: 1 }).data]).toEqual([1, 1]);
    const mask = regenerateMask({ width: 4, height: 2, subject: { image: createRgba(4, 2), matte: subjectMatte(), rect: { x: 0, y: 0, width: 2, height: 2 } } });
    expect([...mask.data]).toEqual([0, 0, 1, 1, 0.5, 1, 1, 1]);
  });

  it('writes white-means-regenerate masks opaque and transparent-means-regenerate masks in alpha', () => {
    const mask = createPlane(3, 1);
    mask.data.set([1, 0, 0.5]);
    const white = maskForBackend(mask, 'white');
    expect([...white.data]).toEqual([255, 255, 255, 255, 0, 0, 0, 255, 128, 128, 128, 255]);
    const image = createRgba(3, 1);
    image.data.fill(9);
    const alpha = maskForBackend(mask, 'transparent', image);
    expect([...alpha.data]).toEqual([9, 9, 9, 0, 9, 9, 9, 255, 9, 9, 9, 127]);
  });

  it('puts the subject over mid grey for the init image', () => {
    const image = createRgba(2, 1);
    image.data.set([200, 100, 0, 255, 200, 100, 0, 0]);
    expect([...initImage({ width: 2, height: 1, subject: { image, matte: createPlane(2, 1), rect: { x: 0, y: 0, width: 1, height: 1 } } }).data]).toEqual([200, 100, 0, 255, 127, 127, 127, 255]);
  });

  it('pads planes with the pad value around the letterboxed canvas', () => {
    const plan = { width: 4, height: 2, inner: { x: 1, y: 0, width: 2, height: 2 } };
    expect([...planeToBackend(createPlane(2, 2, 0), plan).data]).toEqual([1, 0, 0, 1, 1, 0, 0, 1]);
  });
});

describe('image round trip', () => {
  it('crops the letterbox away and returns an opaque canvas-sized image', async () => {
    const canvas = createRgba(90, 160);
    for (let i = 0; i < canvas.data.length; i += 4) canvas.data.set([255, 0, 0, 255], i);
    const plan = planSize(90, 160, { maxPixels: 1536 * 1024, sizes: OPENAI_SIZES });
    const sent = await imageToBackend(canvas, plan);
    expect([sent.width, sent.height]).toEqual([1024, 1536]);
    expect([...sent.data.subarray(0, 4)]).toEqual([127, 127, 127, 255]); // padding
    const back = await imageFromBackend(sent, plan, 90, 160);
    expect([back.width, back.height]).toEqual([90, 160]);
    // Every pixel of the round trip is the canvas red, none of the grey padding leaks in.
    for (let i = 0; i < back.data.length; i += 4) expect(back.data[i]).toBeGreaterThan(240);
  });

  it('accepts a backend answer at another size than asked', async () => {
    const plan = { width: 64, height: 64, inner: { x: 0, y: 0, width: 64, height: 64 } };
    const back = await imageFromBackend(createRgba(128, 128), plan, 30, 40);
    expect([back.width, back.height, back.data[3]]).toEqual([30, 40, 255]);
  });
});
