import { ABSTRACT } from './abstract.js';
import { CELEBRATIONS } from './celebrations.js';
import { colourConcepts } from './colour-words.js';
import { INTERIORS } from './interiors.js';
import { PLACES } from './places.js';
import { CELESTIAL, LIGHT, WEATHER } from './sky.js';
import { COMPOSITION, STYLES } from './style.js';
import type { Concept } from './types.js';

export type { Concept, ConceptCategory } from './types.js';
export { MULTI_WORD_COLOURS } from './colour-words.js';

/** Every concept the engine understands, scene words first (they win ties against colour names like "sand"). */
const SCENE: Concept[] = [...LIGHT, ...WEATHER, ...CELESTIAL, ...PLACES, ...INTERIORS, ...CELEBRATIONS, ...ABSTRACT, ...STYLES, ...COMPOSITION];
export const LEXICON: readonly Concept[] = [...SCENE, ...colourConcepts(new Set(SCENE.flatMap((c) => c.phrases)))];

const BY_ID = new Map<string, Concept>();
for (const c of LEXICON) {
  if (BY_ID.has(c.id)) throw new Error(`Duplicate concept id ${c.id}`);
  BY_ID.set(c.id, c);
}

/** The concept with this id, or undefined (e.g. for ids written by an older parser). */
export function conceptById(id: string): Concept | undefined {
  return BY_ID.get(id);
}
