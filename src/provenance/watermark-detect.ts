import type { Plane, RgbaImage } from '../image/types.js';
import { BCH_K, BCH_N, BCH_T, bchDecode, bchDecodeSoft } from './ecc-bch.js';
import { circularCorrelate, spectrumOf, type Spectrum } from './watermark-fft.js';
import { CELLS_ACROSS, CHIPS_PER_BIT, LAYOUT, TILE, pilotChips } from './watermark-pattern.js';
import { HEADER_BITS, bitsToPayload, hasScenicHeader } from './watermark-payload.js';
import { autocorrelationTable, estimatePeriods, parabolicOffset } from './watermark-period.js';
import { whiten, whitenLocalMean, workLuma } from './watermark-plane.js';

/**
 * Finds the watermark without knowing how the image was resized or cropped.
 *
 * 1. Luma is resampled to a work plane WORK_WIDTH wide, so an uncropped image (at any size) has exactly
 *    two work pixels per cell and a tile period of FOLD work pixels.
 * 2. The plane is whitened (local mean removed, divided by local deviation) so image content weighs
 *    little against the pattern.
 * 3. A crop makes cells bigger relative to the width: the tile period in x and y is estimated from the
 *    autocorrelation of the whitened plane (the repeated tile makes a peak at the period). The nominal
 *    period (no crop) is tried first.
 * 4. Every tile is folded onto one FOLD×FOLD tile (averaging away image content), then the known pilot
 *    is located by circular correlation (FFT): its peak gives the crop offset and a z-score.
 * 5. Data chips are read at the found offset, summed per coded bit, and BCH-decoded; the payload must
 *    carry scenic's header.
 */

export const WORK_WIDTH = 2 * CELLS_ACROSS;
const FOLD = 2 * TILE;
/**
 * Soft (Chase) decoding is tried only when the pilot stands out this clearly. 1,000 unmarked photo variants
 * peaked at z 6.4 (matched filter), so a rare unmarked image gets it too: its 2^CHASE_BITS larger chance of
 * a random decode is in the reported false-positive rate, and the header check still stands.
 */
const SOFT_DECODE_Z_MIN = 6;
/** Least reliable bits the soft decoder flips in every combination (2,048 hard decodes, a few ms). */
const CHASE_BITS = 11;
/** A pilot peak below this z-score is not trusted even if the payload decodes. */
export const PILOT_Z_MIN = 4;
/** Pilot correlation values at neighbouring shifts are correlated; about FOLD²/4 independent trials. */
const INDEPENDENT_SHIFTS = (FOLD * FOLD) / 4;

export interface WatermarkDetection {
  found: boolean;
  payload: Uint8Array | null;
  /** 1 − falsePositiveRate: how sure we are the mark is really there (0 when nothing was found). */
  confidence: number;
  /** Probability that an unmarked image produces evidence at least this strong. */
  falsePositiveRate: number;
  /** Coded bits the error correction had to fix (of 127; up to 10 are fixable). */
  bitErrors?: number;
  /** Pilot correlation peak as a z-score, for diagnostics. */
  pilotZ?: number;
}

/** Internal: everything the detector learnt, for evaluation (bit accuracy needs the raw coded bits). */
export interface DetectionTrace extends WatermarkDetection {
  codeBits: Uint8Array | null;
  period: [number, number] | null;
}

export function detectPattern(image: RgbaImage): DetectionTrace {
  const notFound: DetectionTrace = { found: false, payload: null, confidence: 0, falsePositiveRate: 1, codeBits: null, period: null };
  if (image.width < 16 || image.height < 16) return notFound;
  const workHeight = Math.max(1, Math.round((image.height * WORK_WIDTH) / image.width));
  if (workHeight < FOLD * 0.9) return notFound;
  const luma = workLuma(image, WORK_WIDTH, workHeight);
  // Resampling rounds the height; the nominal vertical period follows the exact scale.
  const nominal: [number, number] = [FOLD, (FOLD * workHeight * image.width) / (image.height * WORK_WIDTH)];

  // Two ways of suppressing the picture (see FrontEnd): the neighbour predictor first, as it is the
  // stronger on photos; the local mean when that fails, as it is the stronger on fine random texture.
  // The uncropped guess is tried on both before either searches for a crop.
  const fronts: FrontEnd[] = [{ plane: whiten(luma), spectrum: PILOT_SPECTRUM, wideRead: false }];
  let best = decodeAt(locatePilot(fronts[0], nominal), TRIALS);
  if (best.found) return best;
  fronts.push({ plane: whitenLocalMean(luma), spectrum: PILOT_SPECTRUM_PLAIN, wideRead: true });
  const attempt = (located: PilotFix): DetectionTrace | null => {
    const result = decodeAt(located, TRIALS);
    if (result.found) return result;
    if ((result.pilotZ ?? 0) > (best.pilotZ ?? -Infinity)) best = result;
    return null;
  };
  const found = attempt(locatePilot(fronts[1], nominal));
  if (found) return found;
  for (const front of fronts) {
    const result = searchCrops(front, nominal, attempt);
    if (result) return result;
  }
  return best;
}

/**
 * One way of suppressing the picture before folding: the whitened work plane and the pilot reference
 * filtered to match it. `whiten` (neighbour predictor, SNR weighting) with a matched reference is the
 * stronger on photos; `whitenLocalMean` with the plain reference on fine random texture (gravel, sand).
 */
interface FrontEnd {
  plane: Plane;
  spectrum: Spectrum;
  /** Read each data chip over its bilinear footprint rather than at its centre. */
  wideRead: boolean;
}

/**
 * Looks for a cropped copy: candidates, cheapest and likeliest first: a crop (square cells, one period);
 * a squashed image (periods differ); finally a scan over the scales crops give. Each is refined by the
 * pilot's own peak over small rescalings and by its drift, since the fold needs the period to better
 * than 0.1%. Returns the first candidate that decodes; `attempt` keeps the best of the others.
 */
function searchCrops(front: FrontEnd, nominal: [number, number], attempt: (located: PilotFix) => DetectionTrace | null): DetectionTrace | null {
  const work = front.plane;
  const table = autocorrelationTable(work);
  const candidates: Array<[number, number]> = estimatePeriods(work, table, 'xy', 2).map((p) => [p, (p * nominal[1]) / FOLD]);
  const separate: [number, number] = [estimatePeriods(work, table, 'x', 1)[0], estimatePeriods(work, table, 'y', 1)[0]];
  if (Math.abs(separate[0] - separate[1]) > 0.02 * separate[0]) candidates.push(separate);
  for (const period of candidates) {
    const result = attempt(refinePeriod(front, period, COARSE_STEPS));
    if (result) return result;
  }
  // The autocorrelation can be fooled by strongly structured content: scan the crop scales directly.
  const scanned: PilotFix[] = [];
  for (let scale = 1; scale <= SCAN_MAX; scale *= 1 + SCAN_STEP) scanned.push(locatePilot(front, [nominal[0] * scale, nominal[1] * scale]));
  scanned.sort((a, b) => b.z - a.z);
  for (const located of scanned.slice(0, 2)) {
    const result = attempt(refinePeriod(front, located.period, [-SCAN_STEP / 2, 0, SCAN_STEP / 2]));
    if (result) return result;
  }
  return null;
}

/** Relative period corrections tried around an autocorrelation estimate. */
const COARSE_STEPS = Array.from({ length: 9 }, (_, i) => (i - 4) * 0.006);
const FINE_STEP = 0.0015;
/** The direct scan covers crops keeping down to ~75% of the width, in 0.4% steps. */
const SCAN_MAX = 1.34;
const SCAN_STEP = 0.004;
/** Each half must show the pilot at least this clearly for its shift to be trusted. */
const DRIFT_Z_MIN = 4;
/** Drift refinements per fix; each is kept only if the pilot then stands out more. */
const DRIFT_ROUNDS = 2;

/** Pilot searches one detection may run (both front ends), counted for the false-positive rate (an upper bound). */
const TRIALS = 2 * (1 + 3 * (COARSE_STEPS.length + 5 + DRIFT_ROUNDS) + Math.ceil(Math.log(SCAN_MAX) / Math.log(1 + SCAN_STEP)) + 2 * (8 + DRIFT_ROUNDS));

/**
 * The pilot's best fix near `period`: its z-score over relative rescalings `steps`, then finer steps
 * around the best, then a parabola through the three best-placed values for the final period.
 */
function refinePeriod(work: FrontEnd, period: [number, number], steps: number[]): PilotFix {
  const at = (step: number) => locatePilot(work, [period[0] * (1 + step), period[1] * (1 + step)]);
  let bestStep = 0;
  let best = at(0);
  for (const step of steps) {
    if (step === 0) continue;
    const fix = at(step);
    if (fix.z > best.z) {
      best = fix;
      bestStep = step;
    }
  }
  const centre = bestStep;
  const left = at(centre - FINE_STEP);
  const right = at(centre + FINE_STEP);
  if (left.z > best.z || right.z > best.z) {
    // Move one fine step towards the better side and evaluate past it, so the parabola is centred.
    const towards = left.z > right.z ? -1 : 1;
    const next = at(centre + 2 * towards * FINE_STEP);
    const middle = towards < 0 ? left : right;
    const zs = towards < 0 ? [next.z, middle.z, best.z] : [best.z, middle.z, next.z];
    const offset = parabolicOffset(zs[0], zs[1], zs[2]);
    const final = at(centre + towards * FINE_STEP + offset * FINE_STEP);
    return refineByDrift(work, [best, middle, next, final].reduce((a, b) => (b.z > a.z ? b : a)));
  }
  const final = at(centre + parabolicOffset(left.z, best.z, right.z) * FINE_STEP);
  return refineByDrift(work, final.z > best.z ? final : best);
}

/**
 * Sharpens a period from the pilot's drift: with a period slightly off, the pilot found in the bottom half
 * of the plane sits shifted against the one in the top half (left against right for x), by
 * FOLD · distance · (1/period − 1/true period). Measuring that shift per axis corrects x and y separately
 * and far more finely than the pilot's z-score does; a correction is kept only if the whole-plane z rises.
 */
function refineByDrift(work: FrontEnd, fix: PilotFix): PilotFix {
  const { width, height } = work.plane;
  let best = fix;
  for (let round = 0; round < DRIFT_ROUNDS; round++) {
    const [px, py] = best.period;
    const top = locatePilot(work, best.period, { x0: 0, x1: width, y0: 0, y1: height >> 1 });
    const bottom = locatePilot(work, best.period, { x0: 0, x1: width, y0: height >> 1, y1: height });
    const left = locatePilot(work, best.period, { x0: 0, x1: width >> 1, y0: 0, y1: height });
    const right = locatePilot(work, best.period, { x0: width >> 1, x1: width, y0: 0, y1: height });
    const trustY = Math.min(top.z, bottom.z) >= DRIFT_Z_MIN;
    const trustX = Math.min(left.z, right.z) >= DRIFT_Z_MIN;
    if (!trustX && !trustY) break;
    // Half-plane centres are half the plane apart; shifts wrap, so take the nearest difference.
    const ny = trustY ? 1 / (1 / py - nearestShift(bottom.sy - top.sy) / (FOLD * (height / 2))) : py;
    const nx = trustX ? 1 / (1 / px - nearestShift(right.sx - left.sx) / (FOLD * (width / 2))) : px;
    if (Math.abs(nx / px - 1) < 1e-5 && Math.abs(ny / py - 1) < 1e-5) break;
    const candidate = locatePilot(work, [nx, ny]);
    if (candidate.z <= best.z) break;
    best = candidate;
  }
  return best;
}

function nearestShift(shift: number): number {
  return shift - FOLD * Math.round(shift / FOLD);
}

interface PilotFix {
  front: FrontEnd;
  period: [number, number];
  fold: Float64Array;
  z: number;
  /** Sub-bin cyclic shift of the pilot in the fold. */
  sx: number;
  sy: number;
}

function locatePilot(work: FrontEnd, period: [number, number], region?: Region): PilotFix {
  const fold = foldTiles(work.plane, period, region);
  const correlation = circularCorrelate(fold, work.spectrum);
  let mean = 0;
  let peak = 0;
  for (let i = 0; i < correlation.length; i++) {
    mean += correlation[i];
    if (correlation[i] > correlation[peak]) peak = i;
  }
  mean /= correlation.length;
  let variance = 0;
  for (let i = 0; i < correlation.length; i++) variance += (correlation[i] - mean) ** 2;
  const std = Math.sqrt(variance / correlation.length) || 1;
  const z = (correlation[peak] - mean) / std;
  const px = peak % FOLD;
  const py = Math.floor(peak / FOLD);
  const sx = px + parabolicOffset(correlation[py * FOLD + wrap(px - 1)], correlation[peak], correlation[py * FOLD + wrap(px + 1)]);
  const sy = py + parabolicOffset(correlation[wrap(py - 1) * FOLD + px], correlation[peak], correlation[wrap(py + 1) * FOLD + px]);
  return { front: work, period, fold, z, sx, sy };
}

/** A chip's bilinear footprint along one axis, in fold bins from its centre, and the weight there. */
const CHIP_TENT: Array<[number, number]> = [
  [-1.5, 0.25],
  [-0.5, 0.75],
  [0.5, 0.75],
  [1.5, 0.25],
];

function decodeAt({ front, period, fold, z, sx, sy }: PilotFix, trials: number): DetectionTrace {
  const soft = new Float64Array(BCH_N);
  for (let k = 0; k < LAYOUT.dataCell.length; k++) {
    const cell = LAYOUT.dataCell[k];
    // Cell i's centre sits at fold index 2i + 0.5 (see PILOT_PLAIN), moved by the found shift. On the
    // neighbour-predicted plane each chip is sharp, so interpolating between the two nearest half-cell bins
    // is best (it beat a tent and a re-fold with cell-wide bins); on the local-mean plane, used for fine
    // random texture, the chip keeps its bilinear footprint and a read weighted by it is best.
    const cx = 2 * (cell % TILE) + 0.5 + sx;
    const cy = 2 * Math.floor(cell / TILE) + 0.5 + sy;
    let value = 0;
    if (front.wideRead) for (const [dy, wy] of CHIP_TENT) for (const [dx, wx] of CHIP_TENT) value += wx * wy * sampleCyclic(fold, cx + dx, cy + dy);
    else value = sampleCyclic(fold, cx, cy);
    soft[Math.floor(k / CHIPS_PER_BIT)] += LAYOUT.dataSign[k] * value;
  }
  const codeBits = Uint8Array.from(soft, (value) => (value < 0 ? 1 : 0));
  let decoded = bchDecode(codeBits);
  let decodeProbability = RANDOM_DECODE_PROBABILITY;
  const headerOk = (data: Uint8Array) => hasScenicHeader(bitsToPayload(data));
  if ((!decoded.data || !headerOk(decoded.data)) && z >= SOFT_DECODE_Z_MIN) {
    // A clearly located pilot but too many errors for the hard decoder (typical after a crop): try the
    // soft decoder, which pays for its extra reach with a 2^CHASE_BITS larger chance of a random decode.
    decoded = bchDecodeSoft(soft, CHASE_BITS, headerOk);
    decodeProbability = Math.min(1, RANDOM_DECODE_PROBABILITY * 2 ** CHASE_BITS);
  }
  const pilotFpr = Math.min(1, trials * INDEPENDENT_SHIFTS * normalTail(z));
  const payload = decoded.data ? bitsToPayload(decoded.data) : null;
  const found = payload !== null && hasScenicHeader(payload) && z >= PILOT_Z_MIN;
  const falsePositiveRate = found ? pilotFpr * decodeProbability * 2 ** -HEADER_BITS : pilotFpr;
  return {
    found,
    payload: found ? payload : null,
    confidence: found ? 1 - falsePositiveRate : 0,
    falsePositiveRate,
    bitErrors: found ? decoded.corrected : undefined,
    pilotZ: z,
    codeBits,
    period,
  };
}

/** Probability that a uniformly random 127-bit word decodes: 2^64 · V(127, 10) / 2^127. */
const RANDOM_DECODE_PROBABILITY = (() => {
  let volume = 0;
  let binomial = 1;
  for (let i = 0; i <= BCH_T; i++) {
    volume += binomial;
    binomial = (binomial * (BCH_N - i)) / (i + 1);
  }
  return volume / 2 ** (BCH_N - BCH_K);
})();

/** The pilot chips interpolated onto fold bins exactly as the embedder interpolates them onto pixels. */
const PILOT_PLAIN: Float64Array = (() => {
  const chips = pilotChips();
  const ref = new Float64Array(FOLD * FOLD);
  for (let by = 0; by < FOLD; by++) {
    for (let bx = 0; bx < FOLD; bx++) {
      // Fold bin b covers work pixel b of an uncropped image: cell coordinate (b + 0.5) / 2 − 0.5.
      ref[by * FOLD + bx] = bilinearCells(chips, (bx + 0.5) / 2 - 0.5, (by + 0.5) / 2 - 0.5);
    }
  }
  return ref;
})();

/**
 * The reference for `whiten`'s plane, which goes through a neighbour filter (watermark-plane.ts):
 * filtering the reference the same way makes the correlation a matched filter.
 */
const PILOT_REFERENCE: Float64Array = (() => {
  const filtered = new Float64Array(PILOT_PLAIN.length);
  const at = (x: number, y: number) => PILOT_PLAIN[wrap(y) * FOLD + wrap(x)];
  for (let y = 0; y < FOLD; y++) {
    for (let x = 0; x < FOLD; x++) filtered[y * FOLD + x] = at(x, y) - 0.25 * (at(x - 2, y) + at(x + 2, y) + at(x, y - 2) + at(x, y + 2));
  }
  return filtered;
})();

const PILOT_SPECTRUM = spectrumOf(PILOT_REFERENCE, FOLD);
const PILOT_SPECTRUM_PLAIN = spectrumOf(PILOT_PLAIN, FOLD);

function bilinearCells(chips: Float32Array, u: number, v: number): number {
  const i0 = Math.floor(u);
  const j0 = Math.floor(v);
  const fx = u - i0;
  const fy = v - j0;
  const at = (i: number, j: number) => chips[(((j % TILE) + TILE) % TILE) * TILE + (((i % TILE) + TILE) % TILE)];
  const top = at(i0, j0) + (at(i0 + 1, j0) - at(i0, j0)) * fx;
  const bottom = at(i0, j0 + 1) + (at(i0 + 1, j0 + 1) - at(i0, j0 + 1)) * fx;
  return top + (bottom - top) * fy;
}

function sampleCyclic(fold: Float64Array, x: number, y: number): number {
  const x0 = Math.floor(x);
  const y0 = Math.floor(y);
  const fx = x - x0;
  const fy = y - y0;
  const a = wrap(x0);
  const b = wrap(x0 + 1);
  const r0 = wrap(y0) * FOLD;
  const r1 = wrap(y0 + 1) * FOLD;
  const top = fold[r0 + a] + (fold[r0 + b] - fold[r0 + a]) * fx;
  const bottom = fold[r1 + a] + (fold[r1 + b] - fold[r1 + a]) * fx;
  return top + (bottom - top) * fy;
}

function wrap(i: number): number {
  return ((i % FOLD) + FOLD) % FOLD;
}

/** A rectangle of the work plane (x0 ≤ x < x1, y0 ≤ y < y1). */
interface Region {
  x0: number;
  x1: number;
  y0: number;
  y1: number;
}

/** Averages every tile of the whitened plane (or of `region` of it) onto one FOLD×FOLD tile, given the period in work pixels. */
function foldTiles(work: Plane, period: [number, number], region?: Region): Float64Array {
  const { width, data } = work;
  const { x0, x1, y0, y1 } = region ?? { x0: 0, x1: width, y0: 0, y1: work.height };
  const sum = new Float64Array(FOLD * FOLD);
  const count = new Float64Array(FOLD * FOLD);
  const binAt = (v: number, p: number) => Math.min(FOLD - 1, Math.floor((((v / p) % 1) + 1) % 1 * FOLD));
  const binX = new Int32Array(width);
  for (let x = x0; x < x1; x++) binX[x] = binAt(x, period[0]);
  for (let y = y0; y < y1; y++) {
    const row = binAt(y, period[1]) * FOLD;
    const o = y * width;
    for (let x = x0; x < x1; x++) {
      sum[row + binX[x]] += data[o + x];
      count[row + binX[x]]++;
    }
  }
  for (let i = 0; i < sum.length; i++) sum[i] = count[i] > 0 ? sum[i] / count[i] : 0;
  return sum;
}

/** Upper tail of the standard normal, P(Z > z), accurate to ~1e-7 relative (Abramowitz–Stegun 7.1.26 via erfc). */
function normalTail(z: number): number {
  if (z < 0) return 1 - normalTail(-z);
  const x = z / Math.SQRT2;
  // For large z use the asymptotic form, which stays accurate far into the tail.
  if (x > 3) return (Math.exp(-x * x) / (x * Math.sqrt(Math.PI))) * (1 - 1 / (2 * x * x) + 3 / (4 * x ** 4)) / 2;
  const t = 1 / (1 + 0.3275911 * x);
  const poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  return (poly * Math.exp(-x * x)) / 2;
}
