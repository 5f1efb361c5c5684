import { randomBytes } from 'node:crypto';

/** Random, unguessable ids with a prefix that says what they name: `ph_…`, `job_…`, `res_…`, `kit_…`, `shr_…`. */
export function newId(prefix: 'ph' | 'job' | 'res' | 'kit' | 'shr'): string {
  return `${prefix}_${randomBytes(12).toString('base64url')}`;
}

/** The file extension for image bytes, by their magic number; `bin` when unknown (decode decides later). */
export function sniffExtension(bytes: Uint8Array): string {
  if (bytes[0] === 0xff && bytes[1] === 0xd8) return 'jpg';
  if (bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47) return 'png';
  if (bytes.length > 12 && String.fromCharCode(...bytes.subarray(8, 12)) === 'WEBP') return 'webp';
  if (bytes[0] === 0x47 && bytes[1] === 0x49 && bytes[2] === 0x46) return 'gif';
  return 'bin';
}
