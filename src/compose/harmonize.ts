import type { LightEstimate } from '../backends/types.js';
import { SRGB_TO_LINEAR, clamp, linearToSrgb8 } from '../image/color.js';
import type { Plane, Rect, RgbaImage } from '../image/types.js';

/**
 * Harmonization: change the subject the way a change of light would — per-channel gains in linear light
 * (white balance), one exposure factor and a mild contrast curve, all bounded. No hue rotations, no
 * per-pixel repainting: the subject stays recognisably itself (skin stays skin).
 */

/** What the light in a region looks like, measured in linear light. */
export interface RegionStats {
  /** Shades-of-grey illuminant estimate (Minkowski p-norm per channel), linear RGB. */
  grey: [number, number, number];
  /**
   * Log luminance of the shades-of-grey estimate at p = 16 (`HIGHLIGHT_P`): the level of the region's
   * brightest surfaces, which tracks the light more closely than the mean does (`exposureFrom: 'highlight'`).
   */
  highlight: number;
  /** Mean of log luminance (the geometric-mean exposure). */
  logLum: number;
  /** Spread of log luminance (contrast). */
  logLumStd: number;
  /** Sum of weights that went in: 0 means "nothing measured". */
  weight: number;
}

/** A light change as data: `out_c = pivot·(gain_c·in_c / pivot)^contrast` in linear light. */
export interface LightTransform {
  gains: [number, number, number];
  contrast: number;
  /** Linear luminance the contrast curve turns around (after the gains). */
  pivot: number;
}

export const IDENTITY_TRANSFORM: LightTransform = { gains: [1, 1, 1], contrast: 1, pivot: 0.18 };

/** Tuning of `harmonizeTransform`; defaults chosen with `scenic eval harmonize` (see README). */
export interface HarmonizeTuning {
  /** Minkowski norm of the shades-of-grey illuminant estimate (1 = grey world, large = white patch). */
  p: number;
  /** Fraction of the white-balance difference to correct at strength 1. */
  colour: number;
  /** Fraction of the exposure difference to correct at strength 1. */
  exposure: number;
  /**
   * What the exposure difference is read from: 'mean' (the geometric-mean luminance, `logLum`), 'grey'
   * (the luminance of the shades-of-grey estimate at `p`: how bright the light's brightest surfaces come
   * out) or 'highlight' (the same at p = 16, `highlight`: closer still to the brightest surfaces).
   */
  exposureFrom: 'mean' | 'grey' | 'highlight';
  /** Fraction of the contrast difference to correct at strength 1. */
  contrast: number;
  /** Largest white-balance gain ratio between any two channels (bounds the change to what light can do). */
  maxGain: number;
  /** Largest exposure change, in stops. */
  maxStops: number;
  /** Contrast exponent bounds. */
  minContrast: number;
  maxContrast: number;
  /** How much a backend's light estimate counts against the measured background (0..1). */
  lightWeight: number;
}

export const DEFAULT_TUNING: HarmonizeTuning = {
  // Chosen with `scenic eval harmonize`: in natural photos the subject's and the scene's white points differ
  // by about as much as a white-balance error (so colour is corrected most of the way, bounded at ±0.3 in
  // log gain), while their exposures differ by far more than an exposure error (so exposure only a little).
  p: 8,
  colour: 0.8,
  exposure: 0.15,
  exposureFrom: 'mean',
  contrast: 0.1,
  maxGain: 1.35,
  maxStops: 0.5,
  minContrast: 0.85,
  maxContrast: 1.2,
  lightWeight: 0.35,
}

const LR = 0.2126;
const LG = 0.7152;
const LB = 0.0722;
const EPS = 1e-4;
/** Minkowski norm of `RegionStats.highlight`. */
export const HIGHLIGHT_P = 16;

/**
 * Measures a region of `image` inside `rect`, each pixel weighted by `weight(index)` (0 skips it).
 * Samples every `step`-th pixel in both directions: statistics do not need every pixel and this keeps
 * compose inside its time budget.
 */
export function measureRegion(image: RgbaImage, rect: Rect, weight: (pixelIndex: number) => number, p: number = DEFAULT_TUNING.p, step = 1): RegionStats {
  const { data, width } = image;
  // Statistics settle long before every pixel is read: cap the samples at about 60k.
  const stride = Math.max(step, Math.ceil(Math.sqrt((rect.width * rect.height) / 60_000)));
  const pow = powTable(p);
  const powH = powTable(HIGHLIGHT_P);
  let w = 0;
  let hr = 0;
  let hg = 0;
  let hb = 0;
  let sr = 0;
  let sg = 0;
  let sb = 0;
  let sl = 0;
  let sl2 = 0;
  const x1 = rect.x + rect.width;
  const y1 = rect.y + rect.height;
  for (let y = rect.y; y < y1; y += stride) {
    for (let x = rect.x; x < x1; x += stride) {
      const i = y * width + x;
      const k = weight(i);
      if (k <= 0) continue;
      const o = i * 4;
      sr += k * pow[data[o]];
      sg += k * pow[data[o + 1]];
      sb += k * pow[data[o + 2]];
      hr += k * powH[data[o]];
      hg += k * powH[data[o + 1]];
      hb += k * powH[data[o + 2]];
      const l = LOG_LUM[Math.round((LR * SRGB_TO_LINEAR[data[o]] + LG * SRGB_TO_LINEAR[data[o + 1]] + LB * SRGB_TO_LINEAR[data[o + 2]]) * LOG_STEPS)];
      sl += k * l;
      sl2 += k * l * l;
      w += k;
    }
  }
  if (w === 0) return { grey: [0.18, 0.18, 0.18], highlight: Math.log(0.18), logLum: Math.log(0.185), logLumStd: 1, weight: 0 };
  const mean = sl / w;
  const h = 1 / HIGHLIGHT_P;
  return {
    grey: [(sr / w) ** (1 / p), (sg / w) ** (1 / p), (sb / w) ** (1 / p)],
    highlight: Math.log(Math.max(EPS, LR * (hr / w) ** h + LG * (hg / w) ** h + LB * (hb / w) ** h)),
    logLum: mean,
    logLumStd: Math.sqrt(Math.max(0, sl2 / w - mean * mean)),
    weight: w,
  };
}

const LOG_STEPS = 8192;
/** log(luminance + 0.005): the offset keeps black from dominating the geometric mean. */
const LOG_LUM = Float64Array.from({ length: LOG_STEPS + 1 }, (_, i) => Math.log(i / LOG_STEPS + 0.005));
const POW_TABLES = new Map<number, Float64Array>();

/** linear(code value)^p for all 256 code values, cached per p. */
function powTable(p: number): Float64Array {
  let t = POW_TABLES.get(p);
  if (!t) {
    t = Float64Array.from({ length: 256 }, (_, v) => SRGB_TO_LINEAR[v] ** p);
    POW_TABLES.set(p, t);
  }
  return t;
}

/** Chromaticity of a linear colour with its luminance divided out, so only the colour of light is left. */
function chroma(c: readonly [number, number, number]): [number, number, number] {
  const l = Math.max(EPS, LR * c[0] + LG * c[1] + LB * c[2]);
  return [Math.max(EPS, c[0] / l), Math.max(EPS, c[1] / l), Math.max(EPS, c[2] / l)];
}

/**
 * Tuning when the subject's own photo is known (`photoLight`): the reference then carries the photo's light
 * rather than the subject's colours, so exposure follows the scene further, read from the p = 16
 * shades-of-grey levels (`highlight`: the brightest surfaces track the light; the mean luminance mostly
 * tracks what is in the frame). Share 0.75: at the compose strength 0.8 that is the least-squares slope
 * (0.59) of the true exposure change on the highlight difference. Chosen on the tuning split of the relight
 * set (`scenic eval harmonize`, README "Blending").
 */
export const RELIGHT_TUNING: HarmonizeTuning = { ...DEFAULT_TUNING, exposure: 0.75, exposureFrom: 'highlight' };

/** Fewer samples than this around the subject in its photo do not say what its light was. */
const MIN_SURROUNDINGS = 400;

/**
 * The light of the subject's own photo near it: the subject and its surroundings (measured outside the
 * matte) with equal weight, as a camera balances the whole frame. Comparing a new scene with this instead
 * of with the subject alone carries the change of light, not the subject's own colours (a red coat is not
 * pulled towards the scene's colour). Null without enough surroundings (a subject filling its photo). Pure.
 *
 * @example harmonizeTransform(own, scene, 0.8, light, RELIGHT_TUNING, photoLight(own, surroundings))
 */
export function photoLight(subject: RegionStats, surroundings: RegionStats): RegionStats | null {
  if (surroundings.weight < MIN_SURROUNDINGS || subject.weight === 0) return null;
  const mix = (a: number, b: number) => (a + b) / 2;
  return {
    grey: [0, 1, 2].map((c) => Math.exp(mix(Math.log(Math.max(EPS, subject.grey[c])), Math.log(Math.max(EPS, surroundings.grey[c]))))) as [number, number, number],
    highlight: mix(subject.highlight, surroundings.highlight),
    logLum: mix(subject.logLum, surroundings.logLum),
    logLumStd: mix(subject.logLumStd, surroundings.logLumStd),
    weight: subject.weight + surroundings.weight,
  };
}

/**
 * What compose gives a subject (`own`: its measured light): the change from its photo's light (`photoLight`,
 * with `tuning`) to the scene's when the photo's `surroundings` say enough, else the change from its own
 * light (`DEFAULT_TUNING`), as when the photo is unknown. Pure.
 *
 * @example storyTransform(facts.own, measureRegion(background, ring, () => 1), 0.8, light, surroundings)
 */
export function storyTransform(own: RegionStats, scene: RegionStats, strength: number, light?: LightEstimate, surroundings?: RegionStats, tuning: HarmonizeTuning = RELIGHT_TUNING): LightTransform {
  const photo = surroundings && photoLight(own, surroundings);
  return photo ? harmonizeTransform(own, scene, strength, light, tuning, photo) : harmonizeTransform(own, scene, strength, light);
}

/**
 * The light change that moves the subject towards the `scene`'s light, scaled by `strength` (0 = identity,
 * 1 = the tuned full correction). The change is measured from `reference` — the subject's own light by
 * default, or its photo's (`photoLight`, with `RELIGHT_TUNING`) — and the contrast turns around the
 * subject's mean. A backend's `light` estimate, when given, is blended into the scene's white point. Pure.
 *
 * @example harmonizeTransform(measureRegion(layer, rect, alphaWeight), measureRegion(bg, ring, () => 1), 0.8)
 */
export function harmonizeTransform(subject: RegionStats, scene: RegionStats, strength: number, light?: LightEstimate, tuning: HarmonizeTuning = DEFAULT_TUNING, reference: RegionStats = subject): LightTransform {
  const s = clamp(strength, 0, 1);
  if (s === 0 || reference.weight === 0 || scene.weight === 0) return { ...IDENTITY_TRANSFORM, pivot: Math.exp(subject.logLum) };
  let target = chroma(scene.grey);
  if (light) {
    // The key light plus the ambient fill is what falls on a subject standing in the scene.
    const k = Math.max(0, light.intensity);
    const lit = chroma([light.colour[0] * k + light.ambient[0] * 0.5, light.colour[1] * k + light.ambient[1] * 0.5, light.colour[2] * k + light.ambient[2] * 0.5]);
    const lw = tuning.lightWeight;
    target = [Math.exp((1 - lw) * Math.log(target[0]) + lw * Math.log(lit[0])), Math.exp((1 - lw) * Math.log(target[1]) + lw * Math.log(lit[1])), Math.exp((1 - lw) * Math.log(target[2]) + lw * Math.log(lit[2]))];
  }
  const own = chroma(reference.grey);
  const a = s * tuning.colour;
  const bound = Math.log(tuning.maxGain);
  const logGains = [0, 1, 2].map((c) => a * Math.log(target[c] / own[c]));
  // Bound the spread between channels, not each channel: that is what keeps hues in their family (skin
  // stays skin) while the overall direction of the change is kept.
  const spread = Math.max(...logGains) - Math.min(...logGains);
  const shrink = spread > bound ? bound / spread : 1;
  const gains: [number, number, number] = [Math.exp(logGains[0] * shrink), Math.exp(logGains[1] * shrink), Math.exp(logGains[2] * shrink)];
  // White balance must not change brightness: exposure is decided separately.
  const gl = LR * gains[0] + LG * gains[1] + LB * gains[2];
  const stopsLn = Math.LN2 * tuning.maxStops;
  const level = (r: RegionStats) => {
    if (tuning.exposureFrom === 'highlight') return r.highlight;
    return tuning.exposureFrom === 'grey' ? Math.log(Math.max(EPS, LR * r.grey[0] + LG * r.grey[1] + LB * r.grey[2])) : r.logLum;
  };
  let logExposure = clamp(s * tuning.exposure * (level(scene) - level(reference)), -stopsLn, stopsLn);
  if (light) logExposure += s * lightExposure(light);
  const exposure = Math.exp(logExposure);
  for (let c = 0; c < 3; c++) gains[c] = (gains[c] / gl) * exposure;
  const ratio = scene.logLumStd / Math.max(0.05, reference.logLumStd);
  const contrast = clamp(ratio ** (s * tuning.contrast), tuning.minContrast, tuning.maxContrast);
  return { gains, contrast, pivot: Math.exp(subject.logLum) * exposure };
}

/** Key plus half the ambient of a clear noon, the light a photo subject is usually exposed for. */
const DAYLIGHT_LEVEL = 1.2;

/**
 * Log exposure change (≤ 0) a backend's light estimate calls for: a subject shot in daylight carried into
 * a dusk or night scene must get darker. Half the log ratio to daylight, at most 1.5 stops; never
 * brighter, since a photo that was shot dark has no detail to bring up. Unlike the measured background,
 * the estimate says how much light there is, not how bright the scenery's materials are.
 */
export function lightExposure(light: LightEstimate): number {
  const ambient = LR * light.ambient[0] + LG * light.ambient[1] + LB * light.ambient[2];
  const level = Math.max(1e-3, Math.max(0, light.intensity) + 0.5 * ambient);
  return clamp(0.5 * Math.log(level / DAYLIGHT_LEVEL), -1.5 * Math.LN2, 0);
}

/** Per-channel tables: 8-bit sRGB in → linear light out, with the transform applied. */
export function transformTables(t: LightTransform): [Float32Array, Float32Array, Float32Array] {
  const tables: [Float32Array, Float32Array, Float32Array] = [new Float32Array(256), new Float32Array(256), new Float32Array(256)];
  const pivot = Math.max(EPS, t.pivot);
  for (let c = 0; c < 3; c++) {
    const lut = tables[c];
    for (let v = 0; v < 256; v++) {
      const lin = SRGB_TO_LINEAR[v] * t.gains[c];
      lut[v] = t.contrast === 1 ? lin : pivot * (lin / pivot) ** t.contrast;
    }
  }
  return tables;
}

/** Applies a light transform to every pixel of an image (alpha untouched). Returns a new image. */
export function applyTransform(image: RgbaImage, t: LightTransform): RgbaImage {
  const [lr, lg, lb] = transformTables(t);
  // Map straight to 8-bit once per code value: the transform is per channel, so 3×256 entries cover it.
  const r8 = new Uint8Array(256);
  const g8 = new Uint8Array(256);
  const b8 = new Uint8Array(256);
  for (let v = 0; v < 256; v++) {
    r8[v] = linearToSrgb8(lr[v]);
    g8[v] = linearToSrgb8(lg[v]);
    b8[v] = linearToSrgb8(lb[v]);
  }
  const src = image.data;
  const out = new Uint8Array(src.length);
  for (let o = 0; o < src.length; o += 4) {
    out[o] = r8[src[o]];
    out[o + 1] = g8[src[o + 1]];
    out[o + 2] = b8[src[o + 2]];
    out[o + 3] = src[o + 3];
  }
  return { data: out, width: image.width, height: image.height };
}

/** `rect` grown by `fraction` of its size on every side, clipped to width×height. */
export function growRect(rect: Rect, fraction: number, width: number, height: number): Rect {
  const dx = Math.round(rect.width * fraction);
  const dy = Math.round(rect.height * fraction);
  const x0 = Math.max(0, rect.x - dx);
  const y0 = Math.max(0, rect.y - dy);
  const x1 = Math.min(width, rect.x + rect.width + dx);
  const y1 = Math.min(height, rect.y + rect.height + dy);
  return { x: x0, y: y0, width: Math.max(0, x1 - x0), height: Math.max(0, y1 - y0) };
}

/**
 * The light around a subject in its own photo (for `StoryInput.surroundings`): a ring of half the subject's
 * box around it, only where the matte — at any resolution, stretched over the photo — is below 0.05.
 *
 * @example measureSurroundings(photo, selection.matte, selection.bounds)
 */
export function measureSurroundings(photo: RgbaImage, matte: Plane, box: Rect): RegionStats {
  const { width, height } = photo;
  const sx = matte.width / width;
  const sy = matte.height / height;
  const ring = growRect(box, 0.5, width, height);
  return measureRegion(photo, ring, (i) => {
    const x = i % width;
    const y = (i - x) / width;
    return matte.data[Math.floor(y * sy) * matte.width + Math.floor(x * sx)] < 0.05 ? 1 : 0;
  });
}
