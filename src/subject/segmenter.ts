import type { Plane, RgbaImage } from '../image/types.js';

/**
 * A salient-object segmentation model behind a small interface, so the pure subject code does not know
 * about ONNX. `segment` takes the photo already resized to `inputSize`² and returns a matte of that size.
 */
export interface Segmenter {
  readonly name: string;
  readonly inputSize: number;
  segment(square: RgbaImage): Promise<Plane>;
  dispose(): Promise<void>;
}

/**
 * The side of the square the editor's ISNet sees by default. ISNet was exported at 1024² (and the peer runs it
 * there); a smaller input costs in proportion to its pixels. 768² was chosen from `scenic eval subject
 * --segment-size 1024,896,768,640 --peer` (README "Cut-outs"): about 0.56× the network time of 1024², and on
 * GrabCut (all 50) better IoU and boundary F than 1024² and than the peer; 640² lost to the peer there.
 */
export const DEFAULT_SEGMENT_SIZE = 768;

/**
 * ISNet pre-processing as `@imgly/background-removal-node` does it: (v − 128) / 256 per RGB channel, NCHW.
 * Transparent pixels are flattened onto mid-grey first so that invisible colour does not look like a subject.
 */
export function toIsnetTensor(square: RgbaImage): Float32Array {
  const n = square.width * square.height;
  const out = new Float32Array(3 * n);
  const d = square.data;
  for (let i = 0; i < n; i++) {
    const a = d[i * 4 + 3] / 255;
    out[i] = (d[i * 4] * a + 128 * (1 - a) - 128) / 256;
    out[n + i] = (d[i * 4 + 1] * a + 128 * (1 - a) - 128) / 256;
    out[2 * n + i] = (d[i * 4 + 2] * a + 128 * (1 - a) - 128) / 256;
  }
  return out;
}
