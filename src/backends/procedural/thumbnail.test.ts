import { describe, expect, it } from 'vitest';
import { PRESETS } from '../../scene/presets.js';
import { visiblyDifferent } from './image-stats.js';
import { presetThumbnail } from './thumbnail.js';

describe('presetThumbnail', () => {
  it('renders every preset small, the same way every time', () => {
    const first = PRESETS.map((p) => presetThumbnail(p, 36, 64));
    for (const t of first) expect([t.width, t.height]).toEqual([36, 64]);
    expect(Buffer.from(presetThumbnail(PRESETS[0], 36, 64).data).equals(Buffer.from(first[0].data))).toBe(true);
    // Presets look different from one another (a catalogue of copies would be useless).
    for (let k = 1; k < first.length; k++) expect(visiblyDifferent(first[k - 1], first[k])).toBe(true);
  });

  it('defaults to a 108×192 story thumbnail', () => {
    const t = presetThumbnail(PRESETS[0]);
    expect([t.width, t.height]).toEqual([108, 192]);
  });
});
