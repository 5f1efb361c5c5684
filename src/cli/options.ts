import path from 'node:path';
import type { OutputFormat } from '../adapters/codec.js';
import { parseSize } from '../compose/layout.js';
import { invalidArgument } from '../errors.js';

/** Commander argument parsers that fail with our catalogue's codes and sharp-style messages. */
export function intOption(name: string, min: number, max: number) {
  return (value: string): number => {
    const n = Number(value);
    if (!/^-?\d+$/.test(value.trim()) || n < min || n > max) throw invalidArgument(name, `an integer between ${min} and ${max}`, value);
    return n;
  };
}

export function sizeOption(value: string): { width: number; height: number } {
  const size = parseSize(value);
  if (!size || size.width < 64 || size.height < 64 || size.width > 4096 || size.height > 4096) {
    throw invalidArgument('--size', 'WxH with both sides between 64 and 4096 (e.g. 1080x1920)', value, 'INVALID_SIZE');
  }
  return size;
}

export function choiceOption<T extends string>(name: string, choices: readonly T[]) {
  return (value: string): T => {
    if (!(choices as readonly string[]).includes(value)) throw invalidArgument(name, `one of ${choices.join(', ')}`, value);
    return value as T;
  };
}

/** A number from 0 to 1 (a strength). */
export function unitOption(name: string) {
  return (value: string): number => {
    const n = Number(value);
    if (value.trim() === '' || !Number.isFinite(n) || n < 0 || n > 1) throw invalidArgument(name, 'a number from 0 to 1', value);
    return n;
  };
}

const OUTPUT_FILE = 'a file ending in .jpg, .jpeg, .webp or .png';

/**
 * The image format `--out` names by its extension (.jpg/.jpeg, .webp, .png); undefined when it has none (a
 * folder). Any other extension fails with UNSUPPORTED_OUTPUT, `expected` saying what would do.
 */
export function formatFromPath(file: string, expected = OUTPUT_FILE): OutputFormat | undefined {
  const ext = path.extname(file).toLowerCase();
  if (ext === '.jpg' || ext === '.jpeg') return 'jpeg';
  if (ext === '.webp') return 'webp';
  if (ext === '.png') return 'png';
  if (ext === '') return undefined;
  throw invalidArgument('--out', expected, file, 'UNSUPPORTED_OUTPUT');
}

/** `formatFromPath` for an `--out` that must be an image file: no extension fails too. */
export function outputFileFormat(file: string): OutputFormat {
  const format = formatFromPath(file);
  if (!format) throw invalidArgument('--out', OUTPUT_FILE, file, 'UNSUPPORTED_OUTPUT');
  return format;
}
