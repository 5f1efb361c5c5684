import { z } from 'zod';
import { ScenicError } from '../errors.js';
import { backgroundSchema, layoutSchema, recipeSchema } from '../recipe/schema.js';
import { formatIssues } from '../recipe/validate.js';
import { brandKitSchema } from '../scene/brand-kit.js';

/**
 * The HTTP API's request bodies, as zod schemas. The same objects validate requests (`parseBody`) and
 * produce the OpenAPI document (openapi.ts), so the two cannot drift apart.
 */

const id = z.string().min(1).max(100).describe('An id returned by an earlier call');

/** Layout fields the web editor sends to move and scale the subject, when the recipe knows them. */
const layoutMove = z
  .object({
    x: z.number().min(0).max(1).optional().describe("Centre of the subject's box as a fraction of the canvas width (0 left .. 1 right)"),
    y: z.number().min(0).max(1).optional().describe("Centre of the subject's box as a fraction of the canvas height (0 top .. 1 bottom)"),
    scale: z.number().min(0.1).max(4).optional().describe('Subject size relative to the automatic layout (1 = as placed)'),
    width: z.int().min(64).max(4096).optional(),
    height: z.int().min(64).max(4096).optional(),
  })
  .strict();

export const editShorthandSchema = z
  .object({
    photo: id.describe('Photo id from POST /v1/photos'),
    prompt: z.string().max(1000).describe('What the new background should be, e.g. "sunset over the ocean"'),
    seed: z.int().min(0).max(2 ** 32 - 1).optional(),
    variations: z.int().min(1).max(8).optional().describe('How many backgrounds to make (default 2)'),
    preset: z.string().max(100).optional().describe('A preset id from GET /v1/presets; its prompt is used when prompt is empty'),
    brandKit: id.optional().describe('A brand kit id: its colours steer the palette'),
    layout: layoutMove.optional(),
    format: z.enum(['jpeg', 'webp', 'png']).optional(),
  })
  .strict()
  .describe('The curl-friendly shorthand for an edit');

export const editRecipeRequestSchema = z
  .object({
    photo: id.describe('Photo id from POST /v1/photos'),
    recipe: recipeSchema,
  })
  .strict()
  .describe('A full edit recipe (the same document the CLI and library take) for an uploaded photo');

export const editRequestSchema = z.union([editShorthandSchema, editRecipeRequestSchema]);

/** Brand kits are the scene engine's (name, colours, styles, avoid); the API stores and applies them. */
export { brandKitSchema };

export const brandKitPatchSchema = brandKitSchema.partial().strict();

export const shareRequestSchema = z
  .object({
    prompt: z.string().max(1000).optional(),
    seed: z.int().min(0).max(2 ** 32 - 1).optional(),
    preset: z.string().max(100).optional(),
    palette: backgroundSchema.shape.palette.optional(),
    job: id.optional().describe('Share the background of this finished edit instead of giving the fields'),
  })
  .strict()
  .describe('A "Try it" link: the background part of a recipe only, never the photo');

/** Validates a body against a schema; failures are INVALID_REQUEST (or INVALID_RECIPE inside `recipe`) with paths. */
export function parseBody<T extends z.ZodType>(schema: T, body: unknown): z.output<T> {
  if (body === undefined || body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new ScenicError('INVALID_REQUEST', `Expected a JSON object body but received ${body === undefined || body === null ? 'nothing' : Array.isArray(body) ? 'an array' : typeof body}`);
  }
  const result = schema.safeParse(body);
  if (!result.success) {
    const inRecipe = result.error.issues.some((i) => i.path[0] === 'recipe');
    throw new ScenicError(inRecipe ? 'INVALID_RECIPE' : 'INVALID_REQUEST', formatIssues(result.error.issues));
  }
  return result.data;
}

/** Picks the edit form by its fields, so the error names the fields of the form the caller meant. */
export function parseEditRequest(body: unknown): { kind: 'shorthand'; value: z.output<typeof editShorthandSchema> } | { kind: 'recipe'; value: z.output<typeof editRecipeRequestSchema> } {
  if (body && typeof body === 'object' && 'recipe' in body) return { kind: 'recipe', value: parseBody(editRecipeRequestSchema, body) };
  return { kind: 'shorthand', value: parseBody(editShorthandSchema, body) };
}

/** True when the recipe's layout accepts x/y/scale (another part of scenic adds them). */
export function recipeSupportsMove(): boolean {
  return 'scale' in layoutSchema.shape;
}
