import { describe, expect, it } from 'vitest';
import { meanDiff } from '../test-support/compose-scenes.js';
import { continuousPhoto, lightChange, rectMask } from '../test-support/harmonize-scenes.js';
import { boundaryTrust, estimateFromBoundary, undoBoundaryChange } from './harmonize-boundary.js';
import { harmonizeComposite, harmonizeCompositeReport } from './harmonize-composite.js';

const W = 80;
const H = 80;
const INSIDE = { x: 20, y: 20, width: 40, height: 40 };

const continuous = () => continuousPhoto(W, H);
const squareMask = () => rectMask(W, H, INSIDE);
const change = lightChange;

describe('estimateFromBoundary', () => {
  it('reads a warm, brighter, flatter change of the subject from its edge and undoes it', () => {
    const truth = continuous();
    const mask = squareMask();
    const composite = change(truth, mask, [0.45, 0.15, -0.2], 0.9);
    const e = estimateFromBoundary(composite, mask);
    expect(e.pairs).toBeGreaterThan(400);
    expect(e.agreement).toBeGreaterThan(0.15);
    expect(boundaryTrust(e.agreement)).toBe(1);
    expect(e.contrast).toBeCloseTo(0.9, 1);
    // Red up most, blue down: the order of the offsets is the order of the change.
    expect(e.offsets[0]).toBeGreaterThan(e.offsets[1]);
    expect(e.offsets[1]).toBeGreaterThan(e.offsets[2]);
    const fixed = harmonizeComposite(composite, mask, 1);
    expect(meanDiff(fixed, truth, INSIDE)).toBeLessThan(meanDiff(composite, truth, INSIDE) * 0.15);
    // Outside the mask nothing changes.
    expect(meanDiff(fixed, composite, { x: 0, y: 0, width: W, height: 20 })).toBe(0);
  });

  it('finds (almost) no change in an untouched photo', () => {
    const truth = continuous();
    const mask = squareMask();
    const e = estimateFromBoundary(truth, mask);
    expect(e.contrast).toBeCloseTo(1, 1);
    // Smooth shading across the edge reads as a slight change: a couple of code values, not a dead zone's zero.
    expect(meanDiff(harmonizeComposite(truth, mask, 1), truth, INSIDE)).toBeLessThan(2.5);
  });

  it('does not trust an edge where the surroundings do not continue (a subject on a new scene)', () => {
    const mask = squareMask();
    const data = new Uint8Array(W * H * 4);
    for (let i = 0; i < mask.length; i++) {
      const x = i % W;
      const y = (i / W) | 0;
      // A striped subject on a noisy unrelated backdrop: ratios across the edge scatter.
      const v = mask[i] ? ((x >> 1) % 2 ? [200, 60, 40] : [40, 90, 200]) : [30 + ((x * 37 + y * 91) % 200), 30 + ((x * 53 + y * 17) % 200), 30 + ((x * 11 + y * 67) % 200)];
      data.set([...v, 255], i * 4);
    }
    const composite = { data, width: W, height: H };
    const e = estimateFromBoundary(composite, mask);
    expect(boundaryTrust(e.agreement)).toBe(0);
    expect(meanDiff(harmonizeComposite(composite, mask, 1), composite, INSIDE)).toBe(0);
  });

  it('is the identity at strength 0 and for amount 0', () => {
    const truth = continuous();
    const mask = squareMask();
    const composite = change(truth, mask, [0.4, 0, -0.4], 1);
    expect(Buffer.from(harmonizeComposite(composite, mask, 0).data).equals(Buffer.from(composite.data))).toBe(true);
    const e = estimateFromBoundary(composite, mask);
    expect(Buffer.from(undoBoundaryChange(composite, mask, e, 0).data).equals(Buffer.from(composite.data))).toBe(true);
  });

  it('returns no change with too few edge pairs', () => {
    const truth = continuous();
    const mask = new Uint8Array(W * H);
    mask[40 * W + 40] = 255;
    const e = estimateFromBoundary(truth, mask);
    expect(e.agreement).toBe(0);
    expect(e.offsets).toEqual([0, 0, 0]);
  });
});

describe('harmonizeCompositeReport', () => {
  it('reports the change it read and how much of it it undid', () => {
    const truth = continuous();
    const mask = squareMask();
    const composite = change(truth, mask, [0.45, 0.15, -0.2], 0.9);
    const r = harmonizeCompositeReport(composite, mask, 0.5);
    expect(r.applied).toBe(0.5);
    expect(r.gains[0]).toBeGreaterThan(1.3);
    expect(r.gains[2]).toBeLessThan(0.9);
    expect(r.contrast).toBeCloseTo(0.9, 1);
    expect(r.pairs).toBeGreaterThan(400);
    expect(Buffer.from(r.image.data).equals(Buffer.from(harmonizeComposite(composite, mask, 0.5).data))).toBe(true);
  });

  it('refuses a mask of another size, or one without both a subject and a background (INVALID_MASK)', () => {
    const photo = continuous();
    const code = (mask: Uint8Array) => {
      try {
        harmonizeCompositeReport(photo, mask, 0.8);
        return 'no error';
      } catch (error) {
        return (error as { code?: string }).code;
      }
    };
    expect(code(new Uint8Array(W * H - 1))).toBe('INVALID_MASK');
    expect(code(new Uint8Array(W * H))).toBe('INVALID_MASK');
    expect(code(new Uint8Array(W * H).fill(255))).toBe('INVALID_MASK');
    expect(code(squareMask())).toBe('no error');
  });
});
