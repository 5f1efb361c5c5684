import { describe, expect, it } from 'vitest';
import type { LightEstimate } from '../backends/types.js';
import { boxSubject, meanDiff, skyAndGround, solidImage } from '../test-support/compose-scenes.js';
import { PLAIN_COMPOSE } from './compose-options.js';
import { composeStory, isGrounded } from './compose-story.js';
import { compositeOver } from './composite.js';

const W = 120;
const H = 200;
const OFF = PLAIN_COMPOSE;

describe('composeStory', () => {
  it('with every effect off equals the plain linear-light composite, byte for byte', () => {
    const { image, depth } = skyAndGround(W, H, { noise: 3 });
    const { layer, placement } = boxSubject(40, 60, 40, 90, [200, 120, 90], { soft: 4 });
    const { image: out } = composeStory({ background: image, depth, layer, placement }, OFF);
    expect(Buffer.from(out.data).equals(Buffer.from(compositeOver(image, layer, 40, 90).data))).toBe(true);
  });

  it('does not change its inputs and gives the same pixels for the same seed', () => {
    const { image, depth } = skyAndGround(W, H, { noise: 6 });
    const before = Buffer.from(image.data);
    const { layer, placement } = boxSubject(40, 60, 40, 140, [200, 120, 90], { cutBottom: true });
    const a = composeStory({ background: image, depth, layer, placement, seed: 3 });
    const b = composeStory({ background: image, depth, layer, placement, seed: 3 });
    expect(Buffer.from(image.data).equals(before)).toBe(true);
    expect(Buffer.from(a.image.data).equals(Buffer.from(b.image.data))).toBe(true);
  });

  it('paints into the background itself when allowed, giving the same pixels as on a copy', () => {
    const { image, depth } = skyAndGround(W, H, { noise: 6 });
    const { layer, placement } = boxSubject(40, 60, 40, 140, [200, 120, 90], { cutBottom: true });
    const copy = composeStory({ background: image, depth, layer, placement, seed: 3 }).image;
    const own = { ...image, data: new Uint8Array(image.data) };
    const drawn = composeStory({ background: own, depth, layer, placement, seed: 3, drawOnBackground: true }).image;
    expect(drawn.data).toBe(own.data);
    expect(Buffer.from(drawn.data).equals(Buffer.from(copy.data))).toBe(true);
  });

  it('depth of field 0 leaves every background pixel as it was', () => {
    const { image, depth } = skyAndGround(W, H, { noise: 10 });
    const { layer, placement } = boxSubject(30, 40, 45, 150, [90, 90, 90], { cutBottom: true });
    const plain = composeStory({ background: image, depth, layer, placement }, OFF).image;
    const dof0 = composeStory({ background: image, depth, layer, placement }, { ...OFF, depthOfField: 0 }).image;
    expect(Buffer.from(dof0.data).equals(Buffer.from(plain.data))).toBe(true);
  });

  it('depth of field blurs what lies behind the subject and keeps its own plane sharp', () => {
    const { image, depth } = skyAndGround(W, H, { noise: 20, horizon: 0.5 });
    const { layer, placement } = boxSubject(30, 40, 45, 160, [90, 90, 90], { cutBottom: true });
    const plain = composeStory({ background: image, depth, layer, placement }, OFF).image;
    const dof = composeStory({ background: image, depth, layer, placement }, { ...OFF, depthOfField: 1 }).image;
    // The sky (depth 1) is far behind a subject standing at the bottom: noise is smoothed away.
    expect(meanDiff(dof, plain, { x: 0, y: 10, width: W, height: 60 })).toBeGreaterThan(5);
    // The ground right at the subject's feet is in focus.
    expect(meanDiff(dof, plain, { x: 0, y: 190, width: 40, height: 10 })).toBeLessThan(0.5);
  });

  it('reads a depth plane coarser than the canvas by nearest sample: half-size depth = the same depth doubled', () => {
    const { image, depth } = skyAndGround(W, H, { noise: 8, horizon: 0.85 });
    const half = { data: new Float32Array((W / 2) * (H / 2)), width: W / 2, height: H / 2 };
    for (let y = 0; y < H / 2; y++) for (let x = 0; x < W / 2; x++) half.data[y * (W / 2) + x] = depth.data[2 * y * W + 2 * x];
    const doubled = { data: new Float32Array(W * H), width: W, height: H };
    for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) doubled.data[y * W + x] = half.data[(y >> 1) * (W / 2) + (x >> 1)];
    const { layer, placement } = boxSubject(30, 60, 45, 150, [200, 60, 60], { cutBottom: true });
    // A low light from the front: the cast shadow runs up the screen until the sky (depth 1) stops it.
    const light: LightEstimate = { direction: [0.3, -0.3, 0.9], colour: [1, 1, 1], intensity: 1, ambient: [0.5, 0.5, 0.6] };
    // Every effect on, depth of field and the cast shadow both read depth.
    const a = composeStory({ background: image, depth: half, light, layer, placement, seed: 2 }, { depthOfField: 1, shadow: 'auto' }).image;
    const b = composeStory({ background: image, depth: doubled, light, layer, placement, seed: 2 }, { depthOfField: 1, shadow: 'auto' }).image;
    expect(Buffer.from(a.data).equals(Buffer.from(b.data))).toBe(true);
  });

  it('casts a shadow only below a grounded subject, never above it', () => {
    const { image, depth } = skyAndGround(W, H, { horizon: 0.3 });
    const { layer, placement } = boxSubject(30, 60, 45, 100, [200, 60, 60]);
    const light: LightEstimate = { direction: [0.5, -0.6, -0.3], colour: [1, 1, 1], intensity: 1, ambient: [0.5, 0.5, 0.6] };
    const input = { background: image, depth, light, layer, placement };
    expect(isGrounded(input)).toBe(true);
    const plain = composeStory(input, OFF).image;
    const shaded = composeStory(input, { ...OFF, shadow: 'auto' }).image;
    // Above the feet (rows < 160) nothing outside the subject changes.
    expect(meanDiff(shaded, plain, { x: 0, y: 0, width: W, height: 158 })).toBe(0);
    // Below the feet the ground gets darker, and darker is the only change.
    const below = { x: 0, y: 160, width: W, height: 40 };
    expect(meanDiff(shaded, plain, below)).toBeGreaterThan(1);
    for (let i = 160 * W * 4; i < shaded.data.length; i += 4) expect(shaded.data[i]).toBeLessThanOrEqual(plain.data[i]);
  });

  it('casts no shadow for a floating subject, an abstract backdrop, or shadow: off', () => {
    const { image, depth } = skyAndGround(W, H, { horizon: 0.9 });
    // Feet in the sky (depth 1): floating.
    const floating = boxSubject(30, 40, 45, 40, [200, 60, 60]);
    const inSky = { background: image, depth, ...floating };
    expect(isGrounded(inSky)).toBe(false);
    expect(composeStory(inSky, { ...OFF, shadow: 'auto' }).report.shadow).toBe(false);
    // Standing on the ground of a gradient backdrop: no shadow in auto.
    const grounded = boxSubject(30, 60, 45, 140, [200, 60, 60], { cutBottom: true });
    const abstract = { background: solidImage(W, H, [250, 150, 180]), ...grounded, concepts: ['gradient'] };
    const plain = composeStory(abstract, OFF).image;
    expect(meanDiff(composeStory(abstract, { ...OFF, shadow: 'auto' }).image, plain)).toBe(0);
    expect(composeStory({ ...abstract, concepts: [] }, { ...OFF, shadow: 'auto' }).report.shadow).toBe(true);
    expect(composeStory({ background: image, depth, ...grounded }, { ...OFF, shadow: 'off' }).report.shadow).toBe(false);
  });

  it('light wrap tints only the subject edge towards the background, not its middle', () => {
    const bg = solidImage(W, H, [255, 220, 120]);
    const { layer, placement } = boxSubject(60, 80, 30, 60, [40, 60, 120], { soft: 1 });
    const plain = composeStory({ background: bg, layer, placement }, OFF).image;
    const wrapped = composeStory({ background: bg, layer, placement }, { ...OFF, lightWrap: 1 }).image;
    expect(meanDiff(wrapped, plain, { x: 52, y: 92, width: 16, height: 16 })).toBe(0);
    const edge = { x: 31, y: 90, width: 3, height: 20 };
    expect(meanDiff(wrapped, plain, edge)).toBeGreaterThan(3);
    const o = (100 * W + 32) * 4;
    expect(wrapped.data[o]).toBeGreaterThan(plain.data[o]);
  });

  it('adds grain to a clean subject on a noisy scene, and none on a clean one', () => {
    const noisy = skyAndGround(W, H, { noise: 8, seed: 4 });
    const clean = skyAndGround(W, H, { noise: 0 });
    const { layer, placement } = boxSubject(50, 70, 35, 60, [128, 128, 128]);
    const g = composeStory({ background: noisy.image, layer, placement }, { ...OFF, grain: 'auto' });
    expect(g.report.grainAdded).toBeGreaterThan(4);
    expect(g.report.grainAdded).toBeLessThan(12);
    const inside = { x: 45, y: 70, width: 30, height: 50 };
    const flat = composeStory({ background: noisy.image, layer, placement }, OFF).image;
    expect(meanDiff(g.image, flat, inside)).toBeGreaterThan(2);
    expect(composeStory({ background: clean.image, layer, placement }, { ...OFF, grain: 'auto' }).report.grainAdded).toBe(0);
  });

  it('sharpens the inside of an enlarged subject and leaves a native-size one alone', () => {
    const clean = skyAndGround(W, H).image;
    const base = boxSubject(50, 70, 35, 60, [100, 100, 100], { rgb2: [160, 160, 160] });
    // A soft vertical edge in the middle of the subject.
    for (let y = 0; y < 70; y++) for (let x = 0; x < 50; x++) base.layer.data.fill(x < 25 ? 90 : 170, (y * 50 + x) * 4, (y * 50 + x) * 4 + 3);
    const native = composeStory({ background: clean, ...base }, { ...OFF, grain: 'auto' });
    expect(native.report.sharpened).toBe(0);
    const enlarged = { ...base, placement: { ...base.placement, scale: 2 } };
    const sharp = composeStory({ background: clean, ...enlarged }, { ...OFF, grain: 'auto' });
    expect(sharp.report.sharpened).toBeCloseTo(0.5, 9);
    const at = (img: typeof clean, x: number) => img.data[(90 * W + 35 + x) * 4];
    const plain = composeStory({ background: clean, ...enlarged }, OFF).image;
    // Overshoot on both sides of the edge, nothing far from it.
    expect(at(sharp.image, 24)).toBeLessThan(at(plain, 24));
    expect(at(sharp.image, 25)).toBeGreaterThan(at(plain, 25));
    expect(at(sharp.image, 10)).toBe(at(plain, 10));
  });

  it('clips a subject that reaches past the canvas edges', () => {
    const { image } = skyAndGround(W, H);
    const { layer, placement } = boxSubject(80, 80, -30, 150, [10, 200, 10]);
    const out = composeStory({ background: image, layer, placement }).image;
    expect(out.width).toBe(W);
    expect(out.data[(170 * W + 10) * 4 + 1]).toBeGreaterThan(150);
  });
});
