import { readFile } from 'node:fs/promises';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { iou } from '../image/matte.js';
import { resizePlane } from '../image/resize.js';
import { ASTRONAUT_OUTLINE, rasterizePolygon } from '../test-support/astronaut-mask.js';
import { createIsnetSegmenter } from './isnet-segmenter.js';
import { loadIsnetModel } from './model-files.js';
import { declaredInputShape, withInputSize } from './onnx-input-size.js';

describe('ISNet at another input size', () => {
  it('re-declares the input only, and keeps every weight byte', async () => {
    const model = await loadIsnetModel('medium');
    expect(declaredInputShape(model)).toEqual([1, 3, 1024, 1024]);
    const resized = withInputSize(model, 640);
    expect(declaredInputShape(resized)).toEqual([1, 3, 640, 640]);
    expect(declaredInputShape(model)).toEqual([1, 3, 1024, 1024]); // the original is not touched
    // Only shape declarations are dropped (value_info, a few kB); the weights make up the rest.
    expect(resized.length).toBeLessThan(model.length);
    expect(resized.length).toBeGreaterThan(model.length - 100_000);
    expect(() => withInputSize(model, 20)).toThrow(RangeError);
  });

  it('rejects sizes the network cannot take, with INVALID_ARGUMENT', async () => {
    await expect(createIsnetSegmenter({ inputSize: 700 })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await expect(createIsnetSegmenter({ inputSize: 4096 })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
  });

  it('segments the astronaut at 768² about as well as at the native size (IoU ≥ 0.9 against a hand-drawn mask)', async () => {
    const seg = await createIsnetSegmenter({ inputSize: 768 });
    try {
      expect(seg.inputSize).toBe(768);
      const { data } = await sharp(await readFile(new URL('../../examples/astronaut.png', import.meta.url))).resize(768, 768).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
      const matte = await seg.segment({ data: new Uint8Array(data), width: 768, height: 768 });
      expect([matte.width, matte.height]).toEqual([768, 768]);
      const truth = rasterizePolygon(ASTRONAUT_OUTLINE, 256, 256);
      expect(iou(resizePlane(matte, 256, 256), truth)).toBeGreaterThanOrEqual(0.9);
      await expect(seg.segment({ data: new Uint8Array(1024 * 1024 * 4), width: 1024, height: 1024 })).rejects.toThrow(RangeError);
    } finally {
      await seg.dispose();
    }
  });
});
