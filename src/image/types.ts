/**
 * The pixel types every part shares (transformers.js style: one raw image type used everywhere).
 * No I/O in this folder.
 */

/** 8-bit sRGB with straight (not premultiplied) alpha, row-major, 4 bytes a pixel. */
export interface RgbaImage {
  readonly data: Uint8Array;
  readonly width: number;
  readonly height: number;
}

/** One float channel: mattes in 0..1, depth in 0..1 (0 = near), light maps. Row-major. */
export interface Plane {
  readonly data: Float32Array;
  readonly width: number;
  readonly height: number;
}

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export type Rgb = readonly [number, number, number];

export function createRgba(width: number, height: number): RgbaImage {
  return { data: new Uint8Array(width * height * 4), width, height };
}

export function createPlane(width: number, height: number, fill = 0): Plane {
  const data = new Float32Array(width * height);
  if (fill !== 0) data.fill(fill);
  return { data, width, height };
}
