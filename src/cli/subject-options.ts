import { invalidArgument } from '../errors.js';

/** Flags that choose and correct the subject, shared by `scenic edit` and `scenic cutout`. */
export interface SubjectFlags {
  point?: [number, number];
  box?: [number, number, number, number];
  hints?: string;
  /** ISNet input size (`--segment-size`). */
  segmentSize?: number;
}

/** `--segment-size <px>`: the side of the square ISNet sees, a multiple of 32 from 256 to 2048. */
export function segmentSizeOption(value: string): number {
  const n = Number(value.trim());
  if (!Number.isInteger(n) || n % 32 !== 0 || n < 256 || n > 2048) throw invalidArgument('--segment-size', 'a multiple of 32 from 256 to 2048 (e.g. 768)', value);
  return n;
}

function numbers(name: string, value: string, count: number, expected: string): number[] {
  const parts = value.split(',').map((p) => p.trim());
  const n = parts.map(Number);
  if (parts.length !== count || parts.some((p) => p === '') || n.some((v) => !Number.isFinite(v) || v < 0)) throw invalidArgument(name, expected, value);
  return n;
}

/** `--point x,y` in photo pixels. */
export function pointOption(value: string): [number, number] {
  const [x, y] = numbers('--point', value, 2, 'x,y in photo pixels (e.g. 420,300)');
  return [x, y];
}

/** `--box x,y,w,h` in photo pixels. */
export function boxOption(value: string): [number, number, number, number] {
  const [x, y, w, h] = numbers('--box', value, 4, 'x,y,width,height in photo pixels with a positive size (e.g. 100,50,400,600)');
  if (w <= 0 || h <= 0) throw invalidArgument('--box', 'x,y,width,height in photo pixels with a positive size (e.g. 100,50,400,600)', value);
  return [x, y, w, h];
}
