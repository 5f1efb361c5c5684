import { clamp } from '../image/color.js';
import type { Rect, RgbaImage } from '../image/types.js';
import { applyTransform, growRect, measureRegion, storyTransform, type HarmonizeTuning } from './harmonize.js';
import { BOUNDARY_TUNING, boundaryTrust, estimateFromBoundary, undoBoundaryChange, type BoundaryTuning } from './harmonize-boundary.js';

/**
 * Harmonizing a whole composite (a photo whose foreground is marked by a mask), as the evaluation and the
 * tests do: the boundary harmonizer for composites, and what a story's compose would do to the same subject.
 */

/**
 * Harmonizes a whole photo's foreground in place of a composite (mask ≥ 128 is the foreground): estimates
 * the light change across the foreground's edge from the pixels on both sides (`estimateFromBoundary`)
 * and undoes `strength` × trust of it, where trust grows with how many edge pairs agree. Where the
 * surroundings do not continue across the edge, little agrees and little changes. Used by the evaluation
 * and tests; a story's compose, whose scene is new, uses `harmonizeTransform` instead (see `harmonizeLikeStory`).
 *
 * @example harmonizeComposite(composite, mask, 0.8)
 */
export function harmonizeComposite(composite: RgbaImage, mask: Uint8Array, strength: number, tuning: BoundaryTuning = BOUNDARY_TUNING): RgbaImage {
  const s = clamp(strength, 0, 1);
  if (s === 0) return { data: new Uint8Array(composite.data), width: composite.width, height: composite.height };
  const e = estimateFromBoundary(composite, mask, tuning);
  return undoBoundaryChange(composite, mask, e, s * boundaryTrust(e.agreement, tuning));
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
