import sharp from 'sharp';
import { createEditor, type EditorOptions } from '../editor/editor.js';
import { DEFAULT_SEGMENT_SIZE } from '../subject/segmenter.js';
import { resizePlane } from '../image/resize.js';
import type { Plane, RgbaImage } from '../image/types.js';
import { boundaryF, maskIou, matteMae, mean, type LabelMask } from './metrics.js';
import { listSubjectSamples, readSampleMask, readSamplePhoto } from './subject-data.js';
import { createPeer } from './subject-peer.js';

export interface SubjectScore {
  iou: number;
  boundaryF: number;
  mae: number;
  /** Wall-clock seconds per image for the whole cut-out call (decode + segment + refine), warm. */
  seconds: number;
}

export interface SubjectEvalRow {
  name: string;
  /** Ours at the first (or only) segment size. */
  ours: SubjectScore;
  peer?: SubjectScore;
  /** Ours at every segment size measured, when several were (same order as `segmentSizes`). */
  bySize?: SubjectScore[];
}

/** One segment size's averages, with the differences to the peer measured in the same run. */
export interface SubjectSizeSummary {
  segmentSize: number;
  ours: SubjectScore;
  delta?: SubjectScore;
  speedRatio?: number;
}

export interface SubjectEvalReport {
  data: string;
  images: number;
  /** Which photos: all, or the tuning / report half (see SubjectEvalOptions.split). */
  split: SubjectSplit;
  /** The ISNet input sizes measured; `ours` is the first. */
  segmentSizes: number[];
  ours: SubjectScore;
  peer?: SubjectScore;
  /** ours − peer for each number (positive IoU/boundary F is better; negative MAE/seconds is better). */
  delta?: SubjectScore;
  /** ours.seconds / peer.seconds. */
  speedRatio?: number;
  /** Peak resident memory of this process in MB, sampled after every image (includes the peer when it ran). */
  peakRssMb: number;
  /** Every size's averages when several sizes were measured in one run. */
  bySize?: SubjectSizeSummary[];
  rows: SubjectEvalRow[];
}

/**
 * 'tune' = photos 0, 2, 4, … of the name-sorted list, 'report' = photos 1, 3, 5, …: refinement settings are
 * chosen on 'tune' only and reported on 'report' (and on other sets), so the numbers are not tuned to the photos.
 */
export type SubjectSplit = 'all' | 'tune' | 'report';

export interface SubjectEvalOptions {
  limit?: number;
  peer?: boolean;
  split?: SubjectSplit;
  /** ISNet input sizes to measure in the same run (each its own session); default the editor's. */
  segmentSizes?: number[];
  editor?: EditorOptions;
  onRow?: (row: SubjectEvalRow, index: number, total: number) => void;
}

/**
 * Scores scenic's cut-out (and optionally the peer's) on an image/mask folder: mean IoU at 0.5, boundary
 * F-measure at 1% of the diagonal, MAE of the soft matte, seconds per image. Both methods get one untimed
 * warm-up call first, so model loading is not counted against either.
 */
export async function evaluateSubjects(folder: string, options: SubjectEvalOptions = {}): Promise<SubjectEvalReport> {
  let samples = await listSubjectSamples(folder);
  const split = options.split ?? 'all';
  if (split !== 'all') samples = samples.filter((_, i) => i % 2 === (split === 'tune' ? 0 : 1));
  // A limited run takes images evenly spread over the sorted list, so every category of a data set is sampled.
  const limit = options.limit;
  if (limit && limit < samples.length) samples = Array.from({ length: limit }, (_, i) => samples[Math.floor((i * samples.length) / limit)]);
  const sizes = options.segmentSizes?.length ? options.segmentSizes : [options.editor?.segmentSize ?? DEFAULT_SEGMENT_SIZE];
  const editors = sizes.map((segmentSize) => createEditor({ subjectCacheSize: 1, ...options.editor, segmentSize }));
  const peer = options.peer ? await createPeer() : null;
  const rows: SubjectEvalRow[] = [];
  let peakRss = 0;
  try {
    const warm = await warmUpPhoto();
    for (const editor of editors) await editor.cutout(warm);
    if (peer) await peer.matte(warm);
    for (let i = 0; i < samples.length; i++) {
      const sample = samples[i];
      const photo = await readSamplePhoto(sample);
      const gt = await readSampleMask(sample);
      const bySize: SubjectScore[] = [];
      for (const editor of editors) {
        const t = performance.now();
        const cut = await editor.cutout(photo);
        bySize.push(score(alphaOf(cut.image), gt, (performance.now() - t) / 1000));
      }
      const row: SubjectEvalRow = { name: sample.name, ours: bySize[0], ...(editors.length > 1 ? { bySize } : {}) };
      if (peer) {
        const t = performance.now();
        const matte = await peer.matte(photo);
        row.peer = score(matte, gt, (performance.now() - t) / 1000);
      }
      rows.push(row);
      peakRss = Math.max(peakRss, process.memoryUsage().rss);
      options.onRow?.(row, i, samples.length);
    }
  } finally {
    for (const editor of editors) await editor.dispose();
  }
  const p = peer ? average(rows.map((r) => r.peer!)) : undefined;
  const summaries = sizes.map((segmentSize, k): SubjectSizeSummary => {
    const ours = average(rows.map((r) => r.bySize?.[k] ?? r.ours));
    if (!p) return { segmentSize, ours };
    return {
      segmentSize,
      ours,
      delta: { iou: ours.iou - p.iou, boundaryF: ours.boundaryF - p.boundaryF, mae: ours.mae - p.mae, seconds: ours.seconds - p.seconds },
      speedRatio: ours.seconds / p.seconds,
    };
  });
  const [first] = summaries;
  const report: SubjectEvalReport = { data: folder, images: rows.length, split, segmentSizes: sizes, ours: first.ours, peakRssMb: Math.round(peakRss / 1e6), rows };
  if (p) Object.assign(report, { peer: p, delta: first.delta, speedRatio: first.speedRatio });
  if (sizes.length > 1) report.bySize = summaries;
  return report;
}

/** A synthetic photo (a disc on a gradient) that no data set contains, so the warm-up never hits a cache. */
async function warmUpPhoto(): Promise<Uint8Array> {
  const size = 256;
  const data = new Uint8Array(size * size * 3);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const inside = (x - 128) ** 2 + (y - 140) ** 2 < 70 ** 2;
      data.set(inside ? [200, 60, 40] : [x, y, 160], (y * size + x) * 3);
    }
  }
  return new Uint8Array(await sharp(data, { raw: { width: size, height: size, channels: 3 } }).png().toBuffer());
}

function alphaOf(image: RgbaImage): Plane {
  const out = new Float32Array(image.width * image.height);
  for (let i = 0; i < out.length; i++) out[i] = image.data[i * 4 + 3] / 255;
  return { data: out, width: image.width, height: image.height };
}

function score(matte: Plane, gt: LabelMask, seconds: number): SubjectScore {
  const m = matte.width === gt.width && matte.height === gt.height ? matte : resizePlane(matte, gt.width, gt.height);
  return { iou: maskIou(m, gt), boundaryF: boundaryF(m, gt).f, mae: matteMae(m, gt), seconds };
}

function average(scores: SubjectScore[]): SubjectScore {
  return {
    iou: mean(scores.map((s) => s.iou)),
    boundaryF: mean(scores.map((s) => s.boundaryF)),
    mae: mean(scores.map((s) => s.mae)),
    seconds: mean(scores.map((s) => s.seconds)),
  };
}
