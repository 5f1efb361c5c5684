import { z } from 'zod';
import { brandKitSchema } from '../scene/brand-kit.js';
import { DEFAULT_COMPOSE } from '../compose/compose-options.js';

/** The recipe version this code writes. Older documents are migrated forward by `migrateRecipe`. */
export const RECIPE_VERSION = 1;

const seed = z.int().min(0).max(2 ** 32 - 1);

export const layoutSchema = z
  .object({
    width: z.int().min(64).max(4096).default(1080),
    height: z.int().min(64).max(4096).default(1920),
    /** auto: fit the subject inside the canvas (bottom-anchored when the photo cuts it there); original: keep it where it was in the photo. */
    placement: z.enum(['auto', 'original']).default('auto'),
    /** Move/scale over the placement: the subject box's centre as canvas fractions, and a size factor. */
    x: z.number().min(0).max(1).optional(),
    y: z.number().min(0).max(1).optional(),
    scale: z.number().min(0.1).max(4).optional(),
  })
  .strict();

export const backgroundSchema = z
  .object({
    prompt: z.string().max(1000).default(''),
    backend: z.string().min(1).max(64).default('procedural'),
    seed: seed.optional(),
    variations: z.int().min(1).max(16).default(1),
    /** Colours (hex) that steer the palette, e.g. from a brand kit. */
    palette: z.array(z.string().regex(/^#?[0-9a-fA-F]{6}$/, 'expected a hex colour like #ff0066')).max(8).default([]),
    /** A brand kit: its colours steer the palette, its styles are added, its avoid-words are dropped. */
    brandKit: brandKitSchema.optional(),
  })
  .strict();

/** How the subject is blended into the scene (see src/compose/compose-options.ts for what each does). */
export const composeSchema = z
  .object({
    harmonize: z.number().min(0).max(1).default(DEFAULT_COMPOSE.harmonize),
    lightWrap: z.number().min(0).max(1).default(DEFAULT_COMPOSE.lightWrap),
    shadow: z.enum(['auto', 'on', 'off']).default(DEFAULT_COMPOSE.shadow),
    depthOfField: z.number().min(0).max(1).default(DEFAULT_COMPOSE.depthOfField),
    grain: z.enum(['auto', 'off']).default(DEFAULT_COMPOSE.grain),
  })
  .strict();

export const labelSchema = z
  .object({
    /** Write the prompt into the XMP label. */
    promptMetadata: z.boolean().default(true),
    /** Draw a small visible "AI-edited" badge on the story (off by default). */
    badge: z.boolean().default(false),
    /** Embed scenic's invisible watermark (survives re-sharing; see README "Invisible watermark"). */
    watermark: z.boolean().default(true),
  })
  .strict();

export const outputSchema = z
  .object({
    format: z.enum(['jpeg', 'webp', 'png']).default('jpeg'),
    quality: z.int().min(1).max(100).default(90),
  })
  .strict();

/** Which subject(s) of the photo to keep, in photo pixels: a point on it, a box around it, or a keep mode (default salient). */
export const subjectSchema = z
  .object({
    point: z.tuple([z.number().min(0), z.number().min(0)]).optional(),
    box: z.tuple([z.number().min(0), z.number().min(0), z.number().positive(), z.number().positive()]).optional(),
    keep: z.enum(['salient', 'all']).default('salient'),
  })
  .strict();

/**
 * One edit, as a plain versioned document. The CLI's flags, the HTTP API body, the web editor's state and
 * a shared link (background part only) are all this shape.
 */
export const recipeSchema = z
  .object({
    version: z.literal(RECIPE_VERSION).default(RECIPE_VERSION),
    /** sha256 of the photo's bytes, when the recipe was made for a particular photo. */
    photo: z.string().regex(/^[0-9a-f]{64}$/).optional(),
    layout: layoutSchema.default(() => layoutSchema.parse({})),
    background: backgroundSchema.default(() => backgroundSchema.parse({})),
    subject: subjectSchema.default(() => subjectSchema.parse({})),
    compose: composeSchema.default(() => composeSchema.parse({})),
    label: labelSchema.default(() => labelSchema.parse({})),
    output: outputSchema.default(() => outputSchema.parse({})),
  })
  .strict();

export type Recipe = z.output<typeof recipeSchema>;
export type RecipeInput = z.input<typeof recipeSchema>;
