import { CSS_COLOURS } from '../css-colours.js';
import { EVERYDAY_COLOURS } from '../colours.js';
import { concept as c, type Concept } from './types.js';

/** Colour names people type as two words; the value is what they usually mean (sRGB hex). */
export const MULTI_WORD_COLOURS: Readonly<Record<string, string>> = {
  'sky blue': '87ceeb', 'baby blue': '9fcdf0', 'powder blue': 'b0e0e6', 'navy blue': '1b2a5e', 'royal blue': '4169e1',
  'electric blue': '2a6bff', 'ice blue': 'cfe8f7', 'midnight blue': '191970', 'steel blue': '4682b4', 'ocean blue': '1f6fa8',
  'hot pink': 'ff4fa3', 'baby pink': 'f8c8dc', 'dusty pink': 'd8a7a7', 'dusty rose': 'c9a0a0', 'rose gold': 'e8b4a0',
  'blush pink': 'f6c1c7', 'bubblegum pink': 'ff8fc8', 'millennial pink': 'f3cfc6', 'neon pink': 'ff2fb4',
  'forest green': '228b22', 'sea green': '2e8b57', 'lime green': '32cd32', 'mint green': '98e8c1', 'olive green': '708238',
  'emerald green': '2ecc71', 'sage green': 'a3b18a', 'bottle green': '0b5d3b', 'neon green': '39ff14', 'pastel green': 'b9f0c0',
  'off white': 'f5f3ee', 'pure white': 'ffffff', 'jet black': '0a0a0a', 'pitch black': '050505',
  'slate grey': '708090', 'slate gray': '708090', 'light grey': 'd3d3d3', 'light gray': 'd3d3d3', 'dark grey': '4a4a4a', 'dark gray': '4a4a4a',
  'blood red': '8a0303', 'cherry red': 'd2042d', 'wine red': '722f37', 'brick red': 'a8432d', 'fire red': 'e8261c',
  'sunshine yellow': 'ffe135', 'lemon yellow': 'fff44f', 'mustard yellow': 'e1ad01', 'butter yellow': 'fff1a6',
  'burnt orange': 'cc5500', 'sunset orange': 'fd5e53', 'baby purple': 'cbb4e8', 'royal purple': '6a2fa0', 'deep purple': '4b1a7a',
  'lavender purple': '9b7fd4', 'dusty blue': '8aa4bf', 'teal blue': '367588', 'pastel pink': 'ffd1dc', 'pastel blue': 'aec6e8',
  'pastel purple': 'cdb4e8', 'pastel yellow': 'fdfd96', 'pastel orange': 'ffc998', 'powder pink': 'f5c9d4',
};

/**
 * Every colour name as a concept (category 'colour'); the parser turns a match into a palette entry.
 * Names that a scene word already owns ("sand", "snow", "wheat") are left out: the scene word wins there,
 * and a colour concept nobody can reach would only pretend to be understood.
 */
export function colourConcepts(sceneWords: ReadonlySet<string>): Concept[] {
  const seen = new Set<string>();
  const out: Concept[] = [];
  for (const [name, hex] of [...Object.entries(MULTI_WORD_COLOURS), ...Object.entries(EVERYDAY_COLOURS), ...Object.entries(CSS_COLOURS)]) {
    const grey = name.replace('gray', 'grey');
    if (seen.has(name) || seen.has(grey) || sceneWords.has(name)) continue;
    seen.add(name);
    const phrases = [name];
    if (name.includes('grey')) phrases.push(name.replace('grey', 'gray'));
    out.push(c(`colour:${name}`, 'colour', phrases.join('|'), { tint: `#${hex}` }));
  }
  return out;
}
