import type { FastifyInstance } from 'fastify';
import { notFound, resultJson, type ServerContext } from '../context.js';
import type { ResultRow } from '../db.js';
import { contentTypeOf } from '../file-store.js';

export function resultRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const own = (userId: string, id: string): ResultRow => {
    const row = ctx.db.prepare('SELECT * FROM results WHERE id = ? AND user_id = ?').get(id, userId) as ResultRow | undefined;
    if (!row) throw notFound('result', id);
    return row;
  };
  const headers = { 'cache-control': 'private, max-age=31536000, immutable' };

  app.get<{ Params: { id: string }; Querystring: { download?: string } }>('/v1/results/:id', async (request, reply) => {
    const row = own(request.userId, request.params.id);
    if (request.query.download !== undefined) {
      reply.header('content-disposition', `attachment; filename="scenic-story-${row.seed}.${row.format === 'jpeg' ? 'jpg' : row.format}"`);
    }
    return reply.headers(headers).type(contentTypeOf(row.file)).send(await ctx.files.read(row.file));
  });

  app.get<{ Params: { id: string } }>('/v1/results/:id/thumbnail', async (request, reply) => {
    const row = own(request.userId, request.params.id);
    return reply.headers(headers).type(contentTypeOf(row.thumb_file)).send(await ctx.files.read(row.thumb_file));
  });

  app.get<{ Params: { id: string } }>('/v1/results/:id/meta', async (request) => resultJson(own(request.userId, request.params.id)));
}
