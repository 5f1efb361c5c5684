import { clamp } from '../../image/color.js';
import { fbm } from '../../image/random.js';
import type { Rgb } from '../../image/types.js';

/**
 * The renderer's working surface: float sRGB (0..255) in three interleaved channels plus a depth plane
 * (0 = near, 1 = far). Layers paint into it back to front; it is upsampled to the output size at the end.
 */
export interface Canvas {
  readonly width: number;
  readonly height: number;
  readonly px: Float32Array;
  readonly depth: Float32Array;
  /** One "unit": a hundredth of the shorter side, so shapes keep their look at every resolution. */
  readonly unit: number;
}

/** A blank canvas; `reuse`, when it has exactly the right length, is cleared and painted on instead of a new buffer. */
export function createCanvas(width: number, height: number, reuse?: Float32Array): Canvas {
  const px = reuse?.length === width * height * 3 ? reuse.fill(0) : new Float32Array(width * height * 3);
  return { width, height, px, depth: new Float32Array(width * height).fill(1), unit: Math.min(width, height) / 100 };
}

/** Mixes `rgb` into pixel `i` by `a` (0..1). */
export function mixPixel(c: Canvas, i: number, rgb: Rgb, a: number): void {
  const o = i * 3;
  const px = c.px;
  px[o] += (rgb[0] - px[o]) * a;
  px[o + 1] += (rgb[1] - px[o + 1]) * a;
  px[o + 2] += (rgb[2] - px[o + 2]) * a;
}

/** Adds light to pixel `i` (screen-like: never above 255 after the final clamp). */
export function addPixel(c: Canvas, i: number, rgb: Rgb, a: number): void {
  const o = i * 3;
  const px = c.px;
  px[o] += (255 - px[o]) * ((rgb[0] / 255) * a);
  px[o + 1] += (255 - px[o + 1]) * ((rgb[1] / 255) * a);
  px[o + 2] += (255 - px[o + 2]) * ((rgb[2] / 255) * a);
}

/**
 * A filled disc with an anti-aliased (or `soft`-wide) edge. `add` makes it emit light instead of covering.
 * @example fillCircle(canvas, 50, 50, 10, [255, 0, 0], 1)
 */
export function fillCircle(c: Canvas, cx: number, cy: number, radius: number, rgb: Rgb, alpha: number, soft = 1, add = false, depth = -1): void {
  const edge = Math.max(0.5, soft);
  const reach = radius + edge;
  const x0 = Math.max(0, Math.floor(cx - reach));
  const x1 = Math.min(c.width - 1, Math.ceil(cx + reach));
  const y0 = Math.max(0, Math.floor(cy - reach));
  const y1 = Math.min(c.height - 1, Math.ceil(cy + reach));
  for (let y = y0; y <= y1; y++) {
    const dy = y + 0.5 - cy;
    for (let x = x0; x <= x1; x++) {
      const dx = x + 0.5 - cx;
      const d = Math.sqrt(dx * dx + dy * dy);
      if (d >= reach) continue;
      const a = alpha * clamp((radius - d) / edge + 0.5, 0, 1);
      if (a <= 0) continue;
      const i = y * c.width + x;
      if (add) addPixel(c, i, rgb, a);
      else mixPixel(c, i, rgb, a);
      if (depth >= 0 && a > 0.5) c.depth[i] = depth;
    }
  }
}

/** A soft additive glow: brightness falls off as (1 - d/r)² out to `radius`. */
export function glow(c: Canvas, cx: number, cy: number, radius: number, rgb: Rgb, strength: number): void {
  const x0 = Math.max(0, Math.floor(cx - radius));
  const x1 = Math.min(c.width - 1, Math.ceil(cx + radius));
  const y0 = Math.max(0, Math.floor(cy - radius));
  const y1 = Math.min(c.height - 1, Math.ceil(cy + radius));
  const inv = 1 / (radius * radius);
  for (let y = y0; y <= y1; y++) {
    const dy = y + 0.5 - cy;
    for (let x = x0; x <= x1; x++) {
      const dx = x + 0.5 - cx;
      const q = 1 - Math.sqrt((dx * dx + dy * dy) * inv);
      if (q <= 0) continue;
      addPixel(c, y * c.width + x, rgb, strength * q * q);
    }
  }
}

/** A line segment of `width` with round caps (distance to segment), mixed or added. */
export function drawLine(c: Canvas, ax: number, ay: number, bx: number, by: number, width: number, rgb: Rgb, alpha: number, add = false): void {
  const r = width / 2;
  const x0 = Math.max(0, Math.floor(Math.min(ax, bx) - r - 1));
  const x1 = Math.min(c.width - 1, Math.ceil(Math.max(ax, bx) + r + 1));
  const y0 = Math.max(0, Math.floor(Math.min(ay, by) - r - 1));
  const y1 = Math.min(c.height - 1, Math.ceil(Math.max(ay, by) + r + 1));
  const vx = bx - ax;
  const vy = by - ay;
  const len2 = vx * vx + vy * vy || 1;
  for (let y = y0; y <= y1; y++) {
    for (let x = x0; x <= x1; x++) {
      const px = x + 0.5 - ax;
      const py = y + 0.5 - ay;
      const t = clamp((px * vx + py * vy) / len2, 0, 1);
      const dx = px - vx * t;
      const dy = py - vy * t;
      const d = Math.sqrt(dx * dx + dy * dy);
      const a = alpha * clamp(r - d + 0.5, 0, 1);
      if (a <= 0) continue;
      if (add) addPixel(c, y * c.width + x, rgb, a);
      else mixPixel(c, y * c.width + x, rgb, a);
    }
  }
}

/** A convex or concave polygon by scanline (even-odd), with horizontal edge anti-aliasing. */
export function fillPolygon(c: Canvas, pts: ReadonlyArray<readonly [number, number]>, rgb: Rgb, alpha: number, depth = -1): void {
  let minY = Infinity;
  let maxY = -Infinity;
  for (const p of pts) {
    minY = Math.min(minY, p[1]);
    maxY = Math.max(maxY, p[1]);
  }
  const y0 = Math.max(0, Math.floor(minY));
  const y1 = Math.min(c.height - 1, Math.ceil(maxY));
  const xs: number[] = [];
  for (let y = y0; y <= y1; y++) {
    const sy = y + 0.5;
    xs.length = 0;
    for (let k = 0; k < pts.length; k++) {
      const [ax, ay] = pts[k];
      const [bx, by] = pts[(k + 1) % pts.length];
      if ((ay <= sy && by > sy) || (by <= sy && ay > sy)) xs.push(ax + ((sy - ay) / (by - ay)) * (bx - ax));
    }
    xs.sort((a, b) => a - b);
    for (let k = 0; k + 1 < xs.length; k += 2) {
      const l = xs[k];
      const r = xs[k + 1];
      const xa = Math.max(0, Math.floor(l));
      const xb = Math.min(c.width - 1, Math.floor(r));
      for (let x = xa; x <= xb; x++) {
        const cover = clamp(Math.min(x + 1, r) - Math.max(x, l), 0, 1);
        if (cover <= 0) continue;
        const i = y * c.width + x;
        mixPixel(c, i, rgb, alpha * cover);
        if (depth >= 0) c.depth[i] = depth;
      }
    }
  }
}

/**
 * Smooth fractal noise for a whole canvas, computed on a coarse grid (every `step` pixels) and upsampled
 * bilinearly: clouds and textures that are smooth at that scale cost a fraction of per-pixel fbm.
 * `scaleX`/`scaleY` are noise lattice cells across the canvas.
 */
export function noiseField(width: number, height: number, scaleX: number, scaleY: number, seed: number, octaves: number, step: number): Float32Array {
  const gw = Math.ceil(width / step) + 2;
  const gh = Math.ceil(height / step) + 2;
  const grid = new Float32Array(gw * gh);
  for (let gy = 0; gy < gh; gy++) {
    for (let gx = 0; gx < gw; gx++) grid[gy * gw + gx] = fbm(((gx * step) / width) * scaleX, ((gy * step) / height) * scaleY, seed, octaves);
  }
  return upsampleField(grid, gw, step, width, height);
}

/**
 * Bilinear upsampling of a coarse one-channel grid (`gw` wide, a sample every `step` pixels, one spare
 * row and column) to `width`×`height`: the cheap half of every "compute coarse, draw fine" layer.
 */
export function upsampleField(grid: Float32Array, gw: number, step: number, width: number, height: number): Float32Array {
  const out = new Float32Array(width * height);
  const inv = 1 / step;
  for (let y = 0; y < height; y++) {
    const fy = y * inv;
    const y0 = Math.floor(fy);
    const ty = fy - y0;
    const row0 = y0 * gw;
    const row1 = row0 + gw;
    let o = y * width;
    for (let x = 0; x < width; x++, o++) {
      const fx = x * inv;
      const x0 = Math.floor(fx);
      const tx = fx - x0;
      const a = grid[row0 + x0] + (grid[row0 + x0 + 1] - grid[row0 + x0]) * tx;
      const b = grid[row1 + x0] + (grid[row1 + x0 + 1] - grid[row1 + x0]) * tx;
      out[o] = a + (b - a) * ty;
    }
  }
  return out;
}

/** One-dimensional fractal noise sampled along a row: terrain profiles. */
export function profile(width: number, cells: number, seed: number, octaves: number): Float32Array {
  const out = new Float32Array(width);
  for (let x = 0; x < width; x++) out[x] = fbm((x / width) * cells, seed * 0.001 + 0.5, seed, octaves);
  return out;
}

/** Hermite smoothstep. */
export function smoothstep(e0: number, e1: number, x: number): number {
  const t = clamp((x - e0) / (e1 - e0), 0, 1);
  return t * t * (3 - 2 * t);
}

export function lerpRgb(a: Rgb, b: Rgb, t: number): Rgb {
  return [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t, a[2] + (b[2] - a[2]) * t];
}

export function scaleRgb(a: Rgb, k: number): Rgb {
  return [a[0] * k, a[1] * k, a[2] * k];
}
