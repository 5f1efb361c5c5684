import { cropResizeRgba, resizeRgba } from '../adapters/codec.js';
import { createPlane, createRgba, type Plane, type Rect, type RgbaImage } from '../image/types.js';
import { resizePlane } from '../image/resize.js';
import type { BackgroundRequest } from './types.js';

/**
 * One place that turns scenic's canvas (any size, subject matte in 0..1) into what each backend wants
 * (its sizes, its mask convention) and back. Backends never invent their own rules for this.
 */

/** How a backend marks the area it should regenerate (docs/backends.md §0). */
export type MaskConvention =
  /** Grayscale, white (255) = regenerate: SD inpaint UNets, A1111/Forge, Stability inpaint, ComfyUI LoadImageMask. */
  | 'white'
  /** Alpha 0 = regenerate, alpha 255 = keep: OpenAI edits, ComfyUI LoadImage (mask = 1 − alpha). */
  | 'transparent';

/** What a backend accepts, for `planSize`. */
export interface SizeRules {
  /** Largest width × height the backend draws at once. */
  maxPixels: number;
  /** Smallest width × height it accepts (default 64²). */
  minPixels?: number;
  /** Sides must be multiples of this (default 8). */
  multiple?: number;
  /** Only these sizes are allowed (e.g. OpenAI's 1024x1536): the one with the nearest aspect ratio wins. */
  sizes?: ReadonlyArray<readonly [number, number]>;
  /** Widest allowed aspect ratio, long side over short side (e.g. 2.5 for Stability); wider canvases are letterboxed. */
  maxAspect?: number;
}

/** Where the canvas sits inside the backend-sized image: `inner` is the canvas, the rest is letterbox padding. */
export interface SizePlan {
  width: number;
  height: number;
  inner: Rect;
}

/**
 * Picks the backend size for a canvas: a fixed size with the nearest aspect ratio (letterboxed), or the canvas
 * scaled down to `maxPixels` with sides rounded to `multiple`. The canvas is never upscaled beyond its own size
 * except to reach `minPixels`.
 *
 * @example
 * planSize(1080, 1920, { maxPixels: 512 * 768, multiple: 64 }) // → { width: 448, height: 832, inner: full }
 * planSize(1080, 1920, { maxPixels: 1536 * 1024, sizes: [[1024, 1024], [1024, 1536], [1536, 1024]] })
 * // → { width: 1024, height: 1536, inner: { x: 80, y: 0, width: 864, height: 1536 } }
 */
export function planSize(width: number, height: number, rules: SizeRules): SizePlan {
  if (rules.sizes?.length) {
    const aspect = width / height;
    let best = rules.sizes[0];
    for (const s of rules.sizes) {
      // Compare aspect ratios on a log scale so 2:1 and 1:2 are equally far from 1:1.
      if (Math.abs(Math.log(s[0] / s[1] / aspect)) < Math.abs(Math.log(best[0] / best[1] / aspect))) best = s;
    }
    return { width: best[0], height: best[1], inner: fitInside(width, height, best[0], best[1]) };
  }
  const multiple = rules.multiple ?? 8;
  const minPixels = rules.minPixels ?? 64 * 64;
  // Letterbox first when the canvas is wider than allowed, then scale the padded box.
  let boxW = width;
  let boxH = height;
  const maxAspect = rules.maxAspect ?? Infinity;
  if (boxW / boxH > maxAspect) boxH = Math.ceil(boxW / maxAspect);
  if (boxH / boxW > maxAspect) boxW = Math.ceil(boxH / maxAspect);
  const pixels = boxW * boxH;
  const scale = pixels > rules.maxPixels ? Math.sqrt(rules.maxPixels / pixels) : pixels < minPixels ? Math.sqrt(minPixels / pixels) : 1;
  let w = Math.max(multiple, Math.floor((boxW * scale) / multiple) * multiple);
  let h = Math.max(multiple, Math.floor((boxH * scale) / multiple) * multiple);
  // Rounding down can fall under the minimum; step up one multiple at a time (cheap, a few iterations at most).
  while (w * h < minPixels) {
    if (w / h < boxW / boxH) w += multiple;
    else h += multiple;
  }
  const inner = boxW === width && boxH === height ? { x: 0, y: 0, width: w, height: h } : fitInside(width, height, w, h);
  return { width: w, height: h, inner };
}

/** The largest rect with the canvas's aspect ratio centred inside `w`×`h`. */
function fitInside(width: number, height: number, w: number, h: number): Rect {
  const scale = Math.min(w / width, h / height);
  const iw = Math.min(w, Math.round(width * scale));
  const ih = Math.min(h, Math.round(height * scale));
  return { x: Math.floor((w - iw) / 2), y: Math.floor((h - ih) / 2), width: iw, height: ih };
}

/**
 * The area to regenerate at canvas size, 1 = new background: the inverse of the subject matte, or everything
 * when the request has no subject.
 */
export function regenerateMask(request: Pick<BackgroundRequest, 'width' | 'height' | 'subject'>): Plane {
  const mask = createPlane(request.width, request.height, 1);
  const matte = request.subject?.matte;
  if (!matte) return mask;
  if (matte.width !== request.width || matte.height !== request.height) {
    throw new TypeError(`Expected a ${request.width}x${request.height} subject matte but received ${matte.width}x${matte.height}`);
  }
  for (let i = 0; i < mask.data.length; i++) mask.data[i] = 1 - Math.min(1, Math.max(0, matte.data[i]));
  return mask;
}

/**
 * The photo context a backend starts from, at canvas size: the subject over a neutral mid grey (the grey is
 * regenerated anyway; it keeps the model from reading the transparent area as black).
 */
export function initImage(request: Pick<BackgroundRequest, 'width' | 'height' | 'subject'>, grey = 127): RgbaImage {
  const out = createRgba(request.width, request.height);
  const src = request.subject?.image;
  for (let i = 0; i < request.width * request.height; i++) {
    const a = src ? src.data[i * 4 + 3] / 255 : 0;
    for (let c = 0; c < 3; c++) out.data[i * 4 + c] = Math.round((src ? src.data[i * 4 + c] : 0) * a + grey * (1 - a));
    out.data[i * 4 + 3] = 255;
  }
  return out;
}

/**
 * Writes a regenerate mask (1 = regenerate) in a backend's convention, as RGBA:
 * - `white`: grey levels, white = regenerate, opaque;
 * - `transparent`: the `image`'s colours (or black) with alpha 0 where the backend should regenerate.
 *
 * @example maskForBackend(regenerateMask(req), 'transparent', initImage(req)) // an OpenAI/ComfyUI LoadImage mask
 */
export function maskForBackend(mask: Plane, convention: MaskConvention, image?: RgbaImage): RgbaImage {
  const out = createRgba(mask.width, mask.height);
  for (let i = 0; i < mask.data.length; i++) {
    const v = Math.round(Math.min(1, Math.max(0, mask.data[i])) * 255);
    if (convention === 'white') {
      out.data[i * 4] = out.data[i * 4 + 1] = out.data[i * 4 + 2] = v;
      out.data[i * 4 + 3] = 255;
    } else {
      if (image) out.data.set(image.data.subarray(i * 4, i * 4 + 3), i * 4);
      out.data[i * 4 + 3] = 255 - v;
    }
  }
  return out;
}

/** Turns a canvas-sized plane into the backend's size, padding (value `pad`) around the letterboxed canvas. */
export function planeToBackend(plane: Plane, plan: SizePlan, pad = 1): Plane {
  const inner = resizePlane(plane, plan.inner.width, plan.inner.height);
  const out = createPlane(plan.width, plan.height, pad);
  for (let y = 0; y < inner.height; y++) out.data.set(inner.data.subarray(y * inner.width, (y + 1) * inner.width), (y + plan.inner.y) * plan.width + plan.inner.x);
  return out;
}

/** Turns a canvas-sized image into the backend's size; letterbox padding is mid grey (it is regenerated). */
export async function imageToBackend(image: RgbaImage, plan: SizePlan): Promise<RgbaImage> {
  const inner = await resizeRgba(image, plan.inner.width, plan.inner.height);
  const out = createRgba(plan.width, plan.height);
  for (let i = 0; i < out.data.length; i += 4) {
    out.data[i] = out.data[i + 1] = out.data[i + 2] = 127;
    out.data[i + 3] = 255;
  }
  for (let y = 0; y < inner.height; y++) out.data.set(inner.data.subarray(y * inner.width * 4, (y + 1) * inner.width * 4), ((y + plan.inner.y) * plan.width + plan.inner.x) * 4);
  return out;
}

/**
 * Turns what a backend returned back into a canvas: crops the letterbox away (scaling the plan if the backend
 * answered at another size than asked) and resizes to `width`×`height`, opaque.
 */
export async function imageFromBackend(image: RgbaImage, plan: SizePlan, width: number, height: number): Promise<RgbaImage> {
  const sx = image.width / plan.width;
  const sy = image.height / plan.height;
  const rect = {
    x: Math.round(plan.inner.x * sx),
    y: Math.round(plan.inner.y * sy),
    width: Math.max(1, Math.min(image.width, Math.round(plan.inner.width * sx))),
    height: Math.max(1, Math.min(image.height, Math.round(plan.inner.height * sy))),
  };
  rect.x = Math.min(rect.x, image.width - rect.width);
  rect.y = Math.min(rect.y, image.height - rect.height);
  const out = await cropResizeRgba(image, rect, width, height);
  for (let i = 3; i < out.data.length; i += 4) out.data[i] = 255;
  return out;
}
