import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import * as ort from 'onnxruntime-node';
import { ScenicError } from '../../errors.js';
import { schedulerFromJson, TURBO_SCHEDULER, type SchedulerConfig } from './scheduler.js';
import { createClipTokenizer, type ClipTokenizer } from './tokenizer.js';

/**
 * A diffusers-style ONNX export folder on disk (docs/backends.md §1.1), opened into onnxruntime sessions.
 * Input/output names, dtypes and channel counts are read from the sessions, never assumed from one export.
 * Nothing is ever downloaded: a missing file is a BACKEND_CONFIG error naming it.
 */
export interface SdModel {
  dir: string;
  /** 'inpaint' when the UNet takes 9 channels (latents + mask + masked-image latents). */
  kind: 'text-to-image' | 'inpaint';
  sdxl: boolean;
  tokenizer: ClipTokenizer;
  tokenizer2?: ClipTokenizer;
  textEncoder: ort.InferenceSession;
  textEncoder2?: ort.InferenceSession;
  unet: ort.InferenceSession;
  vaeDecoder: ort.InferenceSession;
  vaeEncoder?: ort.InferenceSession;
  scheduler: SchedulerConfig;
  /** VAE latent scaling: 0.18215 for SD 1/2/Turbo, 0.13025 for SDXL, or the export's own vae config. */
  scalingFactor: number;
  unetChannels: number;
  dispose(): Promise<void>;
}

export interface LoadOptions {
  /** CPU threads per session (default 2). */
  threads?: number;
  /** onnxruntime execution providers, e.g. ['cuda', 'cpu'] (default ['cpu']). */
  providers?: string[];
}

const REQUIRED = ['text_encoder/model.onnx', 'unet/model.onnx', 'vae_decoder/model.onnx', 'tokenizer/vocab.json', 'tokenizer/merges.txt'];

/**
 * Opens an export folder.
 *
 * @example const model = await loadSdModel('/models/sd-turbo-onnx'); … await model.dispose();
 */
export async function loadSdModel(dir: string, options: LoadOptions = {}): Promise<SdModel> {
  for (const file of REQUIRED) {
    if (!existsSync(path.join(dir, file))) {
      throw new ScenicError('BACKEND_CONFIG', `Expected a diffusers-style ONNX export in --model-dir (${REQUIRED.join(', ')}) but ${path.join(dir, file)} is missing`);
    }
  }
  const sessionOptions: ort.InferenceSession.SessionOptions = {
    intraOpNumThreads: options.threads ?? 2,
    interOpNumThreads: 1,
    graphOptimizationLevel: 'all',
    executionProviders: (options.providers ?? ['cpu']) as ort.InferenceSession.ExecutionProviderConfig[],
  };
  const open = async (file: string) => {
    try {
      // onnxruntime-node resolves model.onnx.data (external weights > 2 GB) from the same folder itself.
      return await ort.InferenceSession.create(path.join(dir, file), sessionOptions);
    } catch (e) {
      throw new ScenicError('BACKEND_CONFIG', `Expected a loadable ONNX model at ${path.join(dir, file)} but onnxruntime refused it: ${String((e as Error).message ?? e).split('\n')[0].slice(0, 200)}`, { cause: e });
    }
  };
  const optional = (file: string) => (existsSync(path.join(dir, file)) ? open(file) : Promise.resolve(undefined));
  const [tokenizer, tokenizer2, schedulerJson, vaeJson] = await Promise.all([
    readTokenizer(path.join(dir, 'tokenizer')),
    existsSync(path.join(dir, 'tokenizer_2/vocab.json')) ? readTokenizer(path.join(dir, 'tokenizer_2')) : undefined,
    readJson(path.join(dir, 'scheduler/scheduler_config.json')),
    readJson(path.join(dir, 'vae_decoder/config.json')),
  ]);
  const sessions: ort.InferenceSession[] = [];
  try {
    const textEncoder = await open('text_encoder/model.onnx');
    sessions.push(textEncoder);
    const textEncoder2 = await optional('text_encoder_2/model.onnx');
    if (textEncoder2) sessions.push(textEncoder2);
    const unet = await open('unet/model.onnx');
    sessions.push(unet);
    const vaeDecoder = await open('vae_decoder/model.onnx');
    sessions.push(vaeDecoder);
    const vaeEncoder = await optional('vae_encoder/model.onnx');
    if (vaeEncoder) sessions.push(vaeEncoder);
    const sdxl = unet.inputNames.includes('text_embeds') && unet.inputNames.includes('time_ids');
    if (sdxl && !textEncoder2) throw new ScenicError('BACKEND_CONFIG', `Expected text_encoder_2/model.onnx for an SDXL UNet in ${dir} but it is missing`);
    const unetChannels = channelsOf(unet, 'sample') ?? 4;
    const kind = unetChannels === 9 ? 'inpaint' : 'text-to-image';
    if (kind === 'inpaint' && !vaeEncoder) throw new ScenicError('BACKEND_CONFIG', `Expected vae_encoder/model.onnx for an inpainting UNet in ${dir} but it is missing`);
    const scheduler = schedulerJson ? schedulerFromJson(schedulerJson) : TURBO_SCHEDULER;
    const scalingFactor = typeof vaeJson?.scaling_factor === 'number' ? vaeJson.scaling_factor : sdxl ? 0.13025 : 0.18215;
    return {
      dir, kind, sdxl, tokenizer, tokenizer2: tokenizer2 ?? undefined, textEncoder, textEncoder2, unet, vaeDecoder, vaeEncoder, scheduler, scalingFactor, unetChannels,
      async dispose() {
        await Promise.all(sessions.map((s) => s.release()));
      },
    };
  } catch (e) {
    await Promise.all(sessions.map((s) => s.release().catch(() => undefined)));
    throw e;
  }
}

/** The channel count (dim 1) of an NCHW input, when the export fixes it. */
function channelsOf(session: ort.InferenceSession, name: string): number | undefined {
  const meta = session.inputMetadata.find((m) => m.name === name);
  const dim = meta?.isTensor ? meta.shape[1] : undefined;
  return typeof dim === 'number' ? dim : undefined;
}

async function readJson(file: string): Promise<Record<string, unknown> | undefined> {
  if (!existsSync(file)) return undefined;
  try {
    return JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
  } catch (e) {
    throw new ScenicError('BACKEND_CONFIG', `Expected valid JSON in ${file} but it does not parse`, { cause: e });
  }
}

async function readTokenizer(dir: string): Promise<ClipTokenizer> {
  const [vocab, merges, config, special] = await Promise.all([
    readJson(path.join(dir, 'vocab.json')),
    readFile(path.join(dir, 'merges.txt'), 'utf8'),
    readJson(path.join(dir, 'tokenizer_config.json')),
    readJson(path.join(dir, 'special_tokens_map.json')),
  ]);
  try {
    return createClipTokenizer({ vocab: vocab as Record<string, number>, merges, config: { ...special, ...config } });
  } catch (e) {
    throw new ScenicError('BACKEND_CONFIG', `Expected a CLIP tokenizer in ${dir} but ${(e as Error).message}`, { cause: e });
  }
}
