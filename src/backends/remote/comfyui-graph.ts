/** What the inpainting graph needs besides the uploaded files. */
export interface GraphSettings {
  checkpoint: string;
  steps: number;
  cfg: number;
  sampler: string;
  scheduler: string;
}

export interface GraphInputs extends GraphSettings {
  /** Uploaded names as /upload/image returned them ("subfolder/name" when there is a subfolder). */
  image: string;
  mask: string;
  prompt: string;
  negativePrompt: string;
  seed: number;
}

type Node = { class_type: string; inputs: Record<string, unknown> };

/**
 * The API-format ("Save (API)") background inpainting graph of docs/backends.md §2: an inpainting checkpoint,
 * the photo and a white-means-regenerate mask (LoadImageMask, red channel), InpaintModelConditioning, KSampler
 * at full denoise, VAEDecode, then the original pasted back through the inverted mask (node 10) and SaveImage.
 * Links are [source node id, output index].
 *
 * @example inpaintGraph({ checkpoint: 'sd-v1-5-inpainting.safetensors', steps: 25, cfg: 7, sampler: 'euler', scheduler: 'normal', image: 'a.png', mask: 'm.png', prompt: 'beach', negativePrompt: 'people', seed: 1 })
 */
export function inpaintGraph(g: GraphInputs): Record<string, Node> {
  return {
    '1': { class_type: 'CheckpointLoaderSimple', inputs: { ckpt_name: g.checkpoint } },
    '2': { class_type: 'LoadImage', inputs: { image: g.image } },
    '3': { class_type: 'LoadImageMask', inputs: { image: g.mask, channel: 'red' } },
    '4': { class_type: 'CLIPTextEncode', inputs: { text: g.prompt, clip: ['1', 1] } },
    '5': { class_type: 'CLIPTextEncode', inputs: { text: g.negativePrompt, clip: ['1', 1] } },
    '6': { class_type: 'InpaintModelConditioning', inputs: { positive: ['4', 0], negative: ['5', 0], vae: ['1', 2], pixels: ['2', 0], mask: ['3', 0] } },
    '7': {
      class_type: 'KSampler',
      // ComfyUI seeds are unsigned 64-bit; scenic's are 32-bit, which fit.
      inputs: { model: ['1', 0], positive: ['6', 0], negative: ['6', 1], latent_image: ['6', 2], seed: g.seed, steps: g.steps, cfg: g.cfg, sampler_name: g.sampler, scheduler: g.scheduler, denoise: 1 },
    },
    '8': { class_type: 'VAEDecode', inputs: { samples: ['7', 0], vae: ['1', 2] } },
    '9': { class_type: 'InvertMask', inputs: { mask: ['3', 0] } },
    '10': { class_type: 'ImageCompositeMasked', inputs: { destination: ['8', 0], source: ['2', 0], x: 0, y: 0, resize_source: false, mask: ['9', 0] } },
    '11': { class_type: 'SaveImage', inputs: { images: ['10', 0], filename_prefix: 'scenic-bg' } },
  };
}
