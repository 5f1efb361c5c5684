import { sha256Hex } from '../adapters/sha256.js';
import { drawProcedural, type SceneBuffers } from '../backends/procedural/index.js';
import type { FallbackNote } from '../backends/generate.js';
import type { BackgroundResult } from '../backends/types.js';
import type { ComposeOptions } from '../compose/compose-options.js';
import { composeStory } from '../compose/compose-story.js';
import type { RegionStats } from '../compose/harmonize.js';
import type { Placement } from '../compose/layout.js';
import type { RgbaImage } from '../image/types.js';
import { drawBadge } from '../provenance/badge.js';
import { embedWatermark } from '../provenance/watermark.js';
import type { ScenePlan } from '../scene/plan-types.js';
import { LruCache } from './lru.js';

/**
 * One variation's pixel work after the subject is placed: the background (drawn here with the procedural
 * engine when `scene` is absent), compose, the optional badge and the watermark. Everything in it is plain
 * data (typed arrays and JSON), so it runs the same in-process and on a render worker thread.
 */
export interface StoryJob {
  plan: ScenePlan;
  width: number;
  height: number;
  seed: number;
  /** A background another backend already drew; absent = draw it here with `procedural`. */
  scene?: BackgroundResult & { fallbackFrom?: FallbackNote };
  /** The subject at its target size (straight alpha) and where it sits. */
  layer: RgbaImage;
  /**
   * Names the layer's content (photo, size, placement, choice): a render thread receives a new copy of the
   * layer object with every job, and this lets it keep what compose measured of the subject between re-prompts.
   */
  layerKey?: string;
  placement: Placement;
  /** The light around the subject in its own photo (`StoryInput.surroundings`); absent = compare with the subject alone. */
  surroundings?: RegionStats;
  compose: Partial<ComposeOptions>;
  badge: boolean;
  /** The 8-byte watermark payload, or undefined for no watermark. */
  watermark?: Uint8Array;
  /** Hash the background's pixels for the C2PA manifest (default true; false when nothing is signed). */
  hashBackground?: boolean;
}

export interface StoryOutcome {
  story: RgbaImage;
  /** The scene's label facts; its pixels are not sent back. */
  scene: Omit<BackgroundResult, 'image' | 'depth' | 'light'> & { fallbackFrom?: FallbackNote };
  /** sha256 of the background's pixels, the C2PA ingredient's hash ('' when `hashBackground` is false). */
  backgroundSha256: string;
  /** Milliseconds spent drawing, composing and labelling (watermark, badge). */
  timings: { background: number; compose: number; label: number };
}

/** The first layer object seen per key: compose remembers the subject's facts by the layer's pixel buffer. */
const layers = new LruCache<string, RgbaImage>(8);

function stableLayer(job: StoryJob): RgbaImage {
  if (!job.layerKey) return job.layer;
  const hit = layers.get(job.layerKey);
  if (hit && hit.width === job.layer.width && hit.height === job.layer.height && hit.data.length === job.layer.data.length) return hit;
  layers.set(job.layerKey, job.layer);
  return job.layer;
}

/** Drops the layers kept for keys starting with `prefix` (a deleted photo's `hash:`). */
export function forgetLayers(prefix: string): void {
  layers.deleteWhere((key) => key.startsWith(prefix));
}

/**
 * Runs a {@link StoryJob}. The original subject (not a backend's repainting of it) always goes back over the
 * background, unless the user asked a relighting backend for its relit subject (`includesSubject`).
 * `buffers` are drawn in when the built-in engine draws here: the story's pixels are then `buffers.image`.
 *
 * @example const { story } = await renderStory({ plan, width: 1080, height: 1920, seed: 7, layer, placement, compose: {}, badge: false });
 */
export async function renderStory(job: StoryJob, buffers?: SceneBuffers): Promise<StoryOutcome> {
  let t = performance.now();
  const scene = job.scene ?? drawProcedural(job, buffers);
  const backgroundSha256 = job.hashBackground === false ? '' : sha256Hex(scene.image.data);
  const background = performance.now() - t;
  t = performance.now();
  // A background drawn here for this story alone is painted on directly, and the story is marked in place
  // (each saves an 8 MB canvas copy); one handed in by the caller stays untouched.
  const owned = job.scene === undefined;
  let story = scene.includesSubject
    ? scene.image
    : composeStory({ background: scene.image, depth: scene.depth, light: scene.light, layer: stableLayer(job), placement: job.placement, surroundings: job.surroundings, concepts: job.plan.concepts, seed: job.seed, drawOnBackground: owned }, job.compose).image;
  const compose = performance.now() - t;
  t = performance.now();
  // The visible badge is part of the picture: before the watermark, which marks the final pixels.
  if (job.badge) story = drawBadge(story);
  if (job.watermark) story = embedWatermark(story, job.watermark, { inPlace: owned || story !== scene.image });
  const label = performance.now() - t;
  const { image: _image, depth: _depth, light: _light, ...facts } = scene;
  return { story, scene: facts, backgroundSha256, timings: { background, compose, label } };
}
