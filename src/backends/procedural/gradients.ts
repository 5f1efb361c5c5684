/** Gradients: colour ramps and the linear, radial, mesh, two-tone and solid fills built on them. */
import { clamp, hslToRgb, rgbToHsl } from '../../image/color.js';
import { createRandom } from '../../image/random.js';
import type { Rgb } from '../../image/types.js';
import { type Canvas, lerpRgb, mixPixel, smoothstep } from './canvas.js';

/** A 1024-step colour ramp through `colours` (smoothstepped), so per-pixel gradients are one lookup. */
export function ramp(colours: Rgb[]): Float32Array {
  const lut = new Float32Array(1024 * 3);
  const n = colours.length - 1;
  for (let k = 0; k < 1024; k++) {
    const t = k / 1023;
    let c: Rgb;
    if (n <= 0) c = colours[0];
    else {
      const s = Math.min(n - 1, Math.floor(t * n));
      const f = t * n - s;
      c = lerpRgb(colours[s], colours[s + 1], f * f * (3 - 2 * f));
    }
    lut[k * 3] = c[0];
    lut[k * 3 + 1] = c[1];
    lut[k * 3 + 2] = c[2];
  }
  return lut;
}

export function setFromRamp(c: Canvas, i: number, lut: Float32Array, t: number): void {
  const k = (t <= 0 ? 0 : t >= 1 ? 1023 : (t * 1023) | 0) * 3;
  const o = i * 3;
  c.px[o] = lut[k];
  c.px[o + 1] = lut[k + 1];
  c.px[o + 2] = lut[k + 2];
}

/** One colour becomes a gentle lighter → darker ramp of itself, so a single colour still has depth. */
export function shadesOf(c: Rgb): Rgb[] {
  const [h, s, l] = rgbToHsl(c);
  return [hslToRgb(h, s, clamp(l + 0.08, 0, 0.97)), c, hslToRgb(h, s, clamp(l - 0.08, 0.03, 1))];
}

/**
 * Gradients: linear (angle varies with the seed), radial (centre at the focus), mesh (soft colour blobs by
 * inverse-distance weights), split (two-tone) or solid.
 */
export function paintGradient(c: Canvas, variant: string, colours: Rgb[], seed: number, focusX: number): void {
  const rand = createRandom(seed ^ 0x96);
  const { width: w, height: h } = c;
  c.depth.fill(1);
  if (variant === 'solid') {
    const col = colours.length > 1 ? colours[0] : colours[0];
    for (let i = 0; i < w * h; i++) mixPixel(c, i, col, 1);
    return;
  }
  if (variant === 'mesh') {
    const pts = colours.map((col, k) => ({ col, x: (k % 2 === 0 ? 0.2 : 0.8) * w + (rand() - 0.5) * w * 0.5, y: ((k + 0.5) / colours.length) * h + (rand() - 0.5) * h * 0.2 }));
    // The first colour sits at the focus, so "on the left" moves the gradient's heart.
    pts[0].x = focusX;
    if (pts.length === 1) pts.push({ col: lerpRgb(colours[0], [255, 255, 255], 0.35), x: w * rand(), y: h * rand() });
    const s2 = (w * w + h * h) * 0.02;
    const step = 4;
    const gw = Math.ceil(w / step) + 1;
    const gh = Math.ceil(h / step) + 1;
    const grid = new Float32Array(gw * gh * 3);
    for (let gy = 0; gy < gh; gy++) {
      for (let gx = 0; gx < gw; gx++) {
        let r = 0;
        let g = 0;
        let b = 0;
        let sum = 0;
        for (const p of pts) {
          const dx = gx * step - p.x;
          const dy = gy * step - p.y;
          const wt = 1 / (s2 + dx * dx + dy * dy) ** 1.5;
          r += p.col[0] * wt;
          g += p.col[1] * wt;
          b += p.col[2] * wt;
          sum += wt;
        }
        const o = (gy * gw + gx) * 3;
        grid[o] = r / sum;
        grid[o + 1] = g / sum;
        grid[o + 2] = b / sum;
      }
    }
    upsampleGrid(c, grid, gw, step);
    return;
  }
  const lut = ramp(colours.length === 1 ? shadesOf(colours[0]) : colours);
  if (variant === 'radial') {
    const cx = focusX;
    const cy = h * (0.35 + rand() * 0.2);
    const maxR = Math.hypot(w, h) * 0.72;
    for (let y = 0; y < h; y++) for (let x = 0, i = y * w; x < w; x++, i++) setFromRamp(c, i, lut, Math.hypot(x - cx, y - cy) / maxR);
    return;
  }
  const angle = Math.PI / 2 + (rand() - 0.5) * 0.9;
  const ax = Math.cos(angle);
  const ay = Math.sin(angle);
  const half = Math.abs(ax * w) / 2 + Math.abs(ay * h) / 2;
  if (variant === 'split') {
    const lutS = ramp([colours[0], colours[colours.length > 1 ? 1 : 0]]);
    for (let y = 0; y < h; y++) for (let x = 0, i = y * w; x < w; x++, i++) setFromRamp(c, i, lutS, smoothstep(-0.02, 0.02, ((x - w / 2) * ax + (y - h / 2) * ay) / (2 * half)));
    return;
  }
  for (let y = 0; y < h; y++) for (let x = 0, i = y * w; x < w; x++, i++) setFromRamp(c, i, lut, ((x - w / 2) * ax + (y - h / 2) * ay) / (2 * half) + 0.5);
}

function upsampleGrid(c: Canvas, grid: Float32Array, gw: number, step: number): void {
  const { width: w, height: h, px } = c;
  for (let y = 0; y < h; y++) {
    const fy = y / step;
    const y0 = Math.floor(fy);
    const ty = fy - y0;
    for (let x = 0, i = y * w; x < w; x++, i++) {
      const fx = x / step;
      const x0 = Math.floor(fx);
      const tx = fx - x0;
      const a = (y0 * gw + x0) * 3;
      const b = a + gw * 3;
      for (let ch = 0; ch < 3; ch++) {
        const top = grid[a + ch] + (grid[a + 3 + ch] - grid[a + ch]) * tx;
        const bot = grid[b + ch] + (grid[b + 3 + ch] - grid[b + ch]) * tx;
        px[i * 3 + ch] = top + (bot - top) * ty;
      }
    }
  }
}

