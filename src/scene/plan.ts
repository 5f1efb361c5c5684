import { clamp, hslToRgb, rgbToHsl } from '../image/color.js';
import type { Rgb } from '../image/types.js';
import { parseHex } from './colours.js';
import { LEXICON, conceptById, type Concept } from './lexicon/index.js';
import { tokenize, wordForms } from './normalise.js';
import type { BackendSuggestion, Composition, ScenePlan, TimeOfDay, UnderstoodTerm, Weather } from './plan-types.js';

/** Words that carry no scene meaning; they are neither understood nor reported as not understood. */
const FILLER = new Set(
  `a an the and or with of in on at over under by to into from for behind background backgrounds backdrop scene
  scenery view some very really please me my our your lots lot nice beautiful pretty gorgeous stunning amazing
  like style styled vibe ish image photo picture pic story stories insta post is are it its this that these
  those i want just add put place set something kind sort everywhere all around through while during between
  colour color colours colors tone tones shade shades hue hues filled full covered lit light super extra more
  much many few lovely cool-looking look looking looks feel feeling feels mood type theme themed setting inside
  outside under above below near-by have has having be being as so too also but not no`.split(/\s+/).filter(Boolean),
);

/** Modifiers that change the colour word after them. */
const COLOUR_MODIFIERS = new Map<string, (rgb: Rgb) => Rgb>(Object.entries({
  light: (c: Rgb) => shiftLightness(c, (l) => l + (1 - l) * 0.4),
  pale: (c: Rgb) => shiftLightness(c, (l) => l + (1 - l) * 0.5, 0.7),
  soft: (c: Rgb) => shiftLightness(c, (l) => l + (1 - l) * 0.3, 0.8),
  dark: (c: Rgb) => shiftLightness(c, (l) => l * 0.6),
  deep: (c: Rgb) => shiftLightness(c, (l) => l * 0.75, 1.1),
  bright: (c: Rgb) => shiftLightness(c, (l) => l, 1.25),
  dusty: (c: Rgb) => shiftLightness(c, (l) => l, 0.55),
  muted: (c: Rgb) => shiftLightness(c, (l) => l, 0.5),
}));

/** Backends that draw what a procedural engine cannot (names as the registry will know them). */
export const DIFFUSION_BACKENDS = ['onnx-sd', 'comfyui', 'a1111', 'openai', 'stability', 'replicate'];

interface Phrase {
  words: string[];
  concept: Concept;
  order: number;
}

const PHRASES: Phrase[] = LEXICON.flatMap((concept, order) =>
  concept.phrases.map((p) => ({ words: tokenize(p), concept, order })),
)
  .filter((p) => p.words.length > 0)
  // Longest phrase first; among equals, the lexicon's order (scene words before colour names).
  .sort((a, b) => b.words.length - a.words.length || a.order - b.order);

const BY_FIRST_WORD = new Map<string, Phrase[]>();
for (const p of PHRASES) {
  const list = BY_FIRST_WORD.get(p.words[0]) ?? [];
  list.push(p);
  BY_FIRST_WORD.set(p.words[0], list);
}

export interface ParseOptions {
  /** Colours from a brand kit, appended after the prompt's own colours. */
  brandPalette?: Rgb[];
  /** Styles from a brand kit, added after the prompt's own. */
  brandStyles?: string[];
  /** Words (as typed or concept ids) that must not end up in the plan. */
  avoid?: string[];
  /** Brand kit name, recorded in the plan. */
  brand?: string;
}

/**
 * Reads a prompt into a scene plan: which concepts, colours, time of day, weather, styles and composition it
 * asks for, and which words matched nothing. Pure and deterministic. Plurals and simple inflections match
 * ("balloons", "snowing", "foggy"); colour words take modifiers ("pale pink", "deep purple"); hex codes work.
 *
 * `fallback` is true when no scene word was understood (only colours, or nothing): the renderer then draws a
 * tasteful gradient in any colours found. `suggestion` names diffusion backends for the words it cannot draw.
 *
 * @example parsePrompt('pink and gold confetti at night') // palette [pink, gold], concepts ['confetti', 'night']
 */
export function parsePrompt(prompt: string, options: ParseOptions = {}): ScenePlan {
  const tokens = tokenize(prompt);
  const forms = tokens.map(wordForms);
  // Avoid entries match concept ids ("golden-hour"), phrases as typed ("golden hour") or single words.
  const avoid = new Set((options.avoid ?? []).flatMap((w) => [w.trim().toLowerCase(), tokenize(w).join(' ')]));
  const understood: UnderstoodTerm[] = [];
  const notUnderstood: string[] = [];
  const concepts: string[] = [];
  const palette: Rgb[] = [];
  const styles: string[] = [];
  const composition: Composition = {};
  let timeOfDay: TimeOfDay | undefined;
  let defaultTime: TimeOfDay | undefined;
  let weather: Weather | undefined;

  const addConcept = (c: Concept, depth = 0): void => {
    if (avoid.has(c.id) || concepts.includes(c.id) || depth > 3) return;
    concepts.push(c.id);
    if (c.time && !timeOfDay) timeOfDay = c.time;
    if (c.defaultTime && !defaultTime) defaultTime = c.defaultTime;
    if (c.weather && !weather) weather = c.weather;
    for (const s of c.styles ?? []) if (!styles.includes(s) && !avoid.has(s)) styles.push(s);
    applyComposition(c.id, composition);
    for (const id of c.implies ?? []) {
      const implied = conceptById(id);
      if (implied) addConcept(implied, depth + 1);
    }
  };

  for (let i = 0; i < tokens.length; ) {
    const match = matchAt(forms, i);
    // "light blue" as a named colour ("dusty pink", "deep purple") wins over modifier + colour.
    const modifier = match && match.words.length > 1 ? undefined : COLOUR_MODIFIERS.get(tokens[i]);
    const afterModifier = modifier ? matchAt(forms, i + 1) : undefined;
    if (modifier && afterModifier?.concept.category === 'colour') {
      const text = tokens.slice(i, i + 1 + afterModifier.words.length).join(' ');
      i += 1 + afterModifier.words.length;
      if (avoid.has(text) || avoid.has(afterModifier.words.join(' '))) continue;
      understood.push({ text, concept: afterModifier.concept.id, category: 'colour' });
      palette.push(modifier(parseHex(afterModifier.concept.tint!)!));
      continue;
    }
    if (match) {
      const text = tokens.slice(i, i + match.words.length).join(' ');
      i += match.words.length;
      if (avoid.has(text) || avoid.has(match.concept.id)) continue;
      understood.push({ text, concept: match.concept.id, category: match.concept.category });
      if (match.concept.category === 'colour') palette.push(parseHex(match.concept.tint!)!);
      else addConcept(match.concept);
      continue;
    }
    const token = tokens[i++];
    const hex = token.startsWith('#') ? parseHex(token) : null;
    if (hex) {
      if (!avoid.has(token)) {
        understood.push({ text: token, concept: 'colour:hex', category: 'colour' });
        palette.push(hex);
      }
    } else if (!FILLER.has(token) && !/^\d+$/.test(token) && !avoid.has(token)) {
      notUnderstood.push(token);
    }
  }

  for (const s of options.brandStyles ?? []) {
    const c = conceptById(s);
    if (c && c.category === 'style') addConcept(c);
    else if (!styles.includes(s) && !avoid.has(s)) styles.push(s);
  }
  for (const c of options.brandPalette ?? []) palette.push(c);
  const sceneUnderstood = understood.some((u) => u.category !== 'colour');
  const plan: ScenePlan = {
    version: 1,
    prompt,
    concepts,
    understood,
    notUnderstood,
    palette,
    timeOfDay: timeOfDay ?? defaultTime,
    styles,
    fallback: !sceneUnderstood && (understood.length === 0 || notUnderstood.length > 0),
  };
  if (weather) plan.weather = weather;
  if (Object.keys(composition).length > 0) plan.composition = composition;
  if (notUnderstood.length > 0) plan.suggestion = suggestFor(notUnderstood);
  if (options.brand) plan.brand = options.brand;
  // Avoided things stay out even when another word implies them ("party" draws confetti).
  const avoided = LEXICON.filter((c) => c.category !== 'colour' && (avoid.has(c.id) || c.phrases.some((p) => avoid.has(tokenize(p).join(' '))))).map((c) => c.id);
  if (avoided.length > 0) plan.avoided = avoided;
  return plan;
}

function matchAt(forms: string[][], i: number): Phrase | undefined {
  if (i >= forms.length) return undefined;
  for (const first of forms[i]) {
    const candidates = BY_FIRST_WORD.get(first);
    if (!candidates) continue;
    for (const p of candidates) {
      if (i + p.words.length > forms.length) continue;
      if (p.words.every((w, k) => k === 0 || forms[i + k].includes(w))) return p;
    }
  }
  return undefined;
}

function applyComposition(id: string, c: Composition): void {
  if (id === 'horizon-low') c.horizon = 'low';
  else if (id === 'horizon-high') c.horizon = 'high';
  else if (id === 'on-the-left') c.focus = 'left';
  else if (id === 'on-the-right') c.focus = 'right';
  else if (id === 'centered') c.focus = 'center';
  else if (id === 'close') c.distance = 'close';
  else if (id === 'far') c.distance = 'far';
  else if (id === 'blurred') c.blur = true;
  else if (id === 'sharp') c.sharp = true;
}

function suggestFor(words: string[]): BackendSuggestion {
  const list = words.map((w) => `"${w}"`).join(', ');
  return {
    words,
    backends: DIFFUSION_BACKENDS,
    message: `The built-in procedural engine cannot draw ${list}; a diffusion backend (${DIFFUSION_BACKENDS.join(', ')}) can draw them.`,
  };
}

function shiftLightness(c: Rgb, lightness: (l: number) => number, saturation = 1): Rgb {
  const [h, s, l] = rgbToHsl(c);
  const [r, g, b] = hslToRgb(h, clamp(s * saturation, 0, 1), clamp(lightness(l), 0.03, 0.97));
  return [Math.round(r), Math.round(g), Math.round(b)];
}
