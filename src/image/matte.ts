import type { Plane, Rect } from './types.js';

/**
 * The tight box around matte values ≥ `threshold`, or null when nothing is that opaque.
 * Used by layout to frame the subject and to see whether the photo cuts it at an edge.
 */
export function matteBounds(matte: Plane, threshold = 0.5): Rect | null {
  const { data, width, height } = matte;
  let minX = width;
  let minY = height;
  let maxX = -1;
  let maxY = -1;
  for (let y = 0; y < height; y++) {
    const row = y * width;
    for (let x = 0; x < width; x++) {
      if (data[row + x] >= threshold) {
        if (x < minX) minX = x;
        if (x > maxX) maxX = x;
        if (y < minY) minY = y;
        if (y > maxY) maxY = y;
      }
    }
  }
  if (maxX < 0) return null;
  return { x: minX, y: minY, width: maxX - minX + 1, height: maxY - minY + 1 };
}

/** Fraction of the plane's pixels at or above `threshold`. */
export function coverage(matte: Plane, threshold = 0.5): number {
  let n = 0;
  for (let i = 0; i < matte.data.length; i++) if (matte.data[i] >= threshold) n++;
  return n / matte.data.length;
}

/** Intersection over union of two mattes thresholded at 0.5; 1 when both are empty. */
export function iou(a: Plane, b: Plane, threshold = 0.5): number {
  if (a.width !== b.width || a.height !== b.height) throw new RangeError(`iou: sizes differ (${a.width}×${a.height} vs ${b.width}×${b.height})`);
  let inter = 0;
  let union = 0;
  for (let i = 0; i < a.data.length; i++) {
    const p = a.data[i] >= threshold;
    const q = b.data[i] >= threshold;
    if (p && q) inter++;
    if (p || q) union++;
  }
  return union === 0 ? 1 : inter / union;
}
