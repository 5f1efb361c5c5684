import type { Rgb } from '../image/types.js';
import { lookupColour } from './colours.js';
import type { ScenePlan, TimeOfDay, UnderstoodTerm } from './plan-types.js';

interface Concept {
  id: string;
  category: string;
  /** Phrases (lower case, single spaces) that name the concept; the longest match wins. */
  phrases: string[];
  timeOfDay?: TimeOfDay;
}

const CONCEPTS: Concept[] = [
  { id: 'dawn', category: 'light', phrases: ['dawn', 'sunrise', 'daybreak', 'first light'], timeOfDay: 'dawn' },
  { id: 'morning', category: 'light', phrases: ['morning'], timeOfDay: 'morning' },
  { id: 'noon', category: 'light', phrases: ['noon', 'midday', 'daytime', 'day', 'sunny', 'blue sky'], timeOfDay: 'noon' },
  { id: 'golden-hour', category: 'light', phrases: ['golden hour', 'magic hour', 'late afternoon', 'afternoon'], timeOfDay: 'golden-hour' },
  { id: 'sunset', category: 'light', phrases: ['sunset', 'sundown', 'sunsets', 'evening'], timeOfDay: 'sunset' },
  { id: 'dusk', category: 'light', phrases: ['dusk', 'twilight'], timeOfDay: 'dusk' },
  { id: 'night', category: 'light', phrases: ['night', 'nighttime', 'midnight', 'starry night', 'at night'], timeOfDay: 'night' },
  { id: 'sky', category: 'sky', phrases: ['sky', 'skies'] },
  { id: 'ocean', category: 'place', phrases: ['ocean', 'oceans', 'sea', 'seas', 'seaside', 'waves', 'water'] },
  { id: 'beach', category: 'place', phrases: ['beach', 'beaches', 'shore', 'coast', 'sand', 'sandy beach', 'tropical beach'] },
  { id: 'gradient', category: 'abstract', phrases: ['gradient', 'gradients', 'ombre', 'fade', 'linear gradient'] },
  { id: 'radial-gradient', category: 'abstract', phrases: ['radial gradient', 'radial', 'glow'] },
  { id: 'solid', category: 'abstract', phrases: ['solid', 'plain', 'flat colour', 'flat color', 'backdrop'] },
];

/** Words that carry no scene meaning; they are neither understood nor reported as not understood. */
const FILLER = new Set(
  'a an the and or with of in on at over under by to into from for behind background backdrop scene view some very really please me my our lots lot nice beautiful pretty bright light dark soft'.split(' '),
);

const PHRASES: Array<{ words: string[]; concept: Concept }> = CONCEPTS.flatMap((concept) =>
  concept.phrases.map((p) => ({ words: p.split(' '), concept })),
).sort((a, b) => b.words.length - a.words.length);

function tokenize(prompt: string): string[] {
  return prompt
    .toLowerCase()
    .replace(/[^\p{L}\p{N}#\s-]/gu, ' ')
    .split(/[\s-]+/)
    .filter(Boolean);
}

/**
 * Reads a prompt into a scene plan: which concepts, colours and time of day it asks for, and which words
 * matched nothing. Pure and deterministic.
 *
 * @example parsePrompt('sunset over the ocean') // concepts ['sunset', 'ocean'], timeOfDay 'sunset'
 */
export function parsePrompt(prompt: string, options: { brandPalette?: Rgb[] } = {}): ScenePlan {
  const tokens = tokenize(prompt);
  const understood: UnderstoodTerm[] = [];
  const notUnderstood: string[] = [];
  const concepts: string[] = [];
  const palette: Rgb[] = [];
  let timeOfDay: TimeOfDay | undefined;

  for (let i = 0; i < tokens.length; ) {
    const match = PHRASES.find((p) => p.words.every((w, k) => tokens[i + k] === w));
    if (match) {
      const text = match.words.join(' ');
      understood.push({ text, concept: match.concept.id, category: match.concept.category });
      if (!concepts.includes(match.concept.id)) concepts.push(match.concept.id);
      if (match.concept.timeOfDay && !timeOfDay) timeOfDay = match.concept.timeOfDay;
      i += match.words.length;
      continue;
    }
    const token = tokens[i];
    const colour = lookupColour(token);
    if (colour) {
      understood.push({ text: token, concept: 'colour', category: 'colour' });
      palette.push(colour);
    } else if (!FILLER.has(token)) {
      notUnderstood.push(token);
    }
    i++;
  }
  for (const c of options.brandPalette ?? []) palette.push(c);
  if (palette.length > 0 && concepts.length === 0) concepts.push('gradient');
  return {
    version: 1,
    prompt,
    concepts,
    understood,
    notUnderstood,
    palette,
    timeOfDay,
    styles: [],
    fallback: understood.length === 0,
  };
}
