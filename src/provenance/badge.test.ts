import { describe, expect, it } from 'vitest';
import type { RgbaImage } from '../image/types.js';
import { badgeRect, drawBadge } from './badge.js';

function flat(width: number, height: number, rgb: [number, number, number]): RgbaImage {
  const data = new Uint8Array(width * height * 4);
  for (let i = 0; i < data.length; i += 4) data.set([...rgb, 255], i);
  return { data, width, height };
}

describe('drawBadge', () => {
  it('draws a small pill with light lettering in the top-right corner, below the story top bar', () => {
    const story = flat(1080, 1920, [40, 160, 220]);
    const out = drawBadge(story);
    const rect = badgeRect(1080, 1920);
    expect(rect.y).toBeGreaterThanOrEqual(250);
    expect(rect.x + rect.width).toBeLessThanOrEqual(1080);
    expect(rect.width * rect.height).toBeLessThan(1080 * 1920 * 0.01); // small: under 1% of the story
    let changed = 0;
    let white = 0;
    for (let y = 0; y < 1920; y++) {
      for (let x = 0; x < 1080; x++) {
        const i = (y * 1080 + x) * 4;
        const differs = out.data[i] !== 40 || out.data[i + 1] !== 160 || out.data[i + 2] !== 220;
        if (!differs) continue;
        changed++;
        expect(x >= rect.x && x < rect.x + rect.width && y >= rect.y && y < rect.y + rect.height).toBe(true);
        if (out.data[i] > 230 && out.data[i + 1] > 230) white++;
      }
    }
    expect(changed).toBeGreaterThan(rect.width * rect.height * 0.8);
    expect(white).toBeGreaterThan(500);
    // The input is not modified.
    expect(story.data[0]).toBe(40);
  });

  it('scales with the canvas and fits on tiny images', () => {
    expect(badgeRect(540, 960).scale).toBe(2);
    const tiny = drawBadge(flat(64, 64, [0, 0, 0]));
    expect(tiny.data.length).toBe(64 * 64 * 4);
  });
});
