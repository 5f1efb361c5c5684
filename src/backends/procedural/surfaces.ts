/** Studio sweeps and room surfaces: paper, brick, concrete, marble, wood, tiles, wallpaper, floors, curtains. */
import { clamp } from '../../image/color.js';
import { createRandom, hash2 } from '../../image/random.js';
import type { Rgb } from '../../image/types.js';
import { type Canvas, fillCircle, lerpRgb, mixPixel, noiseField, smoothstep } from './canvas.js';

/**
 * A seamless paper sweep: wall curving into floor, lit by a soft key light from the focus side, with a
 * vignette and the faint mottling of real paper.
 */
export function paintStudio(c: Canvas, colour: Rgb, focusX: number, seed: number): void {
  const { width: w, height: h, px, depth } = c;
  const floorY = h * 0.72;
  const n = noiseField(w, h, 4, 7, seed + 3, 3, 8);
  const lx = focusX;
  const ly = h * 0.42;
  const R2 = (w * w + h * h) * 0.28;
  for (let y = 0; y < h; y++) {
    // The sweep: the floor catches more light than the wall, with a soft bright band where it curves.
    const sweep = smoothstep(floorY - h * 0.08, floorY + h * 0.08, y);
    const rowK = 0.92 + sweep * 0.1 - Math.max(0, (y - floorY) / h) * 0.15;
    for (let x = 0, i = y * w; x < w; x++, i++) {
      const dx = x - lx;
      const dy = y - ly;
      const light = 1.1 - ((dx * dx + dy * dy) / R2) * 0.55;
      const k = rowK * light * (0.97 + n[i] * 0.06);
      const o = i * 3;
      px[o] = colour[0] * k;
      px[o + 1] = colour[1] * k;
      px[o + 2] = colour[2] * k;
      depth[i] = y < floorY ? 0.7 : 0.7 - ((y - floorY) / (h - floorY)) * 0.5;
    }
  }
}

/** Wall textures that fill the whole canvas. */
export function paintWall(c: Canvas, variant: string, colour: Rgb | undefined, seed: number): void {
  const { width: w, height: h, px, depth } = c;
  const u = c.unit;
  depth.fill(0.6);
  const fine = noiseField(w, h, 60, 100, seed + 7, 2, 2);
  const coarse = noiseField(w, h, 5, 8, seed + 11, 4, 6);
  const set = (i: number, r: number, g: number, b: number) => {
    const o = i * 3;
    px[o] = r;
    px[o + 1] = g;
    px[o + 2] = b;
  };
  if (variant === 'brick') {
    const base = colour ?? [164, 78, 56];
    const mortar = lerpRgb(base, [200, 194, 184], 0.65);
    const bh = u * 3.4;
    const bw = u * 8;
    const m = u * 0.45;
    for (let y = 0; y < h; y++) {
      const row = Math.floor(y / bh);
      const yy = y - row * bh;
      const off = row % 2 ? bw / 2 : 0;
      for (let x = 0, i = y * w; x < w; x++, i++) {
        const col = Math.floor((x + off) / bw);
        const xx = x + off - col * bw;
        const v = (0.82 + hash2(col, row, seed) * 0.3) * (0.9 + fine[i] * 0.2);
        if (yy < m || xx < m) set(i, mortar[0] * (0.9 + fine[i] * 0.2), mortar[1] * (0.9 + fine[i] * 0.2), mortar[2] * (0.9 + fine[i] * 0.2));
        else set(i, base[0] * v, base[1] * v, base[2] * v);
      }
    }
  } else if (variant === 'concrete') {
    const base = colour ?? [158, 156, 150];
    for (let i = 0; i < w * h; i++) {
      const v = 0.8 + coarse[i] * 0.3 + (fine[i] - 0.5) * 0.12;
      set(i, base[0] * v, base[1] * v, base[2] * v);
    }
    for (let y = u * 12; y < h; y += u * 24) for (let x = u * 12; x < w; x += u * 24) fillCircle(c, x, y, u * 0.8, lerpRgb(base, [60, 60, 60], 0.5), 0.7, u * 0.3);
  } else if (variant === 'marble') {
    const base = colour ?? [238, 236, 232];
    const vein: Rgb = lerpRgb(base, [90, 90, 96], 0.75);
    const warp = noiseField(w, h, 2, 3, seed + 13, 4, 8);
    for (let y = 0; y < h; y++) {
      for (let x = 0, i = y * w; x < w; x++, i++) {
        const s = Math.abs(Math.sin((x * 0.8 + y * 0.5) / (u * 16) + warp[i] * 4 + coarse[i] * 0.8));
        const s2 = Math.abs(Math.sin((x * 0.3 - y * 0.9) / (u * 9) + warp[i] * 6 + coarse[i] * 2));
        // (1 - s)^14 etc. by multiplication: Math.pow per pixel is the slow part of marble.
        const q = 1 - s;
        const q2 = q * q;
        const q4 = q2 * q2;
        const r = 1 - s2;
        const r4 = r * r * r * r;
        const line = q4 * q4 * q4 * q2 * 0.8 + q2 * q * 0.1 + r4 * r4 * r4 * r4 * 0.35;
        const v = 0.95 + coarse[i] * 0.08;
        set(i, (base[0] + (vein[0] - base[0]) * line) * v, (base[1] + (vein[1] - base[1]) * line) * v, (base[2] + (vein[2] - base[2]) * line) * v);
      }
    }
  } else if (variant === 'wood') {
    const base = colour ?? [150, 100, 62];
    const pw = u * 9;
    for (let y = 0; y < h; y++) {
      for (let x = 0, i = y * w; x < w; x++, i++) {
        const plank = Math.floor(x / pw);
        const xx = x - plank * pw;
        const grain = 0.5 + 0.5 * Math.sin(xx / (u * 0.55) + coarse[i] * 14 + plank * 3);
        const v = (0.78 + hash2(plank, 7, seed) * 0.25) * (0.85 + grain * 0.18) * (0.95 + fine[i] * 0.08);
        const seam = xx < u * 0.35 ? 0.55 : 1;
        set(i, base[0] * v * seam, base[1] * v * seam, base[2] * v * seam);
      }
    }
  } else if (variant === 'tiles') {
    const base = colour ?? [240, 240, 236];
    const grout = lerpRgb(base, [150, 150, 150], 0.5);
    const tw = u * 8;
    const th = u * 4;
    for (let y = 0; y < h; y++) {
      const row = Math.floor(y / th);
      const yy = y - row * th;
      const off = row % 2 ? tw / 2 : 0;
      for (let x = 0, i = y * w; x < w; x++, i++) {
        const xx = (x + off) % tw;
        if (yy < u * 0.4 || xx < u * 0.4) set(i, grout[0], grout[1], grout[2]);
        else {
          const gloss = 1.02 - (yy / th) * 0.08 + (xx / tw < 0.25 && yy / th < 0.4 ? 0.05 : 0);
          set(i, base[0] * gloss, base[1] * gloss, base[2] * gloss);
        }
      }
    }
  } else if (variant === 'wallpaper') {
    const base = colour ?? [196, 170, 150];
    const motif = lerpRgb(base, [255, 248, 236], 0.45);
    const cell = u * 12;
    for (let y = 0; y < h; y++) {
      for (let x = 0, i = y * w; x < w; x++, i++) {
        const fx = ((x / cell) % 1) - 0.5;
        const row = Math.floor(y / cell);
        const fy = ((y / cell) % 1) - 0.5;
        const fx2 = row % 2 ? (((x / cell + 0.5) % 1) - 0.5) : fx;
        // A damask-like medallion: a rounded diamond with petals.
        const r = Math.abs(fx2) + Math.abs(fy);
        const petals = 0.5 + 0.5 * Math.cos(Math.atan2(fy, fx2) * 4);
        const m = clamp((0.32 + petals * 0.08 - r) * 18, 0, 1) * (r > 0.12 ? 1 : 0.4);
        set(i, base[0] + (motif[0] - base[0]) * m, base[1] + (motif[1] - base[1]) * m, base[2] + (motif[2] - base[2]) * m);
      }
    }
  } else {
    const base = colour ?? [214, 206, 196];
    for (let y = 0; y < h; y++) {
      for (let x = 0, i = y * w; x < w; x++, i++) {
        const v = 0.9 + coarse[i] * 0.08 + (fine[i] - 0.5) * 0.03;
        set(i, base[0] * v, base[1] * v, base[2] * v);
      }
    }
  }
}

/** A floor along the bottom of a room, in perspective. */
export function paintFloor(c: Canvas, variant: string | undefined, seed: number, floorY = c.height * 0.8): void {
  const { width: w, height: h } = c;
  const base: Rgb = variant === 'wood' ? [140, 92, 56] : [96, 92, 88];
  const n = noiseField(w, h, 30, 10, seed + 21, 2, 4);
  for (let y = Math.floor(floorY); y < h; y++) {
    const t = (y - floorY) / (h - floorY);
    for (let x = 0, i = y * w; x < w; x++, i++) {
      let v = 0.75 + t * 0.3 + (n[i] - 0.5) * 0.2;
      if (variant === 'wood') {
        const lane = ((x - w / 2) / (1 + t * 3)) / (c.unit * 3);
        if (Math.abs(lane - Math.round(lane)) < 0.06) v *= 0.7;
      }
      mixPixel(c, i, [base[0] * v, base[1] * v, base[2] * v], 1);
      c.depth[i] = 0.6 - t * 0.5;
    }
  }
  // Contact shadow where wall meets floor.
  for (let y = Math.floor(floorY); y < Math.min(h, floorY + c.unit * 3); y++) for (let x = 0; x < w; x++) mixPixel(c, y * w + x, [0, 0, 0], 0.25 * (1 - (y - floorY) / (c.unit * 3)));
}

/** Velvet curtains: deep folds catching light along their crests. */
export function paintCurtains(c: Canvas, colour: Rgb, seed: number, sidesOnly = false): void {
  const { width: w, height: h, px } = c;
  const rand = createRandom(seed ^ 0xc0);
  const fold = c.unit * (5 + rand() * 3);
  const ph = rand() * 6;
  const n = noiseField(w, 1, 30, 1, seed, 2, 2);
  for (let x = 0; x < w; x++) {
    if (sidesOnly && x > w * 0.18 && x < w * 0.82) continue;
    const s = Math.sin(x / fold + ph + n[x] * 3);
    const k = 0.35 + 0.65 * Math.pow(0.5 + 0.5 * s, 1.5);
    for (let y = 0; y < h; y++) {
      const v = k * (1.05 - (y / h) * 0.35);
      const o = (y * w + x) * 3;
      px[o] = colour[0] * v;
      px[o + 1] = colour[1] * v;
      px[o + 2] = colour[2] * v;
      c.depth[y * w + x] = 0.55;
    }
  }
}

