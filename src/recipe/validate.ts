import type { z } from 'zod';
import { ScenicError } from '../errors.js';
import { RECIPE_VERSION, recipeSchema, type Recipe } from './schema.js';

/**
 * Validates an edit recipe and fills in defaults. Unknown versions are refused, older ones migrated.
 * Fails with INVALID_RECIPE and a message that names the path: "At background.seed: expected int, received string".
 */
export function parseRecipe(input: unknown): Recipe {
  const migrated = migrateRecipe(input);
  const result = recipeSchema.safeParse(migrated);
  if (!result.success) throw new ScenicError('INVALID_RECIPE', formatIssues(result.error.issues));
  return result.data;
}

/** Brings an older recipe document forward to RECIPE_VERSION. Version 1 is the first, so nothing moves yet. */
export function migrateRecipe(input: unknown): unknown {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) return input;
  const version = (input as { version?: unknown }).version;
  if (version !== undefined && (typeof version !== 'number' || version > RECIPE_VERSION || version < 1)) {
    throw new ScenicError('INVALID_RECIPE', `At version: expected a recipe version from 1 to ${RECIPE_VERSION} but received ${JSON.stringify(version)}`);
  }
  return input;
}

export function formatIssues(issues: readonly z.core.$ZodIssue[]): string {
  return issues
    .slice(0, 5)
    .map((issue) => `At ${issue.path.length ? issue.path.join('.') : 'the top level'}: ${issue.message}`)
    .join('; ');
}
