import type { Rgb } from '../image/types.js';

export type TimeOfDay = 'dawn' | 'morning' | 'noon' | 'golden-hour' | 'sunset' | 'dusk' | 'blue-hour' | 'night';

export type Weather = 'clear' | 'cloudy' | 'overcast' | 'stormy' | 'foggy' | 'rain' | 'snow';

/** Where things sit and how they are seen; every field optional (absent = the renderer's default). */
export interface Composition {
  horizon?: 'low' | 'high';
  focus?: 'left' | 'right' | 'center';
  distance?: 'close' | 'far';
  /** Blur the background as a shallow depth of field would. */
  blur?: boolean;
  /** Crisp detail asked for ("sharp", "hdr"). */
  sharp?: boolean;
}

/** Advice for words the procedural engine cannot draw: which kind of backend could. */
export interface BackendSuggestion {
  /** The words the built-in engine could not draw. */
  words: string[];
  /** Backend names that draw arbitrary subjects from text (diffusion models). */
  backends: string[];
  message: string;
}

/** One piece of the prompt the engine recognised: the words as typed and the concept they map to. */
export interface UnderstoodTerm {
  text: string;
  concept: string;
  category: string;
}

/**
 * What a prompt asked for, as data: the contract between scene (the parser) and the backends (renderers).
 * New concepts extend `concepts`; the shape stays the same.
 */
export interface ScenePlan {
  version: 1;
  prompt: string;
  /** Concept ids the renderer should draw, e.g. 'ocean', 'gradient', 'stars'. */
  concepts: string[];
  understood: UnderstoodTerm[];
  /** Words (after dropping filler like "a", "with", "background") that matched nothing. */
  notUnderstood: string[];
  /** Colours asked for, in the order they appeared (names, hex codes, brand kit). */
  palette: Rgb[];
  timeOfDay?: TimeOfDay;
  /** Mood and style words: 'dreamy', 'moody', 'pastel', ... */
  styles: string[];
  /** True when nothing in the prompt was understood and a tasteful default is drawn instead. */
  fallback: boolean;
  weather?: Weather;
  composition?: Composition;
  /** Present when some words could not be drawn by the procedural engine. */
  suggestion?: BackendSuggestion;
  /** Brand kit name, when one steered the plan. */
  brand?: string;
  /** Concept ids a brand kit keeps out: renderers must not draw their elements even when implied. */
  avoided?: string[];
}
