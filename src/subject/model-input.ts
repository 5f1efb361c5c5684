import type { Plane, Rect, RgbaImage } from '../image/types.js';

/**
 * Aspect-preserving model input: the photo scaled to fit `size`² (by the caller, with a real resampler) and
 * centred on mid-grey, which ISNet's normalisation maps to 0. Measured on GrabCut (25 photos) this raised
 * IoU from 0.862 to 0.885 and boundary F from 0.849 to 0.873 over the stretched square, at the same cost.
 */
export function letterboxSize(width: number, height: number, size: number): Rect {
  const scale = size / Math.max(width, height);
  const w = Math.max(1, Math.min(size, Math.round(width * scale)));
  const h = Math.max(1, Math.min(size, Math.round(height * scale)));
  return { x: Math.floor((size - w) / 2), y: Math.floor((size - h) / 2), width: w, height: h };
}

/** Places `fitted` (already `content.width`×`content.height`) at `content` on a mid-grey `size`² square. */
export function letterbox(fitted: RgbaImage, size: number, content: Rect): RgbaImage {
  if (fitted.width !== content.width || fitted.height !== content.height) throw new RangeError(`letterbox: image ${fitted.width}×${fitted.height} vs content ${content.width}×${content.height}`);
  const out = new Uint8Array(size * size * 4).fill(128);
  for (let y = 0; y < content.height; y++) {
    const src = y * content.width * 4;
    out.set(fitted.data.subarray(src, src + content.width * 4), ((content.y + y) * size + content.x) * 4);
  }
  for (let i = 3; i < out.length; i += 4) out[i] = 255;
  // The photo's own transparency is kept (toIsnetTensor flattens it onto grey too).
  for (let y = 0; y < content.height; y++) {
    for (let x = 0; x < content.width; x++) out[((content.y + y) * size + content.x + x) * 4 + 3] = fitted.data[(y * content.width + x) * 4 + 3];
  }
  return { data: out, width: size, height: size };
}

/** The `rect` part of a plane. */
export function cropPlane(plane: Plane, rect: Rect): Plane {
  const out = new Float32Array(rect.width * rect.height);
  for (let y = 0; y < rect.height; y++) {
    const src = (rect.y + y) * plane.width + rect.x;
    out.set(plane.data.subarray(src, src + rect.width), y * rect.width);
  }
  return { data: out, width: rect.width, height: rect.height };
}
