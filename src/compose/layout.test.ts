import { describe, expect, it } from 'vitest';
import { autoLayout, CANVAS_PRESETS, parseCanvasSize, parsePlace, planPlacement, SAFE_BOTTOM, SAFE_TOP, type LayoutInput } from './layout.js';

const photo = (subject: LayoutInput['subject'], canvas: { width: number; height: number } = CANVAS_PRESETS.story): LayoutInput => ({ photoWidth: 1000, photoHeight: 1000, subject, canvasWidth: canvas.width, canvasHeight: canvas.height });

describe('canvas sizes', () => {
  it.each([
    ['story', 1080, 1920],
    ['portrait', 1080, 1350],
    ['square', 1080, 1080],
    ['SQUARE', 1080, 1080],
    ['720x1280', 720, 1280],
    ['1080×1920', 1080, 1920],
  ])('%s is %ix%i', (text, width, height) => {
    expect(parseCanvasSize(text)).toEqual({ width, height });
  });

  it('is null for anything else', () => {
    expect(parseCanvasSize('huge')).toBeNull();
    expect(parseCanvasSize('1080by1920')).toBeNull();
  });
});

describe('planPlacement', () => {
  const floating = photo({ x: 300, y: 300, width: 400, height: 300 });
  const standing = photo({ x: 300, y: 200, width: 400, height: 800 });

  it('auto fits the subject between the safe zones and is the default', () => {
    const p = planPlacement(floating);
    expect(p).toEqual(autoLayout(floating));
    expect(p.target.y).toBeGreaterThanOrEqual(Math.floor(1920 * SAFE_TOP));
    expect(p.target.y + p.target.height).toBeLessThanOrEqual(Math.ceil(1920 * (1 - SAFE_BOTTOM)));
  });

  it('auto stands a subject the photo cut at the bottom on the canvas bottom', () => {
    const p = planPlacement(standing);
    expect(p.cut.bottom).toBe(true);
    expect(p.target.y + p.target.height).toBe(1920);
  });

  it('original keeps the subject where it was in the photo, the photo covering the canvas', () => {
    const p = planPlacement(floating, { placement: 'original' });
    // 1000² photo covering 1080×1920: scale 1.92, centred, 420 px cut off each side.
    expect(p.scale).toBeCloseTo(1.92, 6);
    const centreX = p.target.x + p.target.width / 2;
    const centreY = p.target.y + p.target.height / 2;
    expect(centreX).toBeCloseTo(-420 + 500 * 1.92, -1);
    expect(centreY).toBeCloseTo(450 * 1.92, -1);
  });

  it('x, y and scale move and resize the placed subject around its centre', () => {
    const auto = planPlacement(floating);
    const p = planPlacement(floating, { x: 0.25, y: 0.75, scale: 0.5 });
    expect(p.target.width).toBe(Math.round(auto.target.width * 0.5));
    expect(p.target.x + p.target.width / 2).toBeCloseTo(270, -0.5);
    expect(p.target.y + p.target.height / 2).toBeCloseTo(1440, -0.5);
    expect(p.scale).toBeCloseTo(auto.scale * 0.5, 9);
  });

  it('scale alone keeps a bottom-cut subject standing on the canvas bottom', () => {
    const p = planPlacement(standing, { scale: 0.6 });
    expect(p.target.y + p.target.height).toBe(1920);
  });

  it('works on every preset', () => {
    for (const canvas of Object.values(CANVAS_PRESETS)) {
      const p = planPlacement(photo({ x: 300, y: 300, width: 400, height: 300 }, canvas));
      expect(p.target.x).toBeGreaterThanOrEqual(0);
      expect(p.target.x + p.target.width).toBeLessThanOrEqual(canvas.width);
      expect(p.target.y + p.target.height).toBeLessThanOrEqual(canvas.height);
    }
  });
});

describe('parsePlace', () => {
  it('reads x,y and x,y,scale', () => {
    expect(parsePlace('0.5,0.6')).toEqual({ x: 0.5, y: 0.6 });
    expect(parsePlace(' 0.2 , 0.8 , 1.5 ')).toEqual({ x: 0.2, y: 0.8, scale: 1.5 });
  });

  it.each(['0.5', '1.2,0.5', '0.5,0.5,9', 'a,b', '0.5,,1', '0.1,0.2,0.3,0.4'])('rejects %s', (text) => {
    expect(parsePlace(text)).toBeNull();
  });
});
