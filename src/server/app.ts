import { EventEmitter } from 'node:events';
import { mkdirSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import multipart from '@fastify/multipart';
import Fastify, { type FastifyInstance, type FastifyReply } from 'fastify';
import { createIsnetSegmenter } from '../adapters/isnet-segmenter.js';
import { createEditor, type Editor } from '../editor/editor.js';
import { ScenicError } from '../errors.js';
import { authenticate, ensureLocalUser, hasKeyedUsers, type AuthMode } from './auth.js';
import type { ServerContext, ServerLimits } from './context.js';
import { openDb, type Db } from './db.js';
import { toScenicError } from './errors.js';
import { createFileStore, type Storage } from './file-store.js';
import { createJobQueue } from './job-queue.js';
import { createMatteCache, ISNET_MATTES } from './matte-cache.js';
import { presetsFor } from './presets.js';
import { createRateLimiter } from './rate-limit.js';
import { brandKitRoutes } from './routes/brand-kits.js';
import { editRoutes } from './routes/edits.js';
import { pageRoutes } from './routes/pages.js';
import { photoRoutes } from './routes/photos.js';
import { resultRoutes } from './routes/results.js';
import { shareRoutes } from './routes/shares.js';
import { securityHeaders } from './security-headers.js';
import { guardSlowBodies, slowClientOptions } from './slow-clients.js';
import { createRemoteQueue, type RemoteQueueOptions } from './scale/bullmq-queue.js';
import { recipeSupportsMove } from './schemas.js';

export interface AppOptions {
  /** Folder for the SQLite file (`scenic.db`) and the content-addressed files (created when missing). */
  dataDir: string;
  /** An editor to use (tests pass one to share the model session); by default one is made and disposed on close. */
  editor?: Editor;
  /** 'single-user' needs no key; 'api-keys' needs a Bearer key per user. Default: api-keys when any user has a key. */
  auth?: AuthMode;
  limits?: Partial<ServerLimits>;
  /** Folder of the built web editor (default: dist/web of this package). */
  webRoot?: string;
  logger?: boolean;
  /** Deletes a photo's stored matte; given with `editor` when that editor uses a matte cache. */
  forgetMatte?: (photoHash: string) => Promise<void>;
  /** Queue mode: a Redis URL; edits then run on `scenic worker` processes sharing `dataDir` (src/server/scale). */
  queue?: string;
  queueOptions?: RemoteQueueOptions;
  /** Where files and mattes live (`openStorage(--storage)`, e.g. S3); default: under `dataDir`. The database stays in `dataDir`. */
  storage?: Storage;
  /** Render threads of the server's own editor (default: one per edit slot, `limits.concurrency`; 0 = none). */
  renderThreads?: number;
}

export interface ScenicApp {
  app: FastifyInstance;
  context: ServerContext;
}

const HERE = path.dirname(fileURLToPath(import.meta.url));
/** Both src/server and dist/server sit two levels below the package root. */
export const DEFAULT_WEB_ROOT = path.resolve(HERE, '../../dist/web');

export function defaultLimits(): ServerLimits {
  return { uploadBytes: 25 * 1024 * 1024, maxPixels: 50_000_000, queueLength: 200, concurrency: Math.max(1, availableParallelism()), ratePerMinute: 1200, rateBurst: 200 };
}

/**
 * Builds the HTTP API and web editor as a Fastify instance (not listening: call `app.listen`, or
 * `app.inject` in tests). Closing the app waits for running edits, then closes the database.
 *
 * @example
 * const { app } = await buildApp({ dataDir: '.scenic' });
 * await app.listen({ host: '127.0.0.1', port: 8080 });
 */
export async function buildApp(options: AppOptions): Promise<ScenicApp> {
  const limits: ServerLimits = { ...defaultLimits(), ...options.limits };
  mkdirSync(options.dataDir, { recursive: true });
  const db: Db = openDb(path.join(options.dataDir, 'scenic.db'), { keepPending: options.queue !== undefined });
  ensureLocalUser(db);
  const auth: AuthMode = options.auth ?? (hasKeyedUsers(db) ? 'api-keys' : 'single-user');
  const ownsEditor = !options.editor;
  // The server's own editor keeps each photo's matte on disk, so a restart does not run the model again.
  const mattes = options.editor ? undefined : createMatteCache(options.dataDir, () => createIsnetSegmenter({ inputSize: ISNET_MATTES.inputSize }), ISNET_MATTES, options.storage?.mattes);
  const editor =
    options.editor ?? createEditor({
      limits: { maxBytes: limits.uploadBytes, maxPixels: limits.maxPixels },
      subjectCacheSize: 16,
      segmenter: mattes!.segmenter,
      // Edits draw on worker threads, one per edit slot, so concurrent edits use every core.
      renderThreads: options.renderThreads ?? limits.concurrency,
    });
  const context: ServerContext = {
    db,
    files: options.storage?.files ?? createFileStore(options.dataDir),
    editor,
    queue: createJobQueue({ concurrency: limits.concurrency, maxLength: limits.queueLength }),
    limiter: createRateLimiter({ perMinute: limits.ratePerMinute, burst: limits.rateBurst }),
    events: new EventEmitter().setMaxListeners(0),
    auth,
    limits,
    forgetMatte: options.forgetMatte ?? mattes?.remove,
  };

  if (options.queue !== undefined) context.remote = await createRemoteQueue(context, options.queue, options.queueOptions);

  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: 1024 * 1024,
    trustProxy: false,
    ...slowClientOptions(limits.requestTimeoutMs),
    // Errors the router raises before any handler (too-long ids, undecodable URLs) get the same shape.
    frameworkErrors: (error, request, reply) => {
      const e = toScenicError(error, { url: request.url, uploadBytes: limits.uploadBytes });
      void (reply as FastifyReply).code(e.status).send({ error: e.toJSON() });
    },
  });
  app.decorateRequest('userId', '');
  guardSlowBodies(app, limits.requestTimeoutMs);
  securityHeaders(app);

  app.setErrorHandler((error, request, reply) => {
    const e = toScenicError(error, { url: request.url, uploadBytes: limits.uploadBytes });
    if (e.status >= 500) request.log.error(error);
    if (e.code === 'INTERNAL' && process.env.SCENIC_DEBUG) console.error(error);
    void reply.code(e.status).send({ error: e.toJSON() });
  });
  app.setNotFoundHandler((request, reply) => {
    void reply.code(404).send({ error: { code: 'NOT_FOUND', message: `Expected one of the routes listed at /docs but received ${request.method} ${request.url.split('?')[0].slice(0, 100)}` } });
  });

  // Raw image uploads: any image/* or octet-stream body arrives as a Buffer, up to the upload limit.
  const raw = { parseAs: 'buffer' as const, bodyLimit: limits.uploadBytes };
  app.addContentTypeParser(/^image\/[\w.+-]+$/, raw, (_req, body, done) => done(null, body));
  app.addContentTypeParser('application/octet-stream', raw, (_req, body, done) => done(null, body));
  await app.register(multipart, { limits: { fileSize: limits.uploadBytes, files: 1, fields: 10, parts: 12 } });

  // Who is asking, and are they within their rate: for every /v1 route before its body is read.
  app.addHook('onRequest', async (request, reply) => {
    if (!request.url.startsWith('/v1/')) return;
    const isPublic = (request.routeOptions.config as { public?: boolean } | undefined)?.public === true;
    const who = isPublic ? `ip:${request.ip}` : authenticate(db, auth, request.headers.authorization);
    if (!isPublic) request.userId = who;
    if (!context.limiter.take(who)) {
      void reply.header('retry-after', String(context.limiter.retryAfter(who)));
      throw new ScenicError('RATE_LIMITED', `Expected at most ${limits.ratePerMinute} requests a minute for this key but received more; retry after ${context.limiter.retryAfter(who)} s`);
    }
  });

  photoRoutes(app, context);
  editRoutes(app, context);
  resultRoutes(app, context);
  brandKitRoutes(app, context);
  shareRoutes(app, context);
  app.get('/v1/presets', async (request) => ({ presets: presetsFor(db, request.userId) }));
  app.get('/v1/health', { config: { public: true } }, async () => ({ ok: true, auth, features: { moveSubject: recipeSupportsMove() }, queue: context.remote ? { mode: 'redis', waiting: context.remote.waiting, running: context.remote.running } : { waiting: context.queue.waiting, running: context.queue.running } }));
  pageRoutes(app, options.webRoot ?? DEFAULT_WEB_ROOT);

  app.addHook('onClose', async () => {
    await context.queue.idle();
    await context.remote?.close();
    if (ownsEditor) await editor.dispose();
    db.close();
  });
  return { app, context };
}
