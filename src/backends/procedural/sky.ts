import { clamp, hslToRgb } from '../../image/color.js';
import { createRandom } from '../../image/random.js';
import type { Rgb } from '../../image/types.js';
import { type Canvas, addPixel, drawLine, fillCircle, glow, lerpRgb, mixPixel, noiseField, smoothstep } from './canvas.js';
import type { Look } from './lighting.js';

/** Where the horizon and the sun sit, in working pixels. */
export interface Frame {
  horizonY: number;
  sunX: number;
  sunY: number;
  sunR: number;
  /** Horizontal position of the scene's focus (sun, moon, planet), 0..width. */
  focusX: number;
}

/** Sky gradient with the sun's glow and a warm band on the horizon, one pass over the sky rows. */
export function paintSky(c: Canvas, look: Look, f: Frame, extend: number): void {
  const { width, px, depth } = c;
  const h = Math.min(c.height, Math.ceil(extend));
  const glowR = f.sunR * (look.sunVisible ? 5 : 7);
  const inv = 1 / (glowR * glowR);
  const glowStrength = (look.sunVisible ? 0.55 : 0.25) * (0.35 + look.light * 0.65) * (1 - look.cover * 0.6);
  const sun = look.sun;
  for (let y = 0; y < h; y++) {
    const t = clamp(y / f.horizonY, 0, 1);
    const s = Math.pow(t, 1.8);
    const r0 = look.zenith[0] + (look.horizon[0] - look.zenith[0]) * s;
    const g0 = look.zenith[1] + (look.horizon[1] - look.zenith[1]) * s;
    const b0 = look.zenith[2] + (look.horizon[2] - look.zenith[2]) * s;
    const dy = y - f.sunY;
    const dy2 = dy * dy * 1.6;
    let o = y * width * 3;
    for (let x = 0; x < width; x++, o += 3) {
      const dx = x - f.sunX;
      const g = glowStrength / (1 + (dx * dx + dy2) * inv);
      px[o] = r0 + (sun[0] - r0) * g;
      px[o + 1] = g0 + (sun[1] - g0) * g;
      px[o + 2] = b0 + (sun[2] - b0) * g;
    }
    depth.fill(1, y * width, (y + 1) * width);
  }
}

/** Clouds from a coarse noise field, lit from the sun's side (top edges bright, bellies dark). */
export function paintClouds(c: Canvas, look: Look, f: Frame, seed: number, tint: Rgb | undefined, cover: number): void {
  if (cover <= 0) return;
  const { width } = c;
  const h = Math.min(c.height, Math.ceil(f.horizonY));
  const n = noiseField(width, h, 3.2, 9, seed, 4, 4);
  const lit = tint ?? lerpRgb(lerpRgb(look.horizon, [255, 255, 255], 0.55), look.sun, look.sunVisible ? 0.35 : 0);
  const litC: Rgb = look.night ? lerpRgb(look.zenith, [90, 100, 130], 0.6) : lerpRgb(lit, [60, 64, 76], look.cloudDark * 0.8);
  const dark: Rgb = look.night ? lerpRgb(look.zenith, [0, 0, 0], 0.3) : lerpRgb(lerpRgb(look.zenith, look.horizon, 0.5), [40, 44, 56], 0.25 + look.cloudDark * 0.6);
  const lo = 0.62 - cover * 0.32;
  const step = Math.max(1, Math.round(c.unit * 1.2)) * width;
  for (let y = 0; y < h; y++) {
    const t = y / f.horizonY;
    // Clouds thin out towards the horizon, where haze takes over.
    const fade = 1 - smoothstep(0.75, 1, t) * 0.6;
    for (let x = 0, i = y * width; x < width; x++, i++) {
      const v = n[i];
      if (v <= lo) continue;
      const a = clamp((v - lo) * 4.5, 0, 0.95) * fade;
      const below = i + step < h * width ? n[i + step] : v;
      const shade = clamp(0.55 + (v - below) * 7, 0, 1);
      const o = i * 3;
      const r = dark[0] + (litC[0] - dark[0]) * shade;
      const g = dark[1] + (litC[1] - dark[1]) * shade;
      const b = dark[2] + (litC[2] - dark[2]) * shade;
      c.px[o] += (r - c.px[o]) * a;
      c.px[o + 1] += (g - c.px[o + 1]) * a;
      c.px[o + 2] += (b - c.px[o + 2]) * a;
    }
  }
}

export function paintSun(c: Canvas, look: Look, f: Frame): void {
  if (!look.sunVisible || look.night) return;
  glow(c, f.sunX, f.sunY, f.sunR * 3, look.sun, 0.5);
  fillCircle(c, f.sunX, f.sunY, f.sunR, lerpRgb(look.sun, [255, 255, 255], 0.6), 1, f.sunR * 0.15);
}

export function paintMoon(c: Canvas, look: Look, f: Frame, variant: string | undefined, tint: Rgb | undefined, seed: number): void {
  const rand = createRandom(seed ^ 0x51);
  const r = f.sunR * (variant === 'full' ? 2.6 : 1.7);
  const x = f.focusX;
  const y = Math.max(r * 2, f.horizonY * (0.3 + rand() * 0.1));
  const body: Rgb = tint ? lerpRgb(tint, [255, 240, 200], 0.35) : [236, 234, 222];
  if (variant === 'eclipse') {
    glow(c, x, y, r * 2.4, [255, 120, 60], 0.7);
    fillCircle(c, x, y, r, [22, 10, 10], 1, 1.5);
    return;
  }
  glow(c, x, y, r * 4, lerpRgb(body, look.zenith, 0.3), look.night ? 0.35 : 0.15);
  fillCircle(c, x, y, r, body, look.night ? 1 : 0.75, 1.2);
  // Maria: a few soft darker patches, so it reads as the moon and not a lamp.
  for (let k = 0; k < 5; k++) {
    const a = rand() * Math.PI * 2;
    const d = rand() * r * 0.55;
    fillCircle(c, x + Math.cos(a) * d, y + Math.sin(a) * d, r * (0.15 + rand() * 0.2), lerpRgb(body, [120, 118, 120], 0.5), 0.35, r * 0.15);
  }
  if (variant === 'crescent') fillCircle(c, x + r * 0.45, y - r * 0.2, r * 0.92, look.zenith, 1, 1.2);
}

/** Stars as points: the count follows the sky's area in units, so it looks the same at every size. */
export function paintStars(c: Canvas, f: Frame, seed: number, amount: number): void {
  if (amount <= 0) return;
  const rand = createRandom(seed ^ 0x5a17);
  const areaUnits = (c.width * f.horizonY) / (c.unit * c.unit);
  const count = Math.round(areaUnits * 0.12 * amount);
  const w = c.width;
  for (let k = 0; k < count; k++) {
    const x = Math.floor(rand() * w);
    const y = Math.floor(Math.pow(rand(), 1.3) * f.horizonY);
    const fade = 1 - y / f.horizonY;
    const b = (0.35 + rand() * 0.65) * fade * amount;
    const colour: Rgb = rand() < 0.2 ? [255, 226, 200] : rand() < 0.3 ? [200, 216, 255] : [255, 255, 255];
    if (rand() < 0.04) {
      glow(c, x + 0.5, y + 0.5, c.unit * 1.2, colour, b * 0.6);
      fillCircle(c, x + 0.5, y + 0.5, Math.max(0.6, c.unit * 0.18), colour, b, 0.8, true);
    } else addPixel(c, y * w + x, colour, b);
  }
}

/** A diagonal band of faint light and dense stars. `galaxy` draws a spiral glow instead. */
export function paintMilkyWay(c: Canvas, f: Frame, seed: number, variant: string | undefined): void {
  const rand = createRandom(seed ^ 0x3a1);
  const w = c.width;
  const h = Math.ceil(f.horizonY);
  const n = noiseField(w, h, 6, 10, seed + 91, 4, 3);
  if (variant === 'galaxy') {
    const cx = f.focusX;
    const cy = h * 0.42;
    const R = w * 0.42;
    for (let y = 0; y < h; y++) {
      for (let x = 0, i = y * w; x < w; x++, i++) {
        const dx = (x - cx) / R;
        const dy = (y - cy) / (R * 0.45);
        const d = dx * dx + dy * dy;
        if (d > 1.6) continue;
        const core = Math.exp(-d * 5);
        const arm = Math.exp(-d * 1.4) * n[i];
        addPixel(c, i, lerpRgb([150, 120, 255], [255, 220, 190], core), core * 0.9 + arm * 0.55);
      }
    }
    paintStars(c, f, seed + 3, 1.5);
    return;
  }
  const angle = -0.55 - rand() * 0.35;
  const ax = Math.cos(angle);
  const ay = Math.sin(angle);
  const cx = f.focusX;
  const cy = h * 0.55;
  const bandW = w * 0.16;
  for (let y = 0; y < h; y++) {
    for (let x = 0, i = y * w; x < w; x++, i++) {
      const d = ((x - cx) * ay - (y - cy) * ax) / bandW;
      if (d > 3 || d < -3) continue;
      const band = Math.exp(-d * d) * (0.3 + n[i] * 0.9);
      const dust = clamp((n[i] - 0.58) * 4, 0, 1) * Math.exp(-d * d * 3);
      addPixel(c, i, [214, 204, 255], band * 0.5);
      if (dust > 0) mixPixel(c, i, [20, 14, 30], dust * 0.45);
    }
  }
  // Dense stars inside the band.
  const count = Math.round(((w * h) / (c.unit * c.unit)) * 0.25);
  for (let k = 0; k < count; k++) {
    const t = (rand() - 0.5) * Math.hypot(w, h);
    const off = (rand() + rand() + rand() - 1.5) * bandW * 0.9;
    const x = Math.floor(cx + ax * t - ay * off);
    const y = Math.floor(cy + ay * t + ax * off);
    if (x < 0 || y < 0 || x >= w || y >= h) continue;
    addPixel(c, y * w + x, [255, 250, 240], 0.3 + rand() * 0.7);
  }
}

/** Coloured interstellar clouds. */
export function paintNebula(c: Canvas, f: Frame, seed: number, colours: Rgb[]): void {
  const w = c.width;
  const h = Math.ceil(f.horizonY);
  const n = noiseField(w, h, 3, 5, seed + 17, 4, 4);
  const m = noiseField(w, h, 2, 3, seed + 29, 2, 8);
  const a = colours[0] ?? [230, 60, 170];
  const b = colours[1] ?? [60, 120, 255];
  for (let i = 0; i < w * h; i++) {
    const v = clamp((n[i] - 0.42) * 2.4, 0, 1);
    if (v <= 0) continue;
    addPixel(c, i, lerpRgb(a, b, m[i]), v * v * 0.9);
  }
}

/** Curtains of green-to-violet light that ripple along the sky. */
export function paintAurora(c: Canvas, f: Frame, seed: number, tint: Rgb | undefined): void {
  const rand = createRandom(seed ^ 0xa0);
  const w = c.width;
  const h = Math.ceil(f.horizonY);
  const base = new Float32Array(w);
  const streak = new Float32Array(w);
  const p1 = rand() * 6;
  const p2 = rand() * 6;
  for (let x = 0; x < w; x++) {
    const u = x / w;
    base[x] = h * (0.55 + 0.14 * Math.sin(u * 5.5 + p1) + 0.06 * Math.sin(u * 13 + p2));
    streak[x] = 0.45 + 0.55 * Math.pow(0.5 + 0.5 * Math.sin(u * 90 + Math.sin(u * 17 + p1) * 3), 2);
  }
  const low: Rgb = tint ?? [60, 255, 150];
  const high: Rgb = [170, 90, 255];
  const span = h * 0.45;
  for (let y = 0; y < h; y++) {
    for (let x = 0, i = y * w; x < w; x++, i++) {
      const d = base[x] - y;
      if (d < -h * 0.03 || d > span) continue;
      const v = d < 0 ? 1 + d / (h * 0.03) : Math.pow(1 - d / span, 1.6);
      addPixel(c, i, lerpRgb(low, high, clamp(d / span, 0, 1)), v * streak[x] * 0.75);
    }
  }
}

/** A faint spectral arc centred below the horizon. */
export function paintRainbow(c: Canvas, f: Frame): void {
  const w = c.width;
  const cx = f.focusX;
  const cy = f.horizonY * 1.05;
  const R = w * 0.62;
  const band = w * 0.07;
  const y0 = Math.max(0, Math.floor(cy - R - band));
  for (let y = y0; y < Math.min(c.height, Math.ceil(f.horizonY)); y++) {
    const fade = 1 - smoothstep(0.6, 1, y / f.horizonY) * 0.7;
    for (let x = 0, i = y * w; x < w; x++, i++) {
      const d = Math.hypot(x - cx, y - cy) - R;
      if (d < 0 || d > band) continue;
      const t = d / band;
      const hue = 270 - t * 270;
      addPixel(c, i, hslToRgb(hue, 1, 0.55), Math.sin(t * Math.PI) * 0.5 * fade);
    }
  }
}

/** A planet with a lit crescent edge and, for the biggest, a ring. */
export function paintPlanet(c: Canvas, f: Frame, seed: number, tint: Rgb | undefined): void {
  const rand = createRandom(seed ^ 0x9a);
  const r = c.width * (0.12 + rand() * 0.06);
  const x = f.focusX;
  const y = f.horizonY * 0.32;
  const body: Rgb = tint ?? hslToRgb(20 + rand() * 40, 0.55, 0.6);
  const ringC = lerpRgb(body, [255, 255, 255], 0.4);
  const tilt = 0.25;
  // Back half of the ring, then the planet, then the front half.
  drawRing(c, x, y, r * 1.8, r * 1.8 * tilt, ringC, true);
  fillCircle(c, x, y, r, body, 1, 1.5);
  for (let yy = Math.floor(y - r); yy < y + r; yy++) {
    if (yy < 0 || yy >= c.height) continue;
    for (let xx = Math.floor(x - r); xx < x + r; xx++) {
      if (xx < 0 || xx >= c.width) continue;
      const dx = (xx - x) / r;
      const dy = (yy - y) / r;
      if (dx * dx + dy * dy > 1) continue;
      // Shadow side away from the light (upper left lit), plus soft bands.
      const lit = clamp(0.35 - dx * 0.8 - dy * 0.5, 0, 1);
      mixPixel(c, yy * c.width + xx, [4, 4, 12], (1 - lit) * 0.75);
      const band = 0.5 + 0.5 * Math.sin(dy * 14 + Math.sin(dx * 3) * 0.8);
      mixPixel(c, yy * c.width + xx, lerpRgb(body, [90, 60, 40], 0.4), band * 0.12);
    }
  }
  drawRing(c, x, y, r * 1.8, r * 1.8 * tilt, ringC, false);
}

function drawRing(c: Canvas, x: number, y: number, rx: number, ry: number, rgb: Rgb, back: boolean): void {
  const steps = 240;
  for (let k = 0; k < steps; k++) {
    const a = (k / steps) * Math.PI * 2;
    const sy = Math.sin(a);
    if (back ? sy > 0 : sy <= 0) continue;
    const b = ((k + 1) / steps) * Math.PI * 2;
    drawLine(c, x + Math.cos(a) * rx, y + sy * ry, x + Math.cos(b) * rx, y + Math.sin(b) * ry, Math.max(1.2, rx * 0.05), rgb, 0.7);
  }
}

export function paintShootingStars(c: Canvas, f: Frame, seed: number): void {
  const rand = createRandom(seed ^ 0x5500);
  const count = 3 + Math.floor(rand() * 3);
  for (let k = 0; k < count; k++) {
    const x = rand() * c.width;
    const y = rand() * f.horizonY * 0.6;
    const len = c.width * (0.15 + rand() * 0.2);
    const a = 0.5 + rand() * 0.4;
    const segs = 12;
    for (let s = 0; s < segs; s++) {
      const t0 = s / segs;
      const t1 = (s + 1) / segs;
      drawLine(c, x - Math.cos(a) * len * t0, y - Math.sin(a) * len * t0, x - Math.cos(a) * len * t1, y - Math.sin(a) * len * t1, Math.max(1, c.unit * 0.35 * (1 - t0)), [255, 250, 235], 0.9 * (1 - t0), true);
    }
    glow(c, x, y, c.unit * 2, [255, 250, 235], 0.5);
  }
}

/** A jagged bolt from the clouds to the ground, with a flash. */
export function paintLightning(c: Canvas, f: Frame, seed: number): void {
  const rand = createRandom(seed ^ 0x11);
  let x = c.width * (0.3 + rand() * 0.4);
  let y = 0;
  const step = c.height * 0.04;
  glow(c, x, f.horizonY * 0.35, c.width * 0.6, [180, 190, 255], 0.35);
  while (y < f.horizonY) {
    const nx = x + (rand() - 0.5) * step * 1.6;
    const ny = y + step * (0.6 + rand() * 0.6);
    drawLine(c, x, y, nx, ny, c.unit * 1.6, [170, 180, 255], 0.5, true);
    drawLine(c, x, y, nx, ny, Math.max(1, c.unit * 0.45), [255, 255, 255], 1);
    if (rand() < 0.25) drawLine(c, nx, ny, nx + (rand() - 0.5) * step * 3, ny + step * 1.5, Math.max(0.8, c.unit * 0.25), [230, 235, 255], 0.8);
    x = nx;
    y = ny;
  }
}

/** Crepuscular rays fanning out from the sun. */
export function paintRays(c: Canvas, look: Look, f: Frame, seed: number): void {
  const rand = createRandom(seed ^ 0x7a);
  const phase = rand() * 10;
  const w = c.width;
  const h = c.height;
  const colour = lerpRgb(look.sun, [255, 255, 255], 0.3);
  const sy = Math.min(f.sunY, f.horizonY * 0.9);
  for (let y = 0; y < h; y++) {
    for (let x = 0, i = y * w; x < w; x++, i++) {
      const dx = x - f.sunX;
      const dy = y - sy;
      const a = Math.atan2(dy, dx);
      const ray = Math.pow(0.5 + 0.5 * Math.sin(a * 23 + phase) * Math.sin(a * 7 + phase * 0.3), 3);
      const fall = 1 / (1 + (dx * dx + dy * dy) / (w * w * 0.5));
      addPixel(c, i, colour, ray * fall * 0.32);
    }
  }
}

export function paintFlare(c: Canvas, f: Frame): void {
  const cx = c.width / 2;
  const cy = c.height / 2;
  glow(c, f.sunX, f.sunY, f.sunR * 6, [255, 240, 210], 0.6);
  const colours: Rgb[] = [[255, 200, 120], [140, 200, 255], [200, 255, 200], [255, 150, 200]];
  for (let k = 1; k <= 4; k++) {
    const t = k * 0.45;
    const x = f.sunX + (cx - f.sunX) * t * 2;
    const y = f.sunY + (cy - f.sunY) * t * 2;
    fillCircle(c, x, y, c.unit * (2 + k * 2.5), colours[k - 1], 0.18, c.unit * 1.5, true);
  }
}
