import { parentPort } from 'node:worker_threads';
import { isScenicError } from '../errors.js';
import { parsePrompt } from '../scene/plan.js';
import { finishStory, type FinishJob } from './finish-story.js';
import { forgetLayers, renderStory } from './render-story.js';

/**
 * A render thread of {@link createRenderPool}: takes `{id, job}`, answers `{id, outcome}` with the encoded
 * story (its pixels never leave the thread), or `{id, error: {code, message}}`; `{forget: prefix}` drops
 * the subject layers it kept for those keys.
 */
parentPort!.on('message', async ({ id, job, forget }: { id: number; job: FinishJob; forget?: string }) => {
  if (forget !== undefined) {
    forgetLayers(forget);
    return;
  }
  try {
    const outcome = await finishStory(job);
    parentPort!.postMessage({ id, outcome });
  } catch (error) {
    const code = isScenicError(error) ? error.code : 'INTERNAL';
    const message = error instanceof Error ? error.message : String(error);
    parentPort!.postMessage({ id, error: { code, message } });
  }
});

/**
 * A new thread runs its code unoptimised until the JIT has seen it work: the first few stories take 1.5–4×
 * as long. A few tiny stories at start-up, with every effect on, move that cost out of the first edits.
 */
async function warmUp(): Promise<void> {
  const w = 120;
  const layer = { data: new Uint8Array(40 * 60 * 4), width: 40, height: 60 };
  for (let i = 0; i < layer.data.length; i += 4) layer.data.set([180, 120, 90, (i / 4) % 40 > 3 && (i / 4) % 40 < 36 ? 255 : 128], i);
  const placement = { source: { x: 0, y: 0, width: 40, height: 60 }, target: { x: 40, y: 153, width: 40, height: 60 }, scale: 1, cut: { top: false, bottom: true, left: false, right: false } };
  for (const [i, prompt] of ['sunset over the ocean', 'night sky full of stars', 'soft pastel gradient'].entries()) {
    await renderStory({ plan: parsePrompt(prompt), width: w, height: 213, seed: i, layer, placement, compose: {}, badge: false, watermark: new Uint8Array(8).fill(i) });
  }
  // Loads the codec on this thread too.
  await finishStory({ plan: parsePrompt('blue sky'), width: w, height: 213, seed: 3, layer, placement, compose: {}, badge: false, output: { format: 'jpeg', thumbnailWidth: 40 } });
}
void warmUp().catch(() => {});
