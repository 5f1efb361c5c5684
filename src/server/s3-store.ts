import { ScenicError } from '../errors.js';
import { contentKey, contentTypeOf, FILE_KEY, type FileStore, type Storage } from './file-store.js';
import type { MatteStore } from './matte-cache.js';
import { createS3Client, type S3Client, type S3Config } from './s3-client.js';

/** Matte names are `<photo sha256>.<input hash>.<model>.f32.z`; nothing else may name an object. */
const MATTE = /^[0-9a-f]{64}\.[0-9a-f]{16}\.[\w-]+\.f32\.z$/;

export interface S3Storage extends Storage {
  client: S3Client;
  /** Fails with STORAGE_NO_BUCKET, STORAGE_DENIED or STORAGE_UNAVAILABLE unless the bucket answers. */
  check(): Promise<void>;
}

/**
 * Files and mattes in one S3 bucket: `<prefix>files/<sha256>.<ext>` and `<prefix>mattes/<name>`. The API
 * server and every worker point at the same bucket and need no shared folder; the SQLite database stays
 * with the API server. Content-addressed: a key that is already stored is not uploaded again.
 *
 * @example
 * const storage = createS3Storage(s3ConfigFromEnv('s3://photos/scenic'));
 * await storage.check();
 * const key = await storage.files.put(pngBytes, 'png');
 */
export function createS3Storage(config: S3Config): S3Storage {
  const client = createS3Client(config);
  const fileKey = (key: string) => {
    // Keys come from our own rows, but a bad one must never name another object in the bucket.
    if (!FILE_KEY.test(key)) throw new Error(`not a file key: ${key}`);
    return `${config.prefix}files/${key}`;
  };
  const matteKey = (name: string) => {
    if (!MATTE.test(name)) throw new Error(`not a matte name: ${name}`);
    return `${config.prefix}mattes/${name}`;
  };

  const files: FileStore = {
    async put(bytes, ext) {
      const key = contentKey(bytes, ext);
      const object = fileKey(key);
      // Same bytes, same key: skip the upload when it is there. A store that hides missing keys behind
      // 403 (no s3:ListBucket) just gets the upload; an S3 PUT replaces the object whole, so this is atomic.
      const stored = await client.has(object).catch((error: unknown) => {
        if (error instanceof ScenicError && error.code === 'STORAGE_DENIED') return false;
        throw error;
      });
      if (!stored) await client.put(object, bytes, contentTypeOf(key));
      return key;
    },
    async read(key) {
      const bytes = await client.get(fileKey(key));
      if (!bytes) throw new ScenicError('NOT_FOUND', `Expected the stored file ${key} in s3://${config.bucket}/${config.prefix}files/ but it is not there`);
      return bytes;
    },
    has: (key) => client.has(fileKey(key)),
    remove: (key) => client.delete(fileKey(key)),
  };

  const mattes: MatteStore = {
    get: (name) => client.get(matteKey(name)),
    put: (name, bytes) => client.put(matteKey(name), bytes, 'application/octet-stream'),
    async removeStartingWith(prefix) {
      const keys = await client.list(`${config.prefix}mattes/${prefix}`);
      for (const key of keys) await client.delete(key);
    },
  };

  return {
    files,
    mattes,
    client,
    where: `s3://${config.bucket}/${config.prefix} at ${config.endpoint ?? `AWS S3 (${config.region})`}`,
    check: () => client.checkBucket(),
  };
}
