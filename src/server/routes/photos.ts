import type { FastifyInstance, FastifyRequest } from 'fastify';
import { decodePhoto, encodeImage, resizeRgba } from '../../adapters/codec.js';
import { sha256Hex } from '../../adapters/sha256.js';
import { ScenicError } from '../../errors.js';
import { stripMetadata } from '../../provenance/strip-metadata.js';
import { notFound, photoJson, type ServerContext } from '../context.js';
import { fileInUse, type PhotoRow, type ResultRow } from '../db.js';
import { contentTypeOf } from '../file-store.js';
import { newId, sniffExtension } from '../ids.js';
import { withPhoto } from '../matte-cache.js';

/** Longest side of the cut-out preview the web editor shows (full resolution is for the edit itself). */
const PREVIEW_SIDE = 1080;

export function photoRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const { db, files, editor } = ctx;

  app.post('/v1/photos', async (request, reply) => {
    const bytes = await privateDataRemoved(await readUpload(request, ctx.limits.uploadBytes), ctx.limits.maxPixels);
    const hash = sha256Hex(bytes);
    const existing = db.prepare('SELECT * FROM photos WHERE user_id = ? AND hash = ?').get(request.userId, hash) as PhotoRow | undefined;
    if (existing) return reply.code(200).send(photoJson(existing));

    // Decoding and finding the subject happen here, once: every later edit of this photo reuses them.
    const cut = await withPhoto(hash, () => editor.cutout(bytes));
    const { width, height } = cut.image;
    const scale = Math.min(1, PREVIEW_SIDE / Math.max(width, height));
    const preview = scale < 1 ? await resizeRgba(cut.image, Math.max(1, Math.round(width * scale)), Math.max(1, Math.round(height * scale))) : cut.image;
    const [file, cutoutFile] = await Promise.all([files.put(bytes, sniffExtension(bytes)), files.put(await encodeImage(preview, { format: 'png' }), 'png')]);
    const found = cut.bounds !== null;
    const coverage = cut.bounds ? (cut.bounds.width * cut.bounds.height) / (width * height) : 0;
    const row: PhotoRow = {
      id: newId('ph'),
      user_id: request.userId,
      hash,
      file,
      cutout_file: cutoutFile,
      width,
      height,
      bytes: bytes.length,
      subject_json: JSON.stringify({
        found,
        bounds: cut.bounds,
        coverage: Math.round(coverage * 1000) / 1000,
        // Every separate subject the model found, and whether the default choice kept it.
        regions: cut.regions.map((r) => ({ box: r.box, coverage: Math.round(r.coverage * 1000) / 1000, kept: cut.kept.includes(r.id) })),
      }),
      created_at: Date.now(),
    };
    db.prepare(
      `INSERT INTO photos (id, user_id, hash, file, cutout_file, width, height, bytes, subject_json, created_at)
       VALUES (@id, @user_id, @hash, @file, @cutout_file, @width, @height, @bytes, @subject_json, @created_at)`,
    ).run(row);
    return reply.code(201).send(photoJson(row));
  });

  app.get('/v1/photos', async (request) => {
    const rows = db.prepare('SELECT * FROM photos WHERE user_id = ? ORDER BY created_at DESC LIMIT 100').all(request.userId) as PhotoRow[];
    return { photos: rows.map(photoJson) };
  });

  app.get<{ Params: { id: string } }>('/v1/photos/:id', async (request) => photoJson(ownPhoto(ctx, request.userId, request.params.id)));

  app.get<{ Params: { id: string } }>('/v1/photos/:id/cutout', async (request, reply) => {
    const photo = ownPhoto(ctx, request.userId, request.params.id);
    if (!photo.cutout_file) throw notFound('cut-out', request.params.id);
    return reply.type(contentTypeOf(photo.cutout_file)).header('cache-control', 'private, max-age=31536000, immutable').send(await files.read(photo.cutout_file));
  });

  app.delete<{ Params: { id: string } }>('/v1/photos/:id', async (request, reply) => {
    const photo = ownPhoto(ctx, request.userId, request.params.id);
    const results = db.prepare('SELECT r.* FROM results r JOIN jobs j ON r.job_id = j.id WHERE j.photo_id = ?').all(photo.id) as ResultRow[];
    const keys = new Set<string>([photo.file, ...(photo.cutout_file ? [photo.cutout_file] : []), ...results.flatMap((r) => [r.file, r.thumb_file])]);
    db.transaction(() => {
      db.prepare('DELETE FROM results WHERE job_id IN (SELECT id FROM jobs WHERE photo_id = ?)').run(photo.id);
      db.prepare('DELETE FROM jobs WHERE photo_id = ?').run(photo.id);
      db.prepare('DELETE FROM photos WHERE id = ?').run(photo.id);
    })();
    // Files are shared by content: another row (another user's copy of the same photo) may still need one.
    for (const key of keys) if (!fileInUse(db, key)) await files.remove(key);
    if (!db.prepare('SELECT 1 FROM photos WHERE hash = ?').get(photo.hash)) {
      await ctx.forgetMatte?.(photo.hash);
      // Nor in memory: the editor's decoded photo, subject and layers go too.
      ctx.editor.forget(photo.hash);
    }
    return reply.code(204).send();
  });
}

export function ownPhoto(ctx: ServerContext, userId: string, id: string): PhotoRow {
  const row = ctx.db.prepare('SELECT * FROM photos WHERE id = ? AND user_id = ?').get(id, userId) as PhotoRow | undefined;
  if (!row) throw notFound('photo', id);
  return row;
}

/** The upload's bytes from a multipart form (first file field) or a raw image body. */
async function readUpload(request: FastifyRequest, limit: number): Promise<Buffer> {
  if (request.isMultipart()) {
    let bytes: Buffer;
    try {
      const part = await request.file({ limits: { fileSize: limit, files: 1 } });
      if (!part) throw new ScenicError('INVALID_REQUEST', 'Expected a multipart form with a photo file field but received no file');
      bytes = await part.toBuffer();
    } catch (error) {
      // Limit errors carry a code the error handler maps; anything else is a malformed form, not our fault.
      if ((error as { code?: string }).code || error instanceof ScenicError) throw error;
      throw new ScenicError('INVALID_REQUEST', `Expected a well-formed multipart/form-data body but it could not be read (${(error as Error).message})`);
    }
    if (bytes.length === 0) throw new ScenicError('EMPTY_PHOTO', 'Expected an image file but received 0 bytes');
    return bytes;
  }
  const body = request.body;
  if (!Buffer.isBuffer(body)) {
    throw new ScenicError('UNSUPPORTED_MEDIA_TYPE', `Expected a multipart/form-data upload or an image/* body for the photo but received ${request.headers['content-type'] ?? 'no content type'}`);
  }
  if (body.length === 0) throw new ScenicError('EMPTY_PHOTO', 'Expected an image file but received 0 bytes');
  return body;
}

/**
 * The upload as it is stored: without GPS, camera or owner metadata (privacy: stored files carry none).
 * JPEG, PNG and WebP lose their metadata blocks byte-exactly; other formats (HEIF, AVIF, TIFF, GIF) have no
 * such path, so their pixels are kept as a PNG — decoded under the pixel limit, so a bomb is refused first.
 * Damaged files are passed on unchanged: decoding them later gives the precise error code.
 */
async function privateDataRemoved(bytes: Uint8Array, maxPixels: number): Promise<Uint8Array> {
  let stripped: ReturnType<typeof stripMetadata> = null;
  try {
    stripped = stripMetadata(bytes);
  } catch {
    return bytes;
  }
  if (stripped) return stripped.bytes;
  if (bytes.length === 0) return bytes;
  const decoded = await decodePhoto(bytes, { maxPixels, maxBytes: Number.MAX_SAFE_INTEGER });
  return encodeImage(decoded.image, { format: 'png' });
}
