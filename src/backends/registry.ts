import { ScenicError } from '../errors.js';
import type { Backend, BackendConfig, BackendFactory } from './types.js';
import { createOnnxSdBackend } from './onnx-sd/index.js';
import { createProceduralBackend } from './procedural/index.js';
import { createA1111Backend } from './remote/a1111.js';
import { createComfyUiBackend } from './remote/comfyui.js';
import { createOpenAiBackend } from './remote/openai.js';
import { createReplicateBackend } from './remote/replicate.js';
import { createStabilityBackend } from './remote/stability.js';

interface Entry {
  factory: BackendFactory;
  description: string;
}

const registry = new Map<string, Entry>();

/** Makes a backend available by name (transformers.js-style registry). Re-registering replaces it. */
export function registerBackend(name: string, description: string, factory: BackendFactory): void {
  if (!/^[a-z][a-z0-9-]*$/.test(name)) throw new TypeError(`Backend names are lower-case words with dashes, got ${JSON.stringify(name)}`);
  registry.set(name, { factory, description });
}

export function listBackends(): Array<{ name: string; description: string }> {
  return [...registry].map(([name, e]) => ({ name, description: e.description }));
}

/** Creates the named backend, or fails with UNKNOWN_BACKEND listing the known names. */
export function createBackend(name: string, config: BackendConfig = {}): Backend {
  const entry = registry.get(name);
  if (!entry) {
    const known = [...registry.keys()].join(', ');
    throw new ScenicError('UNKNOWN_BACKEND', `Expected one of ${known} for backend but received ${JSON.stringify(name)}`);
  }
  return entry.factory(config);
}

registerBackend('procedural', 'Built-in prompt-driven scene renderer; needs nothing else.', () => createProceduralBackend());
registerBackend('onnx-sd', 'Local ONNX Stable Diffusion (--model-dir: a diffusers ONNX export of SD-Turbo, SDXL-Turbo or SD 1.5/2 inpainting).', createOnnxSdBackend);
registerBackend('comfyui', 'ComfyUI server you run (--backend-url or COMFYUI_URL, an inpainting checkpoint); inpaints around the subject.', createComfyUiBackend);
registerBackend('a1111', 'AUTOMATIC1111/Forge web UI started with --api (--backend-url or A1111_URL); img2img inpainting.', createA1111Backend);
registerBackend('openai', 'OpenAI image edits (OPENAI_API_KEY; gpt-image-1); mask-guided, fixed sizes.', createOpenAiBackend);
registerBackend('stability', 'Stability AI v2beta (STABILITY_API_KEY); inpaint, or replace-background-and-relight with mode=relight.', createStabilityBackend);
registerBackend('replicate', 'Replicate predictions (REPLICATE_API_TOKEN; default black-forest-labs/flux-fill-pro).', createReplicateBackend);
