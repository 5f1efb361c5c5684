import { matteBounds } from '../image/matte.js';
import { resizePlane } from '../image/resize.js';
import type { Plane, Rect, RgbaImage } from '../image/types.js';

/** What scenic knows about a photo's subject: computed once per photo and cached by content hash. */
export interface SubjectAnalysis {
  /** Matte at the model's resolution (1024²), stretched over the whole photo. */
  matte: Plane;
  photoWidth: number;
  photoHeight: number;
  /** The subject's box in photo pixels, or null when nothing was found. */
  bounds: Rect | null;
  /** Fraction of the photo the subject covers. */
  coverage: number;
}

/** Summarises a model matte: where the subject is in photo pixels and how much of the photo it covers. */
export function analyseMatte(matte: Plane, photoWidth: number, photoHeight: number): SubjectAnalysis {
  const box = matteBounds(matte, 0.5);
  let covered = 0;
  for (let i = 0; i < matte.data.length; i++) if (matte.data[i] >= 0.5) covered++;
  const sx = photoWidth / matte.width;
  const sy = photoHeight / matte.height;
  const bounds = box && {
    x: Math.floor(box.x * sx),
    y: Math.floor(box.y * sy),
    width: Math.min(photoWidth, Math.ceil((box.x + box.width) * sx)) - Math.floor(box.x * sx),
    height: Math.min(photoHeight, Math.ceil((box.y + box.height) * sy)) - Math.floor(box.y * sy),
  };
  return { matte, photoWidth, photoHeight, bounds, coverage: covered / matte.data.length };
}

/**
 * The matte for the photo region `source` (photo pixels) at `width`×`height`, sampled from the model matte.
 * Used both for a full-resolution cut-out (source = whole photo) and for the placed subject of a story.
 */
export function matteFor(subject: SubjectAnalysis, source: Rect, width: number, height: number): Plane {
  const sx = subject.matte.width / subject.photoWidth;
  const sy = subject.matte.height / subject.photoHeight;
  return resizePlane(subject.matte, width, height, { x: source.x * sx, y: source.y * sy, width: source.width * sx, height: source.height * sy });
}

/** Puts a matte into an image's alpha channel, multiplied by any alpha the photo had. Returns a new image. */
export function applyMatte(image: RgbaImage, matte: Plane): RgbaImage {
  const out = new Uint8Array(image.data);
  for (let i = 0, n = matte.data.length; i < n; i++) {
    out[i * 4 + 3] = Math.round(matte.data[i] * image.data[i * 4 + 3]);
  }
  return { data: out, width: image.width, height: image.height };
}
