import * as ort from 'onnxruntime-node';
import { ScenicError } from '../errors.js';
import type { Plane, RgbaImage } from '../image/types.js';
import { toIsnetTensor, type Segmenter } from '../subject/segmenter.js';
import { loadIsnetModel, type IsnetVariant } from './model-files.js';

export interface IsnetOptions {
  variant?: IsnetVariant;
  /** Intra-op threads. Default 2 (this machine's cores); more does not help on 2 cores. */
  threads?: number;
}

const INPUT_SIZE = 1024;

/**
 * ISNet salient-object segmentation on onnxruntime-node: graph optimisation `all`, only the `output`
 * tensor fetched (the graph has 11 side outputs we do not need). Load once, reuse, dispose.
 */
export async function createIsnetSegmenter(options: IsnetOptions = {}): Promise<Segmenter> {
  const variant = options.variant ?? 'medium';
  const model = await loadIsnetModel(variant);
  let session: ort.InferenceSession | null;
  try {
    session = await ort.InferenceSession.create(model, {
      executionProviders: ['cpu'],
      graphOptimizationLevel: 'all',
      intraOpNumThreads: options.threads ?? 2,
      interOpNumThreads: 1,
      enableCpuMemArena: true,
    });
  } catch (error) {
    throw new ScenicError('MODEL_CORRUPT', `Expected a loadable ONNX model but onnxruntime refused it (${String(error)})`, { cause: error });
  }
  const inputName = session.inputNames[0];
  const outputName = session.outputNames.includes('output') ? 'output' : session.outputNames[0];
  // Runs are serialised: one ONNX session already uses every core, and parallel runs only add memory.
  let queue: Promise<unknown> = Promise.resolve();

  async function run(square: RgbaImage): Promise<Plane> {
    if (!session) throw new ScenicError('DISPOSED', 'The segmenter was used after dispose()');
    if (square.width !== INPUT_SIZE || square.height !== INPUT_SIZE) {
      throw new RangeError(`segment: expected a ${INPUT_SIZE}×${INPUT_SIZE} image, got ${square.width}×${square.height}`);
    }
    const input = new ort.Tensor('float32', toIsnetTensor(square), [1, 3, INPUT_SIZE, INPUT_SIZE]);
    const result = await session.run({ [inputName]: input }, [outputName]);
    const tensor = result[outputName];
    const raw = tensor.data as Float32Array;
    const data = new Float32Array(raw.length);
    // The graph ends in a sigmoid already; clamp away fp16 rounding just outside 0..1.
    for (let i = 0; i < raw.length; i++) data[i] = raw[i] < 0 ? 0 : raw[i] > 1 ? 1 : raw[i];
    tensor.dispose();
    input.dispose();
    return { data, width: INPUT_SIZE, height: INPUT_SIZE };
  }

  return {
    name: `isnet-${variant}`,
    inputSize: INPUT_SIZE,
    segment(square) {
      const next = queue.then(() => run(square));
      queue = next.catch(() => undefined);
      return next;
    },
    async dispose() {
      const s = session;
      session = null;
      await s?.release();
    },
  };
}
