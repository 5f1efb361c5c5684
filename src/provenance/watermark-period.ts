import type { Plane } from '../image/types.js';
import { TILE } from './watermark-pattern.js';

/**
 * Tile period estimation for the watermark detector: after a crop, the tile repeats at a period (in work
 * pixels) that differs from the nominal FOLD, and the autocorrelation of the whitened plane peaks there.
 */

const FOLD = 2 * TILE;
/** Period search range relative to the nominal one: from a slight pad to a crop keeping 62% of the width. */
const PERIOD_MIN = 0.88;
const PERIOD_MAX = 1.6;

export interface AutocorrelationTable {
  /** Sums of products and their counts per lag (index = lag), along x and along y. */
  sumX: Float64Array;
  countX: Float64Array;
  sumY: Float64Array;
  countY: Float64Array;
}

const MIN_LAG = Math.floor(FOLD * PERIOD_MIN) - 3;
const MAX_LAG = Math.ceil(FOLD * PERIOD_MAX) + 3;

/** Autocorrelation sums for every lag in the search range, computed once and pooled as needed. */
export function autocorrelationTable(work: Plane): AutocorrelationTable {
  const table = {
    sumX: new Float64Array(MAX_LAG + 1),
    countX: new Float64Array(MAX_LAG + 1),
    sumY: new Float64Array(MAX_LAG + 1),
    countY: new Float64Array(MAX_LAG + 1),
  };
  for (let lag = MIN_LAG; lag <= MAX_LAG; lag++) {
    // Every other row (column) is enough to find the peak and halves the dominant cost of a search.
    [table.sumX[lag], table.countX[lag]] = autocorrelationSum(work, 'x', lag, 2);
    [table.sumY[lag], table.countY[lag]] = autocorrelationSum(work, 'y', lag, 2);
  }
  return table;
}

/**
 * Tile period from the autocorrelation of the whitened plane: the repeated tile makes a narrow peak at
 * the period, while natural images decay smoothly with lag, so the lag that stands out most above its
 * neighbours wins. `axis` 'xy' pools both directions (crops and uniform resizes keep cells square);
 * refined with a parabola and with the peak at twice the lag when the plane is long enough.
 */
export function estimatePeriods(work: Plane, table: AutocorrelationTable, axis: 'x' | 'y' | 'xy', count: number): number[] {
  const length = axis === 'x' ? work.width : axis === 'y' ? work.height : Math.max(work.width, work.height);
  const minLag = MIN_LAG + 3;
  const maxLag = Math.min(MAX_LAG - 3, length - 24);
  if (maxLag <= minLag + 4) return [FOLD];
  const auto = new Float64Array(maxLag + 4);
  for (let lag = minLag - 3; lag <= maxLag + 3; lag++) {
    const sum = (axis !== 'y' ? table.sumX[lag] : 0) + (axis !== 'x' ? table.sumY[lag] : 0);
    const n = (axis !== 'y' ? table.countX[lag] : 0) + (axis !== 'x' ? table.countY[lag] : 0);
    auto[lag] = n > 0 ? sum / n : 0;
  }
  const score = new Float64Array(maxLag + 1).fill(-Infinity);
  for (let lag = minLag; lag <= maxLag; lag++) score[lag] = auto[lag] - 0.5 * (auto[lag - 3] + auto[lag + 3]);
  const estimates: number[] = [];
  for (let c = 0; c < count; c++) {
    let bestLag = minLag;
    for (let lag = minLag; lag <= maxLag; lag++) if (score[lag] > score[bestLag]) bestLag = lag;
    if (score[bestLag] === -Infinity) break;
    // Suppress the chosen peak's neighbourhood so the next estimate is a different peak.
    for (let lag = Math.max(minLag, bestLag - 4); lag <= Math.min(maxLag, bestLag + 4); lag++) score[lag] = -Infinity;
    let estimate = bestLag + parabolicOffset(auto[bestLag - 1], auto[bestLag], auto[bestLag + 1]);
    // The peak at twice the period halves the estimation error.
    const double = Math.round(2 * estimate);
    if (double + 2 < length - 24) {
      const around = [-2, -1, 0, 1, 2].map((d) => autocorrelation(work, axis, double + d));
      let k = 1;
      for (let i = 1; i < 4; i++) if (around[i] > around[k]) k = i;
      estimate = (double + k - 2 + parabolicOffset(around[k - 1], around[k], around[k + 1])) / 2;
    }
    estimates.push(estimate);
  }
  return estimates;
}

/** Mean product of the plane with itself shifted by `lag` along x, y, or both pooled. */
function autocorrelation(work: Plane, axis: 'x' | 'y' | 'xy', lag: number): number {
  const [sumX, countX] = axis !== 'y' ? autocorrelationSum(work, 'x', lag) : [0, 0];
  const [sumY, countY] = axis !== 'x' ? autocorrelationSum(work, 'y', lag) : [0, 0];
  return countX + countY > 0 ? (sumX + sumY) / (countX + countY) : 0;
}

/** Sum of products at one lag along one axis (over every `stride`-th line across it), and their count. */
function autocorrelationSum(work: Plane, axis: 'x' | 'y', lag: number, stride = 1): [number, number] {
  const { width, height, data } = work;
  let sum = 0;
  let count = 0;
  if (axis === 'x') {
    if (lag >= width) return [0, 0];
    for (let y = 0; y < height; y += stride) {
      const o = y * width;
      for (let x = 0; x + lag < width; x++) sum += data[o + x] * data[o + x + lag];
      count += width - lag;
    }
    return [sum, count];
  }
  if (lag >= height) return [0, 0];
  const offset = lag * width;
  for (let y = 0; y + lag < height; y++) {
    const o = y * width;
    for (let x = 0; x < width; x += stride) sum += data[o + x] * data[o + x + offset];
    count += Math.ceil(width / stride);
  }
  return [sum, count];
}

/** Sub-sample offset (−0.5…0.5) of the top of a parabola through three equally spaced values; 0 when not a peak. */
export function parabolicOffset(left: number, centre: number, right: number): number {
  const denominator = left - 2 * centre + right;
  if (denominator >= 0) return 0;
  const offset = (0.5 * (left - right)) / denominator;
  return Math.max(-0.5, Math.min(0.5, offset));
}
