import type { TimeOfDay, Weather } from '../plan-types.js';

export type ConceptCategory =
  | 'light'
  | 'weather'
  | 'celestial'
  | 'place'
  | 'interior'
  | 'celebration'
  | 'abstract'
  | 'colour'
  | 'style'
  | 'composition';

/**
 * One thing the engine understands. `phrases` are lower-case word sequences; plurals and simple inflections
 * ("balloons", "snowing", "rainy") are matched by the parser's normaliser, so only list real synonyms.
 * `element` names what the renderer draws (several concepts may share one, told apart by `variant`/`tint`).
 */
export interface Concept {
  id: string;
  category: ConceptCategory;
  phrases: string[];
  element?: string;
  variant?: string;
  /** A colour the concept brings with it (sRGB hex), e.g. lavender fields are purple. */
  tint?: string;
  /** Sets the time of day. */
  time?: TimeOfDay;
  /** Suggests a time of day when the prompt names none (fireworks happen at night). */
  defaultTime?: TimeOfDay;
  weather?: Weather;
  /** Style ids the concept adds, e.g. 'pastel'. */
  styles?: string[];
  /** Other concept ids this one implies ("tropical beach" brings palms). */
  implies?: string[];
}

/** Compact constructor: phrases separated by '|'. */
export function concept(id: string, category: ConceptCategory, phrases: string, extra: Omit<Concept, 'id' | 'category' | 'phrases'> = {}): Concept {
  return { id, category, phrases: phrases.split('|').map((p) => p.trim()).filter(Boolean), ...extra };
}
