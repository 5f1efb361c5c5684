import type { Rect } from '../image/types.js';

export interface LayoutInput {
  photoWidth: number;
  photoHeight: number;
  /** The subject's tight box in photo pixels (from the matte). */
  subject: Rect;
  canvasWidth: number;
  canvasHeight: number;
}

export interface Placement {
  /** The part of the photo to draw: the subject box with a little room for soft edges. */
  source: Rect;
  /** Where that part lands on the canvas, in canvas pixels (integers; inside the canvas for auto placement, may reach past its edges when moved or kept from the photo). */
  target: Rect;
  scale: number;
  /** Which photo edges cut the subject; a subject cut at the bottom stands on the canvas bottom. */
  cut: { top: boolean; bottom: boolean; left: boolean; right: boolean };
}

/** Story safe zones: the top ~250 px and bottom ~340 px of a 1920 px story sit under the app's interface. */
export const SAFE_TOP = 250 / 1920;
export const SAFE_BOTTOM = 340 / 1920;
const SIDE_MARGIN = 0.06;
const PAD = 0.02;
/** A subject whose box ends within this fraction of the photo edge counts as cut by it. */
const EDGE = 0.01;

/**
 * Places the subject so it is fully visible on the canvas: as large as fits between the safe zones and the
 * side margins, centred; anchored to an edge the photo cut it at (a portrait cut at the waist stands on the
 * bottom of the story). Pure: returns a plan, draws nothing.
 *
 * @example autoLayout({ photoWidth: 512, photoHeight: 512, subject: {x: 100, y: 50, width: 300, height: 462}, canvasWidth: 1080, canvasHeight: 1920 })
 */
export function autoLayout(input: LayoutInput): Placement {
  const { photoWidth: pw, photoHeight: ph, subject, canvasWidth: cw, canvasHeight: ch } = input;
  const cut = {
    top: subject.y <= ph * EDGE,
    bottom: subject.y + subject.height >= ph * (1 - EDGE),
    left: subject.x <= pw * EDGE,
    right: subject.x + subject.width >= pw * (1 - EDGE),
  };
  // Pad the box on sides the photo does not cut, so soft edges (hair, fur) are not clipped.
  const padX = Math.round(subject.width * PAD) + 2;
  const padY = Math.round(subject.height * PAD) + 2;
  const x0 = Math.max(0, subject.x - padX);
  const y0 = Math.max(0, subject.y - padY);
  const x1 = Math.min(pw, subject.x + subject.width + padX);
  const y1 = Math.min(ph, subject.y + subject.height + padY);
  const source: Rect = { x: x0, y: y0, width: x1 - x0, height: y1 - y0 };

  const top = cut.top ? 0 : ch * SAFE_TOP;
  const bottom = cut.bottom ? ch : ch * (1 - SAFE_BOTTOM);
  const left = cut.left && !cut.right ? 0 : cw * SIDE_MARGIN;
  const right = cut.right && !cut.left ? cw : cw * (1 - SIDE_MARGIN);
  const scale = Math.min((right - left) / source.width, (bottom - top) / source.height);
  const width = Math.max(1, Math.min(cw, Math.round(source.width * scale)));
  const height = Math.max(1, Math.min(ch, Math.round(source.height * scale)));

  let x = Math.round(left + (right - left - width) / 2);
  if (cut.left && !cut.right) x = 0;
  if (cut.right && !cut.left) x = cw - width;
  let y = Math.round(top + (bottom - top - height) / 2);
  if (cut.bottom) y = ch - height;
  else if (cut.top) y = 0;
  return { source, target: { x, y, width, height }, scale, cut };
}

/** Parses "WxH" (e.g. "1080x1920" or "1080×1920"); null when it is not that shape. */
export function parseSize(text: string): { width: number; height: number } | null {
  const m = /^\s*(\d{1,5})\s*[x×X]\s*(\d{1,5})\s*$/.exec(text);
  if (!m) return null;
  return { width: Number(m[1]), height: Number(m[2]) };
}

/** Where the subject goes: fitted in the safe zone ('auto') or kept where it was in the photo ('original'). */
export type PlacementMode = 'auto' | 'original';

export interface PlaceOptions {
  /** Default 'auto'. */
  placement?: PlacementMode;
  /** Centre of the subject's box as a fraction of the canvas width (0 left .. 1 right); default: the mode's. */
  x?: number;
  /** Centre of the subject's box as a fraction of the canvas height (0 top .. 1 bottom); default: the mode's. */
  y?: number;
  /** Size relative to the mode's (1 = as placed by the mode). */
  scale?: number;
}

/**
 * Places the subject by mode, then moves/scales it when `x`, `y` or `scale` are given. 'original' keeps
 * the subject where it was in the photo, with the photo scaled to cover the canvas (as the background
 * does). The target may then reach past the canvas edges; drawing clips it. Pure.
 *
 * @example planPlacement({ photoWidth: 512, photoHeight: 512, subject, canvasWidth: 1080, canvasHeight: 1920 }, { x: 0.5, y: 0.6, scale: 0.8 })
 */
export function planPlacement(input: LayoutInput, options: PlaceOptions = {}): Placement {
  const auto = autoLayout(input);
  let { target, scale } = auto;
  const { source } = auto;
  if (options.placement === 'original') {
    const { photoWidth: pw, photoHeight: ph, canvasWidth: cw, canvasHeight: ch } = input;
    scale = Math.max(cw / pw, ch / ph);
    const ox = (cw - pw * scale) / 2;
    const oy = (ch - ph * scale) / 2;
    target = { x: Math.round(ox + source.x * scale), y: Math.round(oy + source.y * scale), width: Math.max(1, Math.round(source.width * scale)), height: Math.max(1, Math.round(source.height * scale)) };
  }
  if (options.x === undefined && options.y === undefined && options.scale === undefined) return { ...auto, target, scale };
  const k = options.scale ?? 1;
  const width = Math.max(1, Math.round(target.width * k));
  const height = Math.max(1, Math.round(target.height * k));
  // A subject cut at the bottom of the photo stays standing on the canvas bottom unless moved up or down.
  const cx = options.x !== undefined ? options.x * input.canvasWidth : target.x + target.width / 2;
  let y: number;
  if (options.y !== undefined) y = Math.round(options.y * input.canvasHeight - height / 2);
  else if (auto.cut.bottom && target.y + target.height >= input.canvasHeight) y = input.canvasHeight - height;
  else y = Math.round(target.y + target.height / 2 - height / 2);
  return { source, target: { x: Math.round(cx - width / 2), y, width, height }, scale: scale * k, cut: auto.cut };
}

/** Named canvas sizes: a 9:16 story, a 4:5 portrait post and a square post. */
export const CANVAS_PRESETS = {
  story: { width: 1080, height: 1920 },
  portrait: { width: 1080, height: 1350 },
  square: { width: 1080, height: 1080 },
} as const;

/** A preset name ('story', 'portrait', 'square') or "WxH"; null when it is neither. */
export function parseCanvasSize(text: string): { width: number; height: number } | null {
  const preset = CANVAS_PRESETS[text.trim().toLowerCase() as keyof typeof CANVAS_PRESETS];
  return preset ? { ...preset } : parseSize(text);
}

/**
 * Parses "x,y" or "x,y,scale" (canvas fractions and a size factor, e.g. "0.5,0.6,0.8") for `--place`;
 * null when it is not that shape or out of range (x, y in 0..1, scale in 0.1..4).
 */
export function parsePlace(text: string): { x: number; y: number; scale?: number } | null {
  const parts = text.split(',').map((p) => p.trim());
  if (parts.length < 2 || parts.length > 3 || parts.some((p) => p === '' || !Number.isFinite(Number(p)))) return null;
  const [x, y, scale] = parts.map(Number);
  if (x < 0 || x > 1 || y < 0 || y > 1 || (scale !== undefined && (scale < 0.1 || scale > 4))) return null;
  return scale === undefined ? { x, y } : { x, y, scale };
}
