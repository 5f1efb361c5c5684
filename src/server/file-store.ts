import { randomBytes } from 'node:crypto';
import { access, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { sha256Hex } from '../adapters/sha256.js';
import { invalidArgument } from '../errors.js';
import type { MatteStore } from './matte-cache.js';

/**
 * Content-addressed files: the same bytes are stored once however many rows point at them. Keys are
 * `<sha256>.<ext>`; the extension carries the content type. Two implementations: a folder
 * (`<data>/files/ab/<sha256>.<ext>`, below) and S3 (`s3-store.ts`). Callers never see where bytes live.
 */
export interface FileStore {
  /** Stores the bytes (atomically) and returns their key. */
  put(bytes: Uint8Array, ext: string): Promise<string>;
  read(key: string): Promise<Buffer>;
  /** Whether the key is stored. */
  has(key: string): Promise<boolean>;
  /** Removing a key that is not stored is not an error. */
  remove(key: string): Promise<void>;
}

/** The folder store also tells where a key's file is (tests and tools that look at the folder). */
export interface FolderFileStore extends FileStore {
  pathOf(key: string): string;
}

/** Where a server or worker keeps its files and mattes: `--storage` opened. */
export interface Storage {
  files: FileStore;
  /** Where mattes go; missing means `<data>/mattes`. */
  mattes?: MatteStore;
  /** In words, for start-up lines: a folder or `s3://bucket/prefix at endpoint`. */
  where: string;
}

/**
 * Opens `--storage`: missing → files under `<dataDir>/files`; `s3://bucket/prefix` → S3 with the
 * environment's credentials (see `s3ConfigFromEnv`), checked at once so a wrong bucket or key fails at
 * start-up with STORAGE_NO_BUCKET / STORAGE_DENIED / STORAGE_UNAVAILABLE rather than at the first upload.
 *
 * @example
 * const storage = await openStorage('s3://photos/scenic', '.scenic');
 * const { app } = await buildApp({ dataDir: '.scenic', storage });
 */
export async function openStorage(spec: string | undefined, dataDir: string, env: NodeJS.ProcessEnv = process.env): Promise<Storage> {
  if (spec === undefined || spec === '') return { files: createFileStore(dataDir), where: path.join(dataDir, 'files') };
  if (!spec.startsWith('s3://')) throw invalidArgument('--storage', 's3://bucket/prefix (or no --storage for files under --data)', spec);
  const { createS3Storage } = await import('./s3-store.js');
  const { s3ConfigFromEnv } = await import('./s3-client.js');
  const storage = createS3Storage(s3ConfigFromEnv(spec, env));
  await storage.check();
  return storage;
}

/** What a file key looks like; nothing else may name a stored file (in a folder or a bucket). */
export const FILE_KEY = /^[0-9a-f]{64}\.(jpg|jpeg|png|webp|gif|tiff|heif|avif|bin)$/;

/** The key of some bytes: their sha256 and the extension. */
export function contentKey(bytes: Uint8Array, ext: string): string {
  return `${sha256Hex(bytes)}.${ext}`;
}

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

export function createFileStore(dataDir: string): FolderFileStore {
  const root = path.join(dataDir, 'files');

  function pathOf(key: string): string {
    // Keys come from our own rows, but a bad one must never name a path outside the store.
    if (!FILE_KEY.test(key)) throw new Error(`not a file key: ${key}`);
    return path.join(root, key.slice(0, 2), key);
  }

  return {
    pathOf,
    async put(bytes, ext) {
      const key = contentKey(bytes, ext);
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
    has: (key) => access(pathOf(key)).then(
      () => true,
      () => false,
    ),
    remove: (key) => rm(pathOf(key), { force: true }),
  };
}

export function contentTypeOf(key: string): string {
  return CONTENT_TYPES[key.slice(key.lastIndexOf('.') + 1)] ?? 'application/octet-stream';
}
