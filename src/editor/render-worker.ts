import { parentPort } from 'node:worker_threads';
import { isScenicError } from '../errors.js';
import { renderStory, type StoryJob } from './render-story.js';

/**
 * A render thread of {@link createRenderPool}: takes `{id, job}`, answers `{id, outcome}` with the story's
 * pixels transferred (not copied), or `{id, error: {code, message}}`.
 */
parentPort!.on('message', async ({ id, job }: { id: number; job: StoryJob }) => {
  try {
    const outcome = await renderStory(job);
    const buffer = outcome.story.data.buffer;
    parentPort!.postMessage({ id, outcome }, buffer instanceof ArrayBuffer ? [buffer] : []);
  } catch (error) {
    const code = isScenicError(error) ? error.code : 'INTERNAL';
    const message = error instanceof Error ? error.message : String(error);
    parentPort!.postMessage({ id, error: { code, message } });
  }
});
