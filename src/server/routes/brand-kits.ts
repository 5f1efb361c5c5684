import type { FastifyInstance } from 'fastify';
import { notFound, type ServerContext } from '../context.js';
import type { BrandKitRow } from '../db.js';
import { newId } from '../ids.js';
import { parseBrandKit, type BrandKit } from '../../scene/brand-kit.js';
import { ScenicError } from '../../errors.js';

export function brandKitRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const { db } = ctx;

  app.post('/v1/brand-kits', async (request, reply) => {
    const kit = parseBrandKit(request.body);
    const now = Date.now();
    const row: BrandKitRow = { id: newId('kit'), user_id: request.userId, body_json: JSON.stringify(normalise(kit)), created_at: now, updated_at: now };
    db.prepare('INSERT INTO brand_kits (id, user_id, body_json, created_at, updated_at) VALUES (@id, @user_id, @body_json, @created_at, @updated_at)').run(row);
    return reply.code(201).send(kitJson(row));
  });

  app.get('/v1/brand-kits', async (request) => {
    const rows = db.prepare('SELECT * FROM brand_kits WHERE user_id = ? ORDER BY updated_at DESC').all(request.userId) as BrandKitRow[];
    return { brandKits: rows.map(kitJson) };
  });

  app.get<{ Params: { id: string } }>('/v1/brand-kits/:id', async (request) => kitJson(ownRow(ctx, request.userId, request.params.id)));

  const update = async (request: { userId: string; params: { id: string }; body: unknown }) => {
    const row = ownRow(ctx, request.userId, request.params.id);
    const patch = request.body;
    if (!patch || typeof patch !== 'object' || Array.isArray(patch)) throw new ScenicError('INVALID_REQUEST', 'Expected a JSON object with the brand kit fields to change');
    // The merged kit is validated as a whole, so a patch cannot leave it half valid.
    const merged = parseBrandKit({ ...JSON.parse(row.body_json), ...patch });
    const next = { ...row, body_json: JSON.stringify(normalise(merged)), updated_at: Date.now() };
    db.prepare('UPDATE brand_kits SET body_json = @body_json, updated_at = @updated_at WHERE id = @id AND user_id = @user_id').run(next);
    return kitJson(next);
  };
  app.patch<{ Params: { id: string } }>('/v1/brand-kits/:id', update);
  app.put<{ Params: { id: string } }>('/v1/brand-kits/:id', update);

  app.delete<{ Params: { id: string } }>('/v1/brand-kits/:id', async (request, reply) => {
    const row = ownRow(ctx, request.userId, request.params.id);
    db.prepare('DELETE FROM brand_kits WHERE id = ? AND user_id = ?').run(row.id, request.userId);
    return reply.code(204).send();
  });
}

/** Colours are stored as lower-case `#rrggbb` so the recipe and the page see one spelling. */
function normalise(kit: BrandKit): BrandKit {
  return { ...kit, colours: kit.colours.map((c) => `#${c.replace(/^#/, '').toLowerCase()}`) };
}

function ownRow(ctx: ServerContext, userId: string, id: string): BrandKitRow {
  const row = ctx.db.prepare('SELECT * FROM brand_kits WHERE id = ? AND user_id = ?').get(id, userId) as BrandKitRow | undefined;
  if (!row) throw notFound('brand kit', id);
  return row;
}

export function ownBrandKit(ctx: ServerContext, userId: string, id: string): BrandKit {
  return JSON.parse(ownRow(ctx, userId, id).body_json) as BrandKit;
}

function kitJson(row: BrandKitRow): Record<string, unknown> {
  return { id: row.id, ...JSON.parse(row.body_json), createdAt: new Date(row.created_at).toISOString(), updatedAt: new Date(row.updated_at).toISOString() };
}
