import type { FastifyInstance } from 'fastify';
import { ScenicError } from '../../errors.js';
import type { Recipe } from '../../recipe/schema.js';
import { notFound, type ServerContext } from '../context.js';
import type { ShareRow } from '../db.js';
import { newId } from '../ids.js';
import { findPreset } from '../presets.js';
import { parseBody, shareRequestSchema } from '../schemas.js';
import { ownJob } from './edits.js';

/** The background part of a recipe that a "Try it" link carries. Never the photo, never its hash. */
interface SharedBackground {
  prompt: string;
  seed?: number;
  preset?: string;
  palette?: string[];
}

export function shareRoutes(app: FastifyInstance, ctx: ServerContext): void {
  app.post('/v1/shares', async (request, reply) => {
    const body = parseBody(shareRequestSchema, request.body);
    let background: SharedBackground;
    if (body.job !== undefined) {
      const recipe = JSON.parse(ownJob(ctx, request.userId, body.job).recipe_json) as Recipe;
      background = { prompt: recipe.background.prompt, seed: body.seed ?? recipe.background.seed, palette: recipe.background.palette };
    } else {
      if (body.preset !== undefined && !findPreset(body.preset)) throw notFound('preset', body.preset);
      const prompt = body.prompt ?? (body.preset ? findPreset(body.preset)!.prompt : undefined);
      if (prompt === undefined) throw new ScenicError('INVALID_REQUEST', 'Expected a prompt, a preset or a job to share but received none of them');
      background = { prompt, seed: body.seed, preset: body.preset, palette: body.palette };
    }
    const row: ShareRow = { id: newId('shr'), user_id: request.userId, background_json: JSON.stringify(background), created_at: Date.now() };
    ctx.db.prepare('INSERT INTO shares (id, user_id, background_json, created_at) VALUES (@id, @user_id, @background_json, @created_at)').run(row);
    return reply.code(201).send(shareJson(row));
  });

  // A share is meant to be opened by anyone with the link: it holds a prompt, never a photo, so no key is needed.
  app.get<{ Params: { id: string } }>('/v1/shares/:id', { config: { public: true } }, async (request) => {
    const row = ctx.db.prepare('SELECT * FROM shares WHERE id = ?').get(request.params.id) as ShareRow | undefined;
    if (!row) throw notFound('share', request.params.id);
    return shareJson(row);
  });
}

function shareJson(row: ShareRow): Record<string, unknown> {
  return { id: row.id, background: JSON.parse(row.background_json), url: `/try/${row.id}`, createdAt: new Date(row.created_at).toISOString() };
}
