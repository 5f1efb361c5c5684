import type { RgbaImage } from '../../image/types.js';
import { parsePrompt } from '../../scene/plan.js';
import type { Preset } from '../../scene/presets.js';
import { renderScene } from './render.js';

/**
 * A preset's thumbnail: its prompt rendered small (default 108×192, a 9:16 story at a tenth) with a seed
 * fixed per preset, so the same preset always shows the same picture. Pure; callers encode it.
 *
 * @example const png = await encodeImage(presetThumbnail(PRESETS[0]), { format: 'png' })
 */
export function presetThumbnail(preset: Preset, width = 108, height = 192): RgbaImage {
  return renderScene(parsePrompt(preset.prompt), width, height, seedFor(preset.id)).image;
}

/** A stable seed from the preset id (FNV-1a), so thumbnails do not change when the catalogue is reordered. */
function seedFor(id: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) {
    h ^= id.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}
