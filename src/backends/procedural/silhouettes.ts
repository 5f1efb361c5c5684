import { createRandom } from '../../image/random.js';
import type { Rgb } from '../../image/types.js';
import { type Canvas, drawLine, fillCircle, fillPolygon, glow, lerpRgb, mixPixel } from './canvas.js';
import type { Look } from './lighting.js';
import type { Frame } from './sky.js';
import { litColour } from './terrain.js';

export type Tree = 'broadleaf' | 'pine' | 'jungle' | 'acacia' | 'blossom';

/** One tree at (x, baseY) of height h. */
export function drawTree(c: Canvas, kind: Tree, x: number, baseY: number, h: number, leaf: Rgb, trunk: Rgb, rand: () => number, depth: number): void {
  const tw = Math.max(1, h * 0.05);
  if (kind === 'pine') {
    fillPolygon(c, [[x - tw / 2, baseY], [x + tw / 2, baseY], [x + tw / 2, baseY - h * 0.2], [x - tw / 2, baseY - h * 0.2]], trunk, 1, depth);
    for (let k = 0; k < 4; k++) {
      const y0 = baseY - h * (0.15 + k * 0.2);
      const half = h * (0.26 - k * 0.05);
      fillPolygon(c, [[x - half, y0], [x + half, y0], [x, y0 - h * 0.38]], lerpRgb(leaf, [0, 0, 0], k * 0.04), 1, depth);
    }
    return;
  }
  if (kind === 'acacia') {
    drawLine(c, x, baseY, x + h * 0.05, baseY - h * 0.7, tw, trunk, 1);
    fillCircle(c, x + h * 0.05, baseY - h * 0.78, h * 0.12, leaf, 1, 1, false, depth);
    for (let k = -3; k <= 3; k++) fillCircle(c, x + h * 0.05 + k * h * 0.09, baseY - h * 0.8 + Math.abs(k) * h * 0.02, h * 0.1, leaf, 1, 1, false, depth);
    return;
  }
  drawLine(c, x, baseY, x, baseY - h * 0.55, tw * 1.4, trunk, 1);
  const blobs = kind === 'jungle' ? 7 : 5;
  for (let k = 0; k < blobs; k++) {
    const a = rand() * Math.PI * 2;
    const d = rand() * h * 0.18;
    const r = h * (0.16 + rand() * 0.1);
    const v = 0.85 + rand() * 0.3;
    fillCircle(c, x + Math.cos(a) * d, baseY - h * 0.62 + Math.sin(a) * d * 0.8, r, [leaf[0] * v, leaf[1] * v, leaf[2] * v], 1, Math.max(1, r * 0.08), false, depth);
  }
}

/**
 * A forest: rows of trees from the horizon towards the viewer, each row bigger and less hazy, so fog and
 * distance read naturally. `near` adds two large trees framing the sides.
 */
export function paintForest(c: Canvas, look: Look, f: Frame, seed: number, kind: Tree, tint: Rgb | undefined, rows: number, near: boolean): void {
  const rand = createRandom(seed ^ 0x7ee);
  const base: Rgb = tint ?? (kind === 'pine' ? [40, 84, 52] : kind === 'jungle' ? [40, 120, 50] : kind === 'acacia' ? [96, 120, 50] : [58, 110, 48]);
  const trunk: Rgb = [70, 54, 40];
  for (let r = 0; r < rows; r++) {
    const t = rows === 1 ? 1 : r / (rows - 1);
    const y = f.horizonY + (c.height - f.horizonY) * (0.02 + t * 0.18);
    const h = c.height * (0.08 + t * 0.1) * (kind === 'acacia' ? 0.8 : 1);
    const haze = 0.6 * (1 - t);
    const leaf = litColour(base, look, haze, 0.55);
    const tr = litColour(trunk, look, haze, 0.4);
    const spacing = kind === 'acacia' ? h * 2.5 : h * 0.32;
    for (let x = -spacing * rand(); x < c.width + spacing; x += spacing * (0.6 + rand() * 0.8)) drawTree(c, kind, x, y + rand() * h * 0.1, h * (0.8 + rand() * 0.4), leaf, tr, rand, 0.9 - t * 0.4);
  }
  if (near) {
    const leaf = litColour(base, look, 0, 0.35);
    const tr = litColour(trunk, look, 0, 0.3);
    drawTree(c, kind, c.width * (0.02 + rand() * 0.08), c.height * 1.02, c.height * 0.55, leaf, tr, rand, 0.2);
    if (kind !== 'acacia') drawTree(c, kind, c.width * (0.92 + rand() * 0.08), c.height * 1.02, c.height * 0.45, leaf, tr, rand, 0.2);
  }
  if (kind === 'blossom') {
    const petal: Rgb = tint ?? [255, 183, 197];
    for (let k = 0; k < 120; k++) fillCircle(c, rand() * c.width, rand() * c.height, c.unit * (0.3 + rand() * 0.5), litColour(petal, look, 0, 0.8), 0.8, 1);
  }
}

/** Palm trees leaning in from one side. */
export function paintPalms(c: Canvas, look: Look, seed: number, side: 'left' | 'right'): void {
  const rand = createRandom(seed ^ 0xa1a);
  const dir = side === 'left' ? 1 : -1;
  const leaf = litColour([40, 90, 44], look, 0, 0.3);
  const trunk = litColour([96, 76, 56], look, 0, 0.3);
  const count = 2 + Math.floor(rand() * 2);
  for (let k = 0; k < count; k++) {
    const bx = side === 'left' ? c.width * (0.02 + k * 0.12 + rand() * 0.05) : c.width * (0.98 - k * 0.12 - rand() * 0.05);
    const by = c.height * (1.0 + rand() * 0.04);
    const h = c.height * (0.55 - k * 0.12);
    const lean = dir * h * (0.25 + rand() * 0.15);
    let px = bx;
    let py = by;
    const segs = 14;
    let tx = bx;
    let ty = by;
    for (let s = 1; s <= segs; s++) {
      const u = s / segs;
      tx = bx + lean * u * u;
      ty = by - h * u;
      drawLine(c, px, py, tx, ty, Math.max(1.5, h * 0.035 * (1.2 - u * 0.5)), trunk, 1);
      px = tx;
      py = ty;
    }
    const fronds = 9;
    for (let q = 0; q < fronds; q++) {
      const a = (q / fronds) * Math.PI * 2 + rand() * 0.3;
      const len = h * (0.28 + rand() * 0.1);
      let fx = tx;
      let fy = ty;
      for (let s = 1; s <= 8; s++) {
        const u = s / 8;
        const nx = tx + Math.cos(a) * len * u;
        const ny = ty + Math.sin(a) * len * u * 0.45 + len * 0.45 * u * u;
        drawLine(c, fx, fy, nx, ny, Math.max(1.2, h * 0.03 * (1 - u * 0.7)), leaf, 1);
        fx = nx;
        fy = ny;
      }
    }
  }
}

/**
 * A city skyline standing on the horizon: a hazy far row and a darker near row. At night (or `lit`) the
 * windows glow and the sky above the city takes their light.
 */
export function paintSkyline(c: Canvas, look: Look, f: Frame, seed: number, lit: boolean, baseY = f.horizonY): void {
  const rand = createRandom(seed ^ 0xc17);
  const night = lit || look.night;
  if (night) glow(c, c.width / 2, baseY, c.width * 0.9, [255, 170, 90], 0.25);
  const rows = [
    { haze: 0.5, hMax: 0.32, depth: 0.9, col: [110, 120, 140] as Rgb },
    { haze: 0.15, hMax: 0.24, depth: 0.75, col: [70, 78, 92] as Rgb },
  ];
  for (const row of rows) {
    const body = night ? lerpRgb(look.zenith, [10, 12, 20], 0.6 - row.haze * 0.5) : litColour(row.col, look, row.haze, 0.5);
    let x = -rand() * c.unit * 5;
    while (x < c.width) {
      const bw = c.unit * (5 + rand() * 9);
      const centre = 1 - Math.abs(x / c.width - 0.5) * 0.8;
      const bh = c.height * row.hMax * (0.25 + rand() * 0.75) * centre;
      const top = baseY - bh;
      const shade = 0.85 + rand() * 0.3;
      const col: Rgb = [body[0] * shade, body[1] * shade, body[2] * shade];
      fillPolygon(c, [[x, top], [x + bw, top], [x + bw, baseY + 1], [x, baseY + 1]], col, 1, row.depth);
      if (rand() < 0.2) drawLine(c, x + bw / 2, top, x + bw / 2, top - bh * 0.15, Math.max(1, c.unit * 0.3), col, 1);
      // Windows: a grid, some lit.
      const ww = Math.max(1, c.unit * 0.45);
      const gap = ww * 2.2;
      for (let wy = top + gap; wy < baseY - gap; wy += gap) {
        for (let wx = x + gap * 0.6; wx < x + bw - gap * 0.6; wx += gap) {
          const on = rand();
          if (night && on < 0.3) fillRect(c, wx, wy, ww, ww * 1.2, on < 0.08 ? [190, 220, 255] : [255, 214, 140], 0.9 - row.haze * 0.5);
          else if (!night && on < 0.5) fillRect(c, wx, wy, ww, ww * 1.2, lerpRgb(col, look.zenith, 0.5), 0.5);
        }
      }
      x += bw + c.unit * rand() * 1.5;
    }
  }
}

export function fillRect(c: Canvas, x: number, y: number, w: number, h: number, rgb: Rgb, alpha: number): void {
  const x0 = Math.max(0, Math.floor(x));
  const x1 = Math.min(c.width, Math.ceil(x + w));
  const y0 = Math.max(0, Math.floor(y));
  const y1 = Math.min(c.height, Math.ceil(y + h));
  for (let yy = y0; yy < y1; yy++) for (let xx = x0; xx < x1; xx++) mixPixel(c, yy * c.width + xx, rgb, alpha);
}

/**
 * A rain-wet street at night between two rows of buildings hung with neon signs, in one-point perspective:
 * signs shrink towards the vanishing point and each one is reflected as a streak on the wet road.
 */
export function paintNeonStreet(c: Canvas, seed: number, palette: Rgb[]): void {
  const rand = createRandom(seed ^ 0xe0);
  const { width: w, height: h } = c;
  const vx = w * (0.44 + rand() * 0.12);
  const vy = h * 0.46;
  const gap = w * 0.07;
  const neon: Rgb[] = palette.length > 0 ? palette : [[255, 46, 170], [40, 230, 255], [170, 80, 255], [255, 200, 60], [255, 70, 70]];
  // Sky between the roofs, then the two facades and the road.
  fillPolygon(c, [[0, 0], [w, 0], [w, h], [0, h]], [26, 14, 48], 1, 1);
  glow(c, vx, vy - h * 0.05, w * 0.6, [200, 60, 200], 0.35);
  const facade = (side: -1 | 1, col: Rgb) => {
    const edge = side < 0 ? 0 : w;
    const inner = vx + side * gap;
    fillPolygon(c, [[edge, -h * 0.05], [inner, vy - h * 0.2], [inner, vy + h * 0.03], [edge, h * 0.8]], col, 1, 0.5);
    // Windows in perspective: columns shrink towards the vanishing point.
    for (let k = 0; k < 14; k++) {
      const t = 1 - Math.pow(1 - k / 14, 1.6);
      const x = edge + (inner - edge) * t;
      const top = -h * 0.05 + (vy - h * 0.2 + h * 0.05) * t;
      const bot = h * 0.8 + (vy + h * 0.03 - h * 0.8) * t;
      const ww = Math.max(1, (1 - t) * c.unit * 2.2 + c.unit * 0.3);
      for (let y = top + (bot - top) * 0.08; y < bot - (bot - top) * 0.2; y += (bot - top) * 0.09) {
        if (rand() < 0.4) fillRect(c, x, y, ww, ww * 1.3, rand() < 0.7 ? [255, 196, 120] : [140, 200, 255], 0.55 * (1 - t * 0.5));
      }
    }
  };
  facade(-1, [30, 22, 44]);
  facade(1, [24, 18, 38]);
  fillPolygon(c, [[0, h * 0.8], [vx - gap, vy + h * 0.03], [vx + gap, vy + h * 0.03], [w, h * 0.8], [w, h], [0, h]], [14, 12, 22], 1, 0.3);
  // Signs, far to near so near ones cover far ones.
  const signs: Array<{ side: number; t: number; col: Rgb; tall: boolean }> = [];
  for (let k = 0; k < 22; k++) signs.push({ side: k % 2 ? 1 : -1, t: rand(), col: neon[Math.floor(rand() * neon.length)], tall: rand() < 0.6 });
  signs.sort((a, b) => b.t - a.t);
  for (const sgn of signs) {
    const near = 1 - sgn.t;
    const edge = sgn.side < 0 ? 0 : w;
    const inner = vx + sgn.side * gap;
    const x = edge + (inner - edge) * (1 - near * near) + sgn.side * -c.unit * 2;
    const top = -h * 0.05 + (vy - h * 0.2 + h * 0.05) * (1 - near * near);
    const bot = h * 0.8 + (vy + h * 0.03 - h * 0.8) * (1 - near * near);
    const size = c.unit * (1.2 + near * near * 9);
    const sw = sgn.tall ? size * 0.8 : size * 2.2;
    const sh = sgn.tall ? size * 3.2 : size * 0.9;
    const y = top + (bot - top) * (0.15 + rand() * 0.4);
    const sx = x - sgn.side * sw * 0.6;
    glow(c, sx, y + sh / 2, Math.max(sw, sh) * 1.6, sgn.col, 0.55);
    fillRect(c, sx - sw / 2, y, sw, sh, lerpRgb(sgn.col, [0, 0, 0], 0.35), 1);
    fillRect(c, sx - sw / 2 + sw * 0.15, y + sh * 0.08, sw * 0.7, sh * 0.84, lerpRgb(sgn.col, [255, 255, 255], 0.45), 0.95);
    // Its reflection on the wet road: a streak straight below, on the road at this depth.
    const roadY = h + (vy + h * 0.03 - h) * (1 - near * near);
    for (let s2 = 0; s2 < 4; s2++) {
      const rx = sx + (rand() - 0.5) * sw * 0.6;
      drawLine(c, rx, roadY, rx + (rand() - 0.5) * c.unit, Math.min(h, roadY + sh * (1.2 + near * 2)), Math.max(1, sw * 0.2), sgn.col, 0.22, true);
    }
  }
}

/** A road running to the vanishing point, with centre dashes. */
export function paintRoad(c: Canvas, look: Look, f: Frame): void {
  const { width: w, height: h } = c;
  const vx = f.focusX;
  const vy = f.horizonY;
  const asphalt = litColour([70, 70, 76], look, 0.1, 0.5);
  fillPolygon(c, [[vx - w * 0.01, vy], [vx + w * 0.01, vy], [w * 1.1, h], [-w * 0.1, h]], asphalt, 1, 0.4);
  const paint = litColour([240, 220, 140], look, 0.1, 0.8);
  for (let k = 0; k < 14; k++) {
    const t0 = Math.pow(k / 14, 2);
    const t1 = Math.pow((k + 0.5) / 14, 2);
    const y0 = vy + (h - vy) * t0;
    const y1 = vy + (h - vy) * t1;
    drawLine(c, vx, y0, vx, y1, Math.max(1, c.unit * 0.15 + c.unit * 1.2 * t1), paint, 0.9);
  }
}

/** A rooftop terrace: floor and railing in the foreground, the city beyond. */
export function paintRooftop(c: Canvas, look: Look): void {
  const { width: w, height: h } = c;
  const floorY = h * 0.84;
  const floor = litColour([120, 100, 90], look, 0, 0.5);
  fillPolygon(c, [[0, floorY], [w, floorY], [w, h], [0, h]], floor, 1, 0.15);
  for (let k = 1; k < 10; k++) drawLine(c, w / 2 + (k - 5) * w * 0.06, floorY, w / 2 + (k - 5) * w * 0.2, h, Math.max(1, c.unit * 0.15), lerpRgb(floor, [0, 0, 0], 0.3), 0.5);
  const rail = litColour([40, 40, 44], look, 0, 0.3);
  const railY = floorY - h * 0.07;
  drawLine(c, 0, railY, w, railY, c.unit * 0.9, rail, 1);
  drawLine(c, 0, floorY - h * 0.035, w, floorY - h * 0.035, c.unit * 0.4, rail, 1);
  for (let x = c.unit * 2; x < w; x += c.unit * 12) drawLine(c, x, railY, x, floorY, c.unit * 0.7, rail, 1);
}

/** A suspension bridge across the horizon. */
export function paintBridge(c: Canvas, look: Look, f: Frame, seed: number): void {
  const rand = createRandom(seed ^ 0xb1);
  const w = c.width;
  const deckY = f.horizonY - c.height * 0.02;
  const col = look.night ? [30, 30, 40] as Rgb : litColour([180, 70, 50], look, 0.3, 0.5);
  const t1 = w * (0.15 + rand() * 0.1);
  const t2 = w * (0.75 + rand() * 0.1);
  const top = deckY - c.height * 0.16;
  drawLine(c, -10, deckY, w + 10, deckY, c.unit * 1.2, col, 1);
  for (const tx of [t1, t2]) {
    drawLine(c, tx - c.unit, top, tx - c.unit, f.horizonY + c.unit * 2, c.unit * 1.1, col, 1);
    drawLine(c, tx + c.unit, top, tx + c.unit, f.horizonY + c.unit * 2, c.unit * 1.1, col, 1);
  }
  const seg = 40;
  for (let s = 0; s < seg; s++) {
    const u0 = s / seg;
    const u1 = (s + 1) / seg;
    const y = (u: number) => top + (deckY - top) * (1 - Math.pow(2 * u - 1, 2)) * 0.95;
    drawLine(c, t1 + (t2 - t1) * u0, y(u0), t1 + (t2 - t1) * u1, y(u1), Math.max(1, c.unit * 0.35), col, 1);
    if (s % 2 === 0) drawLine(c, t1 + (t2 - t1) * u0, y(u0), t1 + (t2 - t1) * u0, deckY, Math.max(0.7, c.unit * 0.12), col, 0.8);
  }
  if (look.night) for (let x = 0; x < w; x += c.unit * 3) fillCircle(c, x, deckY - c.unit, c.unit * 0.35, [255, 220, 150], 1, 0.8, true);
}

/** A striped lighthouse on the shore; its lamp shines at dusk and night. */
export function paintLighthouse(c: Canvas, look: Look, f: Frame, side: 'left' | 'right'): void {
  const x = side === 'left' ? c.width * 0.18 : c.width * 0.82;
  const base = f.horizonY + c.height * 0.04;
  const hgt = c.height * 0.2;
  const bw = c.unit * 7;
  const tw = c.unit * 4.5;
  const red = litColour([200, 40, 40], look, 0.05, 0.6);
  const white = litColour([245, 245, 240], look, 0.05, 0.7);
  for (let k = 0; k < 5; k++) {
    const y0 = base - (hgt * k) / 5;
    const y1 = base - (hgt * (k + 1)) / 5;
    const w0 = bw + (tw - bw) * (k / 5);
    const w1 = bw + (tw - bw) * ((k + 1) / 5);
    fillPolygon(c, [[x - w0 / 2, y0], [x + w0 / 2, y0], [x + w1 / 2, y1], [x - w1 / 2, y1]], k % 2 ? red : white, 1, 0.5);
  }
  fillPolygon(c, [[x - tw / 2, base - hgt - c.unit * 3], [x + tw / 2, base - hgt - c.unit * 3], [x + tw / 2, base - hgt], [x - tw / 2, base - hgt]], [250, 240, 200], 1, 0.5);
  fillPolygon(c, [[x - tw * 0.7, base - hgt - c.unit * 3], [x + tw * 0.7, base - hgt - c.unit * 3], [x, base - hgt - c.unit * 6]], red, 1, 0.5);
  fillPolygon(c, [[x - bw, base + c.unit * 2], [x + bw, base + c.unit * 2], [x + bw * 0.6, base], [x - bw * 0.6, base]], litColour([90, 80, 70], look, 0.05, 0.5), 1, 0.5);
  if (look.light < 0.7) {
    const ly = base - hgt - c.unit * 1.5;
    glow(c, x, ly, c.unit * 14, [255, 236, 180], 0.9);
    const dir = side === 'left' ? 1 : -1;
    fillPolygon(c, [[x, ly], [x + dir * c.width * 0.8, ly - c.unit * 10], [x + dir * c.width * 0.8, ly + c.unit * 10]], [255, 240, 200], 0.18);
  }
}

/** A waterfall falling between cliffs into a misty pool. */
export function paintWaterfall(c: Canvas, look: Look, f: Frame, seed: number): void {
  const rand = createRandom(seed ^ 0xfa11);
  const { width: w, height: h } = c;
  const cx = f.focusX;
  const topY = f.horizonY - h * 0.18;
  const botY = f.horizonY + h * 0.12;
  // Rock walls built from irregular boulders in mossy greys, so they read as stone rather than slabs.
  for (const side of [-1, 1]) {
    for (let k = 0; k < 14; k++) {
      const bx = cx + side * (w * 0.11 + rand() * w * 0.45);
      const by = topY + rand() * (botY - topY + h * 0.04);
      const r = w * (0.06 + rand() * 0.08);
      const pts: Array<[number, number]> = [];
      for (let q = 0; q < 7; q++) {
        const a = (q / 7) * Math.PI * 2;
        pts.push([bx + Math.cos(a) * r * (0.7 + rand() * 0.5), by + Math.sin(a) * r * (0.6 + rand() * 0.4)]);
      }
      const tone = lerpRgb([92, 88, 80], [70, 96, 60], rand() * 0.6);
      fillPolygon(c, pts, litColour(tone, look, 0.1, 0.3 + rand() * 0.5), 1, 0.6);
    }
  }
  const water = litColour([225, 240, 250], look, 0.05, 0.8);
  for (let k = 0; k < 70; k++) {
    const x = cx - w * 0.11 + rand() * w * 0.22;
    drawLine(c, x, topY, x + (rand() - 0.5) * c.unit, botY, Math.max(1, c.unit * (0.5 + rand() * 1.2)), lerpRgb(water, [150, 180, 200], rand() * 0.4), 0.5);
  }
  glow(c, cx, botY, w * 0.35, [240, 248, 255], 0.6);
}

/** Hedges and trees of a garden or park, with a path. */
export function paintPark(c: Canvas, look: Look, f: Frame, seed: number, garden: boolean, trees: Tree = 'broadleaf', tint?: Rgb): void {
  const rand = createRandom(seed ^ 0x9a7);
  const { width: w, height: h } = c;
  const path = litColour([214, 196, 160], look, 0.05, 0.6);
  const vx = f.focusX;
  const pts: Array<[number, number]> = [];
  for (let k = 0; k <= 12; k++) {
    const t = k / 12;
    const y = f.horizonY + (h - f.horizonY) * t;
    pts.push([vx + Math.sin(t * 3 + rand()) * w * 0.08 * t - w * (0.01 + t * 0.2), y]);
  }
  for (let k = 12; k >= 0; k--) {
    const t = k / 12;
    pts.push([pts[k][0] + w * (0.02 + t * 0.4), pts[k][1]]);
  }
  fillPolygon(c, pts, path, 1, 0.5);
  paintForest(c, look, f, seed, trees, tint, 2, trees === 'blossom');
  if (garden) {
    const hedge = litColour([44, 96, 44], look, 0, 0.5);
    for (const side of [0, 1]) {
      const x0 = side === 0 ? 0 : w * 0.7;
      for (let k = 0; k < 6; k++) fillCircle(c, x0 + rand() * w * 0.3, h * (0.78 + rand() * 0.08), w * 0.08, hedge, 1, 2, false, 0.3);
    }
    const flowers: Rgb[] = [[255, 80, 120], [255, 200, 60], [230, 120, 255], [255, 255, 255]];
    for (let k = 0; k < 220; k++) {
      const x = rand() * w;
      const y = h * (0.82 + rand() * 0.18);
      const col = litColour(flowers[k % 4], look, 0, 0.8);
      fillCircle(c, x, y, c.unit * (0.6 + rand() * 0.8), col, 1, 1);
    }
  }
}
