import type { Rgb } from '../image/types.js';

export type TimeOfDay = 'dawn' | 'morning' | 'noon' | 'golden-hour' | 'sunset' | 'dusk' | 'blue-hour' | 'night';

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
}
