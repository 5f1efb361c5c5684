import type { Backend } from '../types.js';
import { renderScene } from './render.js';

/** The built-in backend: draws the scene plan procedurally, seeded, in pure TypeScript. */
export function createProceduralBackend(): Backend {
  return {
    name: 'procedural',
    description: 'Built-in prompt-driven scene renderer',
    capabilities: { inpainting: false, relighting: false, seed: true, negativePrompt: false, maxPixels: 4096 * 4096, sizeMultiple: 1 },
    async generate(request, options = {}) {
      if (options.signal?.aborted) throw options.signal.reason;
      const scene = renderScene(request.plan, request.width, request.height, request.seed);
      options.onProgress?.(1);
      return { ...scene, digitalSourceType: 'compositeSynthetic', backend: 'procedural' };
    },
  };
}
