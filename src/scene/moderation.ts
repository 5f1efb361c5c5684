import { ScenicError } from '../errors.js';
import { collapseRepeats, foldText, splitWords, wordStreams } from './moderation-normalise.js';
import defaultPolicyJson from './moderation-policy.json' with { type: 'json' };

/**
 * Prompt moderation: a data-driven word and phrase policy (src/scene/moderation-policy.json) checked against
 * normalised prompts. Pure — the policy arrives as an object, never read from disk here.
 *
 * A blocked prompt is an error naming its category (`PROMPT_BLOCKED`); scenic never rewrites a prompt silently.
 */

export interface PolicyTerms {
  /** Words and phrases ("shooting star"); a trailing * matches any ending ("porn*"). */
  words?: string[];
  /** The same, ROT13-encoded (slurs kept unreadable in the source). */
  wordsRot13?: string[];
  /** Matched inside words, after allow-listed words are cut out ("sex" in "sexxxy" but not in "Sussex"). */
  substrings?: string[];
  substringsRot13?: string[];
}

export interface PolicyCategory extends PolicyTerms {
  id: string;
  label: string;
  /** Each combination blocks when every group matched: "@minor" refers to a set, "@sexual" to a category. */
  combinations?: string[][];
}

export interface ModerationPolicy {
  version?: number;
  /** Words and phrases that are never a match ("cocktail", "killer whale"): they are masked before matching. */
  allow?: string[];
  /** Named term lists used only inside combinations. */
  sets?: Record<string, PolicyTerms & { label?: string }>;
  /** Checked in order; the first category that matches is reported. */
  categories: PolicyCategory[];
}

export interface ModerationVerdict {
  allowed: boolean;
  /** The first blocking category's id and label, e.g. "violence", "graphic violence or gore". */
  category?: string;
  label?: string;
  /** The normalised words that matched, e.g. "nude" or "little girl + lingerie". */
  matched?: string;
  /** Every category that matched. */
  categories: string[];
}

/** The policy scenic ships. */
export const DEFAULT_MODERATION_POLICY: ModerationPolicy = defaultPolicyJson as ModerationPolicy;

interface Part {
  text: string;
  prefix: boolean;
}

interface Pattern {
  parts: Part[];
  owner: string;
}

export interface CompiledModerationPolicy {
  readonly policy: ModerationPolicy;
  readonly exact: Map<string, Pattern[]>;
  readonly collapsed: Map<string, Pattern[]>;
  readonly prefixed: Pattern[];
  readonly all: Pattern[];
  readonly allow: CompiledModerationPolicy['exact'];
  readonly allowAll: Pattern[];
  /** Single allow-listed words, cut out of a word before substring checks. */
  readonly allowWords: string[];
  readonly substrings: Array<{ text: string; owner: string }>;
  /** Single words some pattern knows: substring checks skip them ("sexy" is judged as a word). */
  readonly knownWords: Set<string>;
}

/**
 * Adds a deployment's terms to a policy: lists are concatenated, new categories appended (a category with an
 * existing id extends it).
 * @example mergePolicies(DEFAULT_MODERATION_POLICY, { categories: [{ id: 'brand', label: 'competitor brands', words: ['acme'] }] })
 */
export function mergePolicies(base: ModerationPolicy, extra: Partial<ModerationPolicy>): ModerationPolicy {
  const cat = (a: PolicyCategory, b: PolicyCategory): PolicyCategory => ({ ...mergeTerms(a, b), id: a.id, label: b.label ?? a.label, combinations: [...(a.combinations ?? []), ...(b.combinations ?? [])] });
  const categories = base.categories.map((c) => {
    const more = extra.categories?.find((e) => e.id === c.id);
    return more ? cat(c, more) : c;
  });
  for (const c of extra.categories ?? []) if (!base.categories.some((b) => b.id === c.id)) categories.push(c);
  const sets: Record<string, PolicyTerms & { label?: string }> = { ...base.sets };
  for (const [name, terms] of Object.entries(extra.sets ?? {})) sets[name] = sets[name] ? { ...mergeTerms(sets[name], terms), label: sets[name].label } : terms;
  return { version: base.version, allow: [...(base.allow ?? []), ...(extra.allow ?? [])], sets, categories };
}

function mergeTerms(a: PolicyTerms, b: PolicyTerms): PolicyTerms {
  return {
    words: [...(a.words ?? []), ...(b.words ?? [])],
    wordsRot13: [...(a.wordsRot13 ?? []), ...(b.wordsRot13 ?? [])],
    substrings: [...(a.substrings ?? []), ...(b.substrings ?? [])],
    substringsRot13: [...(a.substringsRot13 ?? []), ...(b.substringsRot13 ?? [])],
  };
}

/** Indexes a policy for fast checks. Compile once and reuse. */
export function compileModerationPolicy(policy: ModerationPolicy): CompiledModerationPolicy {
  const exact = new Map<string, Pattern[]>();
  const collapsed = new Map<string, Pattern[]>();
  const prefixed: Pattern[] = [];
  const all: Pattern[] = [];
  const substrings: Array<{ text: string; owner: string }> = [];
  const knownWords = new Set<string>();
  const add = (source: string, owner: string) => {
    for (const pattern of compilePattern(source, owner)) {
      all.push(pattern);
      const first = pattern.parts[0];
      if (first.prefix) prefixed.push(pattern);
      else {
        push(exact, first.text, pattern);
        push(collapsed, collapseRepeats(first.text), pattern);
      }
      if (pattern.parts.length === 1 && !first.prefix) knownWords.add(first.text);
    }
  };
  const addTerms = (terms: PolicyTerms, owner: string) => {
    for (const w of terms.words ?? []) add(w, owner);
    for (const w of terms.wordsRot13 ?? []) add(rot13(w), owner);
    for (const s of [...(terms.substrings ?? []), ...(terms.substringsRot13 ?? []).map(rot13)]) substrings.push({ text: foldText(s), owner });
  };
  for (const [name, terms] of Object.entries(policy.sets ?? {})) addTerms(terms, name);
  for (const category of policy.categories) addTerms(category, category.id);

  const allow = new Map<string, Pattern[]>();
  const allowAll: Pattern[] = [];
  const allowWords: string[] = [];
  for (const source of policy.allow ?? []) {
    for (const pattern of compilePattern(source, 'allow')) {
      allowAll.push(pattern);
      push(allow, pattern.parts[0].text, pattern);
      if (pattern.parts.length === 1) allowWords.push(pattern.parts[0].text);
    }
  }
  allowWords.sort((a, b) => b.length - a.length);
  return { policy, exact, collapsed, prefixed, all, allow, allowAll, allowWords, substrings, knownWords };
}

let defaultCompiled: CompiledModerationPolicy | null = null;

/** The compiled default policy (compiled on first use). */
export function defaultModerationPolicy(): CompiledModerationPolicy {
  defaultCompiled ??= compileModerationPolicy(DEFAULT_MODERATION_POLICY);
  return defaultCompiled;
}

/**
 * Checks a prompt against the policy (default: scenic's). The first matching category in policy order is
 * reported; `categories` lists all that matched.
 * @example moderatePrompt('sunset over the ocean') // { allowed: true, categories: [] }
 * @example moderatePrompt('a g0ry b e h e a d i n g').category // 'violence'
 */
export function moderatePrompt(prompt: string, policy: CompiledModerationPolicy = defaultModerationPolicy()): ModerationVerdict {
  const folded = foldText(prompt);
  const hits = new Map<string, string>();
  const note = (owner: string, matched: string) => {
    if (!hits.has(owner)) hits.set(owner, matched);
  };
  for (const stream of wordStreams(folded)) matchStream(stream, policy, note);
  const age = underageMention(folded);
  if (age) note('minor', age);
  const named = namedPerson(prompt);
  if (named) note('person', named);

  const categories: string[] = [];
  let first: PolicyCategory | undefined;
  let matched: string | undefined;
  for (const category of policy.policy.categories) {
    let match = hits.get(category.id);
    for (const groups of category.combinations ?? []) {
      if (match) break;
      const found = groups.map((g) => hits.get(g.replace(/^@/, '')));
      if (found.every(Boolean)) match = found.join(' + ');
    }
    if (!match) continue;
    hits.set(category.id, match);
    categories.push(category.id);
    if (!first) {
      first = category;
      matched = match;
    }
  }
  return first ? { allowed: false, category: first.id, label: first.label, matched, categories } : { allowed: true, categories };
}

/**
 * Throws `PROMPT_BLOCKED` (status 422) naming the category when the policy blocks the prompt.
 * @example assertPromptAllowed('a beach at sunset') // returns quietly
 */
export function assertPromptAllowed(prompt: string, policy?: CompiledModerationPolicy): void {
  const verdict = moderatePrompt(prompt, policy);
  if (verdict.allowed) return;
  throw new ScenicError(
    'PROMPT_BLOCKED',
    `Expected a prompt the content policy allows for prompt but received one in the category "${verdict.label}" (${verdict.category}; matched "${verdict.matched}")`,
  );
}

function matchStream(words: string[], policy: CompiledModerationPolicy, note: (owner: string, matched: string) => void): void {
  // Allow-listed words are masked first so that no pattern can use them.
  const masked = new Array<boolean>(words.length).fill(false);
  for (let i = 0; i < words.length; i++) {
    for (const pattern of candidates(words[i], policy.allow, null, policy.allowAll)) {
      const end = matchAt(words, i, pattern, null);
      if (end > 0) for (let k = i; k < end; k++) masked[k] = true;
    }
  }
  for (let i = 0; i < words.length; i++) {
    if (masked[i]) continue;
    const tried = new Set<Pattern>();
    for (const pattern of [...candidates(words[i], policy.exact, policy.collapsed, policy.all), ...policy.prefixed]) {
      if (tried.has(pattern)) continue;
      tried.add(pattern);
      const end = matchAt(words, i, pattern, masked);
      if (end > 0) note(pattern.owner, words.slice(i, end).join(' '));
    }
    // A word split in two short pieces ("nu de", "por n"): the joined pieces are checked as one word.
    if (i + 1 < words.length && !masked[i + 1] && words[i].length <= 3 && words[i + 1].length <= 3) {
      const joined = words[i] + words[i + 1];
      for (const pattern of [...candidates(joined, policy.exact, null, []), ...policy.prefixed]) {
        if (pattern.parts.length === 1 && wordMatches(joined, pattern.parts[0])) note(pattern.owner, `${words[i]} ${words[i + 1]}`);
      }
    }
    const word = words[i];
    if (policy.knownWords.has(word)) continue;
    let rest = word;
    for (const allowed of policy.allowWords) if (rest.includes(allowed)) rest = rest.split(allowed).join(' ');
    for (const sub of policy.substrings) {
      if (rest.includes(sub.text) || (/([a-z])\1\1/.test(rest) && collapseRepeats(rest).includes(collapseRepeats(sub.text)))) note(sub.owner, word);
    }
  }
}

/** Patterns that could start at this word: by exact first word, plural, repeated letters; masked words try all. */
function candidates(word: string, exact: Map<string, Pattern[]>, collapsed: Map<string, Pattern[]> | null, all: Pattern[]): Pattern[] {
  if (word.includes('*')) return all;
  const out: Pattern[] = [];
  for (const key of [word, word.endsWith('s') ? word.slice(0, -1) : '', /(?:s|x|z|ch|sh)es$/.test(word) ? word.slice(0, -2) : '']) {
    if (key) out.push(...(exact.get(key) ?? []));
  }
  if (collapsed) out.push(...(collapsed.get(collapseRepeats(word)) ?? []));
  return out;
}

/** Returns the index after the match, or 0 when the pattern does not match at `start`. */
function matchAt(words: string[], start: number, pattern: Pattern, masked: boolean[] | null): number {
  const { parts } = pattern;
  if (start + parts.length > words.length) return 0;
  for (let k = 0; k < parts.length; k++) {
    if (masked?.[start + k]) return 0;
    if (!wordMatches(words[start + k], parts[k])) return 0;
  }
  return start + parts.length;
}

function wordMatches(word: string, part: Part): boolean {
  const { text } = part;
  if (word === text || word === `${text}s` || (word === `${text}es` && /(?:s|x|z|ch|sh)$/.test(text))) return true;
  if (part.prefix && word.startsWith(text)) return true;
  if (word.includes('*')) return maskedEquals(word, text);
  // Repeated letters ("nuuude"): equal once runs collapse, and the word is longer than the term.
  const c = collapseRepeats(word);
  const t = collapseRepeats(text);
  if (part.prefix) return /([a-z])\1\1/.test(word) && c.startsWith(t);
  return word.length > text.length && (c === t || c === `${t}s`);
}

/** "p*rn" equals "porn": every '*' stands for one letter. */
function maskedEquals(word: string, text: string): boolean {
  if (word.length !== text.length) return false;
  for (let i = 0; i < word.length; i++) if (word[i] !== '*' && word[i] !== text[i]) return false;
  return true;
}

function compilePattern(source: string, owner: string): Pattern[] {
  const folded = foldText(source).trim();
  const prefix = folded.endsWith('*');
  const words = splitWords(folded.replace(/\*$/, ''));
  if (words.length === 0) return [];
  const parts = words.map((text, i) => ({ text, prefix: prefix && i === words.length - 1 }));
  const patterns: Pattern[] = [{ parts, owner }];
  // "self harm" also matches "selfharm" and "self-harm" written as one word.
  if (parts.length > 1) patterns.push({ parts: [{ text: words.join(''), prefix }], owner });
  return patterns;
}

/** "a 12 year old", "13yo", "14-year-old": an age under 18. */
function underageMention(folded: string): string | null {
  const re = /\b(\d{1,2})\s*-?\s*(?:years?|yrs?|yo|y\/o|y\.o\.?)(?![a-z])/g;
  for (const m of folded.matchAll(re)) if (Number(m[1]) < 18) return m[0];
  return null;
}

const NOT_NAMES = new Set(['A', 'An', 'The', 'This', 'That', 'These', 'Those', 'Some', 'Two', 'Three', 'Four', 'Five', 'Many', 'Several', 'One', 'My', 'Our', 'His', 'Her', 'Their', 'In', 'On', 'At', 'With', 'And', 'Of', 'For', 'From', 'To', 'By', 'I']);

/** A capitalised name ("Jane Doe") or an @handle: a real person named in the prompt. */
function namedPerson(prompt: string): string | null {
  const text = prompt.normalize('NFKC');
  const handle = /(?:^|\s)@([A-Za-z0-9_.]{2,})/.exec(text);
  if (handle) return `@${handle[1]}`;
  for (const m of text.matchAll(/\b([A-Z][a-z'’-]+)\s+([A-Z][a-z'’-]+)\b/g)) {
    if (!NOT_NAMES.has(m[1]) && !NOT_NAMES.has(m[2])) return m[0];
  }
  return null;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function rot13(text: string): string {
  return text.replace(/[a-z]/gi, (ch) => {
    const base = ch <= 'Z' ? 65 : 97;
    return String.fromCharCode(((ch.charCodeAt(0) - base + 13) % 26) + base);
  });
}
