import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import sharp from 'sharp';
import type { Plane } from '../image/types.js';

/**
 * The peer we measure against: `removeBackground()` of `@imgly/background-removal-node` with its ISNet
 * 'medium' model (the same network family scenic uses), called the way its README shows — photo Blob in,
 * PNG Blob out. Its alpha channel is the peer's matte.
 */
export async function createPeer(): Promise<{ matte(photo: Uint8Array): Promise<Plane> }> {
  const require = createRequire(import.meta.url);
  const dist = path.dirname(require.resolve('@imgly/background-removal-node'));
  const publicPath = `${pathToFileURL(dist).href}/`;
  const { removeBackground } = await import('@imgly/background-removal-node');
  return {
    async matte(photo) {
      const meta = await sharp(photo).metadata();
      const blob = await removeBackground(new Blob([photo as Uint8Array<ArrayBuffer>], { type: `image/${meta.format === 'jpeg' ? 'jpeg' : meta.format}` }), { publicPath, model: 'medium' });
      const png = new Uint8Array(await blob.arrayBuffer());
      const { data, info } = await sharp(png).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
      const out = new Float32Array(info.width * info.height);
      for (let i = 0; i < out.length; i++) out[i] = data[i * info.channels + 3] / 255;
      return { data: out, width: info.width, height: info.height };
    },
  };
}
