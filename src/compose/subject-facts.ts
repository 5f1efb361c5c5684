import { kernelRegions, pixelKernels } from '../image/simd/pixels.js';
import type { Plane, Rect, RgbaImage } from '../image/types.js';
import { noiseSigma } from './grain.js';
import { measureRegion, type RegionStats } from './harmonize.js';

/**
 * What compose measures of the subject alone — its light, its noise, its detail — does not depend on the
 * scene. A re-prompt composes the same placed subject over a new background, so these are kept with the
 * layer (a WeakMap on its pixel buffer: they go when the layer goes) and computed once per subject.
 * Layers are treated as immutable, as compose treats all its inputs: a caller that rewrites a layer's
 * pixels in place must pass a new buffer.
 */
export interface SubjectFacts {
  /** The subject's own light (pixels with alpha ≥ 128). */
  own: RegionStats;
  /** Noise of its fully opaque pixels (see `noiseSigma`). */
  noise: number;
  /** Luma Laplacian (4c − w − e − n − s of r + 2g + b) where the layer and its 4 neighbours' centre is opaque, else 0; made on first use. */
  laplacian(): Int16Array;
  /** Per layer row, the longest run of fully opaque pixels as [start, end) pairs (`opaqueRuns`); made on first use. */
  opaqueRuns(): Int32Array;
  /** The layer's block-averaged, blurred alpha on a canvas, per placement and blur (made on first use). */
  matte(key: string, make: () => Plane): Plane;
}

const FACTS = new WeakMap<Uint8Array, { width: number; height: number; facts: SubjectFacts }>();

/**
 * The subject's facts, measured on first use and then remembered for this layer buffer.
 *
 * @example const { own, noise } = subjectFacts(layer);
 */
export function subjectFacts(layer: RgbaImage): SubjectFacts {
  const hit = FACTS.get(layer.data);
  if (hit && hit.width === layer.width && hit.height === layer.height) return hit.facts;
  const facts = measureSubject(layer);
  FACTS.set(layer.data, { width: layer.width, height: layer.height, facts });
  return facts;
}

function measureSubject(layer: RgbaImage): SubjectFacts {
  const rect: Rect = { x: 0, y: 0, width: layer.width, height: layer.height };
  const n = layer.width * layer.height;
  const own = measureRegion(layer, rect, (i) => (layer.data[i * 4 + 3] >= 128 ? 1 : 0), undefined, 2);
  const noise = noiseSigma(layer, rect, (i) => i >= 0 && i < n && layer.data[i * 4 + 3] === 255, 2);
  let laplacian: Int16Array | null = null;
  let runs: Int32Array | null = null;
  const mattes = new Map<string, Plane>();
  return {
    own,
    noise,
    laplacian: () => (laplacian ??= lumaLaplacian(layer)),
    opaqueRuns: () => (runs ??= opaqueRuns(layer)),
    matte: (key, make) => {
      let m = mattes.get(key);
      if (!m) {
        m = make();
        // A subject is placed on one or two canvas sizes; a handful of entries is all a session needs.
        if (mattes.size >= 4) mattes.delete(mattes.keys().next().value!);
        mattes.set(key, m);
      }
      return m;
    },
  };
}

/** Rows of the layer the SIMD Laplacian takes at a time. */
const LAPLACIAN_BAND = 64;

/**
 * The sharpening signal of a layer: the Laplacian of (r + 2g + b) at opaque pixels that are not on the
 * layer's border, 0 elsewhere (at the matte's edge the photo's old background would sharpen into a halo).
 */
export function lumaLaplacian(layer: RgbaImage): Int16Array {
  const { data, width, height } = layer;
  const out = new Int16Array(width * height);
  const kernels = pixelKernels();
  if (kernels && height >= 3 && width >= 3) {
    // Bands of rows (with the row above and below) go through kernel memory, which then stays small:
    // about 2× faster than the loop below, the same numbers.
    const at = kernelRegions({ px: 4 * width * (LAPLACIAN_BAND + 2), out: 2 * width * (LAPLACIAN_BAND + 2) });
    const { u8, i16 } = kernels.memory(at.end);
    for (let y0 = 1; y0 < height - 1; y0 += LAPLACIAN_BAND) {
      const rows = Math.min(LAPLACIAN_BAND, height - 1 - y0);
      u8.set(data.subarray((y0 - 1) * width * 4, (y0 + rows + 1) * width * 4), at.px);
      kernels.lumaLaplacian(at.px, at.out, width, rows + 2);
      out.set(i16.subarray((at.out >> 1) + width, (at.out >> 1) + (rows + 1) * width), y0 * width);
    }
    return out;
  }
  let up = new Int32Array(width);
  let mid = new Int32Array(width);
  let down = new Int32Array(width);
  const luma = (y: number, row: Int32Array) => {
    for (let x = 0, i = y * width * 4; x < width; x++, i += 4) row[x] = data[i] + 2 * data[i + 1] + data[i + 2];
  };
  if (height < 3 || width < 3) return out;
  luma(0, mid);
  luma(1, down);
  for (let y = 1; y < height - 1; y++) {
    [up, mid, down] = [mid, down, up];
    luma(y + 1, down);
    laplacianRow(out, data, y * width, width, up, mid, down);
  }
  return out;
}

function laplacianRow(out: Int16Array, alpha: Uint8Array, start: number, width: number, up: Int32Array, mid: Int32Array, down: Int32Array): void {
  for (let x = 1; x < width - 1; x++) {
    if (alpha[(start + x) * 4 + 3] !== 255) continue;
    out[start + x] = 4 * mid[x] - mid[x - 1] - mid[x + 1] - up[x] - down[x];
  }
}

/**
 * For each row of a layer, the longest run of fully opaque (alpha 255) pixels, as `[start, end)` at
 * `2·y`, `2·y + 1` (an empty run is `[0, 0)`). Passes over the canvas skip the run without reading
 * alpha: the subject is painted over it.
 */
export function opaqueRuns(layer: RgbaImage): Int32Array {
  const { data, width, height } = layer;
  const out = new Int32Array(2 * height);
  for (let y = 0; y < height; y++) {
    let best = 0;
    let bestStart = 0;
    let start = -1;
    for (let x = 0, i = y * width * 4 + 3; x <= width; x++, i += 4) {
      const opaque = x < width && data[i] === 255;
      if (opaque && start < 0) start = x;
      else if (!opaque && start >= 0) {
        if (x - start > best) {
          best = x - start;
          bestStart = start;
        }
        start = -1;
      }
    }
    out[2 * y] = bestStart;
    out[2 * y + 1] = bestStart + best;
  }
  return out;
}
