import { SRGB_TO_LINEAR, clamp, linearToSrgb8, rgbToLab } from '../image/color.js';
import type { RgbaImage } from '../image/types.js';
import { createRandom } from '../image/random.js';

/**
 * Pure pieces of the harmonization evaluation: the iHarmony4 metrics, the seeded foreground perturbation
 * the synthetic set is built with, and the Reinhard colour-transfer baseline.
 */

export interface ImageScores {
  mse: number;
  psnr: number;
  /** MSE inside the mask only (the foreground), per channel, on 0..255 values. */
  fmse: number;
  fpsnr: number;
}

/** PSNR is capped so an exact match (MSE 0) does not make a mean infinite. */
const MAX_PSNR = 60;

export function psnr(mse: number): number {
  return mse <= 0 ? MAX_PSNR : Math.min(MAX_PSNR, 10 * Math.log10((255 * 255) / mse));
}

/** MSE, PSNR, fMSE and fPSNR of `image` against `truth`; foreground = `mask` ≥ 128. RGB only. */
export function scoreImage(image: RgbaImage, truth: RgbaImage, mask: Uint8Array): ImageScores {
  let all = 0;
  let fg = 0;
  let fgCount = 0;
  const a = image.data;
  const b = truth.data;
  for (let i = 0; i < mask.length; i++) {
    const o = i * 4;
    const d = (a[o] - b[o]) ** 2 + (a[o + 1] - b[o + 1]) ** 2 + (a[o + 2] - b[o + 2]) ** 2;
    all += d;
    if (mask[i] >= 128) {
      fg += d;
      fgCount++;
    }
  }
  const mse = all / (mask.length * 3);
  const fmse = fgCount ? fg / (fgCount * 3) : 0;
  return { mse, psnr: psnr(mse), fmse, fpsnr: psnr(fmse) };
}

/** The random light change one synthetic foreground gets, in the units a photographer would use. */
export interface Perturbation {
  stops: number;
  /** Log gain red-up/blue-down (warmer) when positive. */
  temperature: number;
  /** Log gain of green (green-magenta tint). */
  tint: number;
  contrast: number;
  saturation: number;
}

/**
 * A seeded plausible change of light and camera processing: exposure ±1 stop, white balance (temperature
 * and tint), contrast and saturation — the kinds of difference between two photos iHarmony4 simulates.
 */
export function randomPerturbation(seed: number): Perturbation {
  const rand = createRandom(seed);
  const u = (lo: number, hi: number) => lo + (hi - lo) * rand();
  return { stops: u(-1, 1), temperature: u(-0.3, 0.3), tint: u(-0.12, 0.12), contrast: u(0.8, 1.25), saturation: u(0.8, 1.2) };
}

/** Applies `p` to the pixels where mask ≥ 128 (in linear light). Returns a new image. */
export function perturbForeground(image: RgbaImage, mask: Uint8Array, p: Perturbation): RgbaImage {
  const out = new Uint8Array(image.data);
  const gains = [Math.exp(p.temperature), Math.exp(p.tint), Math.exp(-p.temperature)].map((g) => g * 2 ** p.stops);
  // Contrast turns around the foreground's own geometric-mean luminance, as a tone curve would.
  let sl = 0;
  let n = 0;
  for (let i = 0; i < mask.length; i++) {
    if (mask[i] < 128) continue;
    const o = i * 4;
    sl += Math.log(lum(SRGB_TO_LINEAR[out[o]], SRGB_TO_LINEAR[out[o + 1]], SRGB_TO_LINEAR[out[o + 2]]) + 0.005);
    n++;
  }
  const pivot = Math.exp(n ? sl / n : Math.log(0.18)) * 2 ** p.stops;
  for (let i = 0; i < mask.length; i++) {
    if (mask[i] < 128) continue;
    const o = i * 4;
    const c = [0, 1, 2].map((k) => {
      const v = SRGB_TO_LINEAR[out[o + k]] * gains[k];
      return pivot * (Math.max(0, v) / pivot) ** p.contrast;
    });
    const l = lum(c[0], c[1], c[2]);
    for (let k = 0; k < 3; k++) out[o + k] = linearToSrgb8(l + p.saturation * (c[k] - l));
  }
  return { data: out, width: image.width, height: image.height };
}

/**
 * Reinhard et al. 2001 colour transfer, done in CIELAB: the foreground's per-channel mean and standard
 * deviation are set to those of the whole background — or of the whole `target` image when given (a new
 * scene). The "plain global statistics" baseline.
 */
export function reinhardTransfer(image: RgbaImage, mask: Uint8Array, target?: RgbaImage): RgbaImage {
  const n = mask.length;
  const lab = new Float32Array(n * 3);
  const sums = [new Float64Array(3), new Float64Array(3)];
  const sq = [new Float64Array(3), new Float64Array(3)];
  const counts = [0, 0];
  for (let i = 0; i < n; i++) {
    const o = i * 4;
    const v = rgbToLab([image.data[o], image.data[o + 1], image.data[o + 2]]);
    const side = mask[i] >= 128 ? 0 : 1;
    if (side === 1 && target) continue;
    counts[side]++;
    for (let k = 0; k < 3; k++) {
      lab[i * 3 + k] = v[k];
      sums[side][k] += v[k];
      sq[side][k] += v[k] * v[k];
    }
  }
  if (target) {
    for (let o = 0; o < target.data.length; o += 4) {
      const v = rgbToLab([target.data[o], target.data[o + 1], target.data[o + 2]]);
      counts[1]++;
      for (let k = 0; k < 3; k++) {
        sums[1][k] += v[k];
        sq[1][k] += v[k] * v[k];
      }
    }
  }
  const out = new Uint8Array(image.data);
  if (counts[0] === 0 || counts[1] === 0) return { data: out, width: image.width, height: image.height };
  const mean = (s: number, k: number) => sums[s][k] / counts[s];
  const std = (s: number, k: number) => Math.sqrt(Math.max(1e-6, sq[s][k] / counts[s] - mean(s, k) ** 2));
  for (let i = 0; i < n; i++) {
    if (mask[i] < 128) continue;
    const v: [number, number, number] = [0, 0, 0];
    for (let k = 0; k < 3; k++) v[k] = (lab[i * 3 + k] - mean(0, k)) * (std(1, k) / std(0, k)) + mean(1, k);
    const rgb = labToRgb8(v);
    const o = i * 4;
    out[o] = rgb[0];
    out[o + 1] = rgb[1];
    out[o + 2] = rgb[2];
  }
  return { data: out, width: image.width, height: image.height };
}

/** CIELAB (D65) → 8-bit sRGB, clamped; the inverse of `rgbToLab`. */
export function labToRgb8(lab: readonly [number, number, number]): [number, number, number] {
  const fy = (lab[0] + 16) / 116;
  const fx = fy + lab[1] / 500;
  const fz = fy - lab[2] / 200;
  const inv = (t: number) => (t ** 3 > 216 / 24389 ? t ** 3 : (116 * t - 16) / (24389 / 27));
  const x = inv(fx) * 0.95047;
  const y = inv(fy);
  const z = inv(fz) * 1.08883;
  const r = 3.2406 * x - 1.5372 * y - 0.4986 * z;
  const g = -0.9689 * x + 1.8758 * y + 0.0415 * z;
  const b = 0.0557 * x - 0.204 * y + 1.057 * z;
  return [linearToSrgb8(clamp(r, 0, 1)), linearToSrgb8(clamp(g, 0, 1)), linearToSrgb8(clamp(b, 0, 1))];
}

function lum(r: number, g: number, b: number): number {
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}
