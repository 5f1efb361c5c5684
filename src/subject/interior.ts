import type { Plane } from '../image/types.js';

/**
 * Makes the inside of the subject opaque: matte pixels that are ≥ 0.5 and more than `depth` pixels from any
 * pixel below 0.5 become 1. ISNet was trained on binary masks, so a value between 0 and 1 deep inside a
 * subject is the network being unsure (a steel toilet, a fridge door, a llama's shaggy neck), not
 * transparency; left alone it shows the new scene through the subject. The edge band — hair, fur, soft
 * outlines within `depth` of the 0.5 contour — and every hole below 0.5 are untouched, so IoU and boundary
 * F (threshold 0.5) cannot change; on the evaluation sets only the soft matte's error drops (README
 * "Cut-outs"). `depth` defaults to 1 % of the matte's longer side (8 px at 768²). Returns a new plane.
 *
 * @example solidInterior(fillSmallHoles(modelMatte))
 */
export function solidInterior(matte: Plane, depth = 0.01 * Math.max(matte.width, matte.height)): Plane {
  const { data, width, height } = matte;
  const distance = chamferDistance(data, width, height);
  const out = new Float32Array(data);
  for (let i = 0; i < out.length; i++) if (distance[i] > depth) out[i] = 1;
  return { data: out, width, height };
}

/**
 * Distance from each pixel with matte ≥ 0.5 to the nearest pixel below 0.5, by the two-pass 3×3 chamfer
 * (steps 1 and √2: within 8 % of the Euclidean distance, 5× faster than the exact transform here). The
 * frame's border is not background: a subject filling the frame is deep everywhere.
 */
function chamferDistance(data: Float32Array, width: number, height: number): Float32Array {
  const far = width + height;
  const d = new Float32Array(data.length);
  for (let i = 0; i < d.length; i++) d[i] = data[i] < 0.5 ? 0 : far;
  for (let y = 0; y < height; y++) {
    for (let x = 0, i = y * width; x < width; x++, i++) {
      let v = d[i];
      if (v === 0) continue;
      if (x > 0 && d[i - 1] + 1 < v) v = d[i - 1] + 1;
      if (y > 0) {
        const up = i - width;
        if (d[up] + 1 < v) v = d[up] + 1;
        if (x > 0 && d[up - 1] + Math.SQRT2 < v) v = d[up - 1] + Math.SQRT2;
        if (x < width - 1 && d[up + 1] + Math.SQRT2 < v) v = d[up + 1] + Math.SQRT2;
      }
      d[i] = v;
    }
  }
  for (let y = height - 1; y >= 0; y--) {
    for (let x = width - 1, i = y * width + x; x >= 0; x--, i--) {
      let v = d[i];
      if (v === 0) continue;
      if (x < width - 1 && d[i + 1] + 1 < v) v = d[i + 1] + 1;
      if (y < height - 1) {
        const down = i + width;
        if (d[down] + 1 < v) v = d[down] + 1;
        if (x < width - 1 && d[down + 1] + Math.SQRT2 < v) v = d[down + 1] + Math.SQRT2;
        if (x > 0 && d[down - 1] + Math.SQRT2 < v) v = d[down - 1] + Math.SQRT2;
      }
      d[i] = v;
    }
  }
  return d;
}
