import { PIXELS_WASM_BASE64 } from './pixels-wasm.js';

// The project's type libraries leave WebAssembly out (no DOM lib): the little used here.
interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
declare const WebAssembly: {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object) => { exports: unknown };
};

/**
 * The SIMD pixel kernels of pixels.wat, with views of the memory they work in. One instance per thread
 * (module scope), made on first use; null where WebAssembly SIMD is missing, and callers then use their
 * TypeScript loops. Rows are copied in and out: a row is a few kilobytes, so the copies stay in cache and
 * cost a fraction of the kernel.
 */
export interface PixelKernels {
  /** `add_luma(pxPtr, deltaPtr, n)`: see pixels.wat. */
  addLuma(px: number, delta: number, n: number): void;
  segDeltas(seg: number, nseg: number, chip: number, mask: number, step: number, out: number): void;
  cellStats(px: number, n: number, step: number, columns: number, sum: number, sumSq: number, count: number): void;
  blendRows(a: number, b: number, out: number, n: number): void;
  widen2x(v: number, noise: number, out: number, sw: number): void;
  /** `luma_laplacian(px, out, w, h)`: see pixels.wat. */
  lumaLaplacian(px: number, out: number, w: number, h: number): void;
  /** `subject_row(…)`: one row of compose's subject pass, see pixels.wat. Returns how many pixels it left. */
  subjectRow(layer: number, canvas: number, n: number, tables: number, grain: number, phase: number, tile: number, lap: number, sharpen: number, noise: number, top: number, bottom: number, wy: number, strength: number, edge: number, slow: number): number;
  /** `widen_row(plane, out, n, i0, i1, w)` and `dof_blend(canvas, n, mix, trb, tg, brb, bg, wy)`: the depth-of-field pass, see pixels.wat. */
  widenRow(plane: number, out: number, n: number, i0: number, i1: number, w: number): void;
  dofBlend(canvas: number, n: number, mix: number, trb: number, tg: number, brb: number, bg: number, wy: number): void;
  /** `box_blur(p, width, x0, y0, x1, y1, r, passes, line, copy, sums)`: blur.ts `boxBlur` of one plane, see pixels.wat. */
  boxBlur(p: number, width: number, x0: number, y0: number, x1: number, y1: number, r: number, passes: number, line: number, copy: number, sums: number): void;
  /** `subject_soft(…)`: the exact path for the pixels `subject_row` left, see pixels.wat. */
  subjectSoft(layer: number, canvas: number, tables: number, noise: number, edge: number, slow: number, count: number, s2l: number, toSrgb: number, linSrgb: number, steps: number, ti0: number, ti1: number, tw: number, light: number, stride: number, top: number, bottom: number, wy: number): void;
  /** `downsample_linear(px, width, height, factor, step, s2l, r, g, b)`: blur.ts `downsampleLinear` of a band of rows, see pixels.wat. */
  downsampleLinear(px: number, width: number, height: number, factor: number, step: number, s2l: number, r: number, g: number, b: number): void;
  /** `pack_srgb(pr, pg, pb, n, table, rb, g)` and `dof_mix(depth, cols, n, scale, offset, out)`: the depth of field's packing and weights, see pixels.wat. */
  packSrgb(pr: number, pg: number, pb: number, n: number, table: number, rb: number, g: number): void;
  dofMix(depth: number, cols: number, n: number, scale: number, offset: number, out: number): number;
  /** `box_mean(src, tmp, out, width, height, r, inv, sums)`: box-filter.ts `boxMean`, see pixels.wat. */
  boxMean(src: number, tmp: number, out: number, width: number, height: number, r: number, inv: number, sums: number): void;
  /** Byte views of the kernel memory, at least `bytes` long (grows it when needed, which renews the views). */
  memory(bytes: number): { u8: Uint8Array; i16: Int16Array; i32: Int32Array; u32: Uint32Array; f32: Float32Array; f64: Float64Array };
}

/** Each kernel's export in pixels.wat / compose.wat. */
const EXPORTS: Record<Exclude<keyof PixelKernels, 'memory'>, string> = {
  addLuma: 'add_luma',
  segDeltas: 'seg_deltas',
  cellStats: 'cell_stats',
  blendRows: 'blend_rows',
  widen2x: 'widen2x',
  lumaLaplacian: 'luma_laplacian',
  subjectRow: 'subject_row',
  subjectSoft: 'subject_soft',
  widenRow: 'widen_row',
  dofBlend: 'dof_blend',
  packSrgb: 'pack_srgb',
  dofMix: 'dof_mix',
  boxBlur: 'box_blur',
  downsampleLinear: 'downsample_linear',
  boxMean: 'box_mean',
};

let kernels: PixelKernels | null | undefined;

/** `n` rounded up to a multiple of 16: where the next region of kernel memory may start. */
export function align16(n: number): number {
  return (n + 15) & ~15;
}

/**
 * Offsets for regions of kernel memory of the given byte sizes, laid out in order, each 16-byte aligned, and
 * where they end. Example: `const at = kernelRegions({ row: 4 * n, out: 4 * n }); k.memory(at.end)`.
 */
export function kernelRegions<K extends string>(sizes: Record<K, number>): Record<K, number> & { end: number } {
  let end = 0;
  const at = {} as Record<K, number>;
  for (const key of Object.keys(sizes) as K[]) {
    at[key] = end;
    end = align16(end + sizes[key]);
  }
  return { ...at, end };
}

/** The kernels, or null when this runtime cannot run them. */
export function pixelKernels(): PixelKernels | null {
  if (kernels !== undefined) return kernels;
  kernels = null;
  try {
    const bytes = Uint8Array.from(atob(PIXELS_WASM_BASE64), (c) => c.charCodeAt(0));
    const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes));
    const exports = instance.exports as { memory: WasmMemory } & Record<string, unknown>;
    const viewsOf = (buffer: ArrayBuffer) => ({ u8: new Uint8Array(buffer), i16: new Int16Array(buffer), i32: new Int32Array(buffer), u32: new Uint32Array(buffer), f32: new Float32Array(buffer), f64: new Float64Array(buffer) });
    let views = viewsOf(exports.memory.buffer);
    const functions = Object.fromEntries(
      Object.entries(EXPORTS).map(([name, exported]) => {
        if (typeof exports[exported] !== 'function') throw new Error(`pixels.wasm lacks ${exported}`);
        return [name, exports[exported]];
      }),
    ) as Omit<PixelKernels, 'memory'>;
    kernels = {
      ...functions,
      memory(bytes) {
        const have = exports.memory.buffer.byteLength;
        if (have < bytes) exports.memory.grow(Math.ceil((bytes - have) / 65536));
        if (views.u8.buffer !== exports.memory.buffer) views = viewsOf(exports.memory.buffer);
        return views;
      },
    };
  } catch {
    // No WebAssembly, or no SIMD in it: the TypeScript loops serve.
  }
  return kernels;
}

/** For tests: run the TypeScript loops even where the kernels exist (true), or go back to the kernels. */
export function preferTypeScript(on: boolean): void {
  kernels = on ? null : undefined;
}
