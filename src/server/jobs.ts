import sharp from 'sharp';
import type { Recipe } from '../recipe/schema.js';
import { isScenicError } from '../errors.js';
import { toHex } from '../scene/colours.js';
import type { ScenePlan } from '../scene/plan-types.js';
import { resultJson, type JobEvent, type ServerContext } from './context.js';
import { fileInUse, type JobRow, type PhotoRow, type ResultRow } from './db.js';
import { newId } from './ids.js';
import { withPhoto } from './matte-cache.js';
import { recordPromptUse } from './presets.js';

const EXT = { jpeg: 'jpg', webp: 'webp', png: 'png' } as const;
/** Thumbnails for the variation picker: a third of a story's width is plenty on any phone. */
const THUMB_WIDTH = 360;

/**
 * Creates the job row and queues the edit. Throws QUEUE_FULL (and leaves no row) when the queue is full.
 */
export function submitJob(ctx: ServerContext, userId: string, photo: PhotoRow, recipe: Recipe): JobRow {
  const row: JobRow = {
    id: newId('job'),
    user_id: userId,
    photo_id: photo.id,
    state: 'queued',
    progress: 0,
    stage: null,
    recipe_json: JSON.stringify(recipe),
    plan_json: null,
    error_json: null,
    timings_json: null,
    created_at: Date.now(),
    finished_at: null,
  };
  const insert = () =>
    ctx.db
      .prepare(
        `INSERT INTO jobs (id, user_id, photo_id, state, progress, recipe_json, created_at)
       VALUES (@id, @user_id, @photo_id, @state, @progress, @recipe_json, @created_at)`,
      )
      .run(row);
  if (ctx.remote) {
    // Queue mode (src/server/scale): the row comes first, so a worker's result always has a job to land on.
    ctx.remote.checkRoom();
    insert();
    ctx.remote.enqueue({ jobId: row.id, photoFile: photo.file, photoHash: photo.hash, recipe });
    return row;
  }
  insert();
  try {
    ctx.queue.submit(() => runJob(ctx, row.id, photo, recipe));
  } catch (error) {
    ctx.db.prepare('DELETE FROM jobs WHERE id = ?').run(row.id);
    throw error;
  }
  return row;
}

/** Edits of the embedded queue now running, by job id: how to stop them. */
const running = new Map<string, AbortController>();

/**
 * Cancels a queued or running edit: it ends `failed` with code CANCELLED (its server-sent events say so at
 * once). An embedded edit stops at its next step; in queue mode a worker may finish it, and its result is
 * then dropped. Returns false when the job had already finished.
 */
export function cancelJob(ctx: ServerContext, jobId: string): boolean {
  const changed = recordFailure(ctx, jobId, { code: 'CANCELLED', message: 'The edit was cancelled' });
  running.get(jobId)?.abort();
  return changed;
}

async function runJob(ctx: ServerContext, jobId: string, photo: PhotoRow, recipe: Recipe): Promise<void> {
  const emit = (event: JobEvent) => ctx.events.emit(`job:${jobId}`, event);
  const setProgress = ctx.db.prepare('UPDATE jobs SET progress = ?, stage = ? WHERE id = ?');
  const abort = new AbortController();
  try {
    // Cancelled (or its photo deleted) while it waited: nothing to do.
    if (ctx.db.prepare(`UPDATE jobs SET state = 'running' WHERE id = ? AND state = 'queued'`).run(jobId).changes === 0) return;
    running.set(jobId, abort);
    let lastWrite = 0;
    const outcome = await executeEdit(ctx, photo, recipe, abort.signal, (progress, stage) => {
      emit({ type: 'progress', progress, stage });
      // Writing every tick would make SQLite the bottleneck; a few times a second is what pollers see.
      if (performance.now() - lastWrite > 150) {
        lastWrite = performance.now();
        setProgress.run(progress, stage, jobId);
      }
    });
    if (!recordSuccess(ctx, jobId, outcome)) {
      // The photo was deleted while this edit ran: its images must not outlive it.
      for (const o of outcome.outputs) for (const key of [o.file, o.thumb_file]) if (!fileInUse(ctx.db, key)) await ctx.files.remove(key);
    }
  } catch (error) {
    recordFailure(ctx, jobId, isScenicError(error) ? error.toJSON() : { code: 'INTERNAL', message: error instanceof Error ? error.message : String(error) });
  } finally {
    running.delete(jobId);
  }
}

/** One stored output of an edit: what a result row needs, without the ids only the API server gives. */
export type EditOutcomeFile = Omit<ResultRow, 'id' | 'job_id' | 'user_id' | 'idx'>;

/** What an edit made, as plain JSON: a queue worker on another machine returns it for the server to record. */
export interface EditOutcome {
  outputs: EditOutcomeFile[];
  recipe: unknown;
  plan: unknown;
  timings: unknown;
}

/**
 * Runs the edit and stores its images and thumbnails in `deps.files`; records nothing. The embedded queue
 * and the BullMQ workers (src/server/scale) both run edits through here.
 */
export async function executeEdit(
  deps: Pick<ServerContext, 'files' | 'editor'>,
  photo: Pick<PhotoRow, 'file' | 'hash'>,
  recipe: Recipe,
  signal: AbortSignal | undefined,
  onProgress: (progress: number, stage: string) => void,
): Promise<EditOutcome> {
  const { files, editor } = deps;
  const bytes = await files.read(photo.file);
  const result = await withPhoto(photo.hash, () =>
    editor.edit(bytes, recipe, { signal, thumbnailWidth: THUMB_WIDTH, onProgress: (p) => onProgress(Math.round(p.fraction * 100) / 100, p.stage) }),
  );
  const outputs: EditOutcomeFile[] = [];
  for (const out of result.outputs) {
    const thumb = out.thumbnail ?? (await sharp(out.data).resize({ width: THUMB_WIDTH }).keepXmp().jpeg({ quality: 80 }).toBuffer());
    const [file, thumbFile] = await Promise.all([files.put(out.data, EXT[out.format]), files.put(thumb, 'jpg')]);
    outputs.push({ file, thumb_file: thumbFile, format: out.format, width: out.width, height: out.height, seed: out.seed, backend: out.backend, digital_source_type: out.digitalSourceType });
  }
  return { outputs, recipe: result.recipe, plan: result.plan, timings: result.timings };
}

/**
 * Records a finished edit: result rows and the job's final state, once. Returns false (and records nothing)
 * when the job is gone (its photo was deleted) or already finished, so a redelivered result is not doubled.
 */
export function recordSuccess(ctx: ServerContext, jobId: string, outcome: EditOutcome): boolean {
  const { db } = ctx;
  const recorded = db.transaction(() => {
    const job = db.prepare('SELECT * FROM jobs WHERE id = ?').get(jobId) as JobRow | undefined;
    if (!job || job.state === 'succeeded' || job.state === 'failed') return undefined;
    const insert = db.prepare(
      `INSERT INTO results (id, job_id, user_id, idx, file, thumb_file, format, width, height, seed, backend, digital_source_type)
       VALUES (@id, @job_id, @user_id, @idx, @file, @thumb_file, @format, @width, @height, @seed, @backend, @digital_source_type)`,
    );
    for (const [idx, out] of outcome.outputs.entries()) insert.run({ ...out, id: newId('res'), job_id: jobId, user_id: job.user_id, idx } satisfies ResultRow);
    db.prepare(
      `UPDATE jobs SET state = 'succeeded', progress = 1, stage = 'done', recipe_json = ?, plan_json = ?, timings_json = ?, finished_at = ? WHERE id = ?`,
    ).run(JSON.stringify(outcome.recipe), JSON.stringify(outcome.plan), JSON.stringify(outcome.timings), Date.now(), jobId);
    return job;
  })();
  if (!recorded) return false;
  recordPromptUse(db, recorded.user_id, (JSON.parse(recorded.recipe_json) as Recipe).background.prompt);
  ctx.events.emit(`job:${jobId}`, { type: 'succeeded', job: jobView(ctx, jobId) } satisfies JobEvent);
  return true;
}

/** Records a failed edit with its `{code, message}`, unless the job already finished or is gone. */
export function recordFailure(ctx: ServerContext, jobId: string, error: { code: string; message: string }): boolean {
  const changed = ctx.db
    .prepare(`UPDATE jobs SET state = 'failed', error_json = ?, finished_at = ? WHERE id = ? AND state IN ('queued', 'running')`)
    .run(JSON.stringify(error), Date.now(), jobId).changes;
  if (changed === 0) return false;
  ctx.events.emit(`job:${jobId}`, { type: 'failed', job: jobView(ctx, jobId) } satisfies JobEvent);
  return true;
}

/** The job as the API shows it, or undefined when it is gone (its photo was deleted). */
export function jobView(ctx: ServerContext, jobId: string): Record<string, unknown> | undefined {
  const row = ctx.db.prepare('SELECT * FROM jobs WHERE id = ?').get(jobId) as JobRow | undefined;
  return row && jobJson(ctx, row);
}

export function jobJson(ctx: ServerContext, row: JobRow): Record<string, unknown> {
  const results = ctx.db.prepare('SELECT * FROM results WHERE job_id = ? ORDER BY idx').all(row.id) as ResultRow[];
  const plan = row.plan_json ? (JSON.parse(row.plan_json) as ScenePlan) : null;
  return {
    id: row.id,
    state: row.state,
    progress: row.progress,
    stage: row.stage,
    photo: row.photo_id,
    recipe: JSON.parse(row.recipe_json),
    understood: plan && understoodJson(plan),
    results: results.map(resultJson),
    error: row.error_json ? JSON.parse(row.error_json) : null,
    timings: row.timings_json ? JSON.parse(row.timings_json) : null,
    url: `/v1/jobs/${row.id}`,
    eventsUrl: `/v1/jobs/${row.id}/events`,
    createdAt: new Date(row.created_at).toISOString(),
    finishedAt: row.finished_at ? new Date(row.finished_at).toISOString() : null,
  };
}

/** What the prompt was understood as, for people: the terms matched, the words not matched, the colours. */
export function understoodJson(plan: ScenePlan): Record<string, unknown> {
  return {
    prompt: plan.prompt,
    concepts: plan.concepts,
    terms: plan.understood,
    notUnderstood: plan.notUnderstood,
    palette: plan.palette.map(toHex),
    timeOfDay: plan.timeOfDay ?? null,
    styles: plan.styles,
    fallback: plan.fallback,
    // What the built-in engine cannot draw, and the diffusion backends that can.
    suggestion: plan.suggestion ?? null,
  };
}
