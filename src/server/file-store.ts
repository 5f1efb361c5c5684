import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * Content-addressed files under `<data>/files/ab/<sha256>.<ext>`: the same bytes are stored once however
 * many rows point at them. Keys are `<sha256>.<ext>`; the extension carries the content type.
 */
export interface FileStore {
  /** Stores the bytes (atomically: temp file + rename) and returns their key. */
  put(bytes: Uint8Array, ext: string): Promise<string>;
  read(key: string): Promise<Buffer>;
  remove(key: string): Promise<void>;
  pathOf(key: string): string;
}

const KEY = /^[0-9a-f]{64}\.(jpg|jpeg|png|webp|gif|tiff|heif|avif|bin)$/;

export const CONTENT_TYPES: Record<string, string> = {
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  webp: 'image/webp',
  gif: 'image/gif',
  tiff: 'image/tiff',
  heif: 'image/heif',
  avif: 'image/avif',
  bin: 'application/octet-stream',
};

export function createFileStore(dataDir: string): FileStore {
  const root = path.join(dataDir, 'files');

  function pathOf(key: string): string {
    // Keys come from our own rows, but a bad one must never name a path outside the store.
    if (!KEY.test(key)) throw new Error(`not a file key: ${key}`);
    return path.join(root, key.slice(0, 2), key);
  }

  return {
    pathOf,
    async put(bytes, ext) {
      const key = `${createHash('sha256').update(bytes).digest('hex')}.${ext}`;
      const file = pathOf(key);
      await mkdir(path.dirname(file), { recursive: true });
      const tmp = `${file}.${randomBytes(4).toString('hex')}.tmp`;
      try {
        await writeFile(tmp, bytes);
        await rename(tmp, file);
      } catch (error) {
        await rm(tmp, { force: true });
        throw error;
      }
      return key;
    },
    read: (key) => readFile(pathOf(key)),
    remove: (key) => rm(pathOf(key), { force: true }),
  };
}

export function contentTypeOf(key: string): string {
  return CONTENT_TYPES[key.slice(key.lastIndexOf('.') + 1)] ?? 'application/octet-stream';
}
