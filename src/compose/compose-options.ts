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
