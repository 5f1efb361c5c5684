import { Queue, QueueEvents, type JobsOptions } from 'bullmq';
import { ScenicError } from '../../errors.js';
import type { Recipe } from '../../recipe/schema.js';
import type { ServerContext } from '../context.js';
import { fileInUse } from '../db.js';
import { recordFailure, recordSuccess, type EditOutcome } from '../jobs.js';
import { connectionFor, parseQueueUrl, QUEUE_NAME, type QueueConnection } from './redis.js';

/** What a worker needs to run one edit: the files are on the shared data folder, found by key. */
export interface EditTask {
  jobId: string;
  photoFile: string;
  photoHash: string;
  recipe: Recipe;
}

export interface RemoteQueueOptions {
  /** Tries per edit, the first included (default 3); only retryable failures (backend down, worker lost) retry. */
  attempts?: number;
  /** First retry delay in ms, doubling each time (default 1000). */
  backoffMs?: number;
  /** How often the server compares its unfinished jobs with BullMQ's, in ms (default 5000). */
  reconcileEveryMs?: number;
}

/** Queue mode's side of the API server: sends edits to BullMQ and records what workers report back. */
export interface RemoteQueue {
  /** Throws QUEUE_FULL when `limits.queueLength` edits already wait. */
  checkRoom(): void;
  /** Sends the edit to the workers; never throws (a failure to enqueue is recorded on the job, then retried by reconcile). */
  enqueue(task: EditTask): void;
  /** Matches every queued/running job in SQLite with its BullMQ job: records finished ones, re-sends lost ones. */
  reconcile(): Promise<{ recorded: number; resent: number; pending: number }>;
  readonly waiting: number;
  readonly running: number;
  close(): Promise<void>;
}

/** "CODE: message", as workers fail jobs (src/server/scale/worker.ts), back into `{code, message}`. */
export function parseFailure(reason: string | undefined): { code: string; message: string } {
  const m = /^([A-Z][A-Z0-9_]+): ([\s\S]*)$/.exec(reason ?? '');
  if (m) return { code: m[1], message: m[2] };
  // BullMQ's own reasons: a worker died holding the job more often than allowed, or a lost lock.
  if (/stalled/i.test(reason ?? '')) return { code: 'WORKER_LOST', message: `Expected a worker to finish this edit but workers kept stopping mid-edit (${reason})` };
  return { code: 'INTERNAL', message: reason || 'The worker failed without a reason' };
}

/**
 * Connects the API server to BullMQ at `url`: jobs are added with the job's own id (so adding twice is
 * harmless), progress/completed/failed come back through QueueEvents and land in SQLite and the SSE streams,
 * and a reconcile pass at start and every few seconds catches anything an event missed (server restarted,
 * Redis restarted, events trimmed). Finished BullMQ jobs are kept a day so a restarted server can read them.
 *
 * @example
 * context.remote = await createRemoteQueue(context, 'redis://127.0.0.1:6379');
 */
export async function createRemoteQueue(ctx: ServerContext, url: string, options: RemoteQueueOptions = {}): Promise<RemoteQueue> {
  const connection: QueueConnection = parseQueueUrl(url);
  const jobOptions: JobsOptions = {
    attempts: options.attempts ?? 3,
    backoff: { type: 'exponential', delay: options.backoffMs ?? 1000 },
    removeOnComplete: { age: 24 * 3600, count: 10_000 },
    removeOnFail: { age: 7 * 24 * 3600 },
  };
  const queue = new Queue<EditTask, EditOutcome, 'edit'>(QUEUE_NAME, { connection: connectionFor(connection), prefix: connection.prefix, defaultJobOptions: jobOptions });
  const events = new QueueEvents(QUEUE_NAME, { connection: connectionFor(connection), prefix: connection.prefix });
  // Unhandled 'error' events would crash the server; Redis going away is expected and ioredis reconnects.
  const quiet = () => {};
  queue.on('error', quiet);
  events.on('error', quiet);
  const { db } = ctx;
  const pending = new Set<Promise<unknown>>();
  const track = <T>(p: Promise<T>) => {
    pending.add(p);
    void p.finally(() => pending.delete(p)).catch(quiet);
    return p;
  };

  // An event handler that throws (a malformed result, SQLite busy) must not take the server down; the
  // reconcile pass records the job later from BullMQ's own copy.
  const guard = (fn: () => void) => {
    try {
      fn();
    } catch (error) {
      process.emitWarning(`scenic: queue event not recorded: ${error instanceof Error ? error.message : String(error)}`);
    }
  };
  /** A result for a job that no longer exists (its photo was deleted meanwhile): its files would be orphans. */
  async function dropOrphans(jobId: string, outcome: EditOutcome): Promise<void> {
    if (db.prepare('SELECT 1 FROM jobs WHERE id = ?').get(jobId)) return;
    for (const out of outcome.outputs ?? []) {
      for (const key of [out.file, out.thumb_file]) if (!fileInUse(db, key)) await ctx.files.remove(key).catch(quiet);
    }
  }

  const setRunning = db.prepare(`UPDATE jobs SET state = 'running' WHERE id = ? AND state = 'queued'`);
  const setProgress = db.prepare(`UPDATE jobs SET state = 'running', progress = ?, stage = ? WHERE id = ? AND state IN ('queued', 'running')`);
  const lastWrite = new Map<string, number>();
  events.on('active', ({ jobId }) => setRunning.run(jobId));
  events.on('progress', ({ jobId, data }) => {
    const p = data as { progress?: number; stage?: string };
    if (typeof p?.progress !== 'number') return;
    ctx.events.emit(`job:${jobId}`, { type: 'progress', progress: p.progress, stage: String(p.stage ?? '') });
    // As in the embedded queue: a few writes a second are what pollers of GET /v1/jobs/:id see.
    const now = performance.now();
    if (now - (lastWrite.get(jobId) ?? 0) > 150) {
      lastWrite.set(jobId, now);
      setProgress.run(p.progress, String(p.stage ?? ''), jobId);
    }
  });
  events.on('completed', ({ jobId, returnvalue }) =>
    guard(() => {
      lastWrite.delete(jobId);
      const outcome = (typeof returnvalue === 'string' ? JSON.parse(returnvalue) : returnvalue) as EditOutcome;
      if (!recordSuccess(ctx, jobId, outcome)) void dropOrphans(jobId, outcome);
    }),
  );
  events.on('failed', ({ jobId, failedReason }) =>
    guard(() => {
      lastWrite.delete(jobId);
      recordFailure(ctx, jobId, parseFailure(failedReason));
    }),
  );

  const queuedCount = db.prepare(`SELECT COUNT(*) AS n FROM jobs WHERE state = 'queued'`);
  const runningCount = db.prepare(`SELECT COUNT(*) AS n FROM jobs WHERE state = 'running'`);
  const count = (stmt: typeof queuedCount) => (stmt.get() as { n: number }).n;

  function enqueue(task: EditTask): void {
    void track(queue.add('edit', task, { jobId: task.jobId })).catch((error: unknown) => {
      // Only when Redis refuses outright (not while it is away: adds wait for it); reconcile re-sends later.
      process.emitWarning(`scenic: could not queue ${task.jobId}: ${error instanceof Error ? error.message : String(error)}`);
    });
  }

  async function reconcile() {
    const rows = db
      .prepare(
        `SELECT j.id, j.state, j.recipe_json, p.file, p.hash FROM jobs j JOIN photos p ON p.id = j.photo_id WHERE j.state IN ('queued', 'running')`,
      )
      .all() as Array<{ id: string; state: string; recipe_json: string; file: string; hash: string }>;
    let recorded = 0;
    let resent = 0;
    for (const row of rows) {
      const job = await queue.getJob(row.id);
      if (!job) {
        // Lost between the SQLite insert and Redis (server or Redis stopped): send it again.
        await queue.add('edit', { jobId: row.id, photoFile: row.file, photoHash: row.hash, recipe: JSON.parse(row.recipe_json) as Recipe }, { jobId: row.id });
        resent++;
        continue;
      }
      const state = await job.getState();
      if (state === 'completed' && job.returnvalue) recorded += recordSuccess(ctx, row.id, job.returnvalue as EditOutcome) ? 1 : 0;
      else if (state === 'failed') recorded += recordFailure(ctx, row.id, parseFailure(job.failedReason)) ? 1 : 0;
      else if (state === 'active' && row.state === 'queued') setRunning.run(row.id);
    }
    return { recorded, resent, pending: rows.length - recorded };
  }

  let sweeping: Promise<unknown> | null = null;
  const sweep = () => {
    // One pass at a time; a pass that fails (Redis away) is simply tried again at the next tick.
    sweeping ??= track(reconcile().catch(quiet)).finally(() => (sweeping = null));
  };
  await events.waitUntilReady().catch(quiet);
  sweep();
  const timer = setInterval(sweep, options.reconcileEveryMs ?? 5000);
  timer.unref();

  return {
    checkRoom() {
      const limit = ctx.limits.queueLength;
      if (count(queuedCount) >= limit) throw new ScenicError('QUEUE_FULL', `Expected at most ${limit} edits waiting but the queue is full; retry in a moment`);
    },
    enqueue,
    reconcile,
    get waiting() {
      return count(queuedCount);
    },
    get running() {
      return count(runningCount);
    },
    async close() {
      clearInterval(timer);
      // Adds wait for Redis; when it is away, closing must not wait for ever (reconcile re-sends on the next start).
      await Promise.race([Promise.allSettled([...pending]), new Promise((r) => setTimeout(r, 2000).unref())]);
      await Promise.allSettled([events.close(), queue.close()]);
    },
  };
}
