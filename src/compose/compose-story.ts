import type { LightEstimate } from '../backends/types.js';
import { clamp, linearToSrgb8 } from '../image/color.js';
import type { Plane, Rect, RgbaImage } from '../image/types.js';
import { boxBlur, boxBlur3, clonePlane, createRowPairs, downsampleLinear, upsampleTaps } from './blur.js';
import { DEFAULT_COMPOSE, type ComposeOptions } from './compose-options.js';
import { applyDepthOfField, depthAt, LOW_RES } from './depth-of-field.js';
import { drawSubject, grainOffsets, type WrapLight } from './draw-subject.js';
import { grainTile, grainToAdd, noiseSigma, sharpenFor } from './grain.js';
import { growRect, measureRegion, storyTransform, transformTables, type RegionStats } from './harmonize.js';
import type { Placement } from './layout.js';
import { applyShadow } from './shadow.js';
import { subjectFacts } from './subject-facts.js';

/** Scene concepts drawn as flat design backdrops: no ground to cast a shadow on. */
export const ABSTRACT_CONCEPTS = new Set(['gradient', 'radial-gradient', 'solid', 'pattern', 'abstract']);

export interface StoryInput {
  /** The scene, already at canvas size; it always covers the whole canvas. */
  background: RgbaImage;
  /** 0 near .. 1 far, when the backend knows. */
  depth?: Plane;
  light?: LightEstimate;
  /** The subject at its target size, straight alpha. */
  layer: RgbaImage;
  placement: Placement;
  /**
   * The light around the subject in its own photo (outside the matte; `measureSurroundings`). With it the
   * subject is given the change from its photo's light to the scene's; without, its own colours are
   * compared with the scene's, which also pulls a strongly coloured subject towards the scene's colour.
   */
  surroundings?: RegionStats;
  /** The scene plan's concepts: abstract backdrops get no shadow in 'auto'. */
  concepts?: readonly string[];
  /** Seed for the grain (same seed, same pixels). */
  seed?: number;
  /**
   * Paint into `background`'s own pixels instead of a copy (default false): saves copying the canvas when the
   * caller drew the background for this story alone and does not read it afterwards.
   */
  drawOnBackground?: boolean;
}

/** What compose decided, for callers that show or log it. */
export interface StoryReport {
  grounded: boolean;
  shadow: boolean;
  focusDepth: number;
  grainAdded: number;
  /** Unsharp amount given to an enlarged subject (0 when none). */
  sharpened: number;
  gains: [number, number, number];
  contrast: number;
}

/**
 * Blends a placed subject into a scene so it looks shot there: harmonizes its light (exposure, white
 * balance, contrast), blurs the background by depth, casts a contact + soft shadow for grounded subjects,
 * wraps background light around its edges, matches grain and sharpness, and composites in linear light. Pure; the
 * inputs are not changed. With `PLAIN_COMPOSE` options it equals `compositeOver`.
 *
 * Defaults: `DEFAULT_COMPOSE` (harmonize 0.8, lightWrap 0.5, shadow 'auto', depthOfField 0.35, grain 'auto').
 *
 * @example const story = composeStory({ background, depth, light, layer, placement, concepts: plan.concepts }, { depthOfField: 0 })
 */
export function composeStory(input: StoryInput, options: Partial<ComposeOptions> = {}): { image: RgbaImage; report: StoryReport } {
  const o = { ...DEFAULT_COMPOSE, ...options };
  const { background, layer, placement, depth, light } = input;
  const { width, height } = background;
  const target = placement.target;
  const pixels = input.drawOnBackground ? background.data : new Uint8Array(background.data);
  // The part of the layer that lands on the canvas.
  const vis = clipRect(target, width, height);

  const grounded = isGrounded(input);
  const abstract = (input.concepts ?? []).some((c) => ABSTRACT_CONCEPTS.has(c));
  const shadow = o.shadow === 'on' || (o.shadow === 'auto' && grounded && !abstract);
  const baseY = target.y + subjectBottom(layer);
  const focusDepth = depth ? depthAt(depth, width, height, target.x + target.width / 2, clamp(baseY - 2, 0, height - 1)) : 0;

  const needLow = o.depthOfField > 0 || o.lightWrap > 0;
  const low = needLow ? downsampleLinear(background, LOW_RES) : null;

  // The subject's own measurements do not depend on the scene: a re-prompt reuses them.
  const facts = subjectFacts(layer);

  // Everything read from the scene is read before anything is painted (the canvas may be the background).
  // Harmonize: the change from the light of the subject's photo (or, unknown, its own) to the scene's light
  // around where it stands.
  const own = facts.own;
  const around = growRect(vis, 0.5, width, height);
  const scene = measureRegion(background, around, () => 1, undefined, 3);
  const transform = storyTransform(own, scene, o.harmonize, light, input.surroundings);
  const [tr, tg, tb] = transformTables(transform).map((t) => Uint8Array.from(t, (v) => linearToSrgb8(v)));

  let grain = 0;
  if (o.grain === 'auto') {
    const sceneNoise = noiseSigma(background, around, () => true, 3);
    grain = grainToAdd(sceneNoise, facts.noise);
  }

  if (low && o.depthOfField > 0) {
    applyDepthOfField({
      pixels, width, height, low, depth, focus: focusDepth, strength: o.depthOfField, cover: { layer, x: target.x, y: target.y, runs: facts.opaqueRuns() },
    });
  }
  if (shadow) applyShadow({ pixels, width, height, layer, target, baseY: Math.min(baseY, height + LOW_RES), light, depth, runs: facts.opaqueRuns() });
  // Sharpness matching goes with grain: both make the subject's texture agree with the scene's.
  const sharpAmount = o.grain === 'auto' ? sharpenFor(placement.scale) : 0;

  // Light wrap: the background, blurred, seen through the soft inner edge of the matte.
  let wrap: WrapLight | null = null;
  if (low && o.lightWrap > 0 && vis.width > 0 && vis.height > 0) {
    const radius = Math.max(1, Math.round((Math.min(target.width, target.height) * 0.03) / LOW_RES));
    // Only the subject's box is read back: blur it grown by the blur's reach (two passes of the radius).
    const region = growLow(vis, 2 * radius + 2);
    const matte = facts.matte(`${target.x},${target.y},${width}x${height},${radius}`, () => {
      const m = lowMatte(layer, target, width, height);
      boxBlur(m, Math.max(1, Math.round(radius * 0.7)), 2, region);
      return m;
    });
    const copies = [clonePlane(low[0]), clonePlane(low[1]), clonePlane(low[2])] as const;
    boxBlur3(copies, radius, 2, region);
    const light: [Float32Array, Float32Array, Float32Array] = [copies[0].data, copies[1].data, copies[2].data];
    wrap = {
      matte: createRowPairs([matte.data], matte.width, matte.height, width, height, LOW_RES, vis.x, vis.x + vis.width),
      light,
      lowWidth: matte.width,
      tx: upsampleTaps(width, matte.width, LOW_RES),
      ty: upsampleTaps(height, matte.height, LOW_RES),
    };
  }

  drawSubject({
    pixels, width, layer, target, vis,
    tables: [tr, tg, tb],
    grain: grain > 0 ? grainOffsets(grainTile(input.seed ?? 0), grain) : null,
    sharpen: sharpAmount,
    laplacian: sharpAmount > 0 ? facts.laplacian() : null,
    wrap,
    wrapStrength: clamp(o.lightWrap, 0, 1) * 0.7,
  });
  return {
    image: { data: pixels, width, height },
    report: { grounded, shadow, focusDepth, grainAdded: grain, sharpened: sharpAmount, gains: transform.gains, contrast: transform.contrast },
  };
}

/**
 * A subject stands on a ground when the photo cut it at the bottom (it continues below the frame) or
 * its feet land on near ground of the scene (depth below the sky's). Floating subjects get no shadow.
 */
export function isGrounded(input: Pick<StoryInput, 'layer' | 'placement' | 'depth' | 'background'>): boolean {
  const { placement, layer, depth, background } = input;
  if (placement.cut.bottom) return true;
  if (!depth) return false;
  const baseY = placement.target.y + subjectBottom(layer);
  if (baseY >= background.height) return true;
  return depthAt(depth, background.width, background.height, placement.target.x + placement.target.width / 2, Math.max(0, baseY)) < 0.95;
}

/** Row (in layer pixels) just below the lowest clearly opaque subject pixel. */
export function subjectBottom(layer: RgbaImage): number {
  for (let y = layer.height - 1; y >= 0; y--) {
    for (let x = 0; x < layer.width; x++) if (layer.data[(y * layer.width + x) * 4 + 3] >= 128) return y + 1;
  }
  return layer.height;
}

/** The layer's alpha (0..1) on the canvas at 1/LOW_RES, block-averaged. */
function lowMatte(layer: RgbaImage, target: Rect, width: number, height: number): Plane {
  const lw = Math.ceil(width / LOW_RES);
  const lh = Math.ceil(height / LOW_RES);
  const data = new Float32Array(lw * lh);
  const vis = clipRect(target, width, height);
  // Every other pixel each way: the matte is blurred afterwards anyway.
  const norm = 4 / (255 * LOW_RES * LOW_RES);
  for (let cy = vis.y; cy < vis.y + vis.height; cy += 2) {
    const row = ((cy / LOW_RES) | 0) * lw;
    const li = (cy - target.y) * layer.width - target.x;
    for (let cx = vis.x; cx < vis.x + vis.width; cx += 2) data[row + ((cx / LOW_RES) | 0)] += layer.data[(li + cx) * 4 + 3] * norm;
  }
  return { data, width: lw, height: lh };
}

function clipRect(r: Rect, width: number, height: number): Rect {
  const x0 = clamp(r.x, 0, width);
  const y0 = clamp(r.y, 0, height);
  const x1 = clamp(r.x + r.width, 0, width);
  const y1 = clamp(r.y + r.height, 0, height);
  return { x: x0, y: y0, width: x1 - x0, height: y1 - y0 };
}

/** A canvas rectangle in 1/LOW_RES plane coordinates, grown by `by` plane pixels on every side. */
function growLow(r: Rect, by: number): Rect {
  const x0 = Math.floor(r.x / LOW_RES) - by;
  const y0 = Math.floor(r.y / LOW_RES) - by;
  return { x: x0, y: y0, width: Math.ceil((r.x + r.width) / LOW_RES) + by - x0, height: Math.ceil((r.y + r.height) / LOW_RES) + by - y0 };
}
