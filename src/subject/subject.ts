import { resizePlane } from '../image/resize.js';
import type { Plane, Rect, RgbaImage } from '../image/types.js';
import { applyGuided, guidedCoefficients, type GuidedCoefficients, type GuidedOptions } from './guided-filter.js';
import { applyHints, HINT_KEEP, HINT_REMOVE } from './hints.js';
import { fillSmallHoles } from './holes.js';
import { solidInterior } from './interior.js';
import { chooseRegions, keepRegions, labelRegions, type MatteRegions } from './regions.js';

/** What the model found in a photo: computed once per photo and cached by content hash. */
export interface SubjectAnalysis {
  /** The model's matte (segment size², 768² by default), small holes filled, inside opaque, stretched over the whole photo. */
  matte: Plane;
  /** The photo as the model saw it (same size as `matte`): the guide for refinement. */
  guide: RgbaImage;
  photoWidth: number;
  photoHeight: number;
  /** The separate subjects in the matte. */
  found: MatteRegions;
  /** Those subjects in photo pixels, largest first. */
  regions: SubjectRegion[];
}

/** One separate subject, for listing and choosing. */
export interface SubjectRegion {
  id: number;
  /** Box in photo pixels. */
  box: Rect;
  /** Fraction of the photo this subject's soft matte covers. */
  coverage: number;
  /** Share of all subjects' soft area (0..1): how salient it is. */
  score: number;
  /** Kept by the default ('salient') choice. */
  salient: boolean;
}

/** Which subject(s) to keep, in photo pixels. */
export interface SubjectChoice {
  point?: readonly [number, number];
  /** [x, y, width, height] */
  box?: readonly [number, number, number, number];
  keep?: 'salient' | 'all';
  /** Keep/remove hints at the model's resolution (see hintPlane); 0.5 = no hint. */
  hints?: Plane;
}

/** The chosen subject, ready to be rendered at any size. */
export interface SubjectSelection {
  /** The chosen matte at the model's resolution. */
  matte: Plane;
  coeffs: GuidedCoefficients;
  hints?: Plane;
  photoWidth: number;
  photoHeight: number;
  /** Box of the chosen subject in photo pixels, or null when nothing is left. */
  bounds: Rect | null;
  /** Fraction of the photo it covers (matte ≥ 0.5). */
  coverage: number;
  /** Ids of the kept regions. */
  kept: number[];
}

/**
 * Summarises the model's matte: fills its pinholes (see fillSmallHoles), makes its inside opaque (see
 * solidInterior) and lists the separate subjects with boxes and scores.
 *
 * @example const analysis = analyseMatte(matte, square, photo.width, photo.height);
 */
export function analyseMatte(modelMatte: Plane, guide: RgbaImage, photoWidth: number, photoHeight: number): SubjectAnalysis {
  const matte = solidInterior(fillSmallHoles(modelMatte));
  const found = labelRegions(matte);
  const kept = chooseRegions(found, matte.width, {});
  const total = found.regions.reduce((s, r) => s + r.mass, 0) || 1;
  const regions = found.regions
    .map((r) => ({ id: r.id, box: toPhoto(r.box, matte, photoWidth, photoHeight), coverage: r.mass / matte.data.length, score: r.mass / total, salient: kept.has(r.id) }))
    .sort((a, b) => b.score - a.score);
  return { matte, guide, photoWidth, photoHeight, found, regions };
}

/**
 * Chooses the subject(s) by point, box, keep mode and hints, and fits the refinement for them.
 * Hint strokes override the model locally; a region touched by a keep stroke is always kept.
 */
export function selectSubject(analysis: SubjectAnalysis, choice: SubjectChoice = {}, guided: GuidedOptions = {}): SubjectSelection {
  const { matte, photoWidth, photoHeight } = analysis;
  const sx = matte.width / photoWidth;
  const sy = matte.height / photoHeight;
  let source = matte;
  let found = analysis.found;
  const force = new Set<number>();
  if (choice.hints) {
    source = applyHints(matte, choice.hints);
    found = labelRegions(source);
    for (let i = 0; i < source.data.length; i++) if (choice.hints.data[i] >= HINT_KEEP && found.labels[i]) force.add(found.labels[i]);
  }
  const kept = chooseRegions(found, matte.width, {
    point: choice.point && [choice.point[0] * sx, choice.point[1] * sy],
    box: choice.box && { x: choice.box[0] * sx, y: choice.box[1] * sy, width: choice.box[2] * sx, height: choice.box[3] * sy },
    keep: choice.keep,
    force,
  });
  const chosen = keepRegions(source, found, kept, choice.keep === 'all' && !choice.point && !choice.box);
  // The model's noise floor (below 1%, above 99%) is snapped, so the refinement band is the real edge only.
  for (let i = 0; i < chosen.data.length; i++) {
    const v = chosen.data[i];
    if (v < 0.01) chosen.data[i] = 0;
    else if (v > 0.99) chosen.data[i] = 1;
  }
  let box: Rect | null = null;
  let covered = 0;
  for (const id of kept) {
    const r = found.regions[id - 1];
    covered += r.area;
    box = box ? union(box, r.box) : { ...r.box };
  }
  return {
    matte: chosen,
    coeffs: guidedCoefficients(analysis.guide, chosen, guided),
    hints: choice.hints,
    photoWidth,
    photoHeight,
    bounds: box && toPhoto(box, matte, photoWidth, photoHeight),
    coverage: covered / matte.data.length,
    kept: [...kept].sort((a, b) => a - b),
  };
}

/**
 * The refined matte for the photo region `source` (photo pixels) at `width`×`height`. With `pixels` (the
 * photo's pixels of that region at that size) the guided filter makes the edges follow the photo; without,
 * the model matte is resampled bilinearly. Hint strokes are applied last, so they always win.
 */
export function matteFor(selection: SubjectSelection, source: Rect, width: number, height: number, pixels?: RgbaImage): Plane {
  const sx = selection.matte.width / selection.photoWidth;
  const sy = selection.matte.height / selection.photoHeight;
  const from = { x: source.x * sx, y: source.y * sy, width: source.width * sx, height: source.height * sy };
  const out = pixels ? applyGuided(selection.coeffs, pixels, from) : resizePlane(selection.matte, width, height, from);
  if (selection.hints) {
    const h = resizePlane(selection.hints, width, height, from);
    for (let i = 0; i < out.data.length; i++) {
      if (h.data[i] >= HINT_KEEP) out.data[i] = 1;
      else if (h.data[i] <= HINT_REMOVE) out.data[i] = 0;
    }
  }
  return out;
}

/** Puts a matte into an image's alpha channel, multiplied by any alpha the photo had. Returns a new image. */
export function applyMatte(image: RgbaImage, matte: Plane): RgbaImage {
  const out = new Uint8Array(image.data);
  for (let i = 0, n = matte.data.length; i < n; i++) {
    out[i * 4 + 3] = Math.round(matte.data[i] * image.data[i * 4 + 3]);
  }
  return { data: out, width: image.width, height: image.height };
}

function toPhoto(box: Rect, matte: Plane, photoWidth: number, photoHeight: number): Rect {
  const sx = photoWidth / matte.width;
  const sy = photoHeight / matte.height;
  const x = Math.floor(box.x * sx);
  const y = Math.floor(box.y * sy);
  return { x, y, width: Math.min(photoWidth, Math.ceil((box.x + box.width) * sx)) - x, height: Math.min(photoHeight, Math.ceil((box.y + box.height) * sy)) - y };
}

function union(a: Rect, b: Rect): Rect {
  const x = Math.min(a.x, b.x);
  const y = Math.min(a.y, b.y);
  return { x, y, width: Math.max(a.x + a.width, b.x + b.width) - x, height: Math.max(a.y + a.height, b.y + b.height) - y };
}
