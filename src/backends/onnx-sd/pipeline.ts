import * as ort from 'onnxruntime-node';
import { ScenicError } from '../../errors.js';
import { createRgba, type Plane, type RgbaImage } from '../../image/types.js';
import { resizePlane } from '../../image/resize.js';
import { floatTensor, readFloats } from './half.js';
import type { SdModel } from './model-folder.js';
import { eulerStep, gaussian, makeSchedule, scaleInput } from './scheduler.js';

export interface SdRequest {
  prompt: string;
  negativePrompt: string;
  /** Multiples of 8 (the VAE's factor); the UNet may need multiples of 64. */
  width: number;
  height: number;
  seed: number;
  steps: number;
  /** Classifier-free guidance scale; ≤ 1 means one UNet pass per step and no negative prompt. */
  guidance: number;
  /** For inpainting models: the starting image (opaque) and the area to regenerate (1 = new). */
  image?: RgbaImage;
  mask?: Plane;
  signal?: AbortSignal;
  onStep?: (step: number, steps: number) => void;
}

type Feeds = Record<string, ort.Tensor>;

/**
 * Runs Stable Diffusion on onnxruntime: text encoder(s), an Euler or Euler-ancestral loop over the UNet
 * (ε-prediction), optional classifier-free guidance, 9-channel inpainting when the UNet asks for it, then the
 * VAE decoder. Seeded; cancellable between steps; reports each step.
 *
 * @example const image = await runStableDiffusion(model, { prompt: 'a beach at sunset', negativePrompt: '', width: 512, height: 512, seed: 1, steps: 1, guidance: 0 })
 */
export async function runStableDiffusion(model: SdModel, req: SdRequest): Promise<RgbaImage> {
  if (req.width % 8 || req.height % 8) throw new RangeError(`Expected multiples of 8 for the size but received ${req.width}x${req.height}`);
  const h = req.height / 8;
  const w = req.width / 8;
  const latentSize = 4 * h * w;
  const cfg = req.guidance > 1;
  const cond = await encodeText(model, req.prompt);
  const uncond = cfg ? await encodeText(model, req.negativePrompt) : undefined;
  checkAbort(req.signal);

  let extra: Float32Array | undefined;
  if (model.kind === 'inpaint') {
    if (!req.image || !req.mask) throw new TypeError('Expected an image and a mask for an inpainting model');
    extra = await inpaintChannels(model, req.image, req.mask, w, h);
  }

  const schedule = makeSchedule(model.scheduler, req.steps);
  const x = gaussian(latentSize, req.seed);
  for (let i = 0; i < x.length; i++) x[i] *= schedule.initNoiseSigma;
  for (let s = 0; s < req.steps; s++) {
    checkAbort(req.signal);
    const sigma = schedule.sigmas[s];
    const scaled = scaleInput(x, sigma);
    const input = extra ? concatChannels(scaled, extra) : scaled;
    const channels = extra ? 9 : 4;
    const eps = await unetPass(model, input, channels, h, w, schedule.timesteps[s], cond, req);
    if (uncond) {
      const epsU = await unetPass(model, input, channels, h, w, schedule.timesteps[s], uncond, req);
      for (let i = 0; i < eps.length; i++) eps[i] = epsU[i] + req.guidance * (eps[i] - epsU[i]);
    }
    // Ancestral noise is seeded per step so results do not depend on how many steps ran before.
    const noise = model.scheduler.ancestral && s < req.steps - 1 ? gaussian(latentSize, (req.seed + 7919 * (s + 1)) >>> 0) : undefined;
    eulerStep(x, eps, sigma, schedule.sigmas[s + 1], noise);
    req.onStep?.(s + 1, req.steps);
  }
  checkAbort(req.signal);
  for (let i = 0; i < x.length; i++) x[i] /= model.scalingFactor;
  const decoderInput = model.vaeDecoder.inputNames[0];
  const decoded = await model.vaeDecoder.run({ [decoderInput]: floatTensor(model.vaeDecoder, decoderInput, x, [1, 4, h, w]) });
  const out = decoded.sample ?? decoded[model.vaeDecoder.outputNames[0]];
  return toRgba(readFloats(out), req.width, req.height);
}

/** Text encoder outputs as float32 with their dims (re-typed per UNet input, which may be float16). */
interface Floats {
  data: Float32Array;
  dims: readonly number[];
}

interface TextCondition {
  hidden: Floats;
  pooled?: Floats;
}

function floats(t: ort.Tensor): Floats {
  return { data: readFloats(t), dims: t.dims };
}

async function encodeText(model: SdModel, text: string): Promise<TextCondition> {
  const run = async (session: ort.InferenceSession, ids: number[]) => {
    const name = session.inputNames.includes('input_ids') ? 'input_ids' : session.inputNames[0];
    const meta = session.inputMetadata.find((m) => m.name === name);
    // Exports differ: int32 in most SD/Turbo exports, int64 in others (and SDXL's second encoder).
    const tensor = meta?.isTensor && meta.type === 'int64' ? new ort.Tensor('int64', BigInt64Array.from(ids.map(BigInt)), [1, ids.length]) : new ort.Tensor('int32', Int32Array.from(ids), [1, ids.length]);
    return session.run({ [name]: tensor });
  };
  if (!model.sdxl) {
    const out = await run(model.textEncoder, model.tokenizer.encode(text));
    return { hidden: floats(out.last_hidden_state ?? out[model.textEncoder.outputNames[0]]) };
  }
  // SDXL: penultimate hidden states of both encoders, concatenated on the last axis; pooled from the second.
  const a = await run(model.textEncoder, model.tokenizer.encode(text));
  const b = await run(model.textEncoder2!, (model.tokenizer2 ?? model.tokenizer).encode(text));
  const h1 = a['hidden_states.11'] ?? a.last_hidden_state ?? a[model.textEncoder.outputNames[0]];
  const h2 = b['hidden_states.31'] ?? b.last_hidden_state ?? b[model.textEncoder2!.outputNames[0]];
  const pooled = b.text_embeds ?? b.pooler_output;
  if (!pooled) throw new ScenicError('BACKEND_CONFIG', 'Expected text_embeds from text_encoder_2 of an SDXL export but it has none');
  return { hidden: concatLast(floats(h1), floats(h2)), pooled: floats(pooled) };
}

function concatLast(a: Floats, b: Floats): Floats {
  const [n, seq, da] = a.dims;
  const db = b.dims[2];
  const out = new Float32Array(n * seq * (da + db));
  const A = a.data;
  const B = b.data;
  for (let r = 0; r < n * seq; r++) {
    out.set(A.subarray(r * da, (r + 1) * da), r * (da + db));
    out.set(B.subarray(r * db, (r + 1) * db), r * (da + db) + da);
  }
  return { data: out, dims: [n, seq, da + db] };
}

async function unetPass(model: SdModel, input: Float32Array, channels: number, h: number, w: number, t: number, text: TextCondition, req: SdRequest): Promise<Float32Array> {
  const feeds: Feeds = {};
  for (const meta of model.unet.inputMetadata) {
    const name = meta.name;
    const type = meta.isTensor ? meta.type : 'float32';
    if (name === 'sample') feeds[name] = floatTensor(model.unet, name, input, [1, channels, h, w]);
    else if (name === 'timestep') {
      // int64 [1] in some exports, float32 in others, a scalar in Optimum's: follow the model.
      const dims = meta.isTensor && meta.shape.length === 0 ? [] : [1];
      feeds[name] = type === 'int64' ? new ort.Tensor('int64', BigInt64Array.from([BigInt(t)]), dims) : floatTensor(model.unet, name, Float32Array.from([t]), dims);
    } else if (name === 'encoder_hidden_states') feeds[name] = floatTensor(model.unet, name, text.hidden.data, text.hidden.dims);
    else if (name === 'text_embeds') feeds[name] = floatTensor(model.unet, name, text.pooled!.data, text.pooled!.dims);
    else if (name === 'time_ids') feeds[name] = floatTensor(model.unet, name, Float32Array.from([req.height, req.width, 0, 0, req.height, req.width]), [1, 6]);
    else if (name === 'timestep_cond' || name === 'return_dict') continue;
    else throw new ScenicError('BACKEND_CONFIG', `Expected UNet inputs sample, timestep, encoder_hidden_states (and text_embeds, time_ids for SDXL) but the export also needs ${name}`);
  }
  const out = await model.unet.run(feeds);
  const eps = out.out_sample ?? out[model.unet.outputNames[0]];
  if (eps.data.length !== 4 * h * w) throw new ScenicError('BACKEND_FAILED', `onnx-sd: Expected a UNet output of 4x${h}x${w} but received ${eps.dims.join('x')}`);
  return Float32Array.from(readFloats(eps));
}

/** Mask at latent size (1 = regenerate) and the VAE latents of the image with the regenerate area blanked. */
async function inpaintChannels(model: SdModel, image: RgbaImage, mask: Plane, w: number, h: number): Promise<Float32Array> {
  const W = image.width;
  const H = image.height;
  const pixels = new Float32Array(3 * W * H);
  for (let i = 0; i < W * H; i++) {
    // diffusers: masked_image = image * (mask < 0.5), in [-1, 1].
    const keep = mask.data[i] < 0.5 ? 1 : 0;
    for (let c = 0; c < 3; c++) pixels[c * W * H + i] = keep * (image.data[i * 4 + c] / 127.5 - 1);
  }
  const encoder = model.vaeEncoder!;
  const outputs = await encoder.run({ [encoder.inputNames[0]]: floatTensor(encoder, encoder.inputNames[0], pixels, [1, 3, H, W]) });
  const latent = outputs.latent_parameters ?? outputs.latent_sample ?? outputs[encoder.outputNames[0]];
  // Optimum exports give [mean, logvar] (8 channels): the mean is the deterministic latent.
  const data = readFloats(latent).subarray(0, 4 * h * w);
  const small = resizePlane(mask, w, h);
  const out = new Float32Array(5 * h * w);
  out.set(small.data.map((v) => (v >= 0.5 ? 1 : 0)), 0);
  for (let i = 0; i < 4 * h * w; i++) out[h * w + i] = data[i] * model.scalingFactor;
  return out;
}

/** Batch 1, NCHW: joining on the channel axis is appending planes. */
function concatChannels(a: Float32Array, b: Float32Array): Float32Array {
  const out = new Float32Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}

function toRgba(chw: Float32Array, width: number, height: number): RgbaImage {
  const img = createRgba(width, height);
  const n = width * height;
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < 3; c++) img.data[i * 4 + c] = Math.round(Math.min(1, Math.max(0, chw[c * n + i] / 2 + 0.5)) * 255);
    img.data[i * 4 + 3] = 255;
  }
  return img;
}

function checkAbort(signal?: AbortSignal): void {
  if (signal?.aborted) throw new ScenicError('CANCELLED', 'onnx-sd: the edit was cancelled');
}
