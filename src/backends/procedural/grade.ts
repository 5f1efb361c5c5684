import { clamp } from '../../image/color.js';
import type { Rgb } from '../../image/types.js';
import type { Canvas } from './canvas.js';

/** A colour grade as numbers; styles add into one of these and it is applied in a single pass. */
interface Grade {
  exposure: number;
  /** Tone curve power: above 1 darkens shadows and mids but keeps lights bright (neon stays neon). */
  gamma: number;
  contrast: number;
  saturation: number;
  lift: number;
  gain: number;
  warmth: number;
  shadowTint?: Rgb;
  shadowAmount: number;
  highlightTint?: Rgb;
  highlightAmount: number;
  mono?: Rgb;
  bw: boolean;
  vignette: number;
  bloom: number;
  grain: number;
}

type Tweak = Partial<Omit<Grade, 'bw' | 'mono'>> & { bw?: boolean };

/** What each style does. Multiplicative fields multiply, additive ones add; tints: the last one wins. */
const STYLE_GRADES: Readonly<Record<string, Tweak>> = {
  dreamy: { saturation: 0.9, lift: 18, contrast: 0.9, highlightTint: [255, 200, 232], highlightAmount: 0.14, bloom: 0.35 },
  moody: { exposure: 0.8, contrast: 1.15, saturation: 0.7, shadowTint: [20, 60, 80], shadowAmount: 0.18, vignette: 0.35 },
  vibrant: { saturation: 1.4, contrast: 1.08 },
  minimal: { saturation: 0.8, lift: 12, contrast: 0.9 },
  vintage: { warmth: 0.08, saturation: 0.7, lift: 30, gain: 0.92, highlightTint: [255, 220, 160], highlightAmount: 0.12, vignette: 0.3, grain: 10 },
  film: { lift: 14, saturation: 0.9, shadowTint: [20, 60, 46], shadowAmount: 0.1, highlightTint: [255, 228, 196], highlightAmount: 0.08, grain: 9 },
  cinematic: { contrast: 1.12, shadowTint: [0, 80, 100], shadowAmount: 0.22, highlightTint: [255, 170, 90], highlightAmount: 0.15, vignette: 0.25 },
  soft: { contrast: 0.85, lift: 12, saturation: 0.9, bloom: 0.15 },
  dramatic: { contrast: 1.35, exposure: 0.92, vignette: 0.5, saturation: 1.05 },
  pastel: { lift: 45, saturation: 0.75, contrast: 0.85 },
  neon: { saturation: 1.6, contrast: 1.15, exposure: 0.9, bloom: 0.3 },
  'black-and-white': { bw: true, contrast: 1.1 },
  warm: { warmth: 0.12 },
  cool: { warmth: -0.12 },
  dark: { gamma: 1.8, exposure: 0.9 },
  bright: { exposure: 1.25, lift: 8 },
  muted: { saturation: 0.55 },
  matte: { lift: 30, gain: 0.92 },
  y2k: { saturation: 1.2, highlightTint: [255, 170, 230], highlightAmount: 0.16, shadowTint: [120, 160, 255], shadowAmount: 0.14, exposure: 1.08 },
  synthwave: { shadowTint: [80, 0, 120], shadowAmount: 0.28, highlightTint: [255, 100, 200], highlightAmount: 0.16, saturation: 1.25 },
  romantic: { highlightTint: [255, 190, 200], highlightAmount: 0.16, warmth: 0.05, bloom: 0.2, saturation: 0.95 },
  luxury: { contrast: 1.15, highlightTint: [255, 210, 120], highlightAmount: 0.18, shadowTint: [30, 16, 0], shadowAmount: 0.12, exposure: 0.9 },
  mysterious: { exposure: 0.7, warmth: -0.08, vignette: 0.5, saturation: 0.8 },
  cheerful: { exposure: 1.1, saturation: 1.2, warmth: 0.05 },
  aesthetic: { lift: 16, saturation: 0.85, highlightTint: [255, 215, 200], highlightAmount: 0.1 },
  glow: { bloom: 0.35 },
  grain: { grain: 12 },
};

const MULTIPLY = new Set(['exposure', 'gamma', 'contrast', 'saturation', 'gain']);

function gradeFor(styles: Iterable<string>, palette: Rgb[]): Grade {
  const g: Grade = { exposure: 1, gamma: 1, contrast: 1, saturation: 1, lift: 0, gain: 1, warmth: 0, shadowAmount: 0, highlightAmount: 0, bw: false, vignette: 0, bloom: 0, grain: 0 };
  for (const s of styles) {
    if (s === 'monochrome') {
      g.mono = palette[0] ?? [80, 110, 170];
      continue;
    }
    const t = STYLE_GRADES[s];
    if (!t) continue;
    for (const [k, v] of Object.entries(t)) {
      if (k === 'bw') g.bw = true;
      else if (k === 'shadowTint' || k === 'highlightTint') (g as unknown as Record<string, unknown>)[k] = v;
      else if (MULTIPLY.has(k)) (g as unknown as Record<string, number>)[k] *= v as number;
      else (g as unknown as Record<string, number>)[k] += v as number;
    }
  }
  return g;
}

/** Whether the styles change pixels at all (so plain scenes skip the grading pass). */
function isIdentity(g: Grade): boolean {
  return g.exposure === 1 && g.gamma === 1 && g.contrast === 1 && g.saturation === 1 && g.lift === 0 && g.gain === 1 && g.warmth === 0 && !g.shadowAmount && !g.highlightAmount && !g.mono && !g.bw && !g.vignette && !g.bloom;
}

/**
 * Applies mood and style words as one colour grade (tone curve LUTs per channel, saturation, split toning,
 * monochrome, vignette, bloom). Returns the film-grain amplitude for the upsampler to add at full size.
 */
export function applyGrade(c: Canvas, styles: Iterable<string>, palette: Rgb[]): number {
  const g = gradeFor(styles, palette);
  if (g.bloom > 0) bloom(c, g.bloom);
  if (isIdentity(g)) return g.grain;
  const luts = [0, 1, 2].map((ch) => {
    const lut = new Float32Array(1024);
    const warm = ch === 0 ? 1 + g.warmth : ch === 2 ? 1 - g.warmth : 1 + g.warmth * 0.2;
    for (let k = 0; k < 1024; k++) {
      let v = (k / 1023) * g.exposure * warm;
      if (g.gamma !== 1) v = Math.pow(Math.max(0, v), g.gamma);
      v = (v - 0.5) * g.contrast + 0.5;
      v = g.lift / 255 + clamp(v, 0, 1) * (g.gain - g.lift / 255);
      lut[k] = v * 255;
    }
    return lut;
  });
  const [lr, lg, lb] = luts;
  const { px, width: w, height: h } = c;
  const sh = g.shadowTint ?? [0, 0, 0];
  const hi = g.highlightTint ?? [0, 0, 0];
  const mono = g.mono;
  const vig = g.vignette;
  for (let y = 0; y < h; y++) {
    const dy = (y / h - 0.5) * 2;
    for (let x = 0, i = y * w; x < w; x++, i++) {
      const o = i * 3;
      let r = px[o];
      let gg = px[o + 1];
      let b = px[o + 2];
      const l = 0.299 * r + 0.587 * gg + 0.114 * b;
      if (g.bw) r = gg = b = l;
      else if (mono) {
        // Colourise by luminance: shadows of the hue, highlights towards white.
        const t = l / 255;
        r = t < 0.5 ? mono[0] * t * 2 : mono[0] + (255 - mono[0]) * (t - 0.5) * 2;
        gg = t < 0.5 ? mono[1] * t * 2 : mono[1] + (255 - mono[1]) * (t - 0.5) * 2;
        b = t < 0.5 ? mono[2] * t * 2 : mono[2] + (255 - mono[2]) * (t - 0.5) * 2;
      } else if (g.saturation !== 1) {
        r = l + (r - l) * g.saturation;
        gg = l + (gg - l) * g.saturation;
        b = l + (b - l) * g.saturation;
      }
      if (g.shadowAmount || g.highlightAmount) {
        const t = l / 255;
        const sa = g.shadowAmount * (1 - t);
        const ha = g.highlightAmount * t;
        r += (sh[0] - r) * sa + (hi[0] - r) * ha;
        gg += (sh[1] - gg) * sa + (hi[1] - gg) * ha;
        b += (sh[2] - b) * sa + (hi[2] - b) * ha;
      }
      const ir = r <= 0 ? 0 : r >= 255 ? 1023 : (r * 4.0118) | 0;
      const ig = gg <= 0 ? 0 : gg >= 255 ? 1023 : (gg * 4.0118) | 0;
      const ib = b <= 0 ? 0 : b >= 255 ? 1023 : (b * 4.0118) | 0;
      let k = 1;
      if (vig) {
        const dx = (x / w - 0.5) * 2;
        k = 1 - vig * Math.min(1, (dx * dx + dy * dy) * 0.5);
      }
      px[o] = lr[ir] * k;
      px[o + 1] = lg[ig] * k;
      px[o + 2] = lb[ib] * k;
    }
  }
  return g.grain;
}

/** Darkens the corners (the studio "vignette" element, independent of styles). */
export function vignette(c: Canvas, amount: number): void {
  const { px, width: w, height: h } = c;
  // Squared distances per column, once: the per-pixel work is then one add, one sqrt and a multiply.
  const dx2 = new Float32Array(w);
  for (let x = 0; x < w; x++) dx2[x] = ((x / w - 0.5) * 2) ** 2 * 0.5;
  for (let y = 0; y < h; y++) {
    const dy2 = ((y / h - 0.5) * 2) ** 2 * 0.5;
    for (let x = 0, o = y * w * 3; x < w; x++, o += 3) {
      const q = dx2[x] + dy2;
      const k = 1 - amount * (q >= 1 ? 1 : q * Math.sqrt(q));
      px[o] *= k;
      px[o + 1] *= k;
      px[o + 2] *= k;
    }
  }
}

/** Separable box blur of the interleaved buffer, `passes` times (3 passes ≈ Gaussian). */
export function blurCanvas(c: Canvas, radius: number, passes = 2): void {
  const r = Math.max(1, Math.round(radius));
  const { width: w, height: h } = c;
  const tmp = new Float32Array(c.px.length);
  for (let p = 0; p < passes; p++) {
    boxPass(c.px, tmp, w, h, r, 3, w * 3);
    boxPass(tmp, c.px, h, w, r, w * 3, 3);
  }
}

/**
 * One box-filter pass along lines: `n` samples a line at `stride`, lines `lineStride` apart. Works for
 * rows (stride 3) and columns (stride w*3) alike.
 */
function boxPass(src: Float32Array, dst: Float32Array, lines: number, n: number, r: number, lineStride: number, stride: number): void {
  const norm = 1 / (2 * r + 1);
  for (let l = 0; l < lines; l++) {
    const base = l * lineStride;
    for (let ch = 0; ch < 3; ch++) {
      let sum = 0;
      for (let k = -r; k <= r; k++) sum += src[base + clampIndex(k, n) * stride + ch];
      for (let i = 0; i < n; i++) {
        dst[base + i * stride + ch] = sum * norm;
        sum += src[base + clampIndex(i + r + 1, n) * stride + ch] - src[base + clampIndex(i - r, n) * stride + ch];
      }
    }
  }
}

function clampIndex(i: number, n: number): number {
  return i < 0 ? 0 : i >= n ? n - 1 : i;
}

/** Soft glow of the bright parts: threshold, blur at quarter size, add back. */
function bloom(c: Canvas, amount: number): void {
  const { width: w, height: h, px } = c;
  const sw = Math.max(1, Math.floor(w / 4));
  const shh = Math.max(1, Math.floor(h / 4));
  const small: Canvas = { width: sw, height: shh, px: new Float32Array(sw * shh * 3), depth: new Float32Array(0), unit: c.unit / 4 };
  for (let y = 0; y < shh; y++) {
    for (let x = 0; x < sw; x++) {
      const o = ((y * 4) * w + x * 4) * 3;
      const so = (y * sw + x) * 3;
      for (let ch = 0; ch < 3; ch++) small.px[so + ch] = Math.max(0, px[o + ch] - 150) * 1.6;
    }
  }
  blurCanvas(small, Math.max(1, sw / 30), 2);
  for (let y = 0; y < h; y++) {
    const sy = Math.min(shh - 1, y >> 2);
    for (let x = 0; x < w; x++) {
      const so = (sy * sw + Math.min(sw - 1, x >> 2)) * 3;
      const o = (y * w + x) * 3;
      for (let ch = 0; ch < 3; ch++) px[o + ch] += (255 - px[o + ch]) * (small.px[so + ch] / 255) * amount;
    }
  }
}

/** Unsharp mask: crisper detail for "sharp", "hdr". */
export function sharpen(c: Canvas, amount: number): void {
  const copy = new Float32Array(c.px);
  blurCanvas(c, Math.max(1, c.unit * 0.6), 1);
  for (let i = 0; i < copy.length; i++) c.px[i] = copy[i] + (copy[i] - c.px[i]) * amount;
}
