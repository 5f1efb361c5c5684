/**
 * The 64-bit watermark payload: 16 bits that say "scenic, format version N" and 48 bits that identify the
 * edit. Pure: the edit tag comes from a small non-cryptographic hash written here (no node:crypto), which
 * is enough to tell edits apart, not to prove anything — C2PA does the proving.
 */

export const WATERMARK_PAYLOAD_BYTES = 8;

/** 12-bit magic "5CE" (sCEnic) followed by a 4-bit format version. */
const MAGIC = 0x5ce;
export const WATERMARK_VERSION = 1;

/**
 * Payload identifying scenic and the edit: 16-bit magic/version + 48 bits of a hash of `editId`.
 *
 * @example makeWatermarkPayload('photoHash:seed:prompt') // Uint8Array(8) [0x5c, 0xe1, …]
 */
export function makeWatermarkPayload(editId: string): Uint8Array {
  const bytes = new TextEncoder().encode(editId);
  const a = murmurish(bytes, 0x9747b28c);
  const b = murmurish(bytes, 0x3c6ef372 ^ a);
  const payload = new Uint8Array(WATERMARK_PAYLOAD_BYTES);
  payload[0] = MAGIC >> 4;
  payload[1] = ((MAGIC & 0xf) << 4) | WATERMARK_VERSION;
  payload[2] = a >>> 24;
  payload[3] = (a >>> 16) & 0xff;
  payload[4] = (a >>> 8) & 0xff;
  payload[5] = a & 0xff;
  payload[6] = b >>> 24;
  payload[7] = (b >>> 16) & 0xff;
  return payload;
}

/**
 * Reads a payload back: whether it carries scenic's magic, its format version, and the 48-bit edit tag as
 * 12 hex digits.
 *
 * @example describeWatermarkPayload(makeWatermarkPayload('x')) // { scenic: true, version: 1, editTag: '…' }
 */
export function describeWatermarkPayload(payload: Uint8Array): { scenic: boolean; version: number; editTag: string } {
  if (payload.length !== WATERMARK_PAYLOAD_BYTES) return { scenic: false, version: 0, editTag: '' };
  const magic = (payload[0] << 4) | (payload[1] >> 4);
  const editTag = Array.from(payload.subarray(2), (byte) => byte.toString(16).padStart(2, '0')).join('');
  return { scenic: magic === MAGIC, version: payload[1] & 0xf, editTag };
}

/** True when the payload starts with scenic's magic and a format version this code writes. */
export function hasScenicHeader(payload: Uint8Array): boolean {
  const { scenic, version } = describeWatermarkPayload(payload);
  return scenic && version === WATERMARK_VERSION;
}

/** Header bits a detector checks (magic + version): a random decode passes with probability 2^-16. */
export const HEADER_BITS = 16;

/** Payload bytes → 64 bits, most significant first. */
export function payloadToBits(payload: Uint8Array): Uint8Array {
  const bits = new Uint8Array(payload.length * 8);
  for (let i = 0; i < bits.length; i++) bits[i] = (payload[i >> 3] >> (7 - (i & 7))) & 1;
  return bits;
}

/** 64 bits → payload bytes, most significant first. */
export function bitsToPayload(bits: Uint8Array): Uint8Array {
  const payload = new Uint8Array(bits.length >> 3);
  for (let i = 0; i < bits.length; i++) payload[i >> 3] |= (bits[i] & 1) << (7 - (i & 7));
  return payload;
}

// MurmurHash3-style 32-bit mixing over bytes: fast, well distributed, deterministic everywhere.
function murmurish(bytes: Uint8Array, seed: number): number {
  let h = seed >>> 0;
  for (let i = 0; i < bytes.length; i++) {
    let k = Math.imul(bytes[i] ^ (i << 8), 0xcc9e2d51);
    k = (k << 15) | (k >>> 17);
    h ^= Math.imul(k, 0x1b873593);
    h = (h << 13) | (h >>> 19);
    h = (Math.imul(h, 5) + 0xe6546b64) | 0;
  }
  h ^= bytes.length;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}
