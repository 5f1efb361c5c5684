import type { Plane, Rect, RgbaImage, Rgb } from '../image/types.js';
import type { ScenePlan } from '../scene/plan-types.js';

export const DIGITAL_SOURCE_TYPE_BASE = 'http://cv.iptc.org/newscodes/digitalsourcetype/';
/** IPTC digital source types scenic writes: procedural backgrounds vs. trained-model backgrounds. */
export type DigitalSourceType = 'compositeSynthetic' | 'compositeWithTrainedAlgorithmicMedia';

/** Where the scene's main light comes from and what it is like, for compose to match the subject to. */
export interface LightEstimate {
  /** Unit vector in image space: x right, y down, z towards the viewer. */
  direction: [number, number, number];
  /** Linear-light RGB of the key light, roughly 0..1. */
  colour: Rgb;
  intensity: number;
  /** Linear-light RGB of the ambient (sky/fill) light. */
  ambient: Rgb;
}

export interface BackendCapabilities {
  /** Can fill the area around a given subject mask. */
  inpainting: boolean;
  /** Can re-light the subject itself (only used when a recipe asks for it). */
  relighting: boolean;
  /** Honours a seed: same request and seed give the same pixels. */
  seed: boolean;
  negativePrompt: boolean;
  /** Largest output the backend draws at once; larger canvases are upscaled afterwards. */
  maxPixels: number;
  /** Width and height must be multiples of this. */
  sizeMultiple: number;
}

export interface BackgroundRequest {
  plan: ScenePlan;
  width: number;
  height: number;
  seed: number;
  negativePrompt?: string;
  /** The subject as it will sit on the canvas, for inpainting backends. */
  subject?: { image: RgbaImage; matte: Plane; rect: Rect };
}

export interface GenerateOptions {
  signal?: AbortSignal;
  /** Called with a fraction 0..1 as the backend works. */
  onProgress?: (fraction: number, message?: string) => void;
}

export interface BackgroundResult {
  image: RgbaImage;
  /** 0 = near the camera, 1 = far, when the backend knows; may be coarser than the image (compose scales it). */
  depth?: Plane;
  light?: LightEstimate;
  /** What drew it, for the label: the truth follows the backend that actually produced the pixels. */
  digitalSourceType: DigitalSourceType;
  backend: string;
  model?: string;
  /**
   * True only when the image already holds a relit subject that the user explicitly asked a relighting
   * backend for; the editor then does not paste the original subject back. Absent means paste it back.
   */
  includesSubject?: boolean;
}

export interface Backend {
  readonly name: string;
  readonly description: string;
  readonly capabilities: BackendCapabilities;
  generate(request: BackgroundRequest, options?: GenerateOptions): Promise<BackgroundResult>;
  dispose?(): Promise<void>;
}

/** Settings a backend may need: URLs, model folders, keys (from environment or config, never logged). */
export type BackendConfig = Readonly<Record<string, string | number | boolean | undefined>>;

export type BackendFactory = (config: BackendConfig) => Backend;
