import { z } from 'zod';
import { ERROR_CATALOGUE } from '../errors.js';
import { VERSION } from '../version.js';
import { brandKitPatchSchema, brandKitSchema, editRecipeRequestSchema, editShorthandSchema, shareRequestSchema } from './schemas.js';

type JsonSchema = Record<string, unknown>;

function schemaOf(schema: z.ZodType): JsonSchema {
  // io 'input': callers send the input shape (defaults may be left out); $schema is not allowed inside OpenAPI.
  const { $schema: _drop, ...rest } = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
  return rest;
}

const errorBody: JsonSchema = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message'],
      properties: { code: { type: 'string', enum: Object.keys(ERROR_CATALOGUE) }, message: { type: 'string' } },
    },
  },
};

interface Route {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  path: string;
  summary: string;
  body?: JsonSchema | 'image';
  ok: number;
  okType?: string;
  public?: boolean;
}

const json = (schema: z.ZodType) => schemaOf(schema);

/** Every route of the API; the docs page and the OpenAPI document are both made from this list. */
export const ROUTES: Route[] = [
  { method: 'post', path: '/v1/photos', summary: 'Upload a photo (multipart form field "photo", or a raw image/* body). Finds the subject once and returns the photo id, size, subjects found and a cut-out preview URL.', body: 'image', ok: 201 },
  { method: 'get', path: '/v1/photos', summary: 'List your photos, newest first.', ok: 200 },
  { method: 'get', path: '/v1/photos/{id}', summary: 'One photo: size, subjects found, cut-out URL.', ok: 200 },
  { method: 'get', path: '/v1/photos/{id}/cutout', summary: 'The cut-out preview: a PNG with the old background transparent.', ok: 200, okType: 'image/png' },
  { method: 'delete', path: '/v1/photos/{id}', summary: 'Delete the photo and everything made from it: edits, results, thumbnails, files, its stored matte and the server\'s in-memory copies.', ok: 204 },
  { method: 'post', path: '/v1/edits', summary: 'Start an edit: the shorthand {photo, prompt, seed?, variations?, preset?, brandKit?, layout?} or {photo, recipe}. Returns the job (202).', body: { oneOf: [json(editShorthandSchema), json(editRecipeRequestSchema)] }, ok: 202 },
  { method: 'get', path: '/v1/jobs/{id}', summary: 'An edit job: state (queued, running, succeeded, failed), progress 0..1, what the prompt was understood as, result image URLs.', ok: 200 },
  { method: 'post', path: '/v1/jobs/{id}/cancel', summary: 'Cancels a queued or running edit: it ends failed with code CANCELLED. A job that already finished is returned unchanged.', ok: 200 },
  { method: 'get', path: '/v1/jobs/{id}/events', summary: 'Server-sent events for a job: state, progress, then succeeded or failed with the job.', ok: 200, okType: 'text/event-stream' },
  { method: 'get', path: '/v1/results/{id}', summary: 'A finished story image (JPEG/WebP/PNG, labelled as AI-edited). Add ?download for a file name.', ok: 200, okType: 'image/jpeg' },
  { method: 'get', path: '/v1/results/{id}/thumbnail', summary: 'A 360 px wide JPEG thumbnail of a result.', ok: 200, okType: 'image/jpeg' },
  { method: 'get', path: '/v1/presets', summary: 'Suggested prompts, ordered for you: what you used recently, then seasonal, then the rest.', ok: 200 },
  { method: 'post', path: '/v1/brand-kits', summary: 'Create a brand kit (name, colours, styles, words to avoid); edits that name it are steered by it.', body: json(brandKitSchema), ok: 201 },
  { method: 'get', path: '/v1/brand-kits', summary: 'List your brand kits.', ok: 200 },
  { method: 'get', path: '/v1/brand-kits/{id}', summary: 'One brand kit.', ok: 200 },
  { method: 'patch', path: '/v1/brand-kits/{id}', summary: 'Update some fields of a brand kit (PUT works the same).', body: json(brandKitPatchSchema), ok: 200 },
  { method: 'delete', path: '/v1/brand-kits/{id}', summary: 'Delete a brand kit.', ok: 204 },
  { method: 'post', path: '/v1/shares', summary: 'Make a "Try it" link from a prompt/preset/seed, or from a finished job. It carries the background only, never the photo.', body: json(shareRequestSchema), ok: 201 },
  { method: 'get', path: '/v1/shares/{id}', summary: 'A shared background (no key needed). The page /try/{id} opens the editor with it.', ok: 200, public: true },
];

/** The OpenAPI 3.1 document, generated from the same zod schemas that validate the requests. */
export function openApiDocument(): JsonSchema {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const r of ROUTES) {
    const responses: Record<string, unknown> = {
      [r.ok]: r.ok === 204 ? { description: 'Done' } : { description: 'OK', content: { [r.okType ?? 'application/json']: { schema: r.okType ? { type: 'string', format: 'binary' } : { type: 'object' } } } },
      default: { description: 'An error from the catalogue', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } },
    };
    const op: Record<string, unknown> = { summary: r.summary, responses };
    if (r.path.includes('{id}')) op.parameters = [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }];
    if (r.public) op.security = [];
    if (r.body === 'image') {
      op.requestBody = {
        required: true,
        content: {
          'multipart/form-data': { schema: { type: 'object', properties: { photo: { type: 'string', format: 'binary' } } } },
          'image/*': { schema: { type: 'string', format: 'binary' } },
        },
      };
    } else if (r.body) {
      op.requestBody = { required: true, content: { 'application/json': { schema: r.body } } };
    }
    (paths[r.path] ??= {})[r.method] = op;
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'scenic HTTP API',
      version: VERSION,
      description: 'Replace a photo\'s background from a text prompt, keep the subject, label the result as AI-edited.',
    },
    servers: [{ url: '/' }],
    security: [{ apiKey: [] }],
    components: {
      securitySchemes: { apiKey: { type: 'http', scheme: 'bearer', description: 'Needed only when the server is configured with API keys.' } },
      schemas: { Error: errorBody },
    },
    paths,
    'x-error-codes': Object.fromEntries(Object.entries(ERROR_CATALOGUE).map(([code, v]) => [code, v])),
  };
}
