import { describe, expect, it } from 'vitest';
import { boxSubject, skyAndGround } from '../test-support/compose-scenes.js';
import { composeStory } from './compose-story.js';
import { lumaLaplacian, opaqueRuns, subjectFacts } from './subject-facts.js';

describe('subjectFacts', () => {
  it('measures a layer once and gives the same facts back for the same buffer, new ones for a new buffer', () => {
    const { layer } = boxSubject(30, 40, 10, 10, [120, 80, 60]);
    const a = subjectFacts(layer);
    expect(subjectFacts(layer)).toBe(a);
    expect(subjectFacts({ ...layer, data: new Uint8Array(layer.data) })).not.toBe(a);
    expect(a.own.weight).toBeGreaterThan(0);
    let made = 0;
    const make = () => ({ data: new Float32Array(4), width: 2, height: 2, made: ++made });
    expect(a.matte('k', make)).toBe(a.matte('k', make));
    expect(made).toBe(1);
  });

  it('re-prompts compose to the same pixels as a first compose of the subject', () => {
    const { image, depth } = skyAndGround(120, 200, { noise: 6 });
    const { layer, placement } = boxSubject(40, 60, 40, 140, [200, 120, 90], { cutBottom: true, soft: 3 });
    const enlarged = { ...placement, scale: 2 };
    const first = composeStory({ background: image, depth, layer, placement: enlarged, seed: 2 }).image;
    const again = composeStory({ background: image, depth, layer, placement: enlarged, seed: 2 }).image;
    const copy = composeStory({ background: image, depth, layer: { ...layer, data: new Uint8Array(layer.data) }, placement: enlarged, seed: 2 }).image;
    expect(Buffer.from(again.data).equals(Buffer.from(first.data))).toBe(true);
    expect(Buffer.from(copy.data).equals(Buffer.from(first.data))).toBe(true);
  });
});

describe('lumaLaplacian', () => {
  it('is 4c − w − e − n − s of r + 2g + b inside the opaque layer, 0 on its border and soft edge', () => {
    const w = 5;
    const h = 4;
    const data = new Uint8Array(w * h * 4).fill(255);
    const set = (x: number, y: number, v: number) => data.fill(v, (y * w + x) * 4, (y * w + x) * 4 + 3);
    for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) set(x, y, 10);
    set(2, 1, 50);
    data[(1 * w + 3) * 4 + 3] = 200; // a soft pixel
    const lap = lumaLaplacian({ data, width: w, height: h });
    expect(lap[1 * w + 2]).toBe(4 * 200 - 4 * 40);
    expect(lap[1 * w + 1]).toBe(40 * 4 - 200 - 3 * 40);
    expect(lap[1 * w + 3]).toBe(0);
    expect(lap[0]).toBe(0);
    expect(lap[2 * w + 4]).toBe(0);
  });
});

describe('opaqueRuns', () => {
  it('finds the longest fully opaque run of each row, [0, 0) for none', () => {
    const alpha = [
      [255, 255, 0, 255, 255, 255],
      [0, 0, 0, 0, 0, 0],
      [128, 255, 255, 255, 255, 255],
    ];
    const data = new Uint8Array(6 * 3 * 4);
    alpha.forEach((row, y) => row.forEach((a, x) => (data[(y * 6 + x) * 4 + 3] = a)));
    expect(Array.from(opaqueRuns({ data, width: 6, height: 3 }))).toEqual([3, 6, 0, 0, 1, 6]);
  });
});
