import { encodeImage, encodeThumbnail, type OutputFormat } from '../adapters/codec.js';
import { sceneBuffers, type SceneBuffers } from '../backends/procedural/index.js';
import { buildXmp } from '../provenance/xmp.js';
import { SOFTWARE_AGENT, VERSION } from '../version.js';
import { renderStory, type StoryJob, type StoryOutcome } from './render-story.js';

/** How a finished story is written: format, quality, what its XMP says, and an optional thumbnail. */
export interface StoryOutput {
  format: OutputFormat;
  quality?: number;
  /** The prompt to write into the XMP; absent = leave it out (the recipe's `promptMetadata: false`). */
  prompt?: string;
  /** Also make a JPEG thumbnail this many pixels wide, from the pixels rather than the encoded file. */
  thumbnailWidth?: number;
}

export interface FinishJob extends StoryJob {
  output: StoryOutput;
}

export interface FinishedStory extends Omit<StoryOutcome, 'story' | 'timings'> {
  /** The encoded story, XMP inside; not yet C2PA-signed (the caller holds the signing key). */
  data: Uint8Array;
  thumbnail?: Uint8Array;
  /** The `backgroundBy` text of the XMP (backend and model), for the C2PA manifest to say the same. */
  backgroundBy: string;
  timings: StoryOutcome['timings'] & { encode: number };
}

/**
 * Renders a {@link StoryJob} and encodes it with its XMP label (and thumbnail). On a render thread this keeps
 * the story's 8 MB of pixels on that thread: only the encoded file goes back, which spares the main
 * thread the copy, the encode hand-off and much of its garbage collection.
 *
 * @example const { data } = await finishStory({ ...job, output: { format: 'jpeg', quality: 90 } });
 */
export async function finishStory(job: FinishJob): Promise<FinishedStory> {
  // The story's pixels are dead once encoded: their buffers go back for the next story of the same size.
  const buffers = job.scene ? undefined : takeBuffers(job.width, job.height);
  const { story, timings, ...rest } = await renderStory(job, buffers);
  const t = performance.now();
  const backgroundBy = rest.scene.model ? `${rest.scene.backend} ${rest.scene.model}` : rest.scene.backend;
  const xmp = buildXmp({ digitalSourceType: rest.scene.digitalSourceType, softwareAgent: SOFTWARE_AGENT, softwareVersion: VERSION, backgroundBy, prompt: job.output.prompt });
  const { format, quality, thumbnailWidth } = job.output;
  const [data, thumbnail] = await Promise.all([
    encodeImage(story, { format, quality, xmp }),
    thumbnailWidth ? encodeThumbnail(story, thumbnailWidth, xmp) : undefined,
  ]);
  if (buffers) giveBack(buffers);
  return { ...rest, data, thumbnail, backgroundBy, timings: { ...timings, encode: performance.now() - t } };
}

interface SizedBuffers extends Required<SceneBuffers> {
  width: number;
  height: number;
}

/**
 * Spare scene buffers of finished stories (a few, any size). Each story takes its own set and gives it back
 * only after encoding, so stories finishing at once on one thread never share one. On a render thread this
 * spares two large allocations per story (about 14 MB at 1080×1920) and the garbage collections they cause.
 */
const spare: SizedBuffers[] = [];
const SPARE_SETS = 2;

function takeBuffers(width: number, height: number): SizedBuffers {
  const i = spare.findIndex((b) => b.width === width && b.height === height);
  if (i >= 0) return spare.splice(i, 1)[0];
  return { ...sceneBuffers(width, height), width, height };
}

function giveBack(buffers: SizedBuffers): void {
  spare.unshift(buffers);
  spare.length = Math.min(spare.length, SPARE_SETS);
}
