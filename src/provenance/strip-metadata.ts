/**
 * Removes private metadata from a photo's bytes without re-encoding it (the pixels stay bit-identical), so a
 * stored original carries no GPS position, camera make/model, serial numbers, owner names or capture times.
 * Pure: bytes in, bytes out.
 *
 * JPEG: drops APP1 (EXIF, XMP), APP13 (IPTC), comments, vendor APPn segments, MPF and anything after the end
 * of image (phone trailers); keeps JFIF, the ICC profile and Adobe's colour-transform marker. If the EXIF said
 * the photo is rotated, a minimal EXIF holding only the orientation is written back, so it still displays
 * upright. PNG: drops eXIf, tEXt, zTXt, iTXt and tIME. WebP: drops EXIF and XMP chunks and their VP8X flags.
 */

export type StrippableFormat = 'jpeg' | 'png' | 'webp';

export interface StripResult {
  bytes: Uint8Array;
  format: StrippableFormat;
  /** How many metadata blocks were removed. */
  removed: number;
}

/**
 * @returns null for formats it cannot strip without re-encoding (HEIF, AVIF, TIFF, GIF, …): re-encode those.
 * @example const clean = stripMetadata(upload)?.bytes ?? await reencode(upload);
 */
export function stripMetadata(bytes: Uint8Array): StripResult | null {
  if (bytes.length > 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return stripJpeg(bytes);
  if (bytes.length > 8 && bytes[0] === 0x89 && ascii(bytes, 1, 3) === 'PNG') return stripPng(bytes);
  if (bytes.length > 12 && ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 4) === 'WEBP') return stripWebp(bytes);
  return null;
}

function ascii(bytes: Uint8Array, start: number, length: number): string {
  return String.fromCharCode(...bytes.subarray(start, start + length));
}

class Output {
  private parts: Uint8Array[] = [];
  length = 0;
  push(part: Uint8Array): void {
    this.parts.push(part);
    this.length += part.length;
  }
  join(): Uint8Array {
    const out = new Uint8Array(this.length);
    let at = 0;
    for (const p of this.parts) {
      out.set(p, at);
      at += p.length;
    }
    return out;
  }
}

function stripJpeg(bytes: Uint8Array): StripResult {
  const out = new Output();
  out.push(bytes.subarray(0, 2));
  const orientation = jpegOrientation(bytes);
  let removed = 0;
  let wroteOrientation = orientation <= 1 || orientation > 8;
  let i = 2;
  while (i + 4 <= bytes.length) {
    if (bytes[i] !== 0xff) break; // Not a marker where one must be: keep the rest untouched.
    const marker = bytes[i + 1];
    if (marker === 0xff) {
      i++; // fill byte
      continue;
    }
    if (marker === 0xd9) {
      out.push(bytes.subarray(i, i + 2));
      // Anything after the end of image (secondary images, vendor trailers) is dropped.
      if (i + 2 < bytes.length) removed++;
      return { bytes: out.join(), format: 'jpeg', removed };
    }
    const end = i + 2 + ((bytes[i + 2] << 8) | bytes[i + 3]);
    const body = bytes.subarray(i + 4, Math.min(end, bytes.length));
    if (isPrivateJpegSegment(marker, body)) {
      removed++;
    } else {
      // The orientation-only EXIF goes right after JFIF (APP0), where readers expect APP1.
      if (!wroteOrientation && marker !== 0xe0) {
        out.push(orientationExif(orientation));
        wroteOrientation = true;
      }
      out.push(bytes.subarray(i, Math.min(end, bytes.length)));
    }
    i = end;
    if (marker === 0xda) {
      // Entropy-coded data follows: copy up to the next real marker (not stuffing 0xFF00, not a restart marker).
      let j = i;
      while (j + 1 < bytes.length && !(bytes[j] === 0xff && bytes[j + 1] !== 0x00 && !(bytes[j + 1] >= 0xd0 && bytes[j + 1] <= 0xd7) && bytes[j + 1] !== 0xff)) j++;
      out.push(bytes.subarray(i, j));
      i = j;
    }
  }
  out.push(bytes.subarray(i));
  return { bytes: out.join(), format: 'jpeg', removed };
}

/** The EXIF orientation of a JPEG (1 when absent), from the segments before the image data. */
function jpegOrientation(bytes: Uint8Array): number {
  let i = 2;
  while (i + 4 <= bytes.length && bytes[i] === 0xff && bytes[i + 1] !== 0xda) {
    const end = i + 2 + ((bytes[i + 2] << 8) | bytes[i + 3]);
    const body = bytes.subarray(i + 4, Math.min(end, bytes.length));
    if (bytes[i + 1] === 0xe1 && ascii(body, 0, 6) === 'Exif\0\0') return readOrientation(body.subarray(6)) ?? 1;
    i = end;
  }
  return 1;
}

function isPrivateJpegSegment(marker: number, body: Uint8Array): boolean {
  if (marker === 0xfe) return true; // comment
  if (marker === 0xe1 || marker === 0xed) return true; // XMP (or other APP1), IPTC/Photoshop
  if (marker === 0xe2) return ascii(body, 0, 11) !== 'ICC_PROFILE'; // keep colour, drop MPF and the like
  if (marker === 0xe0 || marker === 0xee) return false; // JFIF, Adobe colour transform
  return marker >= 0xe3 && marker <= 0xef; // other vendor APPn blocks
}

/** Reads the EXIF orientation (tag 0x0112) from a TIFF structure, or null. */
function readOrientation(tiff: Uint8Array): number | null {
  if (tiff.length < 8) return null;
  const le = tiff[0] === 0x49;
  const u16 = (o: number) => (o + 2 <= tiff.length ? (le ? tiff[o] | (tiff[o + 1] << 8) : (tiff[o] << 8) | tiff[o + 1]) : 0);
  const u32 = (o: number) => (o + 4 <= tiff.length ? (le ? (tiff[o] | (tiff[o + 1] << 8) | (tiff[o + 2] << 16)) + tiff[o + 3] * 2 ** 24 : tiff[o] * 2 ** 24 + ((tiff[o + 1] << 16) | (tiff[o + 2] << 8) | tiff[o + 3])) : 0);
  const ifd = u32(4);
  const count = u16(ifd);
  for (let k = 0; k < count; k++) {
    const entry = ifd + 2 + k * 12;
    if (u16(entry) === 0x0112) return u16(entry + 8);
  }
  return null;
}

/** An APP1 EXIF segment with one IFD0 entry: Orientation. */
function orientationExif(orientation: number): Uint8Array {
  const tiff = [0x4d, 0x4d, 0x00, 0x2a, 0, 0, 0, 8, 0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, orientation, 0, 0, 0, 0, 0, 0];
  const body = [0x45, 0x78, 0x69, 0x66, 0, 0, ...tiff];
  const length = body.length + 2;
  return Uint8Array.from([0xff, 0xe1, length >> 8, length & 0xff, ...body]);
}

const PNG_PRIVATE = new Set(['eXIf', 'tEXt', 'zTXt', 'iTXt', 'tIME']);

function stripPng(bytes: Uint8Array): StripResult {
  const out = new Output();
  out.push(bytes.subarray(0, 8));
  let removed = 0;
  let i = 8;
  while (i + 12 <= bytes.length) {
    const length = ((bytes[i] << 24) >>> 0) + ((bytes[i + 1] << 16) | (bytes[i + 2] << 8) | bytes[i + 3]);
    const type = ascii(bytes, i + 4, 4);
    const end = i + 12 + length;
    if (PNG_PRIVATE.has(type)) removed++;
    else out.push(bytes.subarray(i, Math.min(end, bytes.length)));
    i = end;
    if (type === 'IEND') break;
  }
  return { bytes: out.join(), format: 'png', removed };
}

function stripWebp(bytes: Uint8Array): StripResult {
  const out = new Output();
  let removed = 0;
  let i = 12;
  while (i + 8 <= bytes.length) {
    const type = ascii(bytes, i, 4);
    const size = bytes[i + 4] | (bytes[i + 5] << 8) | (bytes[i + 6] << 16) | (bytes[i + 7] * 2 ** 24);
    const end = i + 8 + size + (size & 1);
    if (type === 'EXIF' || type === 'XMP ') {
      removed++;
    } else if (type === 'VP8X') {
      const chunk = bytes.slice(i, Math.min(end, bytes.length));
      chunk[8] &= ~(0x08 | 0x04); // the EXIF and XMP "present" flags
      out.push(chunk);
    } else {
      out.push(bytes.subarray(i, Math.min(end, bytes.length)));
    }
    i = end;
  }
  const header = bytes.slice(0, 12);
  const riffSize = out.length + 4;
  header.set([riffSize & 0xff, (riffSize >> 8) & 0xff, (riffSize >> 16) & 0xff, (riffSize >>> 24) & 0xff], 4);
  const all = new Output();
  all.push(header);
  all.push(out.join());
  return { bytes: all.join(), format: 'webp', removed };
}
