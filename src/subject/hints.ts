import type { Plane, RgbaImage } from '../image/types.js';

/**
 * Keep/remove hints drawn by a person: white = keep, black = remove, grey (or transparent) = no hint.
 * As a plane: 1 keep, 0 remove, 0.5 no hint.
 */
export function hintPlane(image: RgbaImage): Plane {
  const n = image.width * image.height;
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const d = image.data;
    if (d[i * 4 + 3] < 128) {
      out[i] = 0.5;
      continue;
    }
    out[i] = (0.2126 * d[i * 4] + 0.7152 * d[i * 4 + 1] + 0.0722 * d[i * 4 + 2]) / 255;
  }
  return { data: out, width: image.width, height: image.height };
}

/** A hint value counts as "keep" above this and "remove" below 1 − this; grey between is no hint. */
export const HINT_KEEP = 0.75;
export const HINT_REMOVE = 0.25;

/** Writes the hints into a matte of the same size: strokes become 1 or 0, the rest is untouched. Returns a copy. */
export function applyHints(matte: Plane, hints: Plane): Plane {
  if (hints.width !== matte.width || hints.height !== matte.height) throw new RangeError(`applyHints: hints ${hints.width}×${hints.height} vs matte ${matte.width}×${matte.height}`);
  const out = new Float32Array(matte.data);
  for (let i = 0; i < out.length; i++) {
    const h = hints.data[i];
    if (h >= HINT_KEEP) out[i] = 1;
    else if (h <= HINT_REMOVE) out[i] = 0;
  }
  return { data: out, width: matte.width, height: matte.height };
}

/** True when the plane has at least one keep or remove stroke. */
export function hasHints(hints: Plane): boolean {
  for (let i = 0; i < hints.data.length; i++) if (hints.data[i] >= HINT_KEEP || hints.data[i] <= HINT_REMOVE) return true;
  return false;
}
