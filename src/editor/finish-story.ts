import { encodeImage, encodeThumbnail, type OutputFormat } from '../adapters/codec.js';
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
  const { story, timings, ...rest } = await renderStory(job);
  const t = performance.now();
  const backgroundBy = rest.scene.model ? `${rest.scene.backend} ${rest.scene.model}` : rest.scene.backend;
  const xmp = buildXmp({ digitalSourceType: rest.scene.digitalSourceType, softwareAgent: SOFTWARE_AGENT, softwareVersion: VERSION, backgroundBy, prompt: job.output.prompt });
  const { format, quality, thumbnailWidth } = job.output;
  const [data, thumbnail] = await Promise.all([
    encodeImage(story, { format, quality, xmp }),
    thumbnailWidth ? encodeThumbnail(story, thumbnailWidth, xmp) : undefined,
  ]);
  return { ...rest, data, thumbnail, backgroundBy, timings: { ...timings, encode: performance.now() - t } };
}
