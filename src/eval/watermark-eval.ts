import { readFile, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { ScenicError } from '../errors.js';
import { createRandom } from '../image/random.js';
import type { RgbaImage } from '../image/types.js';
import { bchEncode } from '../provenance/ecc-bch.js';
import { embedWatermark, makeWatermarkPayload } from '../provenance/watermark.js';
import { detectPattern } from '../provenance/watermark-detect.js';
import { payloadToBits } from '../provenance/watermark-payload.js';
import { decodeBmp } from './bmp.js';
import { WATERMARK_ATTACKS, cropArea, flipHorizontal, psnr, reencode, resizeBy } from './watermark-attacks.js';

/**
 * `scenic eval watermark`: marks every photo (fitted to a 1080×1920 story first, so small photos are
 * upscaled), applies each re-sharing attack, and measures detection and bit accuracy; then runs the
 * detector on at least `minUnmarked` unmarked variants of the same photos (crops, mirror images,
 * re-encodes) to count false positives; and times embed + detect at story size.
 */

export const STORY_WIDTH = 1080;
export const STORY_HEIGHT = 1920;
const PHOTO_EXTENSIONS = new Set(['.jpg', '.jpeg', '.png', '.webp', '.bmp']);

export interface AttackRow {
  attack: string;
  n: number;
  /** Fraction of images whose exact payload was recovered (found, header and all 64 bits right). */
  detectionRate: number;
  /** Payload bits right after error correction (raw systematic bits where decoding failed), mean over images. */
  bitAccuracy: number;
  /** Coded bits right before error correction, mean over images. */
  rawBitAccuracy: number;
  /** PSNR of the attacked image against the marked one, for attacks that keep the size (dB, mean). */
  attackPsnr: number | null;
}

export interface WatermarkEvalReport {
  photos: number;
  embedPsnr: { mean: number; min: number };
  attacks: AttackRow[];
  unmarked: { n: number; falsePositives: number; rate: number; lowestReportedFalsePositiveRate: number; highestPilotZ: number };
  /** Medians: wall-clock ms, and CPU ms of this process (user + system; steadier on a busy machine). */
  timing: { width: number; height: number; runs: number; embedMs: number; detectMs: number; totalMs: number; cpuTotalMs: number };
}

export interface WatermarkEvalOptions {
  /** Use N photos spread evenly over the sorted list (default: all). */
  limit?: number;
  /** Unmarked samples to test at least (default 1000). */
  minUnmarked?: number;
  /** Embed + detect repetitions for the timing (default 15). */
  timingRuns?: number;
  onPhoto?: (index: number, total: number, name: string) => void;
}

/** Subfolders that hold the photos in the eval data layouts: coco-salient's img/, GrabCut's data_GT/. */
const PHOTO_SUBFOLDERS = ['img', 'data_GT'];

/**
 * Photo files in each folder; a folder laid out like coco-salient (img/) or GrabCut (data_GT/) is read
 * from that subfolder, so the masks beside it are never taken for photos.
 */
export async function listPhotos(folders: string[]): Promise<string[]> {
  const files: string[] = [];
  for (const folder of folders) {
    let dir = folder;
    for (const sub of PHOTO_SUBFOLDERS) {
      try {
        if ((await stat(path.join(folder, sub))).isDirectory()) {
          dir = path.join(folder, sub);
          break;
        }
      } catch {
        // No such subfolder: try the next layout, else the photos are in the folder itself.
      }
    }
    let names: string[];
    try {
      names = await readdir(dir);
    } catch (error) {
      throw new ScenicError('FILE_NOT_FOUND', `Expected a readable folder of photos for --data but received ${JSON.stringify(folder)}`, { cause: error });
    }
    for (const name of names.sort()) if (PHOTO_EXTENSIONS.has(path.extname(name).toLowerCase())) files.push(path.join(dir, name));
  }
  return files;
}

/**
 * Decodes a photo and fits it to the story canvas (cover: scaled up or down, centre-cropped). BMP (GrabCut
 * ships some photos so) goes through our own decoder, since sharp cannot read it.
 */
export async function loadStory(file: string): Promise<RgbaImage> {
  let input = sharp(file);
  if (path.extname(file).toLowerCase() === '.bmp') {
    const bmp = decodeBmp(new Uint8Array(await readFile(file)));
    input = sharp(bmp.data, { raw: { width: bmp.width, height: bmp.height, channels: 4 } });
  }
  const { data, info } = await input.rotate().resize(STORY_WIDTH, STORY_HEIGHT, { fit: 'cover' }).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  return { data: new Uint8Array(data.buffer, data.byteOffset, data.length), width: info.width, height: info.height };
}

export async function evaluateWatermark(folders: string[], options: WatermarkEvalOptions = {}): Promise<WatermarkEvalReport> {
  let files = await listPhotos(folders);
  // A limit samples evenly over the sorted list, so a short run still mixes the categories.
  if (options.limit !== undefined && options.limit < files.length) {
    const all = files;
    files = Array.from({ length: options.limit }, (_, i) => all[Math.floor((i * all.length) / options.limit!)]);
  }
  if (files.length === 0) throw new ScenicError('INVALID_ARGUMENT', `Expected photos (.jpg, .png, .webp, .bmp) in --data but received none in ${folders.join(', ')}`);
  const minUnmarked = options.minUnmarked ?? 1000;
  const variantsPerPhoto = Math.max(2, Math.ceil(minUnmarked / files.length));

  const sums = WATERMARK_ATTACKS.map((attack) => ({ attack: attack.name, n: 0, detected: 0, bits: 0, raw: 0, psnr: 0, psnrN: 0 }));
  const embedPsnrs: number[] = [];
  const unmarked = { n: 0, falsePositives: 0, lowestReportedFalsePositiveRate: 1, highestPilotZ: -Infinity };
  for (const [index, file] of files.entries()) {
    options.onPhoto?.(index, files.length, path.basename(file));
    const original = await loadStory(file);
    const payload = makeWatermarkPayload(path.basename(file));
    const payloadBits = payloadToBits(payload);
    const codeBits = bchEncode(payloadBits);
    const marked = embedWatermark(original, payload);
    embedPsnrs.push(psnr(original, marked));
    for (const [a, attack] of WATERMARK_ATTACKS.entries()) {
      const attacked = await attack.apply(marked, index + 1);
      const trace = detectPattern(attacked);
      const row = sums[a];
      row.n++;
      if (trace.found && trace.payload && trace.payload.every((byte, i) => byte === payload[i])) row.detected++;
      const readBits = trace.found && trace.payload ? payloadToBits(trace.payload) : trace.codeBits?.subarray(0, 64);
      row.bits += readBits ? agreement(readBits, payloadBits) : 0.5;
      row.raw += trace.codeBits ? agreement(trace.codeBits, codeBits) : 0.5;
      if (attacked.width === marked.width && attacked.height === marked.height && attacked !== marked) {
        row.psnr += psnr(marked, attacked);
        row.psnrN++;
      }
    }
    for (let v = 0; v < variantsPerPhoto; v++) {
      const trace = detectPattern(await unmarkedVariant(original, index * 1000 + v));
      unmarked.n++;
      if (trace.found) unmarked.falsePositives++;
      unmarked.lowestReportedFalsePositiveRate = Math.min(unmarked.lowestReportedFalsePositiveRate, trace.falsePositiveRate);
      unmarked.highestPilotZ = Math.max(unmarked.highestPilotZ, trace.pilotZ ?? -Infinity);
    }
  }
  const timing = timeEmbedDetect(await loadStory(files[0]), options.timingRuns);
  return {
    photos: files.length,
    embedPsnr: { mean: embedPsnrs.reduce((s, v) => s + v, 0) / embedPsnrs.length, min: Math.min(...embedPsnrs) },
    attacks: sums.map((row) => ({
      attack: row.attack,
      n: row.n,
      detectionRate: row.detected / row.n,
      bitAccuracy: row.bits / row.n,
      rawBitAccuracy: row.raw / row.n,
      attackPsnr: row.psnrN ? row.psnr / row.psnrN : null,
    })),
    unmarked: { ...unmarked, rate: unmarked.falsePositives / unmarked.n },
    timing,
  };
}

/**
 * An unmarked look-alike: a random window keeping 40–100% of the area, mirrored half the time, and
 * sometimes halved in size or re-encoded as JPEG, so the detector meets varied scales and textures.
 */
async function unmarkedVariant(image: RgbaImage, seed: number): Promise<RgbaImage> {
  const random = createRandom(seed);
  let out = cropArea(image, 0.4 + 0.6 * random(), random() < 0.3 ? 'both' : random() < 0.5 ? 'width' : 'height', seed);
  if (random() < 0.5) out = flipHorizontal(out);
  const treatment = random();
  if (treatment < 0.25) out = await resizeBy(out, 0.5);
  else if (treatment < 0.5) out = await reencode(out, (s) => s.jpeg({ quality: 60 + Math.floor(random() * 35) }));
  return out;
}

function agreement(a: Uint8Array, b: Uint8Array): number {
  let same = 0;
  for (let i = 0; i < b.length; i++) if (a[i] === b[i]) same++;
  return same / b.length;
}

/** Median wall and CPU time of embed and of detect on one story-size image, after a warm-up. */
export function timeEmbedDetect(image: RgbaImage, runs = 15): WatermarkEvalReport['timing'] {
  const payload = makeWatermarkPayload('timing');
  const embedTimes: number[] = [];
  const detectTimes: number[] = [];
  const totals: number[] = [];
  const cpuTotals: number[] = [];
  for (let r = -3; r < runs; r++) {
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const marked = embedWatermark(image, payload);
    const t1 = performance.now();
    detectPattern(marked);
    const t2 = performance.now();
    const cpu = process.cpuUsage(cpu0);
    if (r < 0) continue;
    embedTimes.push(t1 - t0);
    detectTimes.push(t2 - t1);
    totals.push(t2 - t0);
    cpuTotals.push((cpu.user + cpu.system) / 1000);
  }
  return { width: image.width, height: image.height, runs, embedMs: median(embedTimes), detectMs: median(detectTimes), totalMs: median(totals), cpuTotalMs: median(cpuTotals) };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[sorted.length >> 1];
}
