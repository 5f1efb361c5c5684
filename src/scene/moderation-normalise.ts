/**
 * Text normalisation for prompt moderation. Pure: strings in, word lists out.
 *
 * Evasions undone: case, Unicode compatibility forms (fullwidth, math alphanumerics, ligatures), diacritics and
 * combining overlays, invisible characters, Cyrillic/Greek look-alike letters, leet-speak (digits and symbols
 * standing for letters), letters spaced or punctuated apart ("n u d e", "p.o.r.n"). Repeated letters are
 * handled when words are compared (see `collapseRepeats`).
 */

/** Look-alike letters (lower case, after NFKC) mapped to the Latin letter they imitate. */
const CONFUSABLES: Record<string, string> = {
  а: 'a', в: 'b', с: 'c', ԁ: 'd', е: 'e', ё: 'e', ғ: 'f', һ: 'h', н: 'h', і: 'i', ї: 'i', ј: 'j', к: 'k', м: 'm', п: 'n', о: 'o',
  р: 'p', ԛ: 'q', г: 'r', ѕ: 's', т: 't', ц: 'u', у: 'y', ү: 'y', х: 'x', ԝ: 'w', ɑ: 'a', ɡ: 'g', ı: 'i', ɩ: 'i', ℓ: 'l', ʟ: 'l',
  α: 'a', β: 'b', ε: 'e', η: 'n', ι: 'i', κ: 'k', ν: 'v', ο: 'o', ρ: 'p', τ: 't', υ: 'u', χ: 'x', ω: 'w', ς: 's', σ: 'o', μ: 'u',
  ᴀ: 'a', ʙ: 'b', ᴄ: 'c', ᴅ: 'd', ᴇ: 'e', ɢ: 'g', ʜ: 'h', ɪ: 'i', ᴊ: 'j', ᴋ: 'k', ᴍ: 'm', ɴ: 'n', ᴏ: 'o', ᴘ: 'p', ʀ: 'r', ꜱ: 's',
  ᴛ: 't', ᴜ: 'u', ᴠ: 'v', ᴡ: 'w', ʏ: 'y', ᴢ: 'z', ø: 'o', ß: 'ss', æ: 'ae', œ: 'oe', đ: 'd', ł: 'l', ħ: 'h',
};

/** Leet-speak: characters that stand for letters inside words. '1' and '|' are tried as both i and l. */
const LEET: Record<string, string> = { '0': 'o', '3': 'e', '4': 'a', '5': 's', '7': 't', '8': 'b', '9': 'g', '@': 'a', $: 's', '!': 'i', '€': 'e', '+': 't', '(': 'c', '¢': 'c' };
const LEET_AMBIGUOUS = new Set(['1', '|']);

const INVISIBLE = /[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u206a-\u206f\u3164\ufeff\uffa0]/g;

/**
 * Folds a text to lower-case Latin: compatibility forms, diacritics, invisible characters and look-alikes undone.
 * @example foldText('Ｎ\u200bÜDЕ') // 'nude' (fullwidth N, zero-width space, umlaut, Cyrillic Е)
 */
export function foldText(text: string): string {
  const decomposed = text.normalize('NFKC').normalize('NFD').replace(/\p{M}+/gu, '').replace(INVISIBLE, '').toLowerCase();
  let out = '';
  for (const ch of decomposed) out += CONFUSABLES[ch] ?? emojiLetter(ch) ?? ch;
  return out;
}

/** Letters drawn as emoji, which NFKC leaves alone: 🅽 (negative squared), 🅝 (negative circled), 🇳 (regional indicator). */
function emojiLetter(ch: string): string | undefined {
  const code = ch.codePointAt(0)!;
  for (const start of [0x1f170, 0x1f150, 0x1f1e6]) {
    if (code >= start && code < start + 26) return String.fromCharCode(97 + code - start);
  }
  return undefined;
}

/** Collapses every run of a repeated letter to one: "nuuuudee" → "nude". */
export function collapseRepeats(word: string): string {
  return word.replace(/([a-z])\1+/g, '$1');
}

/** Splits a folded string into words: letters and digits; '*' kept inside a word (a masked letter). */
export function splitWords(folded: string): string[] {
  return folded
    .split(/[^a-z0-9*]+/)
    .map((w) => w.replace(/^\*+|\*+$/g, ''))
    .filter(Boolean);
}

/**
 * The word streams a prompt is checked as: with and without leet-speak decoding ('1' as i and as l), and with
 * punctuation inside a chunk either splitting words ("blood-soaked" → blood, soaked) or joining them
 * ("s.e.x" → sex). In every stream a run of three or more single letters or digits is joined ("n u d e" → nude, "9 1 1" → 911).
 * Identical streams are dropped.
 */
export function wordStreams(folded: string): string[][] {
  const chunks = folded.split(/\s+/).filter(Boolean);
  const variants: Array<string[]> = [chunks, chunks.map((c) => leet(c, 'i')), chunks.map((c) => leet(c, 'l'))];
  const seen = new Set<string>();
  const streams: string[][] = [];
  for (const variant of variants) {
    for (const joinChunk of [false, true]) {
      const words: string[] = [];
      for (const chunk of variant) {
        const parts = splitWords(chunk);
        if (joinChunk || (parts.length > 1 && parts.every((p) => p.length === 1))) {
          const joined = parts.join('');
          if (joined) words.push(joined);
        } else {
          words.push(...parts);
        }
      }
      const stream = joinSpacedLetters(words);
      const key = stream.join(' ');
      if (!seen.has(key)) {
        seen.add(key);
        streams.push(stream);
      }
    }
  }
  return streams;
}

/** Decodes leet-speak in one whitespace-separated chunk, only when the chunk has a letter (so "1488" stays). */
function leet(chunk: string, one: 'i' | 'l'): string {
  if (!/[a-z]/.test(chunk)) return chunk;
  // "wow!" becomes "wowi" here, which is harmless: the plain stream still has "wow".
  let out = '';
  for (const ch of chunk) out += LEET_AMBIGUOUS.has(ch) ? one : (LEET[ch] ?? ch);
  return out;
}

function joinSpacedLetters(words: string[]): string[] {
  const out: string[] = [];
  let run: string[] = [];
  const flush = () => {
    if (run.length >= 3) out.push(run.join(''));
    else out.push(...run);
    run = [];
  };
  for (const w of words) {
    if (w.length === 1) run.push(w);
    else {
      flush();
      out.push(w);
    }
  }
  flush();
  return out;
}
