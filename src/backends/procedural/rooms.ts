/** Rooms with light in them: spotlights, red carpet, stage, neon signs, club, cafe, cozy room, window light, disco ball. */
import { createRandom } from '../../image/random.js';
import type { Rgb } from '../../image/types.js';
import { type Canvas, addPixel, drawLine, fillCircle, fillPolygon, glow, lerpRgb, mixPixel } from './canvas.js';
import { fillRect } from './silhouettes.js';
import { paintCurtains, paintFloor, paintWall } from './surfaces.js';

/** Cones of light from above, with pools on the floor. */
export function paintSpotlights(c: Canvas, seed: number, colour: Rgb, count: number, floorY: number): void {
  const rand = createRandom(seed ^ 0x5b07);
  const { width: w } = c;
  for (let k = 0; k < count; k++) {
    const sx = w * ((k + 0.5) / count) + (rand() - 0.5) * w * 0.1;
    const tx = w * 0.5 + (sx - w * 0.5) * (0.3 + rand() * 0.4);
    const spread = w * (0.1 + rand() * 0.05);
    const a = 0.22;
    for (let y = 0; y < floorY; y++) {
      const t = y / floorY;
      const cx = sx + (tx - sx) * t;
      const half = c.unit + spread * t;
      const x0 = Math.max(0, Math.floor(cx - half * 1.5));
      const x1 = Math.min(w - 1, Math.ceil(cx + half * 1.5));
      for (let x = x0; x <= x1; x++) {
        const d = Math.abs(x - cx) / half;
        const v = d < 1 ? 1 : Math.max(0, 1 - (d - 1) * 2);
        if (v > 0) addPixel(c, y * w + x, colour, a * v * (0.5 + t * 0.5));
      }
    }
    glow(c, tx, floorY + c.unit * 3, spread * 1.4, colour, 0.45);
    glow(c, sx, 0, c.unit * 8, colour, 0.8);
  }
}

/** A red carpet running into a dark, flash-lit distance between gold posts and ropes. */
export function paintRedCarpet(c: Canvas, seed: number): void {
  const rand = createRandom(seed ^ 0x4ed);
  const { width: w, height: h } = c;
  const vy = h * 0.5;
  fillPolygon(c, [[0, 0], [w, 0], [w, h], [0, h]], [26, 20, 30], 1, 0.8);
  for (let k = 0; k < 60; k++) fillCircle(c, rand() * w, vy * (0.4 + rand() * 0.7), c.unit * (1 + rand() * 3), [255, 250, 240], 0.2 + rand() * 0.4, c.unit * 1.5, true);
  fillPolygon(c, [[w * 0.44, vy], [w * 0.56, vy], [w * 1.05, h], [-w * 0.05, h]], [176, 18, 30], 1, 0.4);
  for (let y = Math.floor(vy); y < h; y++) for (let x = 0; x < w; x++) mixPixel(c, y * w + x, [0, 0, 0], 0.35 * (1 - (y - vy) / (h - vy)));
  const gold: Rgb = [222, 178, 80];
  for (const side of [-1, 1]) {
    let prev: [number, number] | undefined;
    for (let k = 0; k < 6; k++) {
      const t = Math.pow((k + 1) / 6, 1.6);
      const x = w / 2 + side * (w * 0.07 + t * w * 0.5);
      const yb = vy + (h - vy) * t;
      const ph = h * 0.03 + h * 0.12 * t;
      drawLine(c, x, yb, x, yb - ph, c.unit * (0.3 + t * 1.2), gold, 1);
      fillCircle(c, x, yb - ph, c.unit * (0.4 + t * 1.3), lerpRgb(gold, [255, 255, 255], 0.3), 1, 1);
      if (prev) {
        const [px0, py0] = prev;
        for (let s = 0; s < 10; s++) {
          const u0 = s / 10;
          const u1 = (s + 1) / 10;
          const sag = (u: number) => Math.sin(u * Math.PI) * ph * 0.3;
          drawLine(c, px0 + (x - px0) * u0, py0 + (yb - ph - py0) * u0 + sag(u0), px0 + (x - px0) * u1, py0 + (yb - ph - py0) * u1 + sag(u1), c.unit * (0.3 + t * 0.8), [150, 10, 30], 1);
        }
      }
      prev = [x, yb - ph];
    }
  }
}

/** A stage: dark backdrop, side curtains, a wooden floor and haze. */
export function paintStage(c: Canvas, colour: Rgb, seed: number): void {
  const { width: w, height: h } = c;
  fillPolygon(c, [[0, 0], [w, 0], [w, h], [0, h]], lerpRgb(colour, [0, 0, 0], 0.8), 1, 0.8);
  paintCurtains(c, colour, seed, true);
  paintFloor(c, 'wood', seed, h * 0.78);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) addPixel(c, y * w + x, [120, 110, 140], 0.05 * (1 - Math.abs(y / h - 0.6)));
}

/** Neon tubes (a ring, a heart, a wave) on the wall, with their glow. */
export function paintNeonSign(c: Canvas, seed: number, colours: Rgb[]): void {
  const rand = createRandom(seed ^ 0x2e0);
  const { width: w, height: h } = c;
  const cx = w * (0.35 + rand() * 0.3);
  const cy = h * (0.3 + rand() * 0.1);
  const a = colours[0];
  const b = colours[1] ?? colours[0];
  const R = w * 0.2;
  glow(c, cx, cy, R * 2.2, a, 0.6);
  const tube = Math.max(1.2, c.unit * 1.1);
  const seg = 64;
  for (let k = 0; k < seg; k++) {
    const t0 = (k / seg) * Math.PI * 2;
    const t1 = ((k + 1) / seg) * Math.PI * 2;
    drawLine(c, cx + Math.cos(t0) * R, cy + Math.sin(t0) * R, cx + Math.cos(t1) * R, cy + Math.sin(t1) * R, tube * 4, a, 0.45, true);
    drawLine(c, cx + Math.cos(t0) * R, cy + Math.sin(t0) * R, cx + Math.cos(t1) * R, cy + Math.sin(t1) * R, tube, lerpRgb(a, [255, 255, 255], 0.6), 1);
  }
  // A wave underneath in the second colour.
  const wy = cy + R * 1.6;
  glow(c, cx, wy, R * 1.4, b, 0.3);
  let px = cx - R * 1.2;
  let py = wy;
  for (let k = 1; k <= 40; k++) {
    const x = cx - R * 1.2 + (k / 40) * R * 2.4;
    const y = wy + Math.sin((k / 40) * Math.PI * 4) * R * 0.15;
    drawLine(c, px, py, x, y, tube * 3, b, 0.35, true);
    drawLine(c, px, py, x, y, tube, lerpRgb(b, [255, 255, 255], 0.6), 1);
    px = x;
    py = y;
  }
}

/** A club: near-black room, laser fans and coloured beams in haze. */
export function paintClub(c: Canvas, seed: number, colours: Rgb[]): void {
  const rand = createRandom(seed ^ 0xc1b);
  const { width: w, height: h } = c;
  fillPolygon(c, [[0, 0], [w, 0], [w, h], [0, h]], [14, 8, 24], 1, 0.8);
  const cols = colours.length > 0 ? colours : [[255, 40, 160], [40, 200, 255], [140, 60, 255], [60, 255, 120]] as Rgb[];
  for (let k = 0; k < 3; k++) {
    const ox = w * (0.2 + k * 0.3);
    const col = cols[k % cols.length];
    for (let l = 0; l < 9; l++) {
      const a = Math.PI * (0.25 + (l / 8) * 0.5) + (rand() - 0.5) * 0.1;
      drawLine(c, ox, 0, ox + Math.cos(a) * h * 1.2, Math.sin(a) * h * 1.2, Math.max(1, c.unit * 0.3), col, 0.7, true);
    }
    glow(c, ox, 0, c.unit * 10, col, 0.8);
  }
  for (let k = 0; k < 40; k++) fillCircle(c, rand() * w, h * (0.5 + rand() * 0.5), c.unit * (2 + rand() * 4), cols[k % cols.length], 0.25, c.unit * 2, true);
}

/** A cafe seen out of focus: warm dark wood, shelves and large warm bokeh. */
export function paintCafe(c: Canvas, seed: number, warm: Rgb): void {
  const rand = createRandom(seed ^ 0xcaf);
  const { width: w, height: h, px } = c;
  for (let y = 0; y < h; y++) {
    const t = y / h;
    const base = lerpRgb([92, 62, 42], [40, 26, 20], t);
    for (let x = 0, i = y * w; x < w; x++, i++) {
      const o = i * 3;
      const k = 1 - Math.abs(x / w - 0.5) * 0.5;
      px[o] = base[0] * k;
      px[o + 1] = base[1] * k;
      px[o + 2] = base[2] * k;
      c.depth[i] = 0.8;
    }
  }
  // Blurred shelves and a counter.
  for (let k = 0; k < 4; k++) fillRect(c, 0, h * (0.18 + k * 0.12), w, c.unit * 2.5, [140, 100, 70], 0.35);
  fillRect(c, 0, h * 0.72, w, h * 0.28, [58, 36, 26], 0.9);
  fillRect(c, 0, h * 0.72, w, c.unit * 1.2, [170, 130, 90], 0.6);
  for (let k = 0; k < 45; k++) {
    const r = c.unit * (3 + rand() * 7);
    fillCircle(c, rand() * w, h * rand() * 0.75, r, lerpRgb(warm, [255, 255, 255], rand() * 0.3), 0.18 + rand() * 0.25, r * 0.15, true);
  }
}

/** A warm living room: a lamp's pool of light on a soft wall. */
export function paintCozy(c: Canvas, seed: number, wall: Rgb): void {
  const rand = createRandom(seed ^ 0xc02);
  paintWall(c, 'plain', wall, seed);
  const { width: w, height: h } = c;
  for (let i = 0; i < w * h; i++) mixPixel(c, i, [40, 24, 16], 0.35);
  const lx = w * (rand() < 0.5 ? 0.2 : 0.8);
  glow(c, lx, h * 0.45, w * 0.7, [255, 180, 100], 0.6);
  fillPolygon(c, [[lx - c.unit * 6, h * 0.4], [lx + c.unit * 6, h * 0.4], [lx + c.unit * 4, h * 0.33], [lx - c.unit * 4, h * 0.33]], [255, 220, 170], 0.9);
  drawLine(c, lx, h * 0.4, lx, h * 0.8, c.unit * 0.6, [60, 40, 30], 1);
  paintFloor(c, 'wood', seed, h * 0.8);
}

/** Window light falling on the wall: bright panes striped by blinds. */
export function paintWindowLight(c: Canvas, seed: number, warmth: Rgb): void {
  const rand = createRandom(seed ^ 0x317);
  const { width: w, height: h } = c;
  const x0 = w * (0.15 + rand() * 0.2);
  const skew = w * 0.25;
  const top = h * 0.12;
  const bottom = h * 0.62;
  const slat = c.unit * 3.2;
  for (let y = Math.floor(top); y < bottom; y++) {
    const t = (y - top) / (bottom - top);
    const open = ((y - top) % slat) / slat > 0.35 ? 1 : 0;
    if (!open) continue;
    const xa = x0 + skew * t;
    for (const pane of [0, 1]) {
      const pa = xa + pane * w * 0.3;
      for (let x = Math.max(0, Math.floor(pa)); x < Math.min(w, pa + w * 0.26); x++) addPixel(c, y * w + x, warmth, 0.55);
    }
  }
}

/** A mirror ball with flecks of light scattered around the room. */
export function paintDiscoBall(c: Canvas, seed: number): void {
  const rand = createRandom(seed ^ 0xd15);
  const { width: w, height: h } = c;
  const cx = w * 0.5;
  const cy = h * 0.14;
  const R = w * 0.12;
  drawLine(c, cx, 0, cx, cy - R, c.unit * 0.4, [120, 120, 130], 1);
  fillCircle(c, cx, cy, R, [150, 150, 165], 1, 1.2);
  for (let y = -R; y < R; y += c.unit * 1.6) {
    for (let x = -R; x < R; x += c.unit * 1.6) {
      if (x * x + y * y > R * R * 0.9) continue;
      const v = rand();
      fillRect(c, cx + x, cy + y, c.unit * 1.3, c.unit * 1.3, v > 0.8 ? [255, 255, 255] : lerpRgb([70, 70, 90], [220, 220, 235], v), 0.9);
    }
  }
  glow(c, cx - R * 0.3, cy - R * 0.3, R * 0.8, [255, 255, 255], 0.5);
  for (let k = 0; k < 160; k++) fillCircle(c, rand() * w, rand() * h, c.unit * (0.3 + rand() * 0.6), [255, 250, 235], 0.5 + rand() * 0.5, c.unit * 0.3, true);
}
