import { clamp, hslToRgb } from '../../image/color.js';
import { createRandom } from '../../image/random.js';
import type { Rgb } from '../../image/types.js';
import { type Canvas, addPixel, drawLine, fillCircle, fillPolygon, glow, lerpRgb, mixPixel } from './canvas.js';

/** Default festive colours when the prompt names none. */
export const FESTIVE: Rgb[] = [[255, 77, 141], [255, 199, 44], [64, 196, 255], [120, 220, 120], [180, 110, 255], [255, 140, 60]];

/** Particle counts follow the canvas area in units, so density is the same at every resolution. */
function countFor(c: Canvas, perHundredUnits2: number, density: number): number {
  return Math.max(1, Math.round(((c.width * c.height) / (c.unit * c.unit) / 100) * perHundredUnits2 * density));
}

function rotatedRect(cx: number, cy: number, w: number, h: number, a: number): Array<[number, number]> {
  const c = Math.cos(a);
  const s = Math.sin(a);
  return [[-w, -h], [w, -h], [w, h], [-w, h]].map(([x, y]) => [cx + (x * c - y * s) / 2, cy + (x * s + y * c) / 2] as [number, number]);
}

function ellipse(cx: number, cy: number, rx: number, ry: number, a: number, n = 14): Array<[number, number]> {
  const pts: Array<[number, number]> = [];
  const c = Math.cos(a);
  const s = Math.sin(a);
  for (let k = 0; k < n; k++) {
    const t = (k / n) * Math.PI * 2;
    const x = Math.cos(t) * rx;
    const y = Math.sin(t) * ry;
    pts.push([cx + x * c - y * s, cy + x * s + y * c]);
  }
  return pts;
}

export function paintConfetti(c: Canvas, seed: number, colours: Rgb[], density: number, eggs = false): void {
  const rand = createRandom(seed ^ 0xc0f);
  const n = countFor(c, eggs ? 0.4 : 3, density);
  for (let k = 0; k < n; k++) {
    const col = colours[k % colours.length];
    const x = rand() * c.width;
    const y = rand() * c.height;
    const s = c.unit * (1.4 + rand() * 1.8) * (eggs ? 2.5 : 1);
    const a = rand() * Math.PI;
    if (eggs) fillPolygon(c, ellipse(x, y, s * 0.4, s * 0.55, (rand() - 0.5) * 0.6), lerpRgb(col, [255, 255, 255], 0.45), 1);
    else if (k % 3 === 0) fillCircle(c, x, y, s * 0.45, col, 1, 0.8);
    else fillPolygon(c, rotatedRect(x, y, s, s * (0.35 + rand() * 0.3), a), lerpRgb(col, [0, 0, 0], rand() * 0.25), 1);
  }
}

export function paintStreamers(c: Canvas, seed: number, colours: Rgb[]): void {
  const rand = createRandom(seed ^ 0x57e);
  for (let k = 0; k < 9; k++) {
    const col = colours[k % colours.length];
    let x = rand() * c.width;
    let y = -c.unit * 2;
    const amp = c.unit * (2 + rand() * 3);
    const x0 = x;
    for (let s = 1; s < 40; s++) {
      const ny = (s / 40) * c.height * (0.4 + rand() * 0.05);
      const nx = x0 + Math.sin(s * 0.7) * amp;
      drawLine(c, x, y, nx, ny, Math.max(1, c.unit * 0.7), col, 1);
      x = nx;
      y = ny;
    }
  }
}

/** Glossy balloons with a highlight, a knot and a string, floating mostly in the upper part. */
export function paintBalloons(c: Canvas, seed: number, colours: Rgb[], density: number): void {
  const rand = createRandom(seed ^ 0xba1);
  const n = Math.max(3, Math.round(9 * density));
  for (let k = 0; k < n; k++) {
    const col = colours[k % colours.length];
    const r = c.width * (0.07 + rand() * 0.06);
    const x = rand() * c.width;
    const y = c.height * (0.05 + Math.pow(rand(), 1.4) * 0.6);
    const knot = y + r * 1.2;
    let px = x;
    let py = knot;
    for (let s = 1; s <= 16; s++) {
      const ny = knot + (s / 16) * c.height * 0.3;
      const nx = x + Math.sin(s * 0.6 + k) * c.unit * 1.2;
      drawLine(c, px, py, nx, ny, Math.max(0.6, c.unit * 0.15), [230, 230, 230], 0.8);
      px = nx;
      py = ny;
    }
    fillPolygon(c, [[x - r * 0.12, knot + r * 0.12], [x + r * 0.12, knot + r * 0.12], [x, knot - r * 0.1]], lerpRgb(col, [0, 0, 0], 0.3), 1);
    fillPolygon(c, ellipse(x, y, r, r * 1.2, 0, 28), col, 1);
    // Shading: darker towards the lower right, a bright highlight at the upper left.
    fillPolygon(c, ellipse(x + r * 0.25, y + r * 0.3, r * 0.75, r * 0.9, 0, 20), lerpRgb(col, [0, 0, 0], 0.35), 0.35);
    fillPolygon(c, ellipse(x - r * 0.35, y - r * 0.45, r * 0.16, r * 0.28, -0.5, 12), [255, 255, 255], 0.65);
  }
}

/** Bursts of sparks on radial trails that droop at the ends, each with a glowing heart, high in the sky. */
export function paintFireworks(c: Canvas, seed: number, colours: Rgb[], density: number): void {
  const rand = createRandom(seed ^ 0xf1e);
  const n = Math.max(2, Math.round(4 * density));
  for (let k = 0; k < n; k++) {
    const col = colours[k % colours.length];
    const R = c.width * (0.16 + rand() * 0.14);
    const cx = c.width * (0.15 + rand() * 0.7);
    const cy = R * 0.9 + rand() * c.height * 0.18;
    glow(c, cx, cy, R * 1.2, col, 0.28);
    const rays = 36;
    const lw = Math.max(0.8, c.unit * 0.28);
    for (let q = 0; q < rays; q++) {
      const a = (q / rays) * Math.PI * 2 + rand() * 0.08;
      const len = R * (0.7 + rand() * 0.3);
      let px = cx + Math.cos(a) * len * 0.25;
      let py = cy + Math.sin(a) * len * 0.25;
      for (let s = 1; s <= 6; s++) {
        const t = 0.25 + (s / 6) * 0.75;
        const x = cx + Math.cos(a) * len * t;
        const y = cy + Math.sin(a) * len * t + t * t * R * 0.15;
        drawLine(c, px, py, x, y, lw, lerpRgb(col, [255, 255, 255], 0.5 * (1 - t)), 0.35 + 0.5 * t, true);
        px = x;
        py = y;
      }
      fillCircle(c, px, py, lw * 1.2, lerpRgb(col, [255, 255, 255], 0.5), 1, 0.8, true);
    }
  }
}

/** Strings of warm bulbs hanging in catenaries across the top. */
export function paintFairyLights(c: Canvas, seed: number, colours: Rgb[] | null, density: number): void {
  const rand = createRandom(seed ^ 0xfa1);
  const strings = Math.max(2, Math.round(4 * density));
  for (let k = 0; k < strings; k++) {
    const y0 = c.height * (0.04 + k * 0.13 + rand() * 0.05);
    const y1 = c.height * (0.04 + k * 0.13 + rand() * 0.05);
    const sag = c.height * (0.05 + rand() * 0.07);
    const at = (t: number) => y0 + (y1 - y0) * t + Math.sin(t * Math.PI) * sag;
    const segs = 40;
    for (let s = 0; s < segs; s++) drawLine(c, (s / segs) * c.width, at(s / segs), ((s + 1) / segs) * c.width, at((s + 1) / segs), Math.max(0.6, c.unit * 0.15), [40, 36, 30], 0.8);
    const bulbs = 18;
    for (let b = 0; b <= bulbs; b++) {
      const t = (b + rand() * 0.3) / bulbs;
      const col: Rgb = colours ? colours[b % colours.length] : [255, 214, 140];
      glow(c, t * c.width, at(t) + c.unit, c.unit * 4, col, 0.55);
      fillCircle(c, t * c.width, at(t) + c.unit, c.unit * 0.6, lerpRgb(col, [255, 255, 255], 0.6), 1, 0.8);
    }
  }
}

/** Floating sky lanterns (or, for Diwali, a row of diya flames). */
export function paintLanterns(c: Canvas, seed: number, variant: string | undefined, density: number): void {
  const rand = createRandom(seed ^ 0x1a7);
  if (variant === 'diya') {
    for (let k = 0; k < 9; k++) {
      const x = ((k + 0.5) / 9) * c.width;
      const y = c.height * 0.9;
      glow(c, x, y - c.unit * 2, c.unit * 9, [255, 170, 60], 0.7);
      fillPolygon(c, ellipse(x, y, c.unit * 3, c.unit * 1.2, 0), [170, 80, 40], 1);
      fillPolygon(c, ellipse(x, y - c.unit * 2.2, c.unit * 0.6, c.unit * 1.4, 0, 10), [255, 230, 150], 1);
    }
    return;
  }
  const n = Math.max(6, Math.round(28 * density));
  for (let k = 0; k < n; k++) {
    const d = rand();
    const s = c.unit * (1 + d * d * 5);
    const x = rand() * c.width;
    const y = c.height * (0.08 + rand() * 0.6) * (1 - d * 0.2);
    glow(c, x, y, s * 3, [255, 160, 60], 0.5);
    fillPolygon(c, [[x - s * 0.5, y - s * 0.6], [x + s * 0.5, y - s * 0.6], [x + s * 0.35, y + s * 0.6], [x - s * 0.35, y + s * 0.6]], [255, 190, 110], 0.95);
    fillCircle(c, x, y + s * 0.35, s * 0.25, [255, 245, 200], 1, 0.8, true);
  }
}

/** Hearts from the implicit curve (x² + y² − 1)³ − x²y³ ≤ 0, some soft as if out of focus. */
export function paintHearts(c: Canvas, seed: number, colours: Rgb[], density: number): void {
  const rand = createRandom(seed ^ 0x4ea);
  const n = Math.max(6, Math.round(countFor(c, 0.2, density)));
  for (let k = 0; k < n; k++) {
    const col = colours[k % colours.length];
    const s = c.unit * (2 + Math.pow(rand(), 2) * 9);
    const cx = rand() * c.width;
    const cy = rand() * c.height;
    const soft = rand() < 0.3;
    const tilt = (rand() - 0.5) * 0.6;
    heart(c, cx, cy, s, col, soft ? 0.5 : 0.95, tilt, 0.03);
  }
}

function heart(c: Canvas, cx: number, cy: number, s: number, col: Rgb, alpha: number, tilt: number, blur: number): void {
  const cs = Math.cos(tilt);
  const sn = Math.sin(tilt);
  const x0 = Math.max(0, Math.floor(cx - s * 1.5));
  const x1 = Math.min(c.width - 1, Math.ceil(cx + s * 1.5));
  const y0 = Math.max(0, Math.floor(cy - s * 1.5));
  const y1 = Math.min(c.height - 1, Math.ceil(cy + s * 1.5));
  for (let y = y0; y <= y1; y++) {
    for (let x = x0; x <= x1; x++) {
      const dx = (x - cx) / s;
      const dy = (y - cy) / s;
      const u = (dx * cs + dy * sn) * 1.1;
      const v = -(-dx * sn + dy * cs) * 1.1 + 0.15;
      const q = u * u + v * v - 1;
      const f = q * q * q - u * u * v * v * v;
      const a = clamp(-f / blur, 0, 1) * alpha;
      if (a > 0) mixPixel(c, y * c.width + x, col, a);
    }
  }
}

/** Snowflakes: many small soft flakes, a few large out-of-focus ones near the camera. */
export function paintSnowflakes(c: Canvas, seed: number, density: number): void {
  const rand = createRandom(seed ^ 0x5f1);
  const n = countFor(c, 2.2, density);
  for (let k = 0; k < n; k++) {
    const d = Math.pow(rand(), 4);
    const r = c.unit * (0.2 + d * 1.3);
    fillCircle(c, rand() * c.width, rand() * c.height, r, [255, 255, 255], 0.55 + 0.4 * (1 - d), r * (0.3 + d * 0.8));
  }
}

/** Fine glitter: bright specks with a few four-point glints, denser towards the bottom. */
export function paintGlitter(c: Canvas, seed: number, colours: Rgb[], density: number): void {
  const rand = createRandom(seed ^ 0x611);
  const n = countFor(c, 30, density);
  const w = c.width;
  for (let k = 0; k < n; k++) {
    const x = Math.floor(rand() * w);
    const y = Math.floor(Math.sqrt(rand()) * c.height);
    const col = colours[k % colours.length];
    addPixel(c, y * w + x, lerpRgb(col, [255, 255, 255], rand() * 0.6), 0.5 + rand() * 0.5);
    if (rand() < 0.02) sparkle(c, x, y, c.unit * (0.8 + rand() * 1.5), lerpRgb(col, [255, 255, 255], 0.6), 0.9);
  }
}

function sparkle(c: Canvas, x: number, y: number, s: number, col: Rgb, a: number): void {
  drawLine(c, x - s, y, x + s, y, Math.max(0.6, s * 0.12), col, a, true);
  drawLine(c, x, y - s, x, y + s, Math.max(0.6, s * 0.12), col, a, true);
  glow(c, x, y, s * 0.6, col, a * 0.8);
}

export function paintSparkles(c: Canvas, seed: number, colours: Rgb[], density: number): void {
  const rand = createRandom(seed ^ 0x5a4);
  const n = countFor(c, 0.5, density);
  for (let k = 0; k < n; k++) sparkle(c, rand() * c.width, rand() * c.height, c.unit * (0.8 + Math.pow(rand(), 2) * 4), lerpRgb(colours[k % colours.length], [255, 255, 255], 0.6), 0.9);
}

export function paintBubbles(c: Canvas, seed: number, density: number): void {
  const rand = createRandom(seed ^ 0xbb1);
  const n = countFor(c, 0.35, density);
  for (let k = 0; k < n; k++) {
    const r = c.unit * (1 + Math.pow(rand(), 2) * 7);
    const x = rand() * c.width;
    const y = rand() * c.height;
    fillCircle(c, x, y, r, [255, 255, 255], 0.08, 1);
    for (let q = 0; q < 36; q++) {
      const a0 = (q / 36) * Math.PI * 2;
      const a1 = ((q + 1) / 36) * Math.PI * 2;
      drawLine(c, x + Math.cos(a0) * r, y + Math.sin(a0) * r, x + Math.cos(a1) * r, y + Math.sin(a1) * r, Math.max(0.6, r * 0.06), hslToRgb(q * 10, 0.6, 0.85), 0.5, true);
    }
    fillPolygon(c, ellipse(x - r * 0.4, y - r * 0.4, r * 0.2, r * 0.1, -0.7, 10), [255, 255, 255], 0.8);
  }
}

/** Petals or leaves: small tilted ovals drifting down. */
export function paintPetals(c: Canvas, seed: number, colours: Rgb[], density: number, leaves: boolean): void {
  const rand = createRandom(seed ^ (leaves ? 0x1ea : 0x9e7));
  const n = countFor(c, leaves ? 0.6 : 0.9, density);
  for (let k = 0; k < n; k++) {
    const s = c.unit * (0.8 + Math.pow(rand(), 2) * 3) * (leaves ? 1.5 : 1);
    const col = lerpRgb(colours[k % colours.length], [0, 0, 0], rand() * 0.2);
    const x = rand() * c.width;
    const y = rand() * c.height;
    const a = rand() * Math.PI;
    fillPolygon(c, ellipse(x, y, s, s * (leaves ? 0.45 : 0.6), a, 12), col, 0.95);
    if (leaves) drawLine(c, x - Math.cos(a) * s, y - Math.sin(a) * s, x + Math.cos(a) * s, y + Math.sin(a) * s, Math.max(0.5, s * 0.08), lerpRgb(col, [0, 0, 0], 0.4), 0.7);
  }
}

/** Out-of-focus light discs with a brighter rim, in several sizes. */
export function paintBokeh(c: Canvas, seed: number, colours: Rgb[], density: number): void {
  const rand = createRandom(seed ^ 0xb0e);
  const n = Math.max(8, Math.round(countFor(c, 0.35, density)));
  for (let k = 0; k < n; k++) {
    const r = c.unit * (2 + Math.pow(rand(), 1.5) * 9);
    const col = colours[k % colours.length];
    const x = rand() * c.width;
    const y = rand() * c.height;
    fillCircle(c, x, y, r, col, 0.16 + rand() * 0.2, r * 0.12, true);
    fillCircle(c, x, y, r * 0.92, col, 0.06, r * 0.2, true);
  }
}

/** Rain: thin slanted streaks. */
export function paintRain(c: Canvas, seed: number, density: number): void {
  const rand = createRandom(seed ^ 0x4a1);
  const n = countFor(c, 4, density);
  const slant = 0.18;
  for (let k = 0; k < n; k++) {
    const x = rand() * c.width;
    const y = rand() * c.height;
    const len = c.unit * (2 + rand() * 4);
    drawLine(c, x, y, x + len * slant, y + len, Math.max(0.6, c.unit * 0.12), [220, 228, 240], 0.25 + rand() * 0.2);
  }
}

/** Wind: long faint streaks. */
export function paintStreaks(c: Canvas, seed: number): void {
  const rand = createRandom(seed ^ 0x3e);
  for (let k = 0; k < 40; k++) {
    const x = rand() * c.width;
    const y = rand() * c.height;
    drawLine(c, x, y, x + c.width * (0.2 + rand() * 0.3), y - c.unit * rand() * 3, Math.max(0.6, c.unit * 0.2), [255, 255, 255], 0.15);
  }
}
