import type { HarmonizeTuning } from '../compose/harmonize.js';
import { harmonizeComposite, harmonizeLikeStory } from '../compose/harmonize-composite.js';
import { BOUNDARY_TUNING, type BoundaryTuning } from '../compose/harmonize-boundary.js';
import { DEFAULT_COMPOSE } from '../compose/compose-options.js';
import type { RgbaImage } from '../image/types.js';
import { findEvalData, loadImage, loadMask, type EvalData, type PairItem } from './harmonize-data.js';
import { perturbForeground, randomPerturbation, reinhardTransfer, scoreImage, type ImageScores, type Perturbation } from './harmonize-metrics.js';

/** Mean scores of one method over a set. */
export interface MethodSummary {
  psnr: number;
  fpsnr: number;
  fmse: number;
}

export interface SetSummary {
  n: number;
  ours: MethodSummary;
  composite: MethodSummary;
  transfer: MethodSummary;
  /** Fraction of images where ours has a higher fMSE than the untouched composite. */
  worseThanComposite: number;
  /**
   * The harmonizer a story's compose uses (global statistics, `harmonizeLikeStory`), scored on the same
   * items: `ours` above is the boundary harmonizer for composites, which a new scene gives nothing to read.
   */
  storyCompose: MethodSummary & { worseThanComposite: number };
}

/**
 * The relight set: a subject stays in its photo's light while a *different* photo, relit by a seeded change
 * of light (exposure and white balance only), is the new scene; the truth is the subject under that same
 * change. `ours` is story compose's harmonizer (the change from the subject's photo's light to the scene's);
 * `subjectReference` compares the scene with the subject alone (what compose did before, and still does
 * when it does not know the subject's photo).
 */
export interface RelightSummary {
  n: number;
  ours: MethodSummary;
  composite: MethodSummary;
  transfer: MethodSummary;
  worseThanComposite: number;
  subjectReference: MethodSummary & { worseThanComposite: number };
}

export interface HarmonizeEvalResult {
  synthetic?: SetSummary;
  relight?: RelightSummary;
  real?: SetSummary;
}

export interface HarmonizeEvalOptions {
  data: string;
  /** Most images per set (default: all). */
  limit?: number;
  /** Harmonization strength (default: the compose default). */
  strength?: number;
  /** Longer side images are scaled to before scoring (default 512). */
  maxSide?: number;
  /** Seed of the synthetic perturbations (default 1). */
  seed?: number;
  /** Boundary-estimate tuning (default: BOUNDARY_TUNING). */
  tuning?: BoundaryTuning;
  /**
   * Which synthetic photos: 'all' (default), 'tune' (the split the harmonizer was tuned on) or 'held-out'
   * (everything else); see `splitPairs`. Real triples are never tuned on and always scored.
   */
  split?: 'all' | 'tune' | 'held-out';
  onItem?: (set: 'synthetic' | 'real', done: number, total: number) => void;
}

/** One loaded item: what the harmonizer gets (composite + mask) and the photo it should give back. */
export interface LoadedItem {
  composite: RgbaImage;
  mask: Uint8Array;
  truth: RgbaImage;
  /** Relight items only: the new scene (another photo, relit). */
  scene?: RgbaImage;
}

/**
 * Runs the harmonization evaluation over a data folder: builds the synthetic set from image+mask pairs
 * (seeded foreground perturbations), loads real triples, and scores ours, the raw composite and the
 * Reinhard transfer baseline on each.
 *
 * @example await runHarmonizeEval({ data: '../shared/eval', limit: 50 })
 */
export async function runHarmonizeEval(options: HarmonizeEvalOptions): Promise<HarmonizeEvalResult> {
  const found = await findEvalData(options.data);
  const split = options.split ?? 'all';
  const data = split === 'all' ? found : { ...found, pairs: splitPairs(found.pairs)[split === 'tune' ? 'tune' : 'heldOut'] };
  const sets = await loadSets(data, options);
  const result: HarmonizeEvalResult = {};
  if (sets.synthetic.length) result.synthetic = scoreSet(sets.synthetic, options);
  if (sets.relight.length) result.relight = scoreRelight(sets.relight, { strength: options.strength });
  if (sets.real.length) result.real = scoreSet(sets.real, options);
  return result;
}

/** The folder whose photos are split for tuning: every other one (in name order) is tuned on. */
export const TUNE_FOLDER = 'coco-salient';

/**
 * The tuning split of the synthetic set: the even-numbered photos (in name order) of `TUNE_FOLDER`;
 * held out: its odd-numbered photos and every photo of other folders (GrabCut). Seeds stay those of the
 * full set, so a photo gets the same perturbation whichever split it is scored in.
 */
export function splitPairs(pairs: PairItem[]): { tune: PairItem[]; heldOut: PairItem[] } {
  const tune: PairItem[] = [];
  const heldOut: PairItem[] = [];
  let k = 0;
  for (const [index, pair] of pairs.entries()) {
    const inFolder = pair.image.split(/[\\/]/).includes(TUNE_FOLDER);
    if (inFolder && k++ % 2 === 0) tune.push({ ...pair, index });
    else heldOut.push({ ...pair, index });
  }
  return { tune, heldOut };
}

/** Loads (and for pairs, perturbs) every item; kept apart from scoring so tuning can reuse it. */
export async function loadSets(data: EvalData, options: Omit<HarmonizeEvalOptions, 'data'>): Promise<{ synthetic: LoadedItem[]; relight: LoadedItem[]; real: LoadedItem[] }> {
  const maxSide = options.maxSide ?? 512;
  const limit = options.limit ?? Infinity;
  const seed = options.seed ?? 1;
  const synthetic: LoadedItem[] = [];
  const photos: Array<{ photo: RgbaImage; mask: Uint8Array; change: Perturbation }> = [];
  const pairs = data.pairs.slice(0, limit);
  for (const [i, pair] of pairs.entries()) {
    const truth = await loadImage(pair.image, maxSide);
    const mask = await loadMask(pair.mask, truth.width, truth.height, pair.strictMask);
    if (!hasBoth(mask)) continue;
    const change = randomPerturbation((seed * 1_000_003 + (pair.index ?? i) * 7919) >>> 0);
    synthetic.push({ composite: perturbForeground(truth, mask, change), mask, truth });
    photos.push({ photo: truth, mask, change });
    options.onItem?.('synthetic', i + 1, pairs.length);
  }
  const relight = relightItems(photos);
  const real: LoadedItem[] = [];
  const triples = data.triples.slice(0, limit);
  for (const [i, t] of triples.entries()) {
    const truth = await loadImage(t.real, maxSide);
    const size = { width: truth.width, height: truth.height };
    const composite = await loadImage(t.composite, maxSide, size);
    const mask = await loadMask(t.mask, truth.width, truth.height);
    if (!hasBoth(mask)) continue;
    real.push({ composite, mask, truth });
    options.onItem?.('real', i + 1, triples.length);
  }
  return { synthetic, relight, real };
}

/** How far along the list the scene photo of each relight item is: far enough to be another subject. */
const RELIGHT_STRIDE = 7;

/**
 * The relight set from photos with masks: photo k keeps its subject as it was, and photo k + 7 (wrapping),
 * relit as a whole by photo k's seeded change of light — exposure and white balance only, no tone or
 * saturation change — is the new scene. The truth is photo k with its subject under that same change: a
 * subject that looks lit by the new scene. Needs two photos or more.
 */
export function relightItems(photos: ReadonlyArray<{ photo: RgbaImage; mask: Uint8Array; change: Perturbation }>): LoadedItem[] {
  if (photos.length < 2) return [];
  return photos.map(({ photo, mask, change }, k) => {
    const light: Perturbation = { ...change, contrast: 1, saturation: 1 };
    const j = (k + RELIGHT_STRIDE) % photos.length;
    const other = photos[j === k ? (k + 1) % photos.length : j].photo;
    const scene = perturbForeground(other, new Uint8Array(other.width * other.height).fill(255), light);
    return { composite: photo, mask, truth: perturbForeground(photo, mask, light), scene };
  });
}

/** Scores ours, the composite and the transfer baseline on loaded items. */
export function scoreSet(items: LoadedItem[], options: Pick<HarmonizeEvalOptions, 'strength' | 'tuning'> = {}): SetSummary {
  const strength = options.strength ?? DEFAULT_COMPOSE.harmonize;
  const tuning = options.tuning ?? BOUNDARY_TUNING;
  const { second, ...scores } = scoreMethods(items, {
    ours: (item) => harmonizeComposite(item.composite, item.mask, strength, tuning),
    second: (item) => harmonizeLikeStory(item.composite, item.mask, strength),
    transfer: (item) => reinhardTransfer(item.composite, item.mask),
  });
  return { ...scores, storyCompose: second };
}

/** Scores story compose's harmonizer, the subject-only reference, the untouched subject and the transfer on relight items. */
export function scoreRelight(items: LoadedItem[], options: Pick<HarmonizeEvalOptions, 'strength'> & { relightTuning?: HarmonizeTuning } = {}): RelightSummary {
  const strength = options.strength ?? DEFAULT_COMPOSE.harmonize;
  const { second, ...scores } = scoreMethods(items, {
    ours: (item) => harmonizeLikeStory(item.composite, item.mask, strength, { scene: item.scene, tuning: options.relightTuning }),
    second: (item) => harmonizeLikeStory(item.composite, item.mask, strength, { scene: item.scene, reference: 'subject' }),
    transfer: (item) => reinhardTransfer(item.composite, item.mask, item.scene),
  });
  return { ...scores, subjectReference: second };
}

/** Two harmonizers, the untouched composite and a transfer on the same items; "worse" = a higher fMSE than the composite. */
function scoreMethods(items: LoadedItem[], methods: Record<'ours' | 'second' | 'transfer', (item: LoadedItem) => RgbaImage>) {
  const ours: ImageScores[] = [];
  const second: ImageScores[] = [];
  const composite: ImageScores[] = [];
  const transfer: ImageScores[] = [];
  let worse = 0;
  let secondWorse = 0;
  for (const item of items) {
    const o = scoreImage(methods.ours(item), item.truth, item.mask);
    const g = scoreImage(methods.second(item), item.truth, item.mask);
    const c = scoreImage(item.composite, item.truth, item.mask);
    ours.push(o);
    second.push(g);
    composite.push(c);
    transfer.push(scoreImage(methods.transfer(item), item.truth, item.mask));
    // A tie (e.g. a foreground the perturbation barely changed) is not "worse".
    if (o.fmse > c.fmse + 1e-9) worse++;
    if (g.fmse > c.fmse + 1e-9) secondWorse++;
  }
  const share = (k: number) => (items.length ? k / items.length : 0);
  return {
    n: items.length,
    ours: summarise(ours),
    composite: summarise(composite),
    transfer: summarise(transfer),
    worseThanComposite: share(worse),
    second: { ...summarise(second), worseThanComposite: share(secondWorse) },
  };
}

function summarise(scores: ImageScores[]): MethodSummary {
  const mean = (f: (s: ImageScores) => number) => scores.reduce((a, s) => a + f(s), 0) / Math.max(1, scores.length);
  return { psnr: round(mean((s) => s.psnr)), fpsnr: round(mean((s) => s.fpsnr)), fmse: round(mean((s) => s.fmse)) };
}

function round(v: number): number {
  return Math.round(v * 100) / 100;
}

function hasBoth(mask: Uint8Array): boolean {
  let fg = 0;
  for (let i = 0; i < mask.length; i++) if (mask[i] >= 128) fg++;
  return fg > 0 && fg < mask.length;
}
