import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ScenicError } from '../errors.js';

/**
 * Writes a file atomically: to a temporary name beside it, then renamed into place, so an interrupted or
 * failed run never leaves a half-written image under the requested name.
 */
export async function writeFileAtomic(file: string, data: Uint8Array | string): Promise<void> {
  const dir = path.dirname(path.resolve(file));
  const tmp = path.join(dir, `.${path.basename(file)}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    await mkdir(dir, { recursive: true });
    await writeFile(tmp, data);
    await rename(tmp, file);
  } catch (error) {
    await rm(tmp, { force: true });
    throw new ScenicError('OUTPUT_FAILED', `Expected to write ${file} but could not (${(error as Error).message})`, { cause: error });
  }
}

/** The command's reporter: human progress on stderr, machine output on stdout. */
export interface Reporter {
  json: boolean;
  info(message: string): void;
  result(value: unknown): void;
}

export function createReporter(json: boolean, quiet = false): Reporter {
  return {
    json,
    info(message) {
      if (!quiet) process.stderr.write(`${message}\n`);
    },
    result(value) {
      process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
    },
  };
}

export function ms(n: number): string {
  return `${Math.round(n)} ms`;
}
