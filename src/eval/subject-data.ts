import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { invalidArgument } from '../errors.js';
import { decodeBmp } from './bmp.js';
import { LABEL_BG, LABEL_FG, LABEL_IGNORE, type LabelMask } from './metrics.js';

/** One photo with its ground-truth mask, as found in an evaluation folder. */
export interface SubjectSample {
  name: string;
  photoPath: string;
  gtPath: string;
  /** GrabCut layout: grey (128) marks an uncertain band that is not scored. */
  hasIgnoreBand: boolean;
}

const IMAGE_EXT = /\.(jpe?g|png|bmp|webp)$/i;

/**
 * Lists the image/mask pairs of a folder in either layout:
 * - `img/` + `gt/` with matching base names (COCO-style, mask ≥ 128 = subject);
 * - GrabCut: `data_GT/` + `boundary_GT/` (255 = subject, 128 = ignored band).
 * Sorted by name so `--limit N` always takes the same N.
 */
export async function listSubjectSamples(folder: string): Promise<SubjectSample[]> {
  let layout: { img: string; gt: string; band: boolean };
  if (existsSync(path.join(folder, 'img')) && existsSync(path.join(folder, 'gt'))) layout = { img: 'img', gt: 'gt', band: false };
  else if (existsSync(path.join(folder, 'data_GT')) && existsSync(path.join(folder, 'boundary_GT'))) layout = { img: 'data_GT', gt: 'boundary_GT', band: true };
  else throw invalidArgument('--data', 'a folder with img/ + gt/ or data_GT/ + boundary_GT/', folder);
  const masks = new Map<string, string>();
  for (const file of await readdir(path.join(folder, layout.gt))) {
    if (IMAGE_EXT.test(file)) masks.set(stem(file), file);
  }
  const samples: SubjectSample[] = [];
  for (const file of (await readdir(path.join(folder, layout.img))).sort()) {
    const mask = masks.get(stem(file));
    if (!IMAGE_EXT.test(file) || !mask) continue;
    samples.push({ name: stem(file), photoPath: path.join(folder, layout.img, file), gtPath: path.join(folder, layout.gt, mask), hasIgnoreBand: layout.band });
  }
  if (samples.length === 0) throw invalidArgument('--data', 'a folder with at least one image/mask pair', folder);
  return samples;
}

function stem(file: string): string {
  return file.replace(/\.[^.]+$/, '');
}

/** The photo's bytes in a format sharp (and the peer) can read: BMP is re-encoded as PNG. */
export async function readSamplePhoto(sample: SubjectSample): Promise<Uint8Array> {
  const bytes = new Uint8Array(await readFile(sample.photoPath));
  if (!/\.bmp$/i.test(sample.photoPath)) return bytes;
  const img = decodeBmp(bytes);
  return new Uint8Array(await sharp(img.data, { raw: { width: img.width, height: img.height, channels: 4 } }).png({ compressionLevel: 1 }).toBuffer());
}

/** The ground truth as labels (0 background, 1 subject, 2 ignore). */
export async function readSampleMask(sample: SubjectSample): Promise<LabelMask> {
  const bytes = new Uint8Array(await readFile(sample.gtPath));
  let grey: Uint8Array;
  let width: number;
  let height: number;
  if (/\.bmp$/i.test(sample.gtPath)) {
    const img = decodeBmp(bytes);
    ({ width, height } = img);
    grey = new Uint8Array(width * height);
    for (let i = 0; i < grey.length; i++) grey[i] = img.data[i * 4];
  } else {
    const { data, info } = await sharp(bytes).greyscale().raw().toBuffer({ resolveWithObject: true });
    ({ width, height } = info);
    grey = new Uint8Array(width * height);
    for (let i = 0; i < grey.length; i++) grey[i] = data[i * info.channels];
  }
  const labels = new Uint8Array(grey.length);
  for (let i = 0; i < grey.length; i++) {
    const v = grey[i];
    if (sample.hasIgnoreBand) labels[i] = v >= 192 ? LABEL_FG : v >= 64 ? LABEL_IGNORE : LABEL_BG;
    else labels[i] = v >= 128 ? LABEL_FG : LABEL_BG;
  }
  return { data: labels, width, height };
}
