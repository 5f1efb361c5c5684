import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { ScenicError } from '../errors.js';
import type { RgbaImage } from '../image/types.js';
import type { FinishJob, FinishedStory } from './finish-story.js';

/**
 * Worker threads that run the pixel work of edits ({@link FinishJob}: procedural background, compose, badge,
 * watermark, encoding) off the main thread. Node runs JavaScript on one core; a server doing that work in-process
 * serialises every edit on it while the other cores idle. With a pool, N edits draw at once and the main
 * thread stays free for HTTP, SQLite and encoding hand-offs.
 *
 * @example
 * const pool = createRenderPool(2);
 * const { data } = await pool.run({ ...job, output: { format: 'jpeg' } });
 * await pool.close();
 */
export interface RenderPool {
  readonly size: number;
  run(job: FinishJob, signal?: AbortSignal): Promise<FinishedStory>;
  /** Tells every thread to drop the subject layers it keeps for layer keys starting with `prefix`. */
  forget(prefix: string): void;
  /** Stops the threads; queued and running jobs fail with DISPOSED. */
  close(): Promise<void>;
}

interface Pending {
  id: number;
  job: FinishJob;
  resolve: (outcome: FinishedStory) => void;
  reject: (error: Error) => void;
  signal?: AbortSignal;
}

interface Slot {
  worker: Worker;
  busy: Pending | null;
}

/**
 * The compiled worker next to this module; under vitest (which runs the .ts sources) the built copy in
 * dist/, which `npm test` builds first.
 */
function workerUrl(): URL {
  const here = new URL('./render-worker.js', import.meta.url);
  if (existsSync(fileURLToPath(here))) return here;
  return new URL('../../dist/editor/render-worker.js', import.meta.url);
}

export function createRenderPool(size: number): RenderPool {
  if (!Number.isInteger(size) || size < 1) throw new RangeError(`createRenderPool: expected a thread count ≥ 1, got ${size}`);
  const url = workerUrl();
  const waiting: Pending[] = [];
  const slots: Slot[] = [];
  let nextId = 1;
  let closed = false;

  function spawn(): Slot {
    const slot: Slot = { worker: new Worker(url), busy: null };
    slot.worker.on('message', (message: { id: number; outcome?: FinishedStory; error?: { code: string; message: string } }) => {
      const task = slot.busy;
      if (!task || task.id !== message.id) return;
      slot.busy = null;
      if (message.outcome) task.resolve(message.outcome);
      else task.reject(new ScenicError(message.error!.code as never, message.error!.message));
      pump();
    });
    // A thread that dies (out of memory, a native crash) fails its job and is replaced.
    const lost = (reason: string) => {
      const task = slot.busy;
      slot.busy = null;
      const i = slots.indexOf(slot);
      if (i >= 0) slots.splice(i, 1);
      task?.reject(new ScenicError(closed ? 'DISPOSED' : 'INTERNAL', `A render thread stopped (${reason}) during the edit`));
      if (!closed) {
        slots.push(spawn());
        pump();
      }
    };
    slot.worker.on('error', (error) => lost(error.message));
    slot.worker.on('exit', (code) => lost(`exit code ${code}`));
    return slot;
  }

  function pump(): void {
    for (const slot of slots) {
      if (slot.busy) continue;
      let task = waiting.shift();
      while (task?.signal?.aborted) {
        task.reject(new ScenicError('CANCELLED', 'The edit was cancelled'));
        task = waiting.shift();
      }
      if (!task) return;
      slot.busy = task;
      slot.worker.postMessage({ id: task.id, job: task.job });
    }
  }

  for (let i = 0; i < size; i++) slots.push(spawn());

  return {
    size,
    run(job, signal) {
      if (closed) return Promise.reject(new ScenicError('DISPOSED', 'The render pool was used after close()'));
      return new Promise((resolve, reject) => {
        waiting.push({ id: nextId++, job, resolve, reject, signal });
        pump();
      });
    },
    forget(prefix) {
      for (const slot of slots) slot.worker.postMessage({ forget: prefix });
    },
    async close() {
      if (closed) return;
      closed = true;
      for (const task of waiting.splice(0)) task.reject(new ScenicError('DISPOSED', 'The render pool was closed'));
      await Promise.all(slots.map((s) => s.worker.terminate()));
    },
  };
}

/**
 * A copy of the image in shared memory: posting it to a render thread then shares the pixels instead of
 * copying them, which matters for a cached subject layer sent with every re-prompt.
 */
export function sharedImage(image: RgbaImage): RgbaImage {
  const data = new Uint8Array(new SharedArrayBuffer(image.data.length));
  data.set(image.data);
  return { data, width: image.width, height: image.height };
}
