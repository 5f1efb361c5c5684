import { deltaE } from '../image/color.js';
import type { Rgb } from '../image/types.js';
import type { ScenePlan, TimeOfDay } from '../scene/plan-types.js';

/** What a diffusion backend is asked to draw, and what to keep out. */
export interface DiffusionPrompt {
  prompt: string;
  negativePrompt: string;
}

export interface DiffusionPromptOptions {
  /** The user's own negative prompt: it replaces the default one entirely. */
  negativePrompt?: string;
}

/**
 * What the default negative prompt keeps out of a background. Each entry lists the words that, when the user
 * asks for them, drop it (the user's own words win: "a crowd of fans" must not be fought by "crowd").
 */
const DEFAULT_NEGATIVE: ReadonlyArray<{ term: string; unless: RegExp }> = [
  { term: 'people', unless: PEOPLE_RE() },
  { term: 'person', unless: PEOPLE_RE() },
  { term: 'crowd', unless: PEOPLE_RE() },
  { term: 'text', unless: /\b(text|sign|signs|lettering|words|neon sign|billboard|poster)\b/ },
  { term: 'watermark', unless: /\bwatermark/ },
  { term: 'logo', unless: /\blogos?\b/ },
  { term: 'blurry', unless: /\b(blur|blurry|blurred|bokeh|out of focus|dreamy)\b/ },
  { term: 'low quality', unless: /$^/ },
  { term: 'jpeg artifacts', unless: /$^/ },
  { term: 'distorted', unless: /\b(distorted|surreal|abstract)\b/ },
  { term: 'deformed', unless: /$^/ },
];

function PEOPLE_RE(): RegExp {
  return /\b(people|person|persons|crowd|crowds|audience|fans|friends|family|man|men|woman|women|kids|children|child|boy|girl|couple|guests|paparazzi|photographers|dancers|party|festival|concert)\b/;
}

/** Words that mean the user wants things in the scene: then "empty background" would contradict them. */
const POPULATED_RE = /\b(surrounded|crowd|crowded|busy|full of|filled with|lots of|many|puppies|puppy|dogs|cats|kittens|animals|birds|balloons|confetti)\b/;

const TIME_PHRASES: Record<TimeOfDay, string> = {
  dawn: 'at dawn, soft early light',
  morning: 'in the morning, fresh daylight',
  noon: 'at midday, bright daylight',
  'golden-hour': 'at golden hour, warm low sun',
  sunset: 'at sunset, warm glowing sky',
  dusk: 'at dusk, fading twilight',
  'blue-hour': 'at blue hour, deep blue twilight',
  night: 'at night',
};

/** Plain colour names a diffusion text encoder knows well; palette colours are described by the nearest one. */
const NAMED: ReadonlyArray<readonly [string, Rgb]> = [
  ['red', [220, 40, 46]], ['crimson', [160, 20, 50]], ['orange', [255, 140, 26]], ['gold', [230, 180, 34]],
  ['yellow', [255, 217, 46]], ['olive', [112, 130, 56]], ['green', [47, 170, 74]], ['mint', [168, 230, 207]],
  ['teal', [0, 128, 128]], ['turquoise', [48, 213, 200]], ['sky blue', [135, 206, 235]], ['blue', [47, 111, 222]],
  ['navy', [27, 42, 94]], ['purple', [142, 68, 173]], ['lavender', [185, 167, 232]], ['magenta', [224, 33, 138]],
  ['pink', [255, 143, 177]], ['peach', [255, 203, 164]], ['brown', [139, 90, 43]], ['beige', [232, 220, 196]],
  ['white', [250, 250, 250]], ['grey', [140, 140, 140]], ['charcoal', [54, 69, 79]], ['black', [11, 11, 13]],
];

/** The nearest plain colour name for an sRGB colour (CIE76 ΔE), e.g. [250, 0, 100] → "magenta". */
export function colourName(rgb: Rgb): string {
  let best = NAMED[0];
  let bestD = Infinity;
  for (const entry of NAMED) {
    const d = deltaE(rgb, entry[1]);
    if (d < bestD) [best, bestD] = [entry, d];
  }
  return best[0];
}

/**
 * Builds the prompt a diffusion model gets for a background from the scene plan (which already carries the
 * brand kit's colours in `palette`). The user's words come first and are never rewritten; scenic only adds
 * what they did not say: the time of day's light, the palette as colour names, and "empty background, no
 * people" unless the prompt asks for a populated scene. The default negative prompt drops any term the user
 * asked for; a negative prompt of the user's own replaces it.
 *
 * @example
 * buildDiffusionPrompt(parsePrompt('on a red carpet in Cannes'))
 * // → { prompt: 'on a red carpet in Cannes, red colour palette, photographic background, ..., empty background, no people',
 * //     negativePrompt: 'people, person, crowd, text, watermark, ...' }
 */
export function buildDiffusionPrompt(plan: ScenePlan, options: DiffusionPromptOptions = {}): DiffusionPrompt {
  const words = plan.prompt.trim();
  const lower = words.toLowerCase();
  const parts: string[] = [];
  if (words) parts.push(words);
  if (plan.timeOfDay && !lower.includes(plan.timeOfDay.replace('-', ' '))) {
    const phrase = TIME_PHRASES[plan.timeOfDay];
    if (!plan.understood.some((u) => u.category === 'light' && phrase.includes(u.text))) parts.push(phrase);
  }
  const names = [...new Set(plan.palette.map(colourName))].filter((n) => !new RegExp(`\\b${n}\\b`).test(lower));
  if (names.length) parts.push(`${names.slice(0, 4).join(' and ')} colour palette`);
  for (const s of plan.styles) if (!lower.includes(s)) parts.push(s);
  parts.push('photographic background, detailed, natural light, high quality');
  const populated = POPULATED_RE.test(lower);
  const wantsPeople = PEOPLE_RE().test(lower);
  if (!populated) parts.push('empty background');
  if (!wantsPeople) parts.push('no people');
  const negativePrompt = options.negativePrompt?.trim()
    ? options.negativePrompt.trim()
    : DEFAULT_NEGATIVE.filter((n) => !n.unless.test(lower)).map((n) => n.term).join(', ');
  return { prompt: parts.join(', '), negativePrompt };
}
