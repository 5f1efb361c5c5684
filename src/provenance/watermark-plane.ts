import { resizePlane } from '../image/resize.js';
import type { Plane, RgbaImage } from '../image/types.js';

/** The watermark detector's work plane: luma resampled to a fixed width, then whitened. */

/**
 * Luma resampled to the work plane. Downscaling (the usual case) box-averages straight from the RGBA
 * bytes in one pass; enlarging goes through a full luma plane and bilinear resampling.
 */
export function workLuma(image: RgbaImage, width: number, height: number): Plane {
  if (image.width < width * 1.5 || image.height < height * 1.5) return resizePlane(lumaPlane(image), width, height);
  const { data } = image;
  const sum = new Float32Array(width * height);
  const count = new Float32Array(width * height);
  const column = new Int32Array(image.width);
  for (let x = 0; x < image.width; x++) column[x] = Math.min(width - 1, Math.floor((x * width) / image.width));
  for (let y = 0; y < image.height; y++) {
    const row = Math.min(height - 1, Math.floor((y * height) / image.height)) * width;
    let p = y * image.width * 4;
    for (let x = 0; x < image.width; x++, p += 4) {
      const t = row + column[x];
      sum[t] += 0.299 * data[p] + 0.587 * data[p + 1] + 0.114 * data[p + 2];
      count[t]++;
    }
  }
  for (let i = 0; i < sum.length; i++) sum[i] /= count[i];
  return { data: sum, width, height };
}

function lumaPlane(image: RgbaImage): Plane {
  const { width, height, data } = image;
  const out = new Float32Array(width * height);
  for (let i = 0, p = 0; i < out.length; i++, p += 4) out[i] = 0.299 * data[p] + 0.587 * data[p + 1] + 0.114 * data[p + 2];
  return { data: out, width, height };
}

/** Local deviation (work-plane levels) above which a pixel's weight falls off as 1/deviation. */
const CALM_DEVIATION = 6;

/**
 * The plane with the picture suppressed: each pixel minus the mean of its four neighbours one cell away,
 * divided by the local deviation (5×5) and weighted by its expected signal-to-noise, clipped to ±3.
 * The detector's pilot reference goes through the same neighbour filter (see watermark-detect.ts).
 */
export function whiten(plane: Plane): Plane {
  const { width, height, data } = plane;
  // Each pixel is predicted from the four pixels one cell away (2 work pixels): the pattern there is an
  // independent chip, so the prediction holds the picture but none of this cell's chip.
  const residual = new Float32Array(data.length);
  for (let y = 0; y < height; y++) {
    const o = y * width;
    const up = Math.max(0, y - 2) * width;
    const down = Math.min(height - 1, y + 2) * width;
    for (let x = 0; x < width; x++) {
      const left = x >= 2 ? x - 2 : 0;
      const right = x + 2 < width ? x + 2 : width - 1;
      residual[o + x] = data[o + x] - 0.25 * (data[o + left] + data[o + right] + data[up + x] + data[down + x]);
    }
  }
  const square = new Float32Array(residual.length);
  for (let i = 0; i < square.length; i++) square[i] = residual[i] * residual[i];
  const energy = boxMean(square, width, height, 2);
  for (let i = 0; i < residual.length; i++) {
    // Dividing by the local deviation gives every pixel the same noise; multiplying again by
    // min(1, CALM / deviation) weights each by its expected signal-to-noise (maximal-ratio combining):
    // the embedder's amplitude stops growing with contrast, so busy pixels carry relatively less.
    const deviation = Math.sqrt(energy[i] + 0.25);
    const v = (residual[i] / deviation) * (deviation > CALM_DEVIATION ? CALM_DEVIATION / deviation : 1);
    residual[i] = v > 3 ? 3 : v < -3 ? -3 : v;
  }
  return { data: residual, width, height };
}

/**
 * The simpler suppression: local mean (5×5) removed, divided by the local deviation (5×5), clipped to ±3.
 * Weaker than `whiten` on photos but stronger on fine random texture (gravel, sand), where predicting a
 * pixel from four single neighbours adds more noise than it removes; the detector tries it second.
 */
export function whitenLocalMean(plane: Plane): Plane {
  const { width, height } = plane;
  const mean = boxMean(plane.data, width, height, 2);
  const residual = new Float32Array(plane.data.length);
  for (let i = 0; i < residual.length; i++) residual[i] = plane.data[i] - mean[i];
  const square = new Float32Array(residual.length);
  for (let i = 0; i < square.length; i++) square[i] = residual[i] * residual[i];
  const energy = boxMean(square, width, height, 2);
  for (let i = 0; i < residual.length; i++) {
    const v = residual[i] / Math.sqrt(energy[i] + 0.25);
    residual[i] = v > 3 ? 3 : v < -3 ? -3 : v;
  }
  return { data: residual, width, height };
}

/** Box mean with a (2r+1)² window, shrunk at the borders; separable running sums. */
function boxMean(src: Float32Array, width: number, height: number, r: number): Float32Array {
  const tmp = new Float32Array(src.length);
  for (let y = 0; y < height; y++) {
    const o = y * width;
    let acc = 0;
    for (let x = 0; x < Math.min(r, width); x++) acc += src[o + x];
    for (let x = 0; x < width; x++) {
      if (x + r < width) acc += src[o + x + r];
      if (x - r - 1 >= 0) acc -= src[o + x - r - 1];
      tmp[o + x] = acc / (Math.min(width - 1, x + r) - Math.max(0, x - r) + 1);
    }
  }
  const out = new Float32Array(src.length);
  for (let x = 0; x < width; x++) {
    let acc = 0;
    for (let y = 0; y < Math.min(r, height); y++) acc += tmp[y * width + x];
    for (let y = 0; y < height; y++) {
      if (y + r < height) acc += tmp[(y + r) * width + x];
      if (y - r - 1 >= 0) acc -= tmp[(y - r - 1) * width + x];
      out[y * width + x] = acc / (Math.min(height - 1, y + r) - Math.max(0, y - r) + 1);
    }
  }
  return out;
}
