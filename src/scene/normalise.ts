/**
 * Tokenising and light-weight de-inflection for prompts. No stemmer library: the lexicon is small, so we try
 * a few candidate base forms per word ("skies" → "sky", "snowing" → "snow", "foggy" → "fog",
 * "sparkly" → "sparkle") and let the lexicon decide which one is a word it knows.
 */

/** Lower-cases, drops apostrophes ("valentine's" → "valentines"), turns & into "and", splits on spaces/dashes. */
export function tokenize(text: string): string[] {
  return text
    .toLowerCase()
    .normalize('NFC')
    .replace(/['’]/g, '')
    .replace(/&/g, ' and ')
    .replace(/[^\p{L}\p{N}#\s-]/gu, ' ')
    .split(/[\s-]+/)
    .filter(Boolean);
}

/** The word itself plus plausible base forms, most likely first. */
export function wordForms(word: string): string[] {
  const forms = new Set<string>([word]);
  const add = (w: string) => {
    if (w.length >= 2) forms.add(w);
  };
  if (word.length > 3) {
    if (word.endsWith('ies')) add(`${word.slice(0, -3)}y`);
    if (word.endsWith('ves')) add(`${word.slice(0, -3)}f`);
    if (/(s|x|z|ch|sh)es$/.test(word)) add(word.slice(0, -2));
    if (word.endsWith('s') && !word.endsWith('ss')) add(word.slice(0, -1));
    for (const suffix of ['ing', 'ed', 'y', 'ly', 'er', 'est']) {
      if (!word.endsWith(suffix) || word.length - suffix.length < 3) continue;
      const stem = word.slice(0, -suffix.length);
      add(stem);
      add(`${stem}e`);
      // Doubled final consonant: "foggy" → "fog", "blurred" → "blur".
      if (stem.length > 2 && stem[stem.length - 1] === stem[stem.length - 2]) add(stem.slice(0, -1));
      if (stem.endsWith('i')) add(`${stem.slice(0, -1)}y`);
    }
  }
  return [...forms];
}
