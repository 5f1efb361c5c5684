import { clamp } from '../../image/color.js';
import { createRandom, hash2 } from '../../image/random.js';
import type { Rgb } from '../../image/types.js';
import { type Canvas, fillCircle, lerpRgb, mixPixel, noiseField, profile, scaleRgb } from './canvas.js';
import type { Look } from './lighting.js';
import type { Frame } from './sky.js';

/** A surface colour under this light: key light plus ambient fill, then faded into haze by distance. */
export function litColour(base: Rgb, look: Look, haze: number, facing = 0.5): Rgb {
  const k = look.light * (0.4 + facing * 0.4);
  // Night keeps a floor of blue moonlight so land reads as land, not a black hole.
  const amb = look.night ? 0.9 : 0.38;
  const lit: Rgb = [
    base[0] * ((look.ambient[0] / 255) * amb + (look.sun[0] / 255) * k),
    base[1] * ((look.ambient[1] / 255) * amb + (look.sun[1] / 255) * k),
    base[2] * ((look.ambient[2] / 255) * amb + (look.sun[2] / 255) * k),
  ];
  // Moonlight: pale and blue whatever the material, so night land is silver-blue rather than mud.
  const moonlit = look.night ? lerpRgb(lit, scaleRgb(look.ambient, 0.75), 0.4) : lit;
  return lerpRgb(moonlit, look.haze, clamp(haze + look.fog * 0.6 * (0.3 + haze), 0, 0.97));
}

interface RidgeOptions {
  /** Top edge per column, in pixels. */
  top: Float32Array;
  colour: Rgb;
  haze: number;
  depth: number;
  /** Lit/shadow slopes from the sun's side (mountains); 0 = flat shading. */
  relief: number;
  /** Snow above this row per column (mountain caps). */
  snow?: Float32Array;
  /** Vertical darkening towards the bottom of the layer, 0..1. */
  fade?: number;
}

/** Fills from a profile line down to the bottom of the canvas with one lit, hazed material. */
export function paintRidge(c: Canvas, look: Look, f: Frame, o: RidgeOptions): void {
  const { width, height, px, depth } = c;
  const top = o.top;
  const sunSide = f.sunX < width / 2 ? -1 : 1;
  const snowColour = litColour([250, 252, 255], look, o.haze * 0.8, 0.9);
  const snowShade = litColour([200, 210, 235], look, o.haze * 0.8, 0.2);
  // Precompute per-column colours: the slope decides which way a face points.
  const cols = new Float32Array(width * 3);
  // Slope over a few units, not pixels: pixel-scale noise in the ridge would shade as vertical streaks.
  const reach = Math.max(2, Math.round(c.unit * 2.5));
  for (let x = 0; x < width; x++) {
    const slope = (top[Math.min(width - 1, x + reach)] - top[Math.max(0, x - reach)]) / (2 * reach);
    const facing = clamp(0.5 + slope * sunSide * o.relief * 0.6, 0, 1);
    const col = litColour(o.colour, look, o.haze, facing);
    cols[x * 3] = col[0];
    cols[x * 3 + 1] = col[1];
    cols[x * 3 + 2] = col[2];
  }
  let minTop = height;
  for (let x = 0; x < width; x++) minTop = Math.min(minTop, top[x]);
  const fade = o.fade ?? 0.25;
  const span = height - minTop;
  for (let y = Math.max(0, Math.floor(minTop)); y < height; y++) {
    const dark = 1 - fade * ((y - minTop) / span);
    for (let x = 0; x < width; x++) {
      const t = top[x];
      if (y + 1 <= t) continue;
      const a = y < t ? y + 1 - t : 1;
      const i = y * width + x;
      const p = i * 3;
      let r = cols[x * 3] * dark;
      let g = cols[x * 3 + 1] * dark;
      let b = cols[x * 3 + 2] * dark;
      if (o.snow && y < o.snow[x]) {
        const facingSun = (top[Math.min(width - 1, x + reach)] - top[Math.max(0, x - reach)]) * sunSide > 0;
        const sc = facingSun ? snowColour : snowShade;
        r = sc[0];
        g = sc[1];
        b = sc[2];
      }
      px[p] += (r - px[p]) * a;
      px[p + 1] += (g - px[p + 1]) * a;
      px[p + 2] += (b - px[p + 2]) * a;
      if (a > 0.5) depth[i] = o.depth;
    }
  }
}

/** Jagged ridges: far, blue with haze; near, darker and sharper. */
export function paintMountains(c: Canvas, look: Look, f: Frame, seed: number, variant: string | undefined, tint: Rgb | undefined, scale: number): void {
  const w = c.width;
  const H = f.horizonY * 0.5 * scale;
  const rand = createRandom(seed ^ 0x3d);
  const rock: Rgb = variant === 'volcano' ? [70, 60, 60] : tint ?? (variant === 'canyon' ? [190, 90, 56] : [96, 104, 118]);
  const layers = [
    { cells: 3, h: 1, haze: 0.55, depth: 0.92 },
    { cells: 4.5, h: 0.72, haze: 0.3, depth: 0.8 },
  ];
  for (const [k, L] of layers.entries()) {
    const p = profile(w, L.cells, seed + 101 + k * 7, 5);
    const top = new Float32Array(w);
    const peakX = f.focusX + (rand() - 0.5) * w * 0.3;
    for (let x = 0; x < w; x++) {
      let v = p[x];
      if (variant === 'canyon') v = Math.round(v * 4) / 4 + (p[x] - 0.5) * 0.1; // flat mesas
      const bump = variant === 'volcano' ? Math.max(0, 1 - Math.abs(x - peakX) / (w * 0.35)) : 0;
      const height = variant === 'volcano' && k === 0 ? bump * 1.1 + v * 0.15 : clamp((v - 0.3) * 2.6, 0.05, 1.15);
      top[x] = f.horizonY - H * L.h * height;
    }
    let snow: Float32Array | undefined;
    if (variant === 'snowy' || (variant === undefined && k === 0 && look.fog < 0.5)) {
      const line = f.horizonY - H * L.h * (variant === 'snowy' ? 0.45 : 0.78);
      snow = new Float32Array(w);
      const n = profile(w, 20, seed + 55 + k, 3);
      for (let x = 0; x < w; x++) snow[x] = line + (n[x] - 0.5) * H * 0.25;
    }
    paintRidge(c, look, f, { top, colour: k === 0 ? lerpRgb(rock, [120, 130, 160], 0.3) : rock, haze: L.haze, depth: L.depth, relief: 2.2, snow, fade: 0.1 });
    if (variant === 'volcano' && k === 0) fillCircle(c, peakX, f.horizonY - H * 1.1, c.unit * 6, [255, 110, 40], 0.6, c.unit * 6, true);
  }
}

/** Soft rounded hills in two or three layers, greener and sharper as they come closer. */
export function paintHills(c: Canvas, look: Look, f: Frame, seed: number, tint: Rgb | undefined, variant: string | undefined): void {
  const w = c.width;
  const green: Rgb = tint ?? [92, 150, 70];
  const layers = [
    { amp: 0.1, base: -0.02, haze: 0.45, depth: 0.85, col: lerpRgb(green, [110, 140, 150], 0.35) },
    { amp: 0.09, base: 0.05, haze: 0.22, depth: 0.65, col: green },
    { amp: 0.08, base: 0.14, haze: 0.05, depth: 0.45, col: lerpRgb(green, [60, 110, 40], 0.4) },
  ];
  const span = c.height - f.horizonY;
  for (const [k, L] of layers.entries()) {
    const rand = createRandom(seed + k * 31);
    const ph = rand() * 10;
    const fr = 1.5 + rand() * 1.5;
    const top = new Float32Array(w);
    for (let x = 0; x < w; x++) {
      const u = x / w;
      top[x] = f.horizonY + span * L.base - c.height * L.amp * (0.5 + 0.5 * Math.sin(u * fr * Math.PI + ph)) * (0.8 + 0.2 * Math.sin(u * 7 + ph));
    }
    paintRidge(c, look, f, { top, colour: L.col, haze: L.haze, depth: L.depth, relief: 1.2, fade: 0.2 });
    if (variant === 'rows' && k === 2) paintRows(c, look, top, L.col);
  }
}

function paintRows(c: Canvas, look: Look, top: Float32Array, col: Rgb): void {
  const dark = litColour(lerpRgb(col, [30, 50, 20], 0.6), look, 0);
  for (let y = 0; y < c.height; y++) {
    for (let x = 0; x < c.width; x++) {
      if (y < top[x]) continue;
      const d = (y - top[x]) / c.unit;
      const stripe = Math.sin((x - c.width / 2) / (c.unit * (1 + d * 0.3)) * 2) > 0.3 ? 0.5 : 0;
      if (stripe > 0) mixPixel(c, y * c.width + x, dark, stripe * Math.min(1, d * 0.1));
    }
  }
}

/** Sand dunes: smooth crests with a lit windward side and a shadowed slip face. */
export function paintDunes(c: Canvas, look: Look, f: Frame, seed: number, tint: Rgb | undefined): void {
  const w = c.width;
  const sand: Rgb = tint ?? [226, 170, 110];
  const span = c.height - f.horizonY;
  for (let k = 0; k < 4; k++) {
    const rand = createRandom(seed + 7 * k);
    const top = new Float32Array(w);
    const ph = rand();
    const period = 0.7 + rand() * 0.6;
    const base = f.horizonY + span * (k * 0.24 + 0.02);
    const amp = c.height * (0.11 - k * 0.015);
    const wobble = profile(w, 3, seed + 40 + k, 2);
    for (let x = 0; x < w; x++) {
      const u = (x / w / period + ph + wobble[x] * 0.3) % 1;
      // Asymmetric crest: a long windward rise, a steep slip face.
      const s = u < 0.7 ? Math.sin((u / 0.7) * Math.PI * 0.5) : Math.cos(((u - 0.7) / 0.3) * Math.PI * 0.5);
      top[x] = base - amp * s * s;
    }
    paintRidge(c, look, f, { top, colour: lerpRgb(sand, [240, 200, 150], k * 0.1), haze: 0.35 - k * 0.1, depth: 0.85 - k * 0.15, relief: 3.5, fade: 0.15 });
  }
}

/** Flat ground from the horizon down: grass, flowers, wheat, snow or sand, finer towards the viewer. */
export function paintGround(c: Canvas, look: Look, f: Frame, seed: number, kind: string, tint: Rgb | undefined, from = f.horizonY): void {
  const { width, height } = c;
  const base: Rgb = kind === 'snow' ? [236, 242, 252] : kind === 'sand' ? (tint ?? [224, 196, 150]) : kind === 'wheat' ? (tint ?? [220, 178, 80]) : kind === 'dark' ? [40, 42, 48] : [92, 150, 60];
  const n = noiseField(width, height, 10, 30, seed + 5, 3, 4);
  const y0 = Math.max(0, Math.floor(from));
  for (let y = y0; y < height; y++) {
    const t = (y - from) / (height - from);
    const col = litColour(base, look, 0.45 * (1 - t) * (1 - t), 0.6);
    for (let x = 0, i = y * width; x < width; x++, i++) {
      const v = 0.82 + n[i] * 0.36;
      const o = i * 3;
      c.px[o] = col[0] * v;
      c.px[o + 1] = col[1] * v;
      c.px[o + 2] = col[2] * v;
      c.depth[i] = 0.8 * (1 - t);
    }
  }
  if (kind === 'flowers' || kind === 'wheat') paintBlooms(c, look, seed, kind, tint ?? [255, 111, 168], from);
}

/** Flowers (or wheat ears) as dots that grow and thin out towards the viewer, for perspective. */
function paintBlooms(c: Canvas, look: Look, seed: number, kind: string, tint: Rgb, from: number): void {
  const rand = createRandom(seed ^ 0xf10);
  const { width, height } = c;
  const rows = Math.ceil((height - from) / (c.unit * 0.5));
  for (let r = 0; r < rows; r++) {
    const t = r / rows;
    const y = from + (height - from) * t * t;
    const size = c.unit * (0.25 + t * t * 2.2);
    const count = Math.round((width / size) * (kind === 'wheat' ? 1.3 : 0.9));
    for (let k = 0; k < count; k++) {
      const x = rand() * width;
      const yy = y + (rand() - 0.5) * size * 2;
      const v = 0.8 + rand() * 0.4;
      const col = litColour([tint[0] * v, tint[1] * v, tint[2] * v], look, 0.4 * (1 - t), 0.7);
      if (kind === 'wheat') fillCircle(c, x, yy, size * 0.45, col, 0.8, size * 0.3);
      else fillCircle(c, x, yy, size * 0.5, hash2(k, r, seed) < 0.08 ? litColour([255, 250, 240], look, 0.3 * (1 - t)) : col, 0.95, Math.max(0.6, size * 0.2));
    }
  }
}

/** A sandy shore with wet sand and a foam line, from `shoreY` to the bottom. */
export function paintBeach(c: Canvas, look: Look, seed: number, shoreY: number, tint: Rgb | undefined): void {
  const { width, height } = c;
  const sand: Rgb = tint ?? [250, 214, 150];
  const edge = new Float32Array(width);
  const p = profile(width, 3, seed + 71, 3);
  for (let x = 0; x < width; x++) edge[x] = shoreY + (p[x] - 0.5) * c.unit * 8;
  const n = noiseField(width, height, 40, 80, seed + 13, 2, 2);
  const dry = litColour(sand, look, 0.05, 0.85);
  const wet = litColour(lerpRgb(sand, [120, 100, 80], 0.35), look, 0.05, 0.6);
  const foam = litColour([250, 252, 255], look, 0.1, 0.8);
  for (let y = Math.floor(shoreY - c.unit * 6); y < height; y++) {
    if (y < 0) continue;
    for (let x = 0, i = y * width; x < width; x++, i++) {
      const d = y - edge[x];
      if (d < -1) continue;
      const a = d < 0 ? d + 1 : 1;
      const wetness = clamp(1 - d / (c.unit * 6), 0, 1);
      const col = lerpRgb(dry, wet, wetness);
      const v = 0.9 + n[i] * 0.2;
      const o = i * 3;
      let r = col[0] * v;
      let g = col[1] * v;
      let b = col[2] * v;
      const fo = clamp(1 - Math.abs(d - c.unit * 0.8) / (c.unit * 0.9), 0, 1) * (0.6 + n[i] * 0.6);
      r += (foam[0] - r) * fo;
      g += (foam[1] - g) * fo;
      b += (foam[2] - b) * fo;
      c.px[o] += (r - c.px[o]) * a;
      c.px[o + 1] += (g - c.px[o + 1]) * a;
      c.px[o + 2] += (b - c.px[o + 2]) * a;
      c.depth[i] = 0.35 * (1 - (y - shoreY) / (height - shoreY));
    }
  }
}

/** A cliff face rising on one side, darker than the hills, with a grassy top. */
export function paintCliffs(c: Canvas, look: Look, f: Frame, seed: number, side: 'left' | 'right'): void {
  const w = c.width;
  const top = new Float32Array(w);
  const p = profile(w, 8, seed + 9, 4);
  for (let x = 0; x < w; x++) {
    const u = side === 'left' ? x / w : 1 - x / w;
    const edge = u < 0.38 ? 1 : Math.max(0, 1 - (u - 0.38) * 14);
    top[x] = edge > 0 ? f.horizonY - f.horizonY * 0.3 * edge * (0.9 + p[x] * 0.2) : c.height + 1;
  }
  paintRidge(c, look, f, { top, colour: [128, 112, 96], haze: 0.1, depth: 0.5, relief: 4, fade: 0.45 });
  const grass = new Float32Array(w);
  for (let x = 0; x < w; x++) grass[x] = top[x] + c.unit * 2.5;
  for (let y = 0; y < c.height; y++) {
    for (let x = 0; x < w; x++) {
      if (y >= top[x] && y < grass[x]) mixPixel(c, y * w + x, litColour([80, 130, 60], look, 0.1, 0.7), 1);
    }
  }
}

/** A small island bump on the horizon. */
export function paintIsland(c: Canvas, look: Look, f: Frame, seed: number): { x: number; top: number } {
  const rand = createRandom(seed ^ 0x15);
  const w = c.width;
  const cx = w * (0.25 + rand() * 0.5);
  const half = w * (0.16 + rand() * 0.1);
  const top = new Float32Array(w).fill(c.height + 1);
  const hgt = f.horizonY * 0.06;
  for (let x = 0; x < w; x++) {
    const u = (x - cx) / half;
    if (Math.abs(u) < 1) top[x] = f.horizonY - hgt * (1 - u * u) * (1 + 0.3 * Math.sin(u * 9));
  }
  // Only the part above the horizon: the water covers the rest afterwards.
  paintRidge(c, look, f, { top, colour: [60, 110, 60], haze: 0.35, depth: 0.9, relief: 1, fade: 0 });
  return { x: cx, top: f.horizonY - hgt };
}
