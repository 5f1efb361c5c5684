import type { FastifyInstance } from 'fastify';
import { ScenicError } from '../../errors.js';
import type { Recipe, RecipeInput } from '../../recipe/schema.js';
import { parseRecipe } from '../../recipe/validate.js';
import { notFound, type JobEvent, type ServerContext } from '../context.js';
import type { JobRow, PhotoRow } from '../db.js';
import { cancelJob, jobJson, submitJob } from '../jobs.js';
import { findPreset } from '../presets.js';
import { parseEditRequest, recipeSupportsMove, type editShorthandSchema } from '../schemas.js';
import { ownBrandKit } from './brand-kits.js';
import { ownPhoto } from './photos.js';
import type { z } from 'zod';

export function editRoutes(app: FastifyInstance, ctx: ServerContext): void {
  app.post('/v1/edits', async (request, reply) => {
    const parsed = parseEditRequest(request.body);
    const photo = ownPhoto(ctx, request.userId, parsed.value.photo);
    const recipe = parsed.kind === 'recipe' ? { ...parsed.value.recipe, photo: photo.hash } : recipeFromShorthand(ctx, request.userId, photo, parsed.value);
    const subject = JSON.parse(photo.subject_json) as { found: boolean };
    if (!subject.found) throw new ScenicError('NO_SUBJECT', 'Expected a photo with a person, animal or object in it but the model found no subject');
    const job = submitJob(ctx, request.userId, photo, recipe);
    return reply.code(202).header('location', `/v1/jobs/${job.id}`).send(jobJson(ctx, job));
  });

  app.get<{ Params: { id: string } }>('/v1/jobs/:id', async (request) => jobJson(ctx, ownJob(ctx, request.userId, request.params.id)));

  app.post<{ Params: { id: string } }>('/v1/jobs/:id/cancel', async (request) => {
    const job = ownJob(ctx, request.userId, request.params.id);
    cancelJob(ctx, job.id);
    // Idempotent: a job that had already finished is returned as it is.
    return jobJson(ctx, ownJob(ctx, request.userId, job.id));
  });

  app.get<{ Params: { id: string } }>('/v1/jobs/:id/events', async (request, reply) => {
    const job = ownJob(ctx, request.userId, request.params.id);
    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive', 'x-accel-buffering': 'no' });
    const send = (event: string, data: unknown) => res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
    const finished = (state: string) => state === 'succeeded' || state === 'failed';
    const key = `job:${job.id}`;
    const listener = (event: JobEvent) => {
      if (event.type === 'progress') send('progress', { progress: event.progress, stage: event.stage });
      else {
        send(event.type, event.job);
        stop();
      }
    };
    // A comment line now and then keeps proxies and browsers from closing a quiet stream.
    const ping = setInterval(() => res.write(': ping\n\n'), 15_000);
    const stop = () => {
      clearInterval(ping);
      ctx.events.off(key, listener);
      res.end();
    };
    // Subscribe before reading the state again, so an edit that finishes in between is not missed.
    ctx.events.on(key, listener);
    request.raw.on('close', () => {
      clearInterval(ping);
      ctx.events.off(key, listener);
    });
    const now = ctx.db.prepare('SELECT * FROM jobs WHERE id = ?').get(job.id) as JobRow | undefined;
    if (!now) return stop();
    send('state', { state: now.state, progress: now.progress, stage: now.stage });
    if (finished(now.state)) {
      send(now.state, jobJson(ctx, now));
      stop();
    }
  });
}

export function ownJob(ctx: ServerContext, userId: string, id: string): JobRow {
  const row = ctx.db.prepare('SELECT * FROM jobs WHERE id = ? AND user_id = ?').get(id, userId) as JobRow | undefined;
  if (!row) throw notFound('job', id);
  return row;
}

/** Turns `{photo, prompt, seed?, variations?, preset?, brandKit?, layout?}` into a full, validated recipe. */
function recipeFromShorthand(ctx: ServerContext, userId: string, photo: PhotoRow, body: z.output<typeof editShorthandSchema>): Recipe {
  let prompt = body.prompt.trim();
  if (body.preset !== undefined) {
    const preset = findPreset(body.preset);
    if (!preset) throw notFound('preset', body.preset);
    if (!prompt) prompt = preset.prompt;
  }
  const brandKit = body.brandKit !== undefined ? ownBrandKit(ctx, userId, body.brandKit) : undefined;
  const { x, y, scale, width, height } = body.layout ?? {};
  // Moving and scaling the subject needs layout.x/y/scale in the recipe; send them only once it has them.
  const move = recipeSupportsMove() ? { x, y, scale } : {};
  const input: RecipeInput = {
    photo: photo.hash,
    layout: { width, height, ...move } as RecipeInput['layout'],
    background: { prompt, seed: body.seed, variations: body.variations ?? 2, brandKit },
    output: { format: body.format ?? 'jpeg' },
  };
  return parseRecipe(JSON.parse(JSON.stringify(input)));
}
