import { z } from 'zod';
import { ScenicError } from '../errors.js';
import type { Rgb } from '../image/types.js';
import { parseHex } from './colours.js';
import { LEXICON } from './lexicon/index.js';
import { tokenize } from './normalise.js';
import { parsePrompt } from './plan.js';
import type { ScenePlan } from './plan-types.js';

const hex = z.string().regex(/^#?[0-9a-fA-F]{6}$/, 'expected a hex colour like #ff0066');

/** Style words a brand kit may name: every style concept's phrases ("minimal", "vintage film", ...). */
const STYLE_WORDS = new Map<string, string>();
for (const c of LEXICON) if (c.category === 'style') for (const p of c.phrases) STYLE_WORDS.set(tokenize(p).join(' '), c.id);

/**
 * A brand kit: a named palette, preferred styles and words to keep out of every background.
 * @example { "name": "Acme", "colours": ["#ff0066", "#1b2a5e"], "styles": ["minimal"], "avoid": ["neon", "confetti"] }
 */
export const brandKitSchema = z
  .object({
    name: z.string().min(1).max(80),
    colours: z.array(hex).min(1).max(8),
    styles: z
      .array(z.string().min(1).max(40))
      .max(8)
      .default([])
      .refine((list) => list.every((s) => STYLE_WORDS.has(tokenize(s).join(' '))), {
        message: `expected style words such as ${[...new Set(STYLE_WORDS.values())].slice(0, 12).join(', ')}`,
      }),
    avoid: z.array(z.string().min(1).max(60)).max(32).default([]),
  })
  .strict();

export type BrandKit = z.output<typeof brandKitSchema>;
export type BrandKitInput = z.input<typeof brandKitSchema>;

/**
 * Validates a brand kit (parsed JSON). Fails with INVALID_BRAND_KIT naming the path, e.g.
 * "Expected a hex colour like #ff0066 for colours.1 but received "red"".
 */
export function parseBrandKit(value: unknown): BrandKit {
  const result = brandKitSchema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const where = issue.path.length > 0 ? issue.path.join('.') : 'the brand kit';
  let received: unknown = value;
  for (const key of issue.path) received = received && typeof received === 'object' ? (received as Record<PropertyKey, unknown>)[key as PropertyKey] : undefined;
  throw new ScenicError('INVALID_BRAND_KIT', `Expected ${issue.message.replace(/^Invalid input: /, '').replace(/^expected /i, '')} for ${where} but received ${JSON.stringify(received)}`);
}

/** The parse options a kit turns into: its colours after the prompt's, its styles, its avoid-words. */
export function brandOptions(kit: BrandKit): { brandPalette: Rgb[]; brandStyles: string[]; avoid: string[]; brand: string } {
  return {
    brandPalette: kit.colours.map((h) => parseHex(h)!),
    brandStyles: kit.styles.map((s) => STYLE_WORDS.get(tokenize(s).join(' '))!),
    avoid: kit.avoid,
    brand: kit.name,
  };
}

/**
 * Reads a prompt under a brand kit: the kit's colours steer the palette (after any colours in the prompt),
 * its styles are added, and its avoid-words are removed from the plan (neither drawn nor reported as
 * not understood).
 *
 * @example planWithBrand('confetti party', kit).palette // the kit's colours
 */
export function planWithBrand(prompt: string, kit: BrandKit, extraPalette: Rgb[] = []): ScenePlan {
  const o = brandOptions(kit);
  return parsePrompt(prompt, { ...o, brandPalette: [...extraPalette, ...o.brandPalette] });
}
