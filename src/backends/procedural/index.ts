import type { Backend, BackgroundRequest, BackgroundResult } from '../types.js';
import { renderScene, type SceneBuffers } from './render.js';

export { sceneBuffers, type SceneBuffers } from './render.js';

/** The built-in engine's picture for a request, labelled as it is; `buffers` are reused when they fit. */
export function drawProcedural(request: Pick<BackgroundRequest, 'plan' | 'width' | 'height' | 'seed'>, buffers?: SceneBuffers): BackgroundResult {
  const scene = renderScene(request.plan, request.width, request.height, request.seed, buffers);
  return { ...scene, digitalSourceType: 'compositeSynthetic', backend: 'procedural' };
}

/** The built-in backend: draws the scene plan procedurally, seeded, in pure TypeScript. */
export function createProceduralBackend(): Backend {
  return {
    name: 'procedural',
    description: 'Built-in prompt-driven scene renderer',
    capabilities: { inpainting: false, relighting: false, seed: true, negativePrompt: false, maxPixels: 4096 * 4096, sizeMultiple: 1 },
    async generate(request, options = {}) {
      if (options.signal?.aborted) throw options.signal.reason;
      const scene = drawProcedural(request);
      options.onProgress?.(1);
      return scene;
    },
  };
}
