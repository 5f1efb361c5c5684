import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createRandom } from '../../image/random.js';
import { withHalfIo, writeOnnx, type TinyModel } from './tiny-onnx.js';

/**
 * Writes tiny random-weight stand-ins of diffusers ONNX exports into a folder, with the same input/output names,
 * dtypes and symbolic dims as the real ones (docs/backends.md §1.2). For tests and the smoke bench only: the
 * images they draw are colour noise, but every tensor goes through the same code path as a real model.
 */
export interface TinyExportOptions {
  kind: 'turbo' | 'inpaint' | 'sdxl-turbo';
  /** Hidden size of the text encoder (real: 768/1024/2048); tiny by default. */
  hidden?: number;
  /** UNet = identity on the (scaled) sample, so the pipeline math can be checked by hand. */
  identityUnet?: boolean;
  /** float16 inputs and outputs, like fp16 GPU exports. */
  half?: boolean;
  seed?: number;
}

const f32 = 'float32' as const;

function weights(n: number, seed: number, scale: number): number[] {
  const r = createRandom(seed);
  return Array.from({ length: n }, () => (r() * 2 - 1) * scale);
}

function textEncoder(hidden: number, idType: 'int32' | 'int64', outputs: string[], seed: number): TinyModel {
  return {
    inputs: [{ name: 'input_ids', type: idType, shape: ['batch_size', 'sequence_length'] }],
    outputs: [
      ...outputs.map((name) => ({ name, type: f32, shape: ['batch_size', 'sequence_length', hidden] as Array<number | string> })),
      { name: 'text_embeds', type: f32, shape: ['batch_size', hidden] },
    ],
    initializers: [
      { name: 'shape', type: 'int64', dims: [3], values: [0, -1, 1] },
      { name: 'w', type: f32, dims: [hidden], values: weights(hidden, seed, 0.001) },
    ],
    nodes: [
      { op: 'Cast', inputs: ['input_ids'], outputs: ['ids_f'], attributes: { to: 1 } },
      { op: 'Reshape', inputs: ['ids_f', 'shape'], outputs: ['ids_3d'] },
      { op: 'Mul', inputs: ['ids_3d', 'w'], outputs: [outputs[0]] },
      ...outputs.slice(1).map((name) => ({ op: 'Identity', inputs: [outputs[0]], outputs: [name] })),
      { op: 'ReduceMean', inputs: [outputs[0]], outputs: ['text_embeds'], attributes: { axes: [1], keepdims: 0 } },
    ],
  };
}

function unet(channels: number, hidden: number, timestep: 'int64' | 'float32-scalar', sdxl: boolean, identity: boolean, seed: number): TinyModel {
  const w = identity ? Array.from({ length: 4 * channels }, (_, i) => (i % channels === Math.floor(i / channels) ? 1 : 0)) : weights(4 * channels, seed, 0.5);
  const extraScale = identity ? 0 : 0.01;
  return {
    inputs: [
      { name: 'sample', type: f32, shape: ['batch_size', channels, 'height', 'width'] },
      timestep === 'int64' ? { name: 'timestep', type: 'int64', shape: [1] } : { name: 'timestep', type: f32, shape: [] },
      { name: 'encoder_hidden_states', type: f32, shape: ['batch_size', 'sequence_length', hidden] },
      ...(sdxl ? [{ name: 'text_embeds', type: f32, shape: ['batch_size', 6] as Array<number | string> }, { name: 'time_ids', type: f32, shape: ['batch_size', 6] as Array<number | string> }] : []),
    ],
    outputs: [{ name: 'out_sample', type: f32, shape: ['batch_size', 4, 'height', 'width'] }],
    initializers: [
      { name: 'w', type: f32, dims: [4, channels, 1, 1], values: w },
      { name: 'k', type: f32, dims: [], values: [extraScale] },
      { name: 'shape4', type: 'int64', dims: [4], values: [-1, 1, 1, 1] },
    ],
    nodes: [
      { op: 'Conv', inputs: ['sample', 'w'], outputs: ['conv'] },
      // The text condition and the timestep nudge the output, so a wrong feed shows up as a changed image.
      { op: 'ReduceMean', inputs: ['encoder_hidden_states'], outputs: ['text_mean'], attributes: { axes: [1, 2], keepdims: 1 } },
      { op: 'Reshape', inputs: ['text_mean', 'shape4'], outputs: ['text_4d'] },
      { op: 'Cast', inputs: ['timestep'], outputs: ['t_f'], attributes: { to: 1 } },
      { op: 'Mul', inputs: ['t_f', 'k'], outputs: ['t_k'] },
      { op: 'Mul', inputs: ['text_4d', 'k'], outputs: ['text_k'] },
      { op: 'Add', inputs: ['conv', 'text_k'], outputs: ['a1'] },
      ...(sdxl
        ? [
            { op: 'ReduceMean', inputs: ['text_embeds'], outputs: ['te'], attributes: { axes: [1], keepdims: 1 } },
            { op: 'ReduceMean', inputs: ['time_ids'], outputs: ['ti'], attributes: { axes: [1], keepdims: 1 } },
            { op: 'Add', inputs: ['te', 'ti'], outputs: ['cond2'] },
            { op: 'Reshape', inputs: ['cond2', 'shape4'], outputs: ['cond2_4d'] },
            { op: 'Mul', inputs: ['cond2_4d', 'k'], outputs: ['cond2_k'] },
            { op: 'Add', inputs: ['a1', 'cond2_k'], outputs: ['a2'] },
            { op: 'Add', inputs: ['a2', 't_k'], outputs: ['out_sample'] },
          ]
        : [{ op: 'Add', inputs: ['a1', 't_k'], outputs: ['out_sample'] }]),
    ],
  };
}

function vaeDecoder(identity: boolean, seed: number): TinyModel {
  // ConvTranspose 8×8 stride 8: each latent pixel becomes an 8×8 block, like the real decoder's upsampling.
  const w = identity ? Array.from({ length: 4 * 3 * 64 }, (_, i) => (Math.floor(i / 192) === Math.floor((i % 192) / 64) ? 1 : 0)) : weights(4 * 3 * 64, seed, 0.3);
  return {
    inputs: [{ name: 'latent_sample', type: f32, shape: ['batch_size', 'num_channels_latent', 'height_latent', 'width_latent'] }],
    outputs: [{ name: 'sample', type: f32, shape: ['batch_size', 3, 'height', 'width'] }],
    initializers: [{ name: 'w', type: f32, dims: [4, 3, 8, 8], values: w }],
    nodes: [{ op: 'ConvTranspose', inputs: ['latent_sample', 'w'], outputs: ['sample'], attributes: { strides: [8, 8], kernel_shape: [8, 8] } }],
  };
}

function vaeEncoder(seed: number): TinyModel {
  return {
    inputs: [{ name: 'sample', type: f32, shape: ['batch_size', 3, 'height', 'width'] }],
    outputs: [{ name: 'latent_parameters', type: f32, shape: ['batch_size', 8, 'height_latent', 'width_latent'] }],
    initializers: [{ name: 'w', type: f32, dims: [8, 3, 8, 8], values: weights(8 * 3 * 64, seed, 0.02) }],
    nodes: [{ op: 'Conv', inputs: ['sample', 'w'], outputs: ['latent_parameters'], attributes: { strides: [8, 8], kernel_shape: [8, 8] } }],
  };
}

/** A minimal CLIP vocab: the letters, their word-final forms and the special tokens. */
function tokenizerFiles(padToken: string) {
  const vocab: Record<string, number> = { '!': 0 };
  let id = 1;
  for (const c of 'abcdefghijklmnopqrstuvwxyz,') {
    vocab[c] = id++;
    vocab[`${c}</w>`] = id++;
  }
  vocab['<|startoftext|>'] = 49406;
  vocab['<|endoftext|>'] = 49407;
  return { vocab, merges: '#version: 0.2\n', config: { pad_token: padToken, model_max_length: 77 } };
}

/**
 * Writes a complete tiny export folder.
 *
 * @example await writeTinyExport('/tmp/sd-tiny', { kind: 'turbo' })
 */
export async function writeTinyExport(dir: string, options: TinyExportOptions): Promise<void> {
  const seed = options.seed ?? 1;
  const sdxl = options.kind === 'sdxl-turbo';
  const hidden = options.hidden ?? 8;
  const files: Record<string, TinyModel> = {
    'text_encoder/model.onnx': textEncoder(sdxl ? 4 : hidden, 'int32', sdxl ? ['last_hidden_state', 'hidden_states.11'] : ['last_hidden_state'], seed),
    'unet/model.onnx': unet(options.kind === 'inpaint' ? 9 : 4, sdxl ? 10 : hidden, options.kind === 'inpaint' ? 'float32-scalar' : 'int64', sdxl, Boolean(options.identityUnet), seed + 1),
    'vae_decoder/model.onnx': vaeDecoder(Boolean(options.identityUnet), seed + 2),
    'vae_encoder/model.onnx': vaeEncoder(seed + 3),
  };
  if (sdxl) files['text_encoder_2/model.onnx'] = textEncoder(6, 'int64', ['last_hidden_state', 'hidden_states.31'], seed + 4);
  for (const [file, model] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, file)), { recursive: true });
    await writeFile(path.join(dir, file), writeOnnx(options.half ? withHalfIo(model) : model));
  }
  const tokenizers = sdxl ? ['tokenizer', 'tokenizer_2'] : ['tokenizer'];
  for (const t of tokenizers) {
    const tok = tokenizerFiles(options.kind === 'inpaint' ? '<|endoftext|>' : '!');
    await mkdir(path.join(dir, t), { recursive: true });
    await writeFile(path.join(dir, t, 'vocab.json'), JSON.stringify(tok.vocab));
    await writeFile(path.join(dir, t, 'merges.txt'), tok.merges);
    await writeFile(path.join(dir, t, 'tokenizer_config.json'), JSON.stringify(tok.config));
  }
  const scheduler =
    options.kind === 'inpaint'
      ? { _class_name: 'PNDMScheduler', beta_start: 0.00085, beta_end: 0.012, beta_schedule: 'scaled_linear', num_train_timesteps: 1000, steps_offset: 1 }
      : { _class_name: sdxl ? 'EulerAncestralDiscreteScheduler' : 'EulerDiscreteScheduler', beta_start: 0.00085, beta_end: 0.012, beta_schedule: 'scaled_linear', num_train_timesteps: 1000, timestep_spacing: 'trailing', prediction_type: 'epsilon' };
  await mkdir(path.join(dir, 'scheduler'), { recursive: true });
  await writeFile(path.join(dir, 'scheduler/scheduler_config.json'), JSON.stringify(scheduler));
  await writeFile(path.join(dir, 'model_index.json'), JSON.stringify({ _class_name: options.kind === 'inpaint' ? 'OnnxStableDiffusionInpaintPipeline' : 'OnnxStableDiffusionPipeline' }));
}
