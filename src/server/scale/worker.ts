import { UnrecoverableError, Worker, type Job } from 'bullmq';
import { createIsnetSegmenter } from '../../adapters/isnet-segmenter.js';
import type { BackendConfig } from '../../backends/types.js';
import { createEditor, type Editor } from '../../editor/editor.js';
import { isScenicError } from '../../errors.js';
import { parseRecipe } from '../../recipe/validate.js';
import { createFileStore, type Storage } from '../file-store.js';
import { executeEdit, type EditOutcome } from '../jobs.js';
import { createMatteCache, ISNET_MATTES } from '../matte-cache.js';
import type { EditTask } from './bullmq-queue.js';
import { connectionFor, parseQueueUrl, QUEUE_NAME } from './redis.js';

/**
 * Failures worth another try on another worker: the backend was down, slow or answered badly, or something
 * unexpected happened on this machine. Everything else (a bad recipe, a refused prompt, a wrong key) would
 * fail the same way again, so it fails at once.
 */
const RETRYABLE = new Set(['BACKEND_TIMEOUT', 'BACKEND_UNAVAILABLE', 'BACKEND_BAD_RESPONSE', 'BACKEND_FAILED', 'BACKEND_QUOTA', 'INTERNAL', 'STORAGE_UNAVAILABLE']);

export interface EditWorkerOptions {
  /** redis://host:port[/db][?prefix=name], the same as the API server's `--queue`. */
  queueUrl: string;
  /** The data folder the API server uses (shared: NFS, a bind mount…): photos, mattes and results live there. */
  dataDir: string;
  /** Files and mattes somewhere else than `dataDir` (`openStorage(--storage)`, e.g. S3: then no folder is shared). */
  storage?: Storage;
  /** Edits at once in this process (default 1: one edit keeps a core busy). */
  concurrency?: number;
  /** ONNX threads when a matte has to be computed here (default 1: a worker is sized to a core). */
  threads?: number;
  /** Per-backend settings, by backend name (URLs, keys, timeouts). */
  backends?: Record<string, BackendConfig>;
  /** How long a job's lock lives without renewal, in ms (default 30 000); a killed worker's edit is retried after it. */
  lockMs?: number;
  /** An editor to use instead of making one (tests). */
  editor?: Editor;
  /** Called with one line per edit started/finished (the CLI prints them). */
  log?: (line: string) => void;
}

export interface EditWorker {
  /** Finishes the edits in hand, then disconnects. */
  close(): Promise<void>;
  /** Edits completed by this process. */
  readonly completed: number;
}

/**
 * A queue-mode worker: takes edits from BullMQ, reads the photo (and the matte the API server stored at
 * upload) from the shared data folder, runs the editor, writes the images and thumbnails back there, and
 * returns their keys; the API server records them. Progress goes out as BullMQ job progress a few times a
 * second. The model is loaded only when a matte is missing.
 *
 * @example
 * const worker = await startEditWorker({ queueUrl: 'redis://127.0.0.1:6379', dataDir: '/mnt/scenic' });
 * process.on('SIGTERM', () => worker.close());
 */
export async function startEditWorker(options: EditWorkerOptions): Promise<EditWorker> {
  const connection = parseQueueUrl(options.queueUrl);
  const files = options.storage?.files ?? createFileStore(options.dataDir);
  const mattes = options.editor
    ? undefined
    : createMatteCache(options.dataDir, () => createIsnetSegmenter({ threads: options.threads ?? 1, inputSize: ISNET_MATTES.inputSize }), ISNET_MATTES, options.storage?.mattes);
  const editor = options.editor ?? createEditor({
    subjectCacheSize: 16,
    segmenter: mattes!.segmenter,
    backends: options.backends,
    threads: options.threads ?? 1,
    // Pixel work on threads, one per concurrent edit: the main thread stays free for Redis (job locks).
    renderThreads: options.concurrency ?? 1,
  });
  const log = options.log ?? (() => {});
  let completed = 0;

  const processor = async (job: Job<EditTask, EditOutcome>): Promise<EditOutcome> => {
    const { jobId, photoFile, photoHash } = job.data;
    log(`edit ${jobId} started (attempt ${job.attemptsMade + 1})`);
    let last = 0;
    try {
      // The recipe was checked by the API server; checking it again costs nothing and trusts Redis less.
      const recipe = parseRecipe(job.data.recipe);
      const outcome = await executeEdit({ files, editor }, { file: photoFile, hash: photoHash }, recipe, undefined, (progress, stage) => {
        const now = performance.now();
        if (now - last < 100 && progress < 1) return;
        last = now;
        void job.updateProgress({ progress, stage }).catch(() => {});
      });
      completed++;
      log(`edit ${jobId} done`);
      return outcome;
    } catch (error) {
      const body = isScenicError(error) ? error.toJSON() : { code: 'INTERNAL', message: error instanceof Error ? error.message : String(error) };
      log(`edit ${jobId} failed: ${body.code}: ${body.message}`);
      const reason = `${body.code}: ${body.message}`;
      throw RETRYABLE.has(body.code) ? new Error(reason) : new UnrecoverableError(reason);
    }
  };

  const lockMs = options.lockMs ?? 30_000;
  const worker = new Worker<EditTask, EditOutcome>(QUEUE_NAME, processor, {
    connection: connectionFor(connection),
    prefix: connection.prefix,
    concurrency: options.concurrency ?? 1,
    lockDuration: lockMs,
    // Any live worker looks for stalled jobs (their lock expired: the worker died) and puts them back.
    stalledInterval: Math.max(500, Math.round(lockMs / 2)),
    maxStalledCount: 2,
  });
  // Redis going away is expected; ioredis reconnects and the worker carries on.
  worker.on('error', () => {});
  await worker.waitUntilReady();

  return {
    get completed() {
      return completed;
    },
    async close() {
      await worker.close();
      if (!options.editor) await editor.dispose();
    },
  };
}
