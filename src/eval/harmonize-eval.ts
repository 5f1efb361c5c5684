import { harmonizeComposite, harmonizeCompositeGlobal } from '../compose/harmonize.js';
import { BOUNDARY_TUNING, type BoundaryTuning } from '../compose/harmonize-boundary.js';
import { DEFAULT_COMPOSE } from '../compose/compose-options.js';
import type { RgbaImage } from '../image/types.js';
import { findEvalData, loadImage, loadMask, type EvalData, type PairItem } from './harmonize-data.js';
import { perturbForeground, randomPerturbation, reinhardTransfer, scoreImage, type ImageScores } from './harmonize-metrics.js';

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
   * The harmonizer a story's compose uses (global statistics, `harmonizeCompositeGlobal`), scored on the same
   * items: `ours` above is the boundary harmonizer for composites, which a new scene gives nothing to read.
   */
  storyCompose: MethodSummary & { worseThanComposite: number };
}

export interface HarmonizeEvalResult {
  synthetic?: SetSummary;
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
export async function loadSets(data: EvalData, options: Omit<HarmonizeEvalOptions, 'data'>): Promise<{ synthetic: LoadedItem[]; real: LoadedItem[] }> {
  const maxSide = options.maxSide ?? 512;
  const limit = options.limit ?? Infinity;
  const seed = options.seed ?? 1;
  const synthetic: LoadedItem[] = [];
  const pairs = data.pairs.slice(0, limit);
  for (const [i, pair] of pairs.entries()) {
    const truth = await loadImage(pair.image, maxSide);
    const mask = await loadMask(pair.mask, truth.width, truth.height, pair.strictMask);
    if (!hasBoth(mask)) continue;
    const composite = perturbForeground(truth, mask, randomPerturbation((seed * 1_000_003 + (pair.index ?? i) * 7919) >>> 0));
    synthetic.push({ composite, mask, truth });
    options.onItem?.('synthetic', i + 1, pairs.length);
  }
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
  return { synthetic, real };
}

/** Scores ours, the composite and the transfer baseline on loaded items. */
export function scoreSet(items: LoadedItem[], options: Pick<HarmonizeEvalOptions, 'strength' | 'tuning'> = {}): SetSummary {
  const strength = options.strength ?? DEFAULT_COMPOSE.harmonize;
  const tuning = options.tuning ?? BOUNDARY_TUNING;
  const ours: ImageScores[] = [];
  const story: ImageScores[] = [];
  const composite: ImageScores[] = [];
  const transfer: ImageScores[] = [];
  let worse = 0;
  let storyWorse = 0;
  for (const item of items) {
    const o = scoreImage(harmonizeComposite(item.composite, item.mask, strength, tuning), item.truth, item.mask);
    const g = scoreImage(harmonizeCompositeGlobal(item.composite, item.mask, strength), item.truth, item.mask);
    const c = scoreImage(item.composite, item.truth, item.mask);
    ours.push(o);
    story.push(g);
    composite.push(c);
    transfer.push(scoreImage(reinhardTransfer(item.composite, item.mask), item.truth, item.mask));
    // A tie (e.g. a foreground the perturbation barely changed) is not "worse".
    if (o.fmse > c.fmse + 1e-9) worse++;
    if (g.fmse > c.fmse + 1e-9) storyWorse++;
  }
  const share = (k: number) => (items.length ? k / items.length : 0);
  return {
    n: items.length,
    ours: summarise(ours),
    composite: summarise(composite),
    transfer: summarise(transfer),
    worseThanComposite: share(worse),
    storyCompose: { ...summarise(story), worseThanComposite: share(storyWorse) },
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
