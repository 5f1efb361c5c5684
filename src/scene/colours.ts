import type { Rgb } from '../image/types.js';
import { CSS_COLOURS } from './css-colours.js';

const HEX = /^#?([0-9a-f]{3}|[0-9a-f]{6})$/i;

/** Parses `#rgb`, `#rrggbb` (with or without `#`) into an sRGB triple, or null. */
export function parseHex(text: string): Rgb | null {
  const m = HEX.exec(text.trim());
  if (!m) return null;
  let hex = m[1];
  if (hex.length === 3) hex = hex.replace(/./g, (c) => c + c);
  const n = Number.parseInt(hex, 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

export function toHex(rgb: Rgb): string {
  return `#${rgb.map((v) => Math.round(Math.min(255, Math.max(0, v))).toString(16).padStart(2, '0')).join('')}`;
}

/** Everyday colour words that are not CSS names, or whose CSS value is not what people mean. */
export const EVERYDAY_COLOURS: Readonly<Record<string, string>> = {
  rose: 'f4a6b8', blush: 'f6c1c7', peach: 'ffcba4', mint: 'a8e6cf', sage: 'b2c2a0', cream: 'fff5dc',
  sand: 'e6cfa4', mustard: 'e1ad01', emerald: '2ecc71', ruby: 'c0143c', sapphire: '0f52ba', amber: 'ffbf00',
  lilac: 'c8a2c8', mauve: 'b784a7', burgundy: '800020', champagne: 'f7e7ce', terracotta: 'e2725b',
  rust: 'b7410e', copper: 'b87333', bronze: 'cd7f32', charcoal: '36454f', ivory: 'fffff0', jade: '00a86b',
  cobalt: '0047ab', cerulean: '2a9df4', aqua: '3fd0d4', teal: '008080', magenta: 'e0218a', fuchsia: 'ff00a0',
  gold: 'e6b422', golden: 'e6b422', silver: 'c0c0c0', pink: 'ff8fb1', purple: '8e44ad', violet: '8f5bd6',
  orange: 'ff8c1a', yellow: 'ffd92e', green: '2faa4a', blue: '2f6fde', red: 'e0282e', white: 'ffffff',
  black: '0b0b0d', grey: '8c8c8c', gray: '8c8c8c', brown: '8b5a2b', navy: '1b2a5e', lavender: 'b9a7e8',
  turquoise: '30d5c8', coral: 'ff7f50', beige: 'e8dcc4', maroon: '800000', olive: '708238',
  cyan: '1fd1e6', salmon: 'fa8072', plum: '8e4585', wine: '722f37', cherry: 'd2042d', lemon: 'fff44f',
  lime: '9be22d', khaki: 'c3b091', taupe: '8b7d6b', nude: 'e3bc9a', caramel: 'c68e17', chocolate: '5c3317',
  espresso: '4b3621', mocha: '967259', latte: 'c8a27c', honey: 'f0b23c', apricot: 'fbceb1', tangerine: 'f28500',
  periwinkle: 'ccccff', indigo: '3f3fa8', ultramarine: '3f00ff', azure: '3a8ee6',
  seafoam: '93e9be', pistachio: '93c572', moss: '8a9a5b', pearl: 'f0eade',
  platinum: 'e5e4e2', onyx: '353839', ebony: '2b2b2b', obsidian: '1b1b1f', bone: 'e3dac9',
  sepia: '704214', ochre: 'cc7722', scarlet: 'ff2400', crimson: 'dc143c', vermilion: 'e34234', cerise: 'de3163',
};

/**
 * Looks up a colour word: everyday words first (so "pink" is the pink people mean), then the 148 CSS names,
 * then hex codes. Returns null for anything else.
 */
export function lookupColour(word: string): Rgb | null {
  const w = word.toLowerCase();
  const hex = EVERYDAY_COLOURS[w] ?? CSS_COLOURS[w];
  if (hex) return parseHex(hex);
  if (w.startsWith('#')) return parseHex(w);
  return null;
}
