import { describe, expect, it } from 'vitest';
import { parsePrompt } from '../scene/plan.js';
import { createBackend, listBackends } from './registry.js';

describe('backend registry', () => {
  it('has the procedural backend by default', () => {
    expect(listBackends().map((b) => b.name)).toContain('procedural');
  });

  it('fails with UNKNOWN_BACKEND listing the known names', () => {
    expect(() => createBackend('dall-e-9')).toThrowError(expect.objectContaining({ code: 'UNKNOWN_BACKEND', message: expect.stringMatching(/Expected one of .*procedural.* for backend but received "dall-e-9"/) }));
  });

  it('draws a seeded, labelled background of the requested size', async () => {
    const backend = createBackend('procedural');
    const plan = parsePrompt('sunset over the ocean');
    const a = await backend.generate({ plan, width: 36, height: 64, seed: 7 });
    const b = await backend.generate({ plan, width: 36, height: 64, seed: 7 });
    expect([a.image.width, a.image.height]).toEqual([36, 64]);
    expect(a.digitalSourceType).toBe('compositeSynthetic');
    expect(Buffer.from(a.image.data).equals(Buffer.from(b.image.data))).toBe(true);
  });
});
