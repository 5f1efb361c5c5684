import type { Rect, RgbaImage } from '../image/types.js';
import { hash2 } from '../image/random.js';

/**
 * Noise level (standard deviation, in 8-bit code values) of the luma of `image` inside `rect`, counting
 * only pixels whose 3×3 neighbourhood passes `inside`. Immerkær's Laplacian-difference operator cancels
 * smooth shading; taking the median of its response (not the mean) keeps edges and texture from being
 * read as noise. Samples every `step`-th pixel.
 *
 * @example noiseSigma(background, ring, () => true, 2) // ≈ 4 for a photo shot at ISO 1600
 */
export function noiseSigma(image: RgbaImage, rect: Rect, inside: (pixelIndex: number) => boolean, step = 2): number {
  const { data, width, height } = image;
  const luma = (i: number) => 0.299 * data[i * 4] + 0.587 * data[i * 4 + 1] + 0.114 * data[i * 4 + 2];
  const histogram = new Uint32Array(1024);
  let n = 0;
  // About 15k samples are plenty for a median read in half-code-value bins (compose runs it twice per edit).
  const stride = Math.max(step, Math.ceil(Math.sqrt((rect.width * rect.height) / 15_000)));
  const x0 = Math.max(1, rect.x);
  const y0 = Math.max(1, rect.y);
  const x1 = Math.min(width - 1, rect.x + rect.width);
  const y1 = Math.min(height - 1, rect.y + rect.height);
  for (let y = y0; y < y1 - 1; y += stride) {
    for (let x = x0; x < x1 - 1; x += stride) {
      const i = y * width + x;
      if (!inside(i - width - 1) || !inside(i + width + 1) || !inside(i - width + 1) || !inside(i + width - 1)) continue;
      const v =
        luma(i - width - 1) - 2 * luma(i - width) + luma(i - width + 1) -
        2 * luma(i - 1) + 4 * luma(i) - 2 * luma(i + 1) +
        luma(i + width - 1) - 2 * luma(i + width) + luma(i + width + 1);
      histogram[Math.min(1023, Math.round(Math.abs(v) * 2))]++;
      n++;
    }
  }
  if (n < 50) return 0;
  let seen = 0;
  let median = 0;
  for (let b = 0; b < 1024; b++) {
    seen += histogram[b];
    if (seen >= n / 2) {
      median = b / 2;
      break;
    }
  }
  // The operator's response to unit white noise has σ = 6; the median of |N(0,σ)| is 0.6745σ.
  return median / (0.6745 * 6);
}

/** Zero-mean, unit-variance grain at a pixel, the same for the same seed (three hashed uniforms). */
export function grainAt(x: number, y: number, seed: number): number {
  return (hash2(x, y, seed) + hash2(x, y, seed + 1) + hash2(x, y, seed + 2) - 1.5) * 2;
}

/** Side of the grain tile: 256 px repeats are invisible in fine grain and keep compose fast. */
export const GRAIN_TILE = 256;

/** A `GRAIN_TILE`² tile of `grainAt` values for one seed; index it with `(y & 255) * 256 + (x & 255)`. */
export function grainTile(seed: number): Float32Array {
  const cached = TILES.get(seed);
  if (cached) return cached;
  const tile = new Float32Array(GRAIN_TILE * GRAIN_TILE);
  for (let y = 0; y < GRAIN_TILE; y++) for (let x = 0; x < GRAIN_TILE; x++) tile[y * GRAIN_TILE + x] = grainAt(x, y, seed);
  // Variations of one edit reuse their seeds' tiles; a handful is all a session needs.
  if (TILES.size >= 8) TILES.delete(TILES.keys().next().value!);
  TILES.set(seed, tile);
  return tile;
}

const TILES = new Map<number, Float32Array>();

/** Grain to add to the subject so its noise matches the scene's: σ² adds, so only the difference is added. */
export function grainToAdd(sceneSigma: number, subjectSigma: number): number {
  const add = Math.sqrt(Math.max(0, sceneSigma * sceneSigma - subjectSigma * subjectSigma));
  // Below half a code value it is invisible; above 8 the scene is too noisy to copy faithfully.
  return add < 0.5 ? 0 : Math.min(8, add);
}

/**
 * Sharpness matching: a subject enlarged by `scale` onto the canvas is softer than the scene drawn at
 * canvas resolution. Returns the amount of a one-pixel unsharp mask (luma Laplacian) that gives back
 * about the detail the enlargement spread out, or 0 when it was not enlarged enough to show
 * (scale ≤ 1.2). Shrunk subjects are already as sharp as the canvas allows.
 *
 * @example sharpenFor(2) // 0.5
 */
export function sharpenFor(scale: number): number {
  if (!(scale > 1.2)) return 0;
  return Math.min(0.8, 0.5 * (scale - 1));
}
