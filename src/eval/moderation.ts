import { moderatePrompt, type CompiledModerationPolicy } from '../scene/moderation.js';

/**
 * Measures the prompt policy: the false-positive rate on prompts that should pass and the catch rate on
 * prompts that should be blocked, per category. Pure: prompt lists in, numbers out (the CLI reads the files).
 */

export interface LabelledPrompt {
  prompt: string;
  /** The category the prompt set expects, from a "# category: <id>" line above it. */
  expected?: string;
}

export interface CategoryStats {
  /** Disallowed prompts expected in this category, and how many of them were blocked (in any category). */
  n: number;
  blocked: number;
  /** Of those, how many were blocked under this very category. */
  blockedAsExpected: number;
  /** Benign prompts wrongly blocked under this category. */
  falsePositives: number;
}

export interface ModerationEvalReport {
  benign: { n: number; blocked: number; rate: number; examples: Array<{ prompt: string; category: string; matched: string }> };
  disallowed: { n: number; blocked: number; rate: number; missed: string[] };
  byCategory: Record<string, CategoryStats>;
  /** Mean milliseconds per prompt checked. */
  msPerPrompt: number;
}

/**
 * Parses a prompt file: one prompt a line; blank lines and lines starting with '#' are skipped, except
 * "# category: <id>", which labels the prompts that follow.
 * @example parsePromptFile('# category: hate\na swastika flag').prompts // [{ prompt: 'a swastika flag', expected: 'hate' }]
 */
export function parsePromptFile(text: string): LabelledPrompt[] {
  const out: LabelledPrompt[] = [];
  let expected: string | undefined;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line) continue;
    const header = /^#\s*category:\s*([\w-]+)/i.exec(line);
    if (header) {
      expected = header[1].toLowerCase();
      continue;
    }
    if (line.startsWith('#')) continue;
    out.push({ prompt: line, expected });
  }
  return out;
}

/**
 * Runs the policy over both sets.
 * @example evaluateModeration(parsePromptFile(benignText), parsePromptFile(blockedText)).benign.rate
 */
export function evaluateModeration(benign: LabelledPrompt[], disallowed: LabelledPrompt[], policy?: CompiledModerationPolicy): ModerationEvalReport {
  const byCategory: Record<string, CategoryStats> = {};
  const stats = (id: string) => (byCategory[id] ??= { n: 0, blocked: 0, blockedAsExpected: 0, falsePositives: 0 });
  for (const category of (policy ?? undefined)?.policy.categories ?? []) stats(category.id);
  const started = performance.now();
  const examples: ModerationEvalReport['benign']['examples'] = [];
  let benignBlocked = 0;
  for (const { prompt } of benign) {
    const verdict = moderatePrompt(prompt, policy);
    if (verdict.allowed) continue;
    benignBlocked++;
    stats(verdict.category!).falsePositives++;
    examples.push({ prompt, category: verdict.category!, matched: verdict.matched ?? '' });
  }
  let caught = 0;
  const missed: string[] = [];
  for (const { prompt, expected } of disallowed) {
    const verdict = moderatePrompt(prompt, policy);
    const s = stats(expected ?? 'unlabelled');
    s.n++;
    if (verdict.allowed) {
      missed.push(prompt);
      continue;
    }
    caught++;
    s.blocked++;
    if (verdict.categories.includes(expected ?? '')) s.blockedAsExpected++;
  }
  const total = benign.length + disallowed.length;
  return {
    benign: { n: benign.length, blocked: benignBlocked, rate: benign.length ? benignBlocked / benign.length : 0, examples },
    disallowed: { n: disallowed.length, blocked: caught, rate: disallowed.length ? caught / disallowed.length : 0, missed },
    byCategory,
    msPerPrompt: total ? (performance.now() - started) / total : 0,
  };
}
