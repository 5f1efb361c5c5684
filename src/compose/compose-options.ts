/** How strongly compose blends the subject into the scene. Every control is optional in a recipe. */
export interface ComposeOptions {
  /** Adapt exposure, white balance and contrast of the subject to the scene's light, 0..1. */
  harmonize: number;
  /** Background light bleeding over the subject's edges, 0..1. */
  lightWrap: number;
  /** Contact + cast shadow: 'auto' draws it for grounded subjects on real scenes only. */
  shadow: 'auto' | 'on' | 'off';
  /** Background blur by depth behind the subject, 0 (sharp) ..1 (strong portrait look). */
  depthOfField: number;
  /** Match the subject's noise to the background's: 'auto' adds grain when the scene is noisier. */
  grain: 'auto' | 'off';
}

/** Defaults chosen with `scenic eval harmonize` and by looking at `scenic compose-sheet` output. */
export const DEFAULT_COMPOSE: ComposeOptions = {
  harmonize: 0.8,
  lightWrap: 0.5,
  shadow: 'auto',
  depthOfField: 0.35,
  grain: 'auto',
};

/** Compose that changes nothing but the plain linear-light "over" (for before/after comparisons). */
export const PLAIN_COMPOSE: ComposeOptions = { harmonize: 0, lightWrap: 0, shadow: 'off', depthOfField: 0, grain: 'off' };

const NUMERIC = ['harmonize', 'lightWrap', 'depthOfField'] as const;
const ALIASES: Record<string, keyof ComposeOptions> = {
  harmonize: 'harmonize', lightwrap: 'lightWrap', 'light-wrap': 'lightWrap', wrap: 'lightWrap',
  shadow: 'shadow', depthoffield: 'depthOfField', 'depth-of-field': 'depthOfField', dof: 'depthOfField', grain: 'grain',
};

/**
 * Parses a command-line compose spec like "harmonize=0.5,shadow=off,dof=0" into options; returns a
 * message naming the bad part instead when it does not parse. The word "off" alone turns everything off.
 *
 * @example parseComposeSpec('dof=0.6,grain=off') // { depthOfField: 0.6, grain: 'off' }
 */
export function parseComposeSpec(text: string): Partial<ComposeOptions> | string {
  if (text.trim() === 'off' || text.trim() === 'plain') return { ...PLAIN_COMPOSE };
  const out: Partial<ComposeOptions> = {};
  for (const part of text.split(',').map((p) => p.trim()).filter(Boolean)) {
    const [rawKey, value = ''] = part.split('=').map((p) => p.trim());
    const key = ALIASES[rawKey.toLowerCase()];
    if (!key) return `a known control (harmonize, lightWrap, shadow, depthOfField, grain) instead of "${rawKey}"`;
    if ((NUMERIC as readonly string[]).includes(key)) {
      const n = Number(value);
      if (value === '' || !Number.isFinite(n) || n < 0 || n > 1) return `a number between 0 and 1 for ${key} instead of "${value}"`;
      (out as Record<string, number>)[key] = n;
    } else if (key === 'shadow') {
      if (!['auto', 'on', 'off'].includes(value)) return `auto, on or off for shadow instead of "${value}"`;
      out.shadow = value as ComposeOptions['shadow'];
    } else {
      if (!['auto', 'off'].includes(value)) return `auto or off for grain instead of "${value}"`;
      out.grain = value as ComposeOptions['grain'];
    }
  }
  return out;
}
