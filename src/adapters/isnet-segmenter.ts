import * as ort from 'onnxruntime-node';
import sharp from 'sharp';
import { invalidArgument, ScenicError } from '../errors.js';
import type { Plane, RgbaImage } from '../image/types.js';
import { toIsnetTensor, type Segmenter } from '../subject/segmenter.js';
import { loadIsnetModel, type IsnetVariant } from './model-files.js';
import { withInputSize } from './onnx-input-size.js';

export interface IsnetOptions {
  variant?: IsnetVariant;
  /** Intra-op threads. Default 2 (this machine's cores); more does not help on 2 cores. */
  threads?: number;
  /**
   * Side of the square the network sees, a multiple of 32 from 256 to 2048. Default 1024 (what ISNet was
   * exported at and what the peer uses). ISNet is fully convolutional, so a smaller input costs in proportion
   * to its pixels: 768² takes about 56 % of 1024²'s time. The editor's default is DEFAULT_SEGMENT_SIZE (768²,
   * see README "Cut-outs").
   */
  inputSize?: number;
}

/**
 * The photo as the segmentation network sees it: stretched to `size`² with a (triangle-)linear kernel, which
 * libvips widens when shrinking, so a 12 MP photo is still antialiased. Linear rather than Lanczos because ISNet
 * was trained on bilinearly resized images and the peer feeds it bilinear too: on the tuning half of
 * coco-salient, linear input gave boundary F +0.012 over Lanczos at 768² (README "Cut-outs").
 *
 * @example const square = await isnetInput(photo, 768);
 */
export async function isnetInput(image: RgbaImage, size: number): Promise<RgbaImage> {
  const data = await sharp(image.data, { raw: { width: image.width, height: image.height, channels: 4 } })
    .resize(size, size, { fit: 'fill', kernel: 'linear' })
    .raw()
    .toBuffer();
  return { data: new Uint8Array(data.buffer, data.byteOffset, data.length), width: size, height: size };
}

/** The size the model file declares. */
export const ISNET_NATIVE_SIZE = 1024;

/**
 * ISNet salient-object segmentation on onnxruntime-node: graph optimisation `all`, only the `output`
 * tensor fetched (the graph has 11 side outputs we do not need). Load once, reuse, dispose.
 */
export async function createIsnetSegmenter(options: IsnetOptions = {}): Promise<Segmenter> {
  const variant = options.variant ?? 'medium';
  const INPUT_SIZE = options.inputSize ?? ISNET_NATIVE_SIZE;
  if (!Number.isInteger(INPUT_SIZE) || INPUT_SIZE % 32 !== 0 || INPUT_SIZE < 256 || INPUT_SIZE > 2048) {
    throw invalidArgument('segment size', 'a multiple of 32 from 256 to 2048', INPUT_SIZE);
  }
  const packaged = await loadIsnetModel(variant);
  // The packaged file (checked against its sha256) declares 1024²; other sizes re-declare the input only.
  const model = INPUT_SIZE === ISNET_NATIVE_SIZE ? packaged : withInputSize(packaged, INPUT_SIZE);
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
