import type { Rgb } from '../../image/types.js';
import { parseHex } from '../../scene/colours.js';
import { conceptById } from '../../scene/lexicon/index.js';
import type { Composition, ScenePlan, TimeOfDay, Weather } from '../../scene/plan-types.js';

export type Setting = 'outdoor' | 'space' | 'interior' | 'abstract';

export interface ElementSpec {
  variant?: string;
  tint?: Rgb;
}

/** A plan resolved into what to draw: one setting, its elements, the light and the colours. */
export interface SceneSpec {
  setting: Setting;
  time: TimeOfDay;
  weather: Weather;
  elements: Map<string, ElementSpec>;
  /** Colours the person asked for (prompt, then brand kit). */
  palette: Rgb[];
  /** Colours that concepts bring with them (lavender fields, gold for new year), in plan order. */
  accents: Rgb[];
  /** An occasion's colour for the sky when no palette was given (Halloween orange, Valentine's pink). */
  skyTint?: Rgb;
  styles: Set<string>;
  composition: Composition;
  fallback: boolean;
}

const INTERIOR = new Set(['studio', 'wall', 'floor', 'curtains', 'red-carpet', 'stage', 'neon-sign', 'club', 'cafe', 'cozy', 'window', 'spotlights', 'disco-ball']);
const OUTDOOR = new Set([
  'sky', 'sun', 'moon', 'stars', 'milky-way', 'nebula', 'aurora', 'rainbow', 'planet', 'shooting-stars', 'lightning', 'rays', 'flare',
  'water', 'beach', 'waterfall', 'mountains', 'hills', 'dunes', 'cliffs', 'island', 'trees', 'palms', 'field', 'park', 'garden',
  'skyline', 'neon-street', 'road', 'rooftop', 'bridge', 'lighthouse', 'streaks',
]);

/**
 * Resolves a plan: concept ids become elements (first mention wins a variant), the setting is chosen
 * (space > interior > outdoor > abstract), and time and weather get their defaults.
 */
export function resolveSpec(plan: ScenePlan): SceneSpec {
  const elements = new Map<string, ElementSpec>();
  const accents: Rgb[] = [];
  let skyTint: Rgb | undefined;
  const banned = new Set((plan.avoided ?? []).map((id) => conceptById(id)?.element).filter(Boolean));
  for (const id of plan.concepts) {
    const c = conceptById(id);
    if (!c || (c.element && banned.has(c.element))) continue;
    const tint = c.tint ? parseHex(c.tint) ?? undefined : undefined;
    if (tint && c.category !== 'colour') accents.push(tint);
    if (tint && c.category === 'celebration' && !skyTint) skyTint = tint;
    if (!c.element) continue;
    const prev = elements.get(c.element);
    if (!prev) elements.set(c.element, { variant: c.variant, tint });
    else {
      // "forest" then "pine forest": keep the more specific look when the first had none.
      if (!prev.variant && c.variant) prev.variant = c.variant;
      if (!prev.tint && tint) prev.tint = tint;
    }
  }
  const has = (set: Set<string>) => [...elements.keys()].some((e) => set.has(e));
  let setting: Setting;
  if (elements.has('space')) setting = 'space';
  else if (has(INTERIOR)) setting = 'interior';
  else if (has(OUTDOOR) || plan.timeOfDay !== undefined || plan.weather !== undefined) setting = 'outdoor';
  else setting = 'abstract';
  let weather: Weather = plan.weather ?? 'clear';
  if (!plan.weather && setting === 'outdoor' && elements.has('snowflakes')) weather = 'snow';
  return {
    setting,
    time: plan.timeOfDay ?? 'noon',
    weather,
    elements,
    palette: [...plan.palette],
    accents,
    ...(skyTint ? { skyTint } : {}),
    styles: new Set(plan.styles),
    composition: plan.composition ?? {},
    fallback: plan.fallback,
  };
}
