/** Abstract patterns over a gradient: waves, liquid, shapes, Memphis, paper, foil, print dots, stripes, grids. */
import { clamp, hslToRgb, rgbToHsl } from '../../image/color.js';
import { createRandom, fbm } from '../../image/random.js';
import type { Rgb } from '../../image/types.js';
import { type Canvas, drawLine, fillCircle, fillPolygon, lerpRgb, mixPixel, noiseField, upsampleField } from './canvas.js';
import { fillRect } from './silhouettes.js';
import { paintGradient, ramp, setFromRamp, shadesOf } from './gradients.js';

/** Layered wave bands, each a palette colour, with a soft shadow under every crest. */
export function paintWaves(c: Canvas, colours: Rgb[], seed: number): void {
  const rand = createRandom(seed ^ 0x3a3);
  const { width: w, height: h, px } = c;
  const layers = Math.max(4, colours.length + 2);
  const cols = Array.from({ length: layers }, (_, k) => lerpRgb(colours[k % colours.length], [255, 255, 255], (k % 2) * 0.18));
  const edges: Float32Array[] = [];
  for (let k = 0; k < layers; k++) {
    const e = new Float32Array(w);
    const base = (h * (k + 0.6)) / layers;
    const a1 = h * 0.04 + rand() * h * 0.03;
    const f1 = 1 + rand() * 2;
    const p1 = rand() * 6;
    for (let x = 0; x < w; x++) e[x] = base + a1 * Math.sin((x / w) * Math.PI * 2 * f1 + p1) + h * 0.015 * Math.sin((x / w) * 17 + p1);
    edges.push(e);
  }
  const sh = c.unit * 3;
  for (let y = 0; y < h; y++) {
    for (let x = 0, i = y * w; x < w; x++, i++) {
      let k = 0;
      while (k < layers && y > edges[k][x]) k++;
      const col = k === 0 ? lerpRgb(cols[0], [255, 255, 255], 0.3) : cols[k - 1];
      const d = k < layers ? edges[k][x] - y : sh;
      const shadow = d < sh ? 0.82 + 0.18 * (d / sh) : 1;
      const o = i * 3;
      px[o] = col[0] * shadow;
      px[o + 1] = col[1] * shadow;
      px[o + 2] = col[2] * shadow;
    }
  }
}

/** Domain-warped noise through the palette: fluid, marbled colour (computed coarse, upsampled). */
export function paintLiquid(c: Canvas, colours: Rgb[], seed: number, soft: boolean): void {
  const { width: w, height: h } = c;
  const step = 4;
  const gw = Math.ceil(w / step) + 1;
  const gh = Math.ceil(h / step) + 1;
  const field = new Float32Array(gw * gh);
  const aspect = h / w;
  for (let gy = 0; gy < gh; gy++) {
    for (let gx = 0; gx < gw; gx++) {
      const x = ((gx * step) / w) * 2;
      const y = ((gy * step) / h) * 2 * aspect;
      const qx = fbm(x, y, seed, 3);
      const qy = fbm(x + 5.2, y + 1.3, seed + 1, 3);
      field[gy * gw + gx] = fbm(x + qx * 3, y + qy * 3, seed + 2, 3);
    }
  }
  const cols = colours.length === 1 ? shadesOf(colours[0]) : colours;
  const lut = ramp(soft ? cols : [...cols, cols[0]]);
  const smooth = upsampleField(field, gw, step, w, h);
  for (let i = 0; i < smooth.length; i++) {
    const v = smooth[i];
    setFromRamp(c, i, lut, soft ? (v - 0.25) * 2 : ((v - 0.2) * 3.2) % 1);
  }
}

/** Large flat shapes with soft drop shadows over whatever is below. */
export function paintGeometric(c: Canvas, colours: Rgb[], seed: number): void {
  const rand = createRandom(seed ^ 0x6e0);
  const { width: w, height: h } = c;
  for (let k = 0; k < 9; k++) {
    const col = colours[k % colours.length];
    const x = rand() * w;
    const y = rand() * h;
    const s = w * (0.12 + rand() * 0.25);
    const kind = k % 3;
    const off = c.unit * 1.5;
    if (kind === 0) {
      fillCircle(c, x + off, y + off, s * 0.5, [0, 0, 0], 0.15, c.unit * 2);
      fillCircle(c, x, y, s * 0.5, col, 0.92, 1);
    } else {
      const a = rand() * Math.PI;
      const n = kind === 1 ? 3 : 4;
      const pts: Array<[number, number]> = [];
      for (let q = 0; q < n; q++) pts.push([x + Math.cos(a + (q / n) * Math.PI * 2) * s * 0.6, y + Math.sin(a + (q / n) * Math.PI * 2) * s * 0.6]);
      fillPolygon(c, pts.map(([px, py]) => [px + off, py + off] as [number, number]), [0, 0, 0], 0.15);
      fillPolygon(c, pts, col, 0.92);
    }
  }
}

/** Memphis: confetti of squiggles, triangles, dots and zigzags in bold colours on a pale ground. */
export function paintMemphis(c: Canvas, colours: Rgb[], seed: number): void {
  const rand = createRandom(seed ^ 0x3e3);
  const { width: w, height: h } = c;
  const ink: Rgb = [24, 24, 30];
  const count = Math.round((w * h) / (c.unit * c.unit) / 90);
  for (let k = 0; k < count; k++) {
    const col = colours[k % colours.length];
    const x = rand() * w;
    const y = rand() * h;
    const s = c.unit * (3 + rand() * 5);
    const lw = Math.max(1, c.unit * 0.8);
    switch (k % 5) {
      case 0: {
        let px = x;
        let py = y;
        for (let q = 1; q <= 16; q++) {
          const nx = x + (q / 16) * s * 2.5;
          const ny = y + Math.sin((q / 16) * Math.PI * 3) * s * 0.35;
          drawLine(c, px, py, nx, ny, lw * 1.3, col, 1);
          px = nx;
          py = ny;
        }
        break;
      }
      case 1: {
        const a = rand() * Math.PI;
        const pts: Array<[number, number]> = [0, 1, 2].map((q) => [x + Math.cos(a + (q * Math.PI * 2) / 3) * s * 0.7, y + Math.sin(a + (q * Math.PI * 2) / 3) * s * 0.7]);
        fillPolygon(c, pts, col, 1);
        for (let q = 0; q < 3; q++) drawLine(c, pts[q][0], pts[q][1], pts[(q + 1) % 3][0], pts[(q + 1) % 3][1], lw * 0.6, ink, 1);
        break;
      }
      case 2:
        for (let q = 0; q < 9; q++) fillCircle(c, x + (q % 3) * s * 0.45, y + Math.floor(q / 3) * s * 0.45, s * 0.09, ink, 1, 0.8);
        break;
      case 3: {
        let px = x;
        let py = y;
        for (let q = 1; q <= 6; q++) {
          const nx = x + q * s * 0.35;
          const ny = y + (q % 2 ? -s * 0.3 : 0);
          drawLine(c, px, py, nx, ny, lw, ink, 1);
          px = nx;
          py = ny;
        }
        break;
      }
      default:
        fillCircle(c, x, y, s * 0.5, col, 1, 1);
        drawArc(c, x, y, s * 0.5, ink, lw * 0.6);
    }
  }
}

function drawArc(c: Canvas, x: number, y: number, r: number, col: Rgb, lw: number): void {
  for (let q = 0; q < 24; q++) {
    const a0 = (q / 24) * Math.PI * 2;
    const a1 = ((q + 1) / 24) * Math.PI * 2;
    drawLine(c, x + Math.cos(a0) * r, y + Math.sin(a0) * r, x + Math.cos(a1) * r, y + Math.sin(a1) * r, lw, col, 1);
  }
}

/** Paper: an off-white (or palette) sheet with fibres and tooth. */
export function paintPaper(c: Canvas, base: Rgb, seed: number): void {
  const { width: w, height: h, px } = c;
  const coarse = noiseField(w, h, 6, 9, seed + 2, 3, 6);
  const fine = noiseField(w, h, 120, 200, seed + 4, 1, 1);
  for (let i = 0; i < w * h; i++) {
    const v = 0.93 + coarse[i] * 0.07 + (fine[i] - 0.5) * 0.09;
    const o = i * 3;
    px[o] = base[0] * v;
    px[o + 1] = base[1] * v;
    px[o + 2] = base[2] * v;
  }
  const rand = createRandom(seed ^ 0xfb);
  for (let k = 0; k < 60; k++) {
    const x = rand() * w;
    const y = rand() * h;
    const a = rand() * Math.PI;
    const l = c.unit * (2 + rand() * 5);
    drawLine(c, x, y, x + Math.cos(a) * l, y + Math.sin(a) * l, Math.max(0.6, c.unit * 0.12), lerpRgb(base, [120, 110, 100], 0.35), 0.4);
  }
}

/** Layered paper-cut shapes rising from the bottom, each casting a shadow on the one behind. */
export function paintPaperCut(c: Canvas, colours: Rgb[], seed: number): void {
  const rand = createRandom(seed ^ 0x9c);
  const { width: w, height: h } = c;
  const cols = colours.length === 1 ? shadesOf(colours[0]) : colours;
  const layers = 6;
  paintGradient(c, 'linear', [lerpRgb(cols[0], [255, 255, 255], 0.5), cols[0]], seed, w / 2);
  for (let k = 0; k < layers; k++) {
    const col = lerpRgb(cols[k % cols.length], [0, 0, 0], (k / layers) * 0.25);
    const base = h * (0.3 + (k / layers) * 0.6);
    const ph = rand() * 6;
    const fr = 1 + rand() * 1.5;
    const top = (x: number) => base - h * 0.06 * Math.sin((x / w) * Math.PI * 2 * fr + ph) - h * 0.02 * Math.sin((x / w) * 11 + ph);
    for (let x = 0; x < w; x++) {
      const t = top(x);
      const sh = c.unit * 3;
      for (let y = Math.max(0, Math.floor(t - sh)); y < h; y++) {
        if (y < t) mixPixel(c, y * w + x, [0, 0, 0], 0.25 * (1 - (t - y) / sh));
        else mixPixel(c, y * w + x, col, y < t + 1 ? y + 1 - t : 1);
      }
    }
  }
}

/** Iridescent foil: hue drifting across the sheet and with a soft noise, pastel-bright with sheen. */
export function paintHolographic(c: Canvas, seed: number, tint: Rgb | undefined): void {
  const { width: w, height: h, px } = c;
  const n = noiseField(w, h, 2.5, 4, seed + 8, 3, 6);
  const lut = new Float32Array(360 * 3);
  const hueShift = tint ? rgbToHsl(tint)[0] : 0;
  for (let k = 0; k < 360; k++) {
    const col = hslToRgb(k, 0.75, 0.78);
    lut.set(col, k * 3);
  }
  for (let y = 0; y < h; y++) {
    for (let x = 0, i = y * w; x < w; x++, i++) {
      const hue = ((((x / w) * 120 + (y / h) * 200 + n[i] * 420 + hueShift) % 360) + 360) % 360;
      const o = i * 3;
      const k = (hue | 0) * 3;
      const sheen = Math.pow(Math.max(0, Math.sin((x / w + y / h) * 5 + n[i] * 6)), 8) * 0.35;
      px[o] = lut[k] + (255 - lut[k]) * sheen;
      px[o + 1] = lut[k + 1] + (255 - lut[k + 1]) * sheen;
      px[o + 2] = lut[k + 2] + (255 - lut[k + 2]) * sheen;
    }
  }
}

/** Halftone dots on a 45° grid, growing along a diagonal: pop-art print. */
export function paintHalftone(c: Canvas, ink: Rgb, seed: number): void {
  const rand = createRandom(seed ^ 0x4a1);
  const { width: w, height: h } = c;
  const cell = c.unit * 3;
  const fx = rand() < 0.5 ? 0 : w;
  for (let gy = -2; gy * cell < h + cell; gy++) {
    for (let gx = -2; gx * cell < w + cell; gx++) {
      const x = gx * cell + (gy % 2 ? cell / 2 : 0);
      const y = gy * cell;
      const t = clamp(1 - Math.hypot(x - fx, y - h) / Math.hypot(w, h), 0, 1);
      const r = cell * 0.55 * Math.pow(t, 0.8);
      if (r > 0.4) fillCircle(c, x, y, r, ink, 1, 0.8);
    }
  }
}

/** Stripes: diagonal bands of the palette; `rainbow` gives the six pride colours. */
export function paintStripes(c: Canvas, colours: Rgb[], variant: string | undefined, seed: number): void {
  const { width: w, height: h, px } = c;
  const rainbow: Rgb[] = [[228, 3, 3], [255, 140, 0], [255, 237, 0], [0, 128, 38], [0, 77, 255], [117, 7, 135]];
  const cols = variant === 'rainbow' ? rainbow : colours.length === 1 ? [colours[0], lerpRgb(colours[0], [255, 255, 255], 0.55)] : colours;
  const rand = createRandom(seed ^ 0x57);
  const width = variant === 'rainbow' ? h / 6 : c.unit * (4 + rand() * 6);
  const slope = variant === 'rainbow' ? 0.25 : 1;
  for (let y = 0; y < h; y++) {
    for (let x = 0, i = y * w; x < w; x++, i++) {
      const s = (y + x * slope) / width;
      const k = Math.floor(s) % cols.length;
      const col = cols[(k + cols.length) % cols.length];
      const o = i * 3;
      px[o] = col[0];
      px[o + 1] = col[1];
      px[o + 2] = col[2];
    }
  }
}

export function paintDots(c: Canvas, dot: Rgb, seed: number): void {
  const rand = createRandom(seed ^ 0xd07);
  const cell = c.unit * (7 + rand() * 5);
  for (let gy = 0; gy * cell < c.height + cell; gy++) {
    for (let gx = 0; gx * cell < c.width + cell; gx++) fillCircle(c, gx * cell + (gy % 2 ? cell / 2 : 0), gy * cell, cell * 0.22, dot, 1, 1);
  }
}

export function paintChecker(c: Canvas, colours: Rgb[], seed: number): void {
  const rand = createRandom(seed ^ 0xc4e);
  const a = colours[0];
  const b = colours[1] ?? lerpRgb(colours[0], [255, 255, 255], 0.7);
  const cell = c.unit * (8 + Math.floor(rand() * 6));
  for (let y = 0; y < c.height; y++) {
    for (let x = 0, i = y * c.width; x < c.width; x++, i++) mixPixel(c, i, (Math.floor(x / cell) + Math.floor(y / cell)) % 2 ? a : b, 1);
  }
}

/** A retro neon grid floor running to the horizon under a striped sun (synthwave). */
export function paintRetroGrid(c: Canvas, colours: Rgb[], seed: number): void {
  const { width: w, height: h } = c;
  const hy = h * 0.58;
  const line = colours[0] ?? [255, 60, 200];
  paintGradient(c, 'linear', [[20, 6, 50], [120, 30, 120], [255, 110, 120]], seed, w / 2);
  const sunR = w * 0.3;
  for (let y = Math.floor(hy - sunR); y < hy; y++) {
    const t = (y - (hy - sunR)) / sunR;
    const gap = t > 0.45 && Math.floor(((y - (hy - sunR)) / (c.unit * 2.5)) % 2) === 0 ? 0 : 1;
    if (!gap) continue;
    for (let x = 0; x < w; x++) {
      const d = Math.hypot(x - w / 2, y - hy) / sunR;
      if (d < 1) mixPixel(c, y * w + x, lerpRgb([255, 220, 90], [255, 60, 140], t), clamp((1 - d) * sunR, 0, 1));
    }
  }
  fillRect(c, 0, hy, w, h - hy, [18, 4, 40], 1);
  const lw = Math.max(1, c.unit * 0.35);
  for (let k = -14; k <= 14; k++) drawLine(c, w / 2 + k * w * 0.04, hy, w / 2 + k * w * 0.35, h, lw, line, 0.9, true);
  for (let k = 0; k < 12; k++) {
    const y = hy + (h - hy) * Math.pow(k / 12, 2.2);
    drawLine(c, 0, y, w, y, lw, line, 0.9, true);
  }
}
