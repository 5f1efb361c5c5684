import { ScenicError } from '../errors.js';
import { clamp } from '../image/color.js';
import type { Rect, RgbaImage } from '../image/types.js';
import { applyTransform, growRect, measureRegion, storyTransform, type HarmonizeTuning } from './harmonize.js';
import { BOUNDARY_TUNING, boundaryTrust, estimateFromBoundary, undoBoundaryChange, type BoundaryTuning } from './harmonize-boundary.js';

/**
 * Harmonizing a whole composite (a photo whose foreground is marked by a mask): the boundary harmonizer for
 * composites (`scenic harmonize`, the evaluation's `ours`), and what a story's compose would do to the same subject.
 */

/** What `harmonizeCompositeReport` read across the subject's edge and how much of it it undid. */
export interface CompositeHarmonization {
  image: RgbaImage;
  /** The change of light read across the edge, to be undone: per-channel gain (linear light) and contrast exponent. */
  gains: [number, number, number];
  contrast: number;
  /** Share of edge pairs that agree with that change (0..1), and how many pairs were read. */
  agreement: number;
  pairs: number;
  /** Share of the change undone: strength × trust in the agreement (0 = the image is returned as it was). */
  applied: number;
}

/**
 * Harmonizes a pasted subject with the photo it was pasted into (`scenic harmonize`; the evaluation's
 * `ours`): `mask` is one byte per pixel, ≥ 128 on the subject. Estimates the light change across the
 * subject's edge from the pixels on both sides (`estimateFromBoundary`) and undoes `strength` × trust of
 * it, where trust grows with how many edge pairs agree. Where the surroundings do not continue across the
 * edge, little agrees and little changes. A story's compose, whose scene is new, uses `harmonizeTransform`
 * instead (see `harmonizeLikeStory`). Throws INVALID_MASK for a mask of another size, or one without
 * both a subject and a background.
 *
 * @example const { image, applied } = harmonizeCompositeReport(composite, mask, 0.8)
 */
export function harmonizeCompositeReport(composite: RgbaImage, mask: Uint8Array, strength: number, tuning: BoundaryTuning = BOUNDARY_TUNING): CompositeHarmonization {
  const { width, height } = composite;
  if (mask.length !== width * height) {
    throw new ScenicError('INVALID_MASK', `Expected a mask of ${width}×${height} (one value per pixel of the composite) but received ${mask.length} values`);
  }
  let subject = 0;
  for (let i = 0; i < mask.length; i++) if (mask[i] >= 128) subject++;
  if (subject === 0 || subject === mask.length) {
    throw new ScenicError('INVALID_MASK', `Expected a mask with both a subject (white) and the photo around it (black) but it is all ${subject === 0 ? 'black' : 'white'}`);
  }
  const s = clamp(strength, 0, 1);
  const e = estimateFromBoundary(composite, mask, tuning);
  const applied = s * boundaryTrust(e.agreement, tuning);
  const image = applied > 0 ? undoBoundaryChange(composite, mask, e, applied) : { data: new Uint8Array(composite.data), width, height };
  return { image, gains: e.offsets.map(Math.exp) as [number, number, number], contrast: e.contrast, agreement: e.agreement, pairs: e.pairs, applied };
}

/** `harmonizeCompositeReport`'s image alone. @example harmonizeComposite(composite, mask, 0.8) */
export function harmonizeComposite(composite: RgbaImage, mask: Uint8Array, strength: number, tuning: BoundaryTuning = BOUNDARY_TUNING): RgbaImage {
  return harmonizeCompositeReport(composite, mask, strength, tuning).image;
}

/**
 * What a story's compose does to its subject, for the evaluation: the subject (mask ≥ 128 of `photo`) gets
 * the change from its photo's light (`photoLight`: the subject and a ring of half its box around it) to the
 * scene's light, with no light estimate. The scene is `options.scene` (a whole image: the relight set) or,
 * by default, that same ring of `photo` (a composite's own background). `reference: 'subject'` compares the
 * scene with the subject alone, which is what compose does when it does not know the subject's photo.
 *
 * @example harmonizeLikeStory(composite, mask, 0.8)
 */
export function harmonizeLikeStory(photo: RgbaImage, mask: Uint8Array, strength: number, options: { scene?: RgbaImage; reference?: 'photo' | 'subject'; tuning?: HarmonizeTuning } = {}): RgbaImage {
  const { width, height } = photo;
  const box = maskBox(mask, width, height);
  if (!box) return { data: new Uint8Array(photo.data), width, height };
  const ring = growRect(box, 0.5, width, height);
  const own = measureRegion(photo, box, (i) => (mask[i] >= 128 ? 1 : 0));
  const around = measureRegion(photo, ring, (i) => (mask[i] >= 128 ? 0 : 1));
  const { scene } = options;
  const sceneLight = scene ? measureRegion(scene, { x: 0, y: 0, width: scene.width, height: scene.height }, () => 1) : around;
  const transform = options.reference === 'subject'
    ? storyTransform(own, sceneLight, strength)
    : storyTransform(own, sceneLight, strength, undefined, around, options.tuning);
  const changed = applyTransform(photo, transform);
  const out = new Uint8Array(photo.data);
  for (let i = 0; i < mask.length; i++) {
    if (mask[i] < 128) continue;
    const o = i * 4;
    out[o] = changed.data[o];
    out[o + 1] = changed.data[o + 1];
    out[o + 2] = changed.data[o + 2];
  }
  return { data: out, width, height };
}

/** Tight box of mask values ≥ 128, or null. */
export function maskBox(mask: Uint8Array, width: number, height: number): Rect | null {
  let x0 = width;
  let y0 = height;
  let x1 = -1;
  let y1 = -1;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (mask[y * width + x] < 128) continue;
      if (x < x0) x0 = x;
      if (x > x1) x1 = x;
      if (y < y0) y0 = y;
      if (y > y1) y1 = y;
    }
  }
  return x1 < 0 ? null : { x: x0, y: y0, width: x1 - x0 + 1, height: y1 - y0 + 1 };
}
