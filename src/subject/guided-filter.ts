import type { Plane, Rect, RgbaImage } from '../image/types.js';
import { bilinearTaps } from '../image/resize.js';
import { boxMean } from './box-filter.js';

/**
 * Colour guided filter (He, Sun & Tang), used as the *fast* guided filter for upsampling: the linear model
 * q = a·I + b is fitted at the model's resolution, where the matte is, and then evaluated on the photo at
 * full resolution, so the matte's edges follow the photo's real edges instead of a blurry scaled mask.
 */
export interface GuidedCoefficients {
  /** Size of the coefficient grid: the matte's size divided by `scale`. */
  width: number;
  height: number;
  /** Matte pixels per coefficient pixel. */
  scale: number;
  /** Per-pixel linear model (box-averaged): q = ar·R + ag·G + ab·B + b with colours in 0..1. */
  ar: Float32Array;
  ag: Float32Array;
  ab: Float32Array;
  b: Float32Array;
  /** 1 where the model is not flat (the boundary band); elsewhere q is the constant `b` (0 or 1). */
  band: Uint8Array;
}

export interface GuidedOptions {
  /** Window radius at the model's resolution. Default 4 (≈ 16 px on a 12 MP photo). */
  radius?: number;
  /** Regularisation: larger keeps the matte smoother where the photo has weak edges. Default 1e-3. */
  eps?: number;
  /** Fit on a grid this many times coarser than the matte (the "fast" guided filter). Default 2. */
  subsample?: number;
}

/** Block-averages an RGBA image and a matte by an integer factor (the fit does not need every pixel). */
function shrink(guide: RgbaImage, matte: Plane, s: number): { guide: RgbaImage; matte: Plane } {
  if (s === 1) return { guide, matte };
  const w = Math.floor(matte.width / s);
  const h = Math.floor(matte.height / s);
  const g = new Uint8Array(w * h * 4);
  const m = new Float32Array(w * h);
  const area = s * s;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      let r = 0;
      let gg = 0;
      let b = 0;
      let p = 0;
      for (let dy = 0; dy < s; dy++) {
        for (let dx = 0; dx < s; dx++) {
          const i = (y * s + dy) * matte.width + x * s + dx;
          r += guide.data[i * 4];
          gg += guide.data[i * 4 + 1];
          b += guide.data[i * 4 + 2];
          p += matte.data[i];
        }
      }
      const o = y * w + x;
      g[o * 4] = Math.round(r / area);
      g[o * 4 + 1] = Math.round(gg / area);
      g[o * 4 + 2] = Math.round(b / area);
      g[o * 4 + 3] = 255;
      m[o] = p / area;
    }
  }
  return { guide: { data: g, width: w, height: h }, matte: { data: m, width: w, height: h } };
}

/**
 * Fits the guided filter's coefficients on `guide` (the photo as the model saw it) and `matte` (same size).
 *
 * @example const coeffs = guidedCoefficients(square, matte); const full = applyGuided(coeffs, photo);
 */
export function guidedCoefficients(fullGuide: RgbaImage, fullMatte: Plane, options: GuidedOptions = {}): GuidedCoefficients {
  if (fullGuide.width !== fullMatte.width || fullGuide.height !== fullMatte.height) {
    throw new RangeError(`guidedCoefficients: guide ${fullGuide.width}×${fullGuide.height} vs matte ${fullMatte.width}×${fullMatte.height}`);
  }
  const scale = Math.max(1, Math.min(options.subsample ?? 2, Math.floor(Math.min(fullMatte.width, fullMatte.height) / 8)));
  const { guide, matte } = shrink(fullGuide, fullMatte, scale);
  const { width, height } = matte;
  const r = Math.max(1, Math.round((options.radius ?? 4) / scale));
  const eps = options.eps ?? 1e-3;
  const n = width * height;
  const p = matte.data;
  const tmp = new Float32Array(n);
  const plane = () => new Float32Array(n);
  const R = plane();
  const G = plane();
  const B = plane();
  for (let i = 0; i < n; i++) {
    R[i] = guide.data[i * 4] / 255;
    G[i] = guide.data[i * 4 + 1] / 255;
    B[i] = guide.data[i * 4 + 2] / 255;
  }
  const mean = (src: Float32Array) => boxMean(src, width, height, r, plane(), tmp);
  const product = (x: Float32Array, y: Float32Array) => {
    const out = plane();
    for (let i = 0; i < n; i++) out[i] = x[i] * y[i];
    return mean(out);
  };
  // The band: wherever the matte is not constant within the support of the final coefficients (2r).
  const support = boxMean(p, width, height, 2 * r + 1, plane(), tmp);
  const band = new Uint8Array(n);
  for (let i = 0; i < n; i++) band[i] = support[i] > 1e-3 && support[i] < 1 - 1e-3 ? 1 : 0;

  const mR = mean(R);
  const mG = mean(G);
  const mB = mean(B);
  const mP = mean(p);
  const cR = product(R, p);
  const cG = product(G, p);
  const cB = product(B, p);
  const vRR = product(R, R);
  const vRG = product(R, G);
  const vRB = product(R, B);
  const vGG = product(G, G);
  const vGB = product(G, B);
  const vBB = product(B, B);
  const ar = R;
  const ag = G;
  const ab = B; // reuse: the colour planes are no longer needed after the products
  const bb = plane();
  for (let i = 0; i < n; i++) {
    const mp = mP[i];
    // Outside the band p is flat within r, so a = 0 and b = mean p exactly; skip the 3×3 solve.
    if (!band[i] || mp <= 1e-4 || mp >= 1 - 1e-4) {
      ar[i] = ag[i] = ab[i] = 0;
      bb[i] = mp;
      continue;
    }
    const mr = mR[i];
    const mg = mG[i];
    const mb = mB[i];
    const pr = cR[i] - mr * mp;
    const pg = cG[i] - mg * mp;
    const pb = cB[i] - mb * mp;
    const a11 = vRR[i] - mr * mr + eps;
    const a12 = vRG[i] - mr * mg;
    const a13 = vRB[i] - mr * mb;
    const a22 = vGG[i] - mg * mg + eps;
    const a23 = vGB[i] - mg * mb;
    const a33 = vBB[i] - mb * mb + eps;
    // Inverse of the symmetric 3×3 covariance by cofactors.
    const c11 = a22 * a33 - a23 * a23;
    const c12 = a13 * a23 - a12 * a33;
    const c13 = a12 * a23 - a13 * a22;
    const c22 = a11 * a33 - a13 * a13;
    const c23 = a12 * a13 - a11 * a23;
    const c33 = a11 * a22 - a12 * a12;
    const det = a11 * c11 + a12 * c12 + a13 * c13;
    const xr = (c11 * pr + c12 * pg + c13 * pb) / det;
    const xg = (c12 * pr + c22 * pg + c23 * pb) / det;
    const xb = (c13 * pr + c23 * pg + c33 * pb) / det;
    ar[i] = xr;
    ag[i] = xg;
    ab[i] = xb;
    bb[i] = mp - xr * mr - xg * mg - xb * mb;
  }
  return { width, height, scale, ar: mean(ar), ag: mean(ag), ab: mean(ab), b: mean(bb), band };
}

/**
 * Evaluates the guided filter on `guide`, the photo region `from` (in matte pixels; default all of it)
 * at the guide's size. The coefficients are sampled bilinearly; only pixels in the band do the arithmetic,
 * the rest are exactly 0 or 1. Cost is a fill per pixel plus a few multiplies a band pixel.
 */
export function applyGuided(coeffs: GuidedCoefficients, guide: RgbaImage, matteFrom?: Rect): Plane {
  const { width, height, data } = guide;
  const cw = coeffs.width;
  const ch = coeffs.height;
  const k = coeffs.scale;
  // A rectangle's edges in matte pixels, divided by the grid's scale, are its edges in coefficient pixels.
  const from = matteFrom ? { x: matteFrom.x / k, y: matteFrom.y / k, width: matteFrom.width / k, height: matteFrom.height / k } : { x: 0, y: 0, width: cw, height: ch };
  const out = new Float32Array(width * height);
  const sx = from.width / width;
  const sy = from.height / height;
  const { i0: x0s, i1: x1s, w: wxs } = bilinearTaps(width, cw, (x) => from.x + (x + 0.5) * sx - 0.5);
  const { ar, ag, ab, b, band } = coeffs;
  const inv = 1 / 255;
  const bandRow = new Uint8Array(cw);
  // Per output row, the coefficients blended vertically once per low-res column, so a band pixel costs four
  // horizontal lerps and a dot product instead of four full bilinear samples (about half the work at 12 MP).
  const vr = new Float32Array(cw);
  const vg = new Float32Array(cw);
  const vb = new Float32Array(cw);
  const v0 = new Float32Array(cw);
  for (let y = 0; y < height; y++) {
    let fy = from.y + (y + 0.5) * sy - 0.5;
    fy = fy < 0 ? 0 : fy > ch - 1 ? ch - 1 : fy;
    const y0 = Math.floor(fy);
    const r0 = y0 * cw;
    const r1 = Math.min(y0 + 1, ch - 1) * cw;
    const wy = fy - y0;
    const o = y * width;
    // One OR per low-res column for this row pair, so the per-pixel test is two lookups.
    let any = 0;
    for (let cx = 0; cx < cw; cx++) any |= bandRow[cx] = band[r0 + cx] | band[r1 + cx];
    if (any) {
      for (let cx = 0; cx < cw; cx++) {
        const i0 = r0 + cx;
        const i1 = r1 + cx;
        vr[cx] = ar[i0] + (ar[i1] - ar[i0]) * wy;
        vg[cx] = ag[i0] + (ag[i1] - ag[i0]) * wy;
        vb[cx] = ab[i0] + (ab[i1] - ab[i0]) * wy;
        v0[cx] = b[i0] + (b[i1] - b[i0]) * wy;
      }
    }
    for (let x = 0; x < width; x++) {
      const x0 = x0s[x];
      const x1 = x1s[x];
      if (!(bandRow[x0] | bandRow[x1])) {
        out[o + x] = b[r0 + x0] >= 0.5 ? 1 : 0;
        continue;
      }
      const wx = wxs[x];
      const j = (o + x) * 4;
      const q =
        (vr[x0] + (vr[x1] - vr[x0]) * wx) * data[j] * inv +
        (vg[x0] + (vg[x1] - vg[x0]) * wx) * data[j + 1] * inv +
        (vb[x0] + (vb[x1] - vb[x0]) * wx) * data[j + 2] * inv +
        (v0[x0] + (v0[x1] - v0[x0]) * wx);
      // Snap the filter's faint tails: a 1% veil over the background is noise, not hair, and costs later stages.
      out[o + x] = q < 0.01 ? 0 : q > 0.99 ? 1 : q;
    }
  }
  return { data: out, width, height };
}
