import { AsyncLocalStorage } from 'node:async_hooks';
import { randomBytes } from 'node:crypto';
import { sha256Hex } from '../adapters/sha256.js';
import { mkdir, readFile, readdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { deflate, inflate } from 'node:zlib';
import type { Plane, RgbaImage } from '../image/types.js';
import type { Segmenter } from '../subject/segmenter.js';
import { DEFAULT_SEGMENT_SIZE } from '../subject/segmenter.js';

const deflateAsync = promisify(deflate);
const inflateAsync = promisify(inflate);

/**
 * Which photo (by sha256 of its bytes) the current request works on. The editor does not pass it to the
 * segmenter, so the server sets it around `editor.cutout`/`editor.edit` and the segmenter reads it here.
 */
const currentPhoto = new AsyncLocalStorage<string>();

/** Runs `fn` with `photoHash` as the photo whose matte may be read from or written to disk. */
export function withPhoto<T>(photoHash: string, fn: () => Promise<T>): Promise<T> {
  return currentPhoto.run(photoHash, fn);
}

/** Where stored mattes live: a folder by default, or S3 (`s3-store.ts`) when workers share no folder. */
export interface MatteStore {
  get(name: string): Promise<Buffer | null>;
  put(name: string, bytes: Uint8Array): Promise<void>;
  removeStartingWith(prefix: string): Promise<void>;
}

/** Mattes as files in `dir`, written atomically (temp file + rename). */
export function folderMatteStore(dir: string): MatteStore {
  return {
    get: (name) => readFile(path.join(dir, name)).catch(() => null),
    async put(name, bytes) {
      await mkdir(dir, { recursive: true });
      const file = path.join(dir, name);
      const tmp = `${file}.${randomBytes(4).toString('hex')}.tmp`;
      await writeFile(tmp, bytes);
      await rename(tmp, file);
    },
    async removeStartingWith(prefix) {
      const names = await readdir(dir).catch(() => [] as string[]);
      await Promise.all(names.filter((n) => n.startsWith(prefix)).map((n) => rm(path.join(dir, n), { force: true })));
    },
  };
}

export interface MatteCache {
  segmenter: Segmenter;
  /** Forgets a photo's matte (when the photo is deleted). */
  remove(photoHash: string): Promise<void>;
}

/** The model the server and queue workers store mattes for: ISNet medium at the editor's default input size. */
export const ISNET_MATTES = { name: `isnet-medium-${DEFAULT_SEGMENT_SIZE}`, inputSize: DEFAULT_SEGMENT_SIZE } as const;

/**
 * A segmenter that keeps every photo's model matte on disk (`<data>/mattes/<photo sha256>.<input hash>.<model>.f32.z`,
 * or under the same name in `store`, e.g. S3 so that workers on other machines find it),
 * so the subject of a photo is computed once, even across restarts: after a restart the first edit reads
 * the matte instead of loading the 2 GB model and running it. The model is loaded only when a matte is missing.
 *
 * @example
 * const mattes = createMatteCache(dataDir, () => createIsnetSegmenter({ inputSize: ISNET_MATTES.inputSize }), ISNET_MATTES);
 * const editor = createEditor({ segmenter: mattes.segmenter });
 */
export function createMatteCache(
  dataDir: string,
  load: () => Promise<Segmenter>,
  model: { name: string; inputSize: number },
  store: MatteStore = folderMatteStore(path.join(dataDir, 'mattes')),
): MatteCache {
  let loading: Promise<Segmenter> | null = null;
  // The model input's own hash is part of the name: if the editor ever prepares the input differently
  // (another letterbox, a crop), the stored matte no longer matches and is simply not found.
  const fileOf = (hash: string, square: RgbaImage) => `${hash}.${sha256Hex(square.data).slice(0, 16)}.${model.name}.f32.z`;

  const segmenter: Segmenter = {
    name: model.name,
    inputSize: model.inputSize,
    async segment(square) {
      const hash = currentPhoto.getStore();
      if (hash) {
        const stored = await store.get(fileOf(hash, square)).catch(() => null);
        if (stored) {
          const bytes = await inflateAsync(stored);
          if (bytes.length === model.inputSize * model.inputSize * 4) {
            const data = new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length));
            return { data, width: model.inputSize, height: model.inputSize };
          }
        }
      }
      loading ??= load();
      loading.catch(() => (loading = null));
      const matte: Plane = await (await loading).segment(square);
      if (hash) await save(fileOf(hash, square), matte).catch(() => {});
      return matte;
    },
    async dispose() {
      const s = loading;
      loading = null;
      await (await s?.catch(() => null))?.dispose();
    },
  };

  async function save(name: string, matte: Plane): Promise<void> {
    await store.put(name, await deflateAsync(Buffer.from(matte.data.buffer, matte.data.byteOffset, matte.data.byteLength), { level: 1 }));
  }

  const remove = (hash: string): Promise<void> => store.removeStartingWith(`${hash}.`);

  return { segmenter, remove };
}
