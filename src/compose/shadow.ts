import type { LightEstimate } from '../backends/types.js';
import { clamp } from '../image/color.js';
import type { Plane, Rect, RgbaImage } from '../image/types.js';
import { boxBlur, createRowPairs } from './blur.js';
import { depthAt, LOW_RES } from './depth-of-field.js';

/** Light from above, a little to the left and in front, when the backend gives no estimate. */
export const DEFAULT_LIGHT_DIRECTION: [number, number, number] = [-0.35, -0.8, 0.5];

const KEEP_STEPS = 1024;
const KEEP = Float32Array.from({ length: KEEP_STEPS + 1 }, (_, i) => (1 - i / KEEP_STEPS) ** (1 / 2.2));

export interface ShadowInput {
  /** Canvas pixels (RGBA, changed in place). */
  pixels: Uint8Array;
  width: number;
  height: number;
  /** The placed subject (straight alpha) and where it sits on the canvas. */
  layer: RgbaImage;
  target: Rect;
  /** Canvas y of the line the subject stands on. */
  baseY: number;
  light?: LightEstimate;
  /** 0 near .. 1 far: the cast shadow only falls on ground (depth < 0.97), not on the sky. */
  depth?: Plane;
  /** 0..1 overall darkness. */
  opacity?: number;
  /** The layer's longest opaque run per row (`opaqueRuns`), skipped without reading alpha. */
  runs?: Int32Array;
}

/**
 * Draws a contact shadow (a dark, tight band where the subject meets the ground) and a soft cast shadow
 * (the matte projected onto the ground away from the light, foreshortened, blurred by its length) under
 * a subject standing on a ground. Works on a 1/4-size plane; only the shadow's box is touched at full size.
 */
export function applyShadow(input: ShadowInput): void {
  const { pixels, width, height, layer, target, baseY, light, depth } = input;
  const opacity = clamp(input.opacity ?? 1, 0, 1);
  const lw = Math.ceil(width / LOW_RES);
  const lh = Math.ceil(height / LOW_RES);
  const cast = new Float32Array(lw * lh);
  const contact = new Float32Array(lw * lh);
  const dir = light?.direction ?? DEFAULT_LIGHT_DIRECTION;
  // The shadow runs along the ground away from the light; a low light makes it long.
  const flat = Math.hypot(dir[0], dir[2]) || 1;
  const gx = -dir[0] / flat;
  const gy = -dir[2] / flat;
  const elevation = Math.asin(clamp(-dir[1], 0.05, 1));
  const length = clamp(1 / Math.tan(elevation), 0.3, 2.5);
  // Ground recedes: depth offsets shrink to about a third on screen.
  const ox = gx * length;
  const oy = gy * length * 0.3;
  const band = Math.max(2, target.height * 0.04);
  let any = false;
  // Boxes of the marks (low-res plane coordinates): the blurs and the shade only need to cover them.
  const castBox = emptyBox();
  const contactBox = emptyBox();
  for (let y = 0; y < layer.height; y += LOW_RES) {
    const cy = target.y + y;
    if (cy >= baseY + LOW_RES) continue;
    const h = Math.max(0, baseY - cy);
    for (let x = 0; x < layer.width; x += LOW_RES) {
      if (layer.data[(y * layer.width + x) * 4 + 3] < 128) continue;
      const cx = target.x + x;
      const sx = Math.round((cx + h * ox) / LOW_RES);
      const sy = Math.round((baseY + h * oy) / LOW_RES);
      if (sx >= 0 && sx < lw && sy >= 0 && sy < lh) {
        cast[sy * lw + sx] = 1;
        addToBox(castBox, sx, sy);
        any = true;
      }
      if (h <= band) {
        const px = Math.round(cx / LOW_RES);
        const py = Math.round(baseY / LOW_RES);
        if (px >= 0 && px < lw && py >= 0 && py < lh) {
          contact[py * lw + px] = 1;
          addToBox(contactBox, px, py);
        }
      }
    }
  }
  if (!any) return;
  const castPlane = { data: cast, width: lw, height: lh };
  const contactPlane = { data: contact, width: lw, height: lh };
  const castRadius = Math.max(1, (target.height * 0.025) / LOW_RES);
  const contactRadius = Math.max(1, (target.height * 0.008) / LOW_RES);
  const castRegion = growBox(castBox, 3 * Math.floor(castRadius) + 1);
  const contactRegion = growBox(contactBox, 2 * Math.floor(contactRadius) + 1);
  boxBlur(castPlane, castRadius, 3, castRegion);
  if (contactBox.x1 >= 0) boxBlur(contactPlane, contactRadius, 2, contactRegion);
  const intensity = clamp(light?.intensity ?? 0.8, 0.15, 1);
  const castAlpha = 0.45 * intensity * opacity;
  const contactAlpha = 0.65 * opacity;
  const shade = new Float32Array(lw * lh);
  let x0 = lw;
  let y0 = lh;
  let x1 = -1;
  let y1 = -1;
  // Outside both blurred boxes cast and contact are zero: so is the shade.
  const sx0 = Math.max(0, Math.min(castRegion.x, contactBox.x1 >= 0 ? contactRegion.x : lw));
  const sy0 = Math.max(0, Math.min(castRegion.y, contactBox.x1 >= 0 ? contactRegion.y : lh));
  const sx1 = Math.min(lw, Math.max(castRegion.x + castRegion.width, contactBox.x1 >= 0 ? contactRegion.x + contactRegion.width : 0));
  const sy1 = Math.min(lh, Math.max(castRegion.y + castRegion.height, contactBox.x1 >= 0 ? contactRegion.y + contactRegion.height : 0));
  for (let ly = sy0; ly < sy1; ly++) for (let lx = sx0; lx < sx1; lx++) {
    const j = ly * lw + lx;
    let c = Math.min(1, cast[j] * 1.6) * castAlpha;
    if (depth) {
      if (depthAt(depth, width, height, lx * LOW_RES, ly * LOW_RES) > 0.97) c = 0;
    } else if (ly * LOW_RES < baseY - band) c = 0;
    // A shadow falling towards the viewer starts at the feet: nothing of it shows above them.
    if (oy >= 0 && (ly + 0.5) * LOW_RES < baseY) {
      shade[j] = 0;
      continue;
    }
    const s = Math.max(c, Math.min(1, contact[j] * 2) * contactAlpha);
    shade[j] = s;
    if (s > 0.004) {
      if (lx < x0) x0 = lx;
      if (lx > x1) x1 = lx;
      if (ly < y0) y0 = ly;
      if (ly > y1) y1 = ly;
    }
  }
  if (x1 < 0) return;
  const fx0 = Math.max(0, (x0 - 1) * LOW_RES);
  const fx1 = Math.min(width, (x1 + 2) * LOW_RES);
  const fy0 = Math.max(0, (y0 - 1) * LOW_RES);
  const fy1 = Math.min(height, (y1 + 2) * LOW_RES);
  const shadeRows = createRowPairs([shade], lw, lh, width, height, LOW_RES, fx0, fx1);
  for (let y = fy0; y < fy1; y++) {
    const { top: [top], bottom: [bottom], w: wy } = shadeRows(y);
    const ly = y - target.y;
    const covered = ly >= 0 && ly < layer.height;
    // Under the opaque subject the shadow is painted over anyway: skip its longest run outright.
    const a = covered && input.runs ? Math.min(fx1, Math.max(fx0, target.x + input.runs[2 * ly])) : fx1;
    const b = covered && input.runs ? Math.min(fx1, Math.max(a, target.x + input.runs[2 * ly + 1])) : fx1;
    shadeSpan(pixels, width, y, fx0, a, top, bottom, wy, covered ? layer : null, ly, target.x);
    shadeSpan(pixels, width, y, b, fx1, top, bottom, wy, covered ? layer : null, ly, target.x);
  }
}

/** Darkens canvas row `y` from `x0` to `x1` by the interpolated shade, except under opaque layer pixels. */
function shadeSpan(pixels: Uint8Array, width: number, y: number, x0: number, x1: number, top: Float32Array, bottom: Float32Array, wy: number, layer: RgbaImage | null, ly: number, lx0: number): void {
  const alpha = layer ? layer.data : null;
  const lw = layer ? layer.width : 0;
  for (let x = x0; x < x1; x++) {
    const s = top[x] + (bottom[x] - top[x]) * wy;
    if (s <= 0.004) continue;
    const lx = x - lx0;
    if (alpha !== null && lx >= 0 && lx < lw && alpha[(ly * lw + lx) * 4 + 3] === 255) continue;
    // Darkening linear light by (1 - s) is, in sRGB code values, a factor of about (1 - s)^(1/2.2).
    const keep = KEEP[Math.round(s * KEEP_STEPS)];
    const o = (y * width + x) * 4;
    pixels[o] = (pixels[o] * keep + 0.5) | 0;
    pixels[o + 1] = (pixels[o + 1] * keep + 0.5) | 0;
    pixels[o + 2] = (pixels[o + 2] * keep + 0.5) | 0;
  }
}

interface Box {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

function emptyBox(): Box {
  return { x0: Infinity, y0: Infinity, x1: -1, y1: -1 };
}

function addToBox(b: Box, x: number, y: number): void {
  if (x < b.x0) b.x0 = x;
  if (x > b.x1) b.x1 = x;
  if (y < b.y0) b.y0 = y;
  if (y > b.y1) b.y1 = y;
}

/** The box grown by `by` on every side, as a rect (not clipped: `boxBlur` clips). */
function growBox(b: Box, by: number): Rect {
  return { x: b.x0 - by, y: b.y0 - by, width: b.x1 - b.x0 + 1 + 2 * by, height: b.y1 - b.y0 + 1 + 2 * by };
}
