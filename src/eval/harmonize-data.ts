import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import sharp, { type Sharp } from 'sharp';
import type { RgbaImage } from '../image/types.js';

/**
 * Finds and loads harmonization evaluation data. Two layouts are understood, anywhere under the folder:
 * - pairs of a photo and a binary mask (`img/` + `gt/`, or GrabCut's `data_GT/` + `boundary_GT/`), from
 *   which the synthetic set is built;
 * - real (composite, mask, real) triples named as in iHarmony4 and its demos (see `findTriples`).
 */

export interface PairItem {
  name: string;
  image: string;
  mask: string;
  /** GrabCut marks an uncertain border with 128; only 255 counts as foreground there. */
  strictMask: boolean;
  /** Position in the full sorted set, which seeds its perturbation (set when a split is taken). */
  index?: number;
}

export interface TripleItem {
  name: string;
  composite: string;
  mask: string;
  real: string;
}

export interface EvalData {
  pairs: PairItem[];
  triples: TripleItem[];
}

const IMAGE = /\.(jpe?g|png|bmp|webp|tiff?)$/i;

/** Walks `root` and collects every pair and triple it can recognise, in a stable (sorted) order. */
export async function findEvalData(root: string): Promise<EvalData> {
  const data: EvalData = { pairs: [], triples: [] };
  await walk(root, data);
  data.pairs.sort((a, b) => a.name.localeCompare(b.name));
  data.triples.sort((a, b) => a.name.localeCompare(b.name));
  return data;
}

async function walk(dir: string, data: EvalData): Promise<void> {
  const entries = await readdir(dir, { withFileTypes: true });
  const dirs = new Set(entries.filter((e) => e.isDirectory()).map((e) => e.name));
  const layouts: Array<[string, string, boolean]> = [['img', 'gt', false], ['data_GT', 'boundary_GT', true]];
  for (const [imgDir, maskDir, strict] of layouts) {
    if (!dirs.has(imgDir) || !dirs.has(maskDir)) continue;
    data.pairs.push(...(await matchPairs(path.join(dir, imgDir), path.join(dir, maskDir), strict)));
    dirs.delete(imgDir);
    dirs.delete(maskDir);
  }
  const files = entries.filter((e) => e.isFile() && IMAGE.test(e.name)).map((e) => e.name);
  data.triples.push(...findTriples(dir, files));
  for (const d of [...dirs].sort()) await walk(path.join(dir, d), data);
}

async function matchPairs(imgDir: string, maskDir: string, strictMask: boolean): Promise<PairItem[]> {
  const masks = new Map((await readdir(maskDir)).filter((f) => IMAGE.test(f)).map((f) => [stem(f), f]));
  const pairs: PairItem[] = [];
  for (const f of (await readdir(imgDir)).filter((f) => IMAGE.test(f))) {
    const m = masks.get(stem(f));
    if (m) pairs.push({ name: stem(f), image: path.join(imgDir, f), mask: path.join(maskDir, m), strictMask });
  }
  return pairs;
}

/**
 * Recognises triples among the files of one folder:
 * - `X_composite*` + `X_mask*` + `X_real*` (INR-Harmonization demos);
 * - `N_k_j` composite + `N_k` mask + `N` real (iHarmony4);
 * - `N` real + `N_<digits>` mask + `N_<letters>` composites (iHarmony4's colour-transfer examples).
 */
export function findTriples(dir: string, files: string[]): TripleItem[] {
  const byStem = new Map(files.map((f) => [stem(f), f]));
  const full = (f: string) => path.join(dir, f);
  const triples: TripleItem[] = [];
  for (const f of files) {
    const s = stem(f);
    if (s.includes('composite')) {
      const mask = byStem.get(s.replace('composite', 'mask'));
      const real = byStem.get(s.replace('composite', 'real'));
      if (mask && real) triples.push({ name: s, composite: full(f), mask: full(mask), real: full(real) });
      continue;
    }
    const ih = /^(.+)_(\d+)_(\d+)$/.exec(s);
    if (ih) {
      const mask = byStem.get(`${ih[1]}_${ih[2]}`);
      const real = byStem.get(ih[1]);
      if (mask && real) triples.push({ name: s, composite: full(f), mask: full(mask), real: full(real) });
      continue;
    }
    const ct = /^(.+)_([a-z]+)$/i.exec(s);
    if (ct && !/^(mask|real|composite)$/i.test(ct[2])) {
      const real = byStem.get(ct[1]);
      const mask = [...byStem.keys()].find((k) => new RegExp(`^${escape(ct[1])}_\\d+$`).test(k));
      if (real && mask) triples.push({ name: s, composite: full(f), mask: full(byStem.get(mask)!), real: full(real) });
    }
  }
  return triples;
}

/** Loads an image as RGBA, scaled so its longer side is at most `maxSide` (never enlarged). */
export async function loadImage(file: string, maxSide: number, size?: { width: number; height: number }): Promise<RgbaImage> {
  let input: Sharp;
  if (/\.bmp$/i.test(file)) {
    const bmp = readBmp(await readFile(file));
    input = sharp(bmp.data, { raw: { width: bmp.width, height: bmp.height, channels: 3 } });
  } else input = sharp(file);
  const pipeline = input.autoOrient().toColourspace('srgb').removeAlpha().ensureAlpha();
  if (size) pipeline.resize(size.width, size.height, { fit: 'fill' });
  else pipeline.resize(maxSide, maxSide, { fit: 'inside', withoutEnlargement: true });
  const { data, info } = await pipeline.raw().toBuffer({ resolveWithObject: true });
  return { data: new Uint8Array(data.buffer, data.byteOffset, data.length), width: info.width, height: info.height };
}

/**
 * Loads a mask at exactly `width`×`height` as 0/255 bytes: values ≥ 128 are foreground (JPEG masks carry
 * compression noise), or only 255 when `strict` (GrabCut's 128 band is "unknown", not foreground).
 */
export async function loadMask(file: string, width: number, height: number, strict = false): Promise<Uint8Array> {
  const grey = /\.bmp$/i.test(file) ? toGrey(readBmp(await readFile(file))) : await decodeGrey(file);
  const out = new Uint8Array(width * height);
  // Nearest-neighbour keeps the mask binary when it is scaled with its photo.
  for (let y = 0; y < height; y++) {
    const sy = Math.min(grey.height - 1, Math.floor(((y + 0.5) * grey.height) / height));
    for (let x = 0; x < width; x++) {
      const sx = Math.min(grey.width - 1, Math.floor(((x + 0.5) * grey.width) / width));
      const v = grey.data[sy * grey.width + sx];
      out[y * width + x] = (strict ? v >= 250 : v >= 128) ? 255 : 0;
    }
  }
  return out;
}

/** 8-bit pixels, 1 (grey) or 3 (RGB) bytes each. */
interface Grey {
  data: Uint8Array;
  width: number;
  height: number;
}

async function decodeGrey(file: string): Promise<Grey> {
  const { data, info } = await sharp(file).greyscale().raw().toBuffer({ resolveWithObject: true });
  const n = info.width * info.height;
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = data[i * info.channels];
  return { data: out, width: info.width, height: info.height };
}

/**
 * Reads an uncompressed 8-bit (palette) or 24/32-bit BMP as packed RGB: sharp has no BMP decoder and
 * some GrabCut photos and all its masks are BMP files.
 */
export function readBmp(buf: Uint8Array): Grey {
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  if (buf[0] !== 0x42 || buf[1] !== 0x4d) throw new Error('not a BMP file');
  const offset = view.getUint32(10, true);
  const headerSize = view.getUint32(14, true);
  const width = view.getInt32(18, true);
  const rawHeight = view.getInt32(22, true);
  const bpp = view.getUint16(28, true);
  const compression = view.getUint32(30, true);
  if (compression !== 0 || ![8, 24, 32].includes(bpp)) throw new Error(`unsupported BMP (${bpp} bits, compression ${compression})`);
  const height = Math.abs(rawHeight);
  const stride = Math.ceil((width * bpp) / 32) * 4;
  const palette = 14 + headerSize;
  const out = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    // Positive heights are stored bottom-up.
    const row = offset + (rawHeight > 0 ? height - 1 - y : y) * stride;
    for (let x = 0; x < width; x++) {
      let b: number;
      let g: number;
      let r: number;
      if (bpp === 8) {
        const p = palette + buf[row + x] * 4;
        [b, g, r] = [buf[p], buf[p + 1], buf[p + 2]];
      } else {
        const p = row + x * (bpp / 8);
        [b, g, r] = [buf[p], buf[p + 1], buf[p + 2]];
      }
      const o = (y * width + x) * 3;
      out[o] = r;
      out[o + 1] = g;
      out[o + 2] = b;
    }
  }
  return { data: out, width, height };
}

function toGrey(rgb: Grey): Grey {
  const out = new Uint8Array(rgb.width * rgb.height);
  for (let i = 0; i < out.length; i++) out[i] = Math.round(0.299 * rgb.data[i * 3] + 0.587 * rgb.data[i * 3 + 1] + 0.114 * rgb.data[i * 3 + 2]);
  return { data: out, width: rgb.width, height: rgb.height };
}

function stem(file: string): string {
  return path.basename(file).replace(/\.[^.]+$/, '');
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
