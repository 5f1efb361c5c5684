import sharp from 'sharp';
import { encodeImage } from '../../adapters/codec.js';
import { ScenicError } from '../../errors.js';
import type { RgbaImage } from '../../image/types.js';
import { imageFromBackend, imageToBackend, initImage, maskForBackend, planeToBackend, planSize, regenerateMask, type MaskConvention, type SizePlan, type SizeRules } from '../normalize.js';
import { buildDiffusionPrompt, type DiffusionPrompt } from '../prompt.js';
import type { BackendConfig, BackgroundRequest } from '../types.js';
import type { HttpClient, HttpSettings } from './http.js';

/** Settings every remote backend reads from its config, with the defaults from docs/backends.md §0. */
export interface RemoteOptions {
  timeoutMs: number;
  pollTimeoutMs: number;
  pollIntervalMs: number;
  pollSlowIntervalMs: number;
  pollDeadlineMs: number;
  retry: NonNullable<HttpSettings['retry']>;
}

/**
 * Reads the shared network settings: `timeoutMs` (default 180 000), `pollTimeoutMs` (30 000),
 * `pollIntervalMs` (1 500 for the first 10 s), `pollSlowIntervalMs` (5 000 after), `pollDeadlineMs`
 * (600 000), `retries` (4 tries), `retryBaseMs` (1 000), `retryCapMs` (30 000), `maxRetryAfterMs` (60 000).
 */
export function remoteOptions(config: BackendConfig, defaults: Partial<{ timeoutMs: number }> = {}): RemoteOptions {
  return {
    timeoutMs: num(config, 'timeoutMs', defaults.timeoutMs ?? 180_000),
    pollTimeoutMs: num(config, 'pollTimeoutMs', 30_000),
    pollIntervalMs: num(config, 'pollIntervalMs', 1500),
    pollSlowIntervalMs: num(config, 'pollSlowIntervalMs', 5000),
    pollDeadlineMs: num(config, 'pollDeadlineMs', 600_000),
    retry: {
      attempts: num(config, 'retries', 4),
      baseMs: num(config, 'retryBaseMs', 1000),
      capMs: num(config, 'retryCapMs', 30_000),
      maxRetryAfterMs: num(config, 'maxRetryAfterMs', 60_000),
    },
  };
}

function num(config: BackendConfig, key: string, fallback: number): number {
  const v = config[key];
  if (v === undefined || v === '') return fallback;
  const n = typeof v === 'number' ? v : Number(v);
  if (!Number.isFinite(n) || n < 0) throw new ScenicError('BACKEND_CONFIG', `Expected a non-negative number for ${key} but received ${JSON.stringify(v)}`);
  return n;
}

/** A string setting from config, else the environment variable, else undefined. */
export function setting(config: BackendConfig, key: string, envName?: string): string | undefined {
  const v = config[key];
  if (typeof v === 'string' && v.trim()) return v.trim();
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  const e = envName ? process.env[envName] : undefined;
  return e?.trim() ? e.trim() : undefined;
}

/** A required setting, or BACKEND_CONFIG naming where it can come from. */
export function requireSetting(backend: string, value: string | undefined, what: string, where: string): string {
  if (value) return value;
  throw new ScenicError('BACKEND_CONFIG', `Expected ${what} (${where}) for the ${backend} backend but received nothing`);
}

/**
 * Calls `check` until it returns a value: every `pollIntervalMs` for the first 10 s, then every
 * `pollSlowIntervalMs`, until `pollDeadlineMs` (BACKEND_TIMEOUT). Cancelled by `signal`.
 */
export async function pollUntil<T>(http: HttpClient, options: RemoteOptions, signal: AbortSignal | undefined, what: string, check: () => Promise<T | undefined>): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    const elapsed = Date.now() - started;
    if (elapsed > options.pollDeadlineMs) throw http.error('BACKEND_TIMEOUT', `Expected ${what} within ${options.pollDeadlineMs} ms but it was still running`);
    await http.sleep(elapsed < 10_000 ? options.pollIntervalMs : options.pollSlowIntervalMs, signal);
  }
}

/** Everything an inpainting backend sends, already in its size and mask convention. */
export interface InpaintInputs {
  size: SizePlan;
  /** The subject over mid grey (letterbox padding grey too), opaque. */
  image: RgbaImage;
  /** The regenerate mask in the backend's convention. */
  mask: RgbaImage;
  prompt: DiffusionPrompt;
}

/** Prepares the backend-sized image, mask and prompt for one request. */
export async function prepareInpaint(request: BackgroundRequest, rules: SizeRules, convention: MaskConvention): Promise<InpaintInputs> {
  const size = planSize(request.width, request.height, rules);
  const image = await imageToBackend(initImage(request), size);
  const mask = maskForBackend(planeToBackend(regenerateMask(request), size, 1), convention, image);
  const prompt = buildDiffusionPrompt(request.plan, { negativePrompt: request.negativePrompt });
  return { size, image, mask, prompt };
}

export function encodePng(image: RgbaImage): Promise<Buffer> {
  return encodeImage(image, { format: 'png' });
}

/** A PNG as a Blob for FormData. */
export async function pngBlob(image: RgbaImage): Promise<Blob> {
  return new Blob([new Uint8Array(await encodePng(image))], { type: 'image/png' });
}

/**
 * Decodes image bytes from a backend and turns them back into a canvas-sized opaque image; anything that is
 * not an image becomes BACKEND_BAD_RESPONSE.
 */
export async function decodeResult(http: HttpClient, bytes: Uint8Array, size: SizePlan, width: number, height: number): Promise<RgbaImage> {
  let raw: { data: Buffer; info: { width: number; height: number } };
  try {
    raw = await sharp(bytes, { limitInputPixels: 100_000_000 }).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  } catch (e) {
    throw http.error('BACKEND_BAD_RESPONSE', `Expected image bytes but received ${bytes.length} bytes that are not an image`, e);
  }
  const image = { data: new Uint8Array(raw.data.buffer, raw.data.byteOffset, raw.data.length), width: raw.info.width, height: raw.info.height };
  return imageFromBackend(image, size, width, height);
}

/** Decodes base64 (with or without a data-URL prefix) or fails with BACKEND_BAD_RESPONSE. */
export function fromBase64(http: HttpClient, value: unknown, field: string): Uint8Array {
  if (typeof value !== 'string' || !value) throw http.error('BACKEND_BAD_RESPONSE', `Expected a base64 image in ${field} but received ${value === undefined ? 'nothing' : typeof value}`);
  const b64 = value.replace(/^data:[^,]*,/, '');
  if (!/^[A-Za-z0-9+/=\s_-]+$/.test(b64)) throw http.error('BACKEND_BAD_RESPONSE', `Expected a base64 image in ${field} but received text that is not base64`);
  return new Uint8Array(Buffer.from(b64, 'base64'));
}

/** Runs `cancel` (a provider's cancel endpoint) once when `signal` aborts; returns a function that detaches it. */
export function onAbort(signal: AbortSignal | undefined, cancel: () => Promise<unknown>): () => void {
  if (!signal) return () => {};
  const handler = () => void cancel().catch(() => undefined);
  signal.addEventListener('abort', handler, { once: true });
  return () => signal.removeEventListener('abort', handler);
}
