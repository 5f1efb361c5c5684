import { describe, expect, it } from 'vitest';
import { LEXICON } from './lexicon/index.js';
import { tokenize } from './normalise.js';
import { parsePrompt } from './plan.js';

describe('lexicon', () => {
  it('holds at least 300 concepts across every category', () => {
    expect(LEXICON.length).toBeGreaterThanOrEqual(300);
    const categories = new Set(LEXICON.map((c) => c.category));
    for (const cat of ['light', 'weather', 'celestial', 'place', 'interior', 'celebration', 'abstract', 'colour', 'style', 'composition']) {
      expect(categories.has(cat as never), cat).toBe(true);
    }
    expect(LEXICON.filter((c) => c.category !== 'colour').length).toBeGreaterThanOrEqual(150);
  });

  it('no phrase names two concepts', () => {
    const owner = new Map<string, string>();
    for (const c of LEXICON) {
      for (const p of c.phrases) {
        const key = tokenize(p).join(' ');
        const prev = owner.get(key);
        if (prev && prev !== c.id && c.category !== 'colour') expect.fail(`"${key}" names both ${prev} and ${c.id}`);
        if (!prev) owner.set(key, c.id);
      }
    }
  });

  it('every phrase of every non-colour concept parses back to that concept', () => {
    for (const c of LEXICON) {
      if (c.category === 'colour') continue;
      for (const phrase of c.phrases) {
        const plan = parsePrompt(phrase);
        expect(plan.understood.map((u) => u.concept), `"${phrase}" → ${c.id}`).toContain(c.id);
      }
    }
  });
});

describe('parsePrompt', () => {
  const cases: Array<{ prompt: string; concepts?: string[]; time?: string; weather?: string; styles?: string[]; palette?: number[][]; notUnderstood?: string[]; fallback?: boolean }> = [
    { prompt: 'sunset over the ocean', concepts: ['sunset', 'ocean'], time: 'sunset', fallback: false },
    { prompt: 'Golden hour in the hills', concepts: ['golden-hour', 'hills'], time: 'golden-hour' },
    { prompt: 'blue hour lake', concepts: ['blue-hour', 'lake', 'mountains'], time: 'blue-hour' },
    { prompt: 'dawn', time: 'dawn' },
    { prompt: 'city skyline at night', concepts: ['city-skyline', 'night'], time: 'night' },
    { prompt: 'fireworks', concepts: ['fireworks'], time: 'night' },
    { prompt: 'fireworks at noon', time: 'noon' },
    // plurals and inflections
    { prompt: 'balloons', concepts: ['balloons'] },
    { prompt: 'lots of beaches', concepts: ['beach', 'ocean'] },
    { prompt: 'snowing in the mountains', concepts: ['snow', 'mountains'], weather: 'snow' },
    { prompt: 'rainy street', concepts: ['rain', 'street'], weather: 'rain' },
    { prompt: 'foggy forest', concepts: ['foggy', 'forest'], weather: 'foggy' },
    { prompt: 'stormy skies', concepts: ['stormy', 'sky'], weather: 'stormy' },
    { prompt: 'sparkly glittery party', concepts: ['glitter', 'party', 'balloons'] },
    { prompt: 'cloudy', weather: 'cloudy' },
    { prompt: 'snowy lake', concepts: ['snowfield', 'lake', 'mountains'] },
    { prompt: 'dusty pink and deep purple', palette: [[216, 167, 167], [75, 26, 122]] },
    { prompt: 'overcast', weather: 'overcast' },
    // synonyms
    { prompt: 'northern lights', concepts: ['aurora'], time: 'night' },
    { prompt: 'sakura', concepts: ['cherry-blossom'] },
    { prompt: 'coffee shop', concepts: ['cafe'] },
    { prompt: 'seamless paper backdrop with vignette', concepts: ['studio', 'vignette'] },
    { prompt: 'exposed brick wall', concepts: ['brick-wall'] },
    { prompt: 'red carpet', concepts: ['red-carpet', 'spotlights'] },
    { prompt: 'milky way over the desert', concepts: ['milky-way', 'desert'], time: 'night' },
    { prompt: 'memphis pattern', concepts: ['memphis'] },
    { prompt: 'mesh gradient', concepts: ['mesh-gradient'] },
    { prompt: 'halftone pop art', concepts: ['halftone'] },
    // colours
    { prompt: 'pink and gold', palette: [[255, 143, 177], [230, 180, 34]], fallback: false },
    { prompt: '#ff0066 gradient', concepts: ['gradient'], palette: [[255, 0, 102]] },
    { prompt: '#f06 gradient', palette: [[255, 0, 102]] },
    { prompt: 'rebeccapurple', palette: [[102, 51, 153]] },
    { prompt: 'hot pink and sky blue', palette: [[255, 79, 163], [135, 206, 235]] },
    { prompt: 'forest green studio', concepts: ['studio'], palette: [[34, 139, 34]] },
    { prompt: 'grey concrete', concepts: ['concrete'], palette: [[140, 140, 140]] },
    // styles
    { prompt: 'dreamy pastel clouds', styles: ['dreamy', 'pastel'], weather: 'cloudy' },
    { prompt: 'moody cinematic vintage film', styles: ['moody', 'cinematic', 'vintage'] },
    { prompt: 'soft dramatic film', styles: ['soft', 'dramatic', 'film'] },
    { prompt: 'neon monochrome', styles: ['neon', 'monochrome'] },
    { prompt: 'black & white', styles: ['black-and-white'] },
    // not understood
    { prompt: 'dinosaurs on the beach', concepts: ['beach', 'ocean'], notUnderstood: ['dinosaurs'], fallback: false },
    { prompt: 'pink dinosaurs', palette: [[255, 143, 177]], notUnderstood: ['dinosaurs'], fallback: true },
    { prompt: 'a castle with dragons', concepts: [], notUnderstood: ['castle', 'dragons'], fallback: true },
    { prompt: '', concepts: [], fallback: true },
  ];

  it.each(cases)('$prompt', (c) => {
    const plan = parsePrompt(c.prompt);
    if (c.concepts) expect(plan.concepts).toEqual(c.concepts);
    if (c.time) expect(plan.timeOfDay).toBe(c.time);
    if (c.weather) expect(plan.weather).toBe(c.weather);
    if (c.styles) expect(plan.styles).toEqual(c.styles);
    if (c.palette) expect(plan.palette).toEqual(c.palette);
    if (c.notUnderstood) expect(plan.notUnderstood).toEqual(c.notUnderstood);
    if (c.fallback !== undefined) expect(plan.fallback).toBe(c.fallback);
  });

  it('reads composition words', () => {
    expect(parsePrompt('mountains, horizon low, sun on the left, blurred background').composition).toEqual({ horizon: 'low', focus: 'left', blur: true });
    expect(parsePrompt('far away hills with a high horizon').composition).toEqual({ distance: 'far', horizon: 'high' });
    expect(parsePrompt('close up, on the right').composition).toEqual({ distance: 'close', focus: 'right' });
  });

  it('colour modifiers change lightness', () => {
    const [pink] = parsePrompt('pink').palette;
    const [pale] = parsePrompt('pale pink').palette;
    const [dark] = parsePrompt('dark pink').palette;
    const sum = (c: readonly number[]) => c[0] + c[1] + c[2];
    expect(sum(pale)).toBeGreaterThan(sum(pink));
    expect(sum(dark)).toBeLessThan(sum(pink));
    expect(parsePrompt('pale pink').understood).toEqual([{ text: 'pale pink', concept: 'colour:pink', category: 'colour' }]);
  });

  it('suggests a diffusion backend for words it cannot draw', () => {
    const plan = parsePrompt('dinosaurs in a jungle');
    expect(plan.suggestion?.words).toEqual(['dinosaurs']);
    expect(plan.suggestion?.backends.length).toBeGreaterThan(0);
    expect(plan.suggestion?.message).toContain('"dinosaurs"');
    expect(parsePrompt('jungle').suggestion).toBeUndefined();
  });

  it('records understood words as typed', () => {
    expect(parsePrompt('Snowy Peaks at sunrise').understood).toEqual([
      { text: 'snowy peaks', concept: 'snowy-peaks', category: 'place' },
      { text: 'sunrise', concept: 'sunrise', category: 'light' },
    ]);
  });

  it('applies brand options: palette after prompt colours, styles, avoided words dropped', () => {
    const plan = parsePrompt('pink confetti and balloons', { brandPalette: [[1, 2, 3]], brandStyles: ['minimal'], avoid: ['balloons'], brand: 'Acme' });
    expect(plan.palette).toEqual([[255, 143, 177], [1, 2, 3]]);
    expect(plan.concepts).toEqual(['confetti', 'minimal']);
    expect(plan.styles).toEqual(['minimal']);
    expect(plan.brand).toBe('Acme');
    expect(plan.notUnderstood).toEqual([]);
  });
});
