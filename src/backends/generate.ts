import { isScenicError, ScenicError } from '../errors.js';
import { createPlane, createRgba, type Plane, type Rect, type RgbaImage } from '../image/types.js';
import type { Backend, BackgroundRequest, BackgroundResult, GenerateOptions } from './types.js';

/** Why the chosen backend did not draw the background, when a fallback did. */
export interface FallbackNote {
  backend: string;
  code: string;
  message: string;
}

export interface GenerateWithFallbackOptions extends GenerateOptions {
  /** The backend to draw with when the chosen one fails (never on cancel). */
  fallback?: () => Backend;
}

/**
 * Runs one backend; when it fails, the error names the backend and why (codes stay as the backend gave them,
 * anything else becomes BACKEND_FAILED). With `fallback`, the fallback draws instead and the result says so:
 * its `backend` and `digitalSourceType` are the fallback's own, so the label stays truthful.
 *
 * @example
 * const scene = await generateBackground(createBackend('comfyui', { url }), request, { fallback: () => createBackend('procedural') });
 * scene.backend // 'procedural' when ComfyUI was down; scene.fallbackFrom says why
 */
export async function generateBackground(backend: Backend, request: BackgroundRequest, options: GenerateWithFallbackOptions = {}): Promise<BackgroundResult & { fallbackFrom?: FallbackNote }> {
  try {
    return await backend.generate(request, options);
  } catch (e) {
    const error = asBackendError(backend.name, e);
    if (!options.fallback || error.code === 'CANCELLED' || options.signal?.aborted) throw error;
    const other = options.fallback();
    if (other.name === backend.name) throw error;
    // The fallback draws without the inpainting inputs it may not use; the editor pastes the subject back anyway.
    const result = await other.generate(other.capabilities.inpainting ? request : { ...request, subject: undefined }, options);
    return { ...result, fallbackFrom: { backend: backend.name, code: error.code, message: error.message } };
  }
}

/** Keeps ScenicErrors (their messages already start with the backend's name), wraps anything else. */
function asBackendError(name: string, e: unknown): ScenicError {
  if (isScenicError(e)) return e.message.startsWith(`${name}:`) || e.code === 'CANCELLED' ? e : new ScenicError(e.code, `${name}: ${e.message}`, { cause: e });
  if (e instanceof Error && e.name === 'AbortError') return new ScenicError('CANCELLED', `${name}: the edit was cancelled`);
  const message = e instanceof Error ? e.message : String(e);
  return new ScenicError('BACKEND_FAILED', `${name}: Expected a background but the backend failed: ${message.split('\n')[0].slice(0, 200)}`, { cause: e });
}

/**
 * The placed subject layer as inpainting backends need it: a canvas-sized image (transparent outside the
 * subject), its matte as a plane, and where it sits. Parts of the layer outside the canvas are clipped.
 *
 * @example placeOnCanvas(layer, placement.target, 1080, 1920)
 */
export function placeOnCanvas(layer: RgbaImage, target: Rect, width: number, height: number): { image: RgbaImage; matte: Plane; rect: Rect } {
  const image = createRgba(width, height);
  const matte = createPlane(width, height);
  const x0 = Math.max(0, target.x);
  const y0 = Math.max(0, target.y);
  const x1 = Math.min(width, target.x + layer.width);
  const y1 = Math.min(height, target.y + layer.height);
  for (let y = y0; y < y1; y++) {
    const src = ((y - target.y) * layer.width + (x0 - target.x)) * 4;
    image.data.set(layer.data.subarray(src, src + (x1 - x0) * 4), (y * width + x0) * 4);
    for (let x = x0; x < x1; x++) matte.data[y * width + x] = layer.data[((y - target.y) * layer.width + (x - target.x)) * 4 + 3] / 255;
  }
  return { image, matte, rect: { x: target.x, y: target.y, width: layer.width, height: layer.height } };
}
