/** Compiles src/image/simd/pixels.wat; the module's bytes as base64. */
export function compilePixelsWat(): Promise<string>;
