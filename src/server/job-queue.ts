import { ScenicError } from '../errors.js';

/**
 * A small in-process queue: at most `concurrency` tasks run at once, at most `maxLength` wait. Submitting
 * to a full queue fails with QUEUE_FULL at once rather than letting memory grow without bound.
 *
 * @example
 * const queue = createJobQueue({ concurrency: 2, maxLength: 100 });
 * queue.submit(async () => { ... });
 */
export interface JobQueue {
  /** Queues a task; throws QUEUE_FULL when `maxLength` tasks already wait. */
  submit(task: () => Promise<void>): void;
  readonly waiting: number;
  readonly running: number;
  /** Resolves when nothing waits or runs. */
  idle(): Promise<void>;
}

export interface JobQueueOptions {
  concurrency: number;
  maxLength: number;
}

export function createJobQueue(options: JobQueueOptions): JobQueue {
  const waiting: Array<() => Promise<void>> = [];
  let running = 0;
  let idleWaiters: Array<() => void> = [];

  function pump(): void {
    while (running < options.concurrency && waiting.length > 0) {
      const task = waiting.shift()!;
      running++;
      // Tasks record their own failures; the queue only has to keep going.
      task()
        .catch(() => {})
        .finally(() => {
          running--;
          pump();
        });
    }
    if (running === 0 && waiting.length === 0) {
      const waiters = idleWaiters;
      idleWaiters = [];
      for (const w of waiters) w();
    }
  }

  return {
    submit(task) {
      if (waiting.length >= options.maxLength) {
        throw new ScenicError('QUEUE_FULL', `Expected at most ${options.maxLength} edits waiting but the queue is full; retry in a moment`);
      }
      waiting.push(task);
      pump();
    },
    get waiting() {
      return waiting.length;
    },
    get running() {
      return running;
    },
    idle() {
      if (running === 0 && waiting.length === 0) return Promise.resolve();
      return new Promise((resolve) => idleWaiters.push(resolve));
    },
  };
}
