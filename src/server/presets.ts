import type { Db } from './db.js';

/**
 * The suggested prompts ("dynamic prompts") the API and web editor offer. The catalogue belongs to the scene
 * engine; until it lands there this is a short starter list, ordered per user: prompts this user used most
 * recently first, then seasonal ones for today's date, then the rest.
 */
export interface PresetView {
  id: string;
  title: string;
  prompt: string;
  /** Why it is where it is: 'recent' (you used it), 'seasonal' or 'popular'. */
  reason: 'recent' | 'seasonal' | 'popular';
}

interface StarterPreset {
  id: string;
  title: string;
  prompt: string;
  /** Months (1-12) when it is in season; empty = all year. */
  months: number[];
}

const STARTERS: StarterPreset[] = [
  { id: 'sunset-beach', title: 'Sunset beach', prompt: 'sunset over the ocean', months: [5, 6, 7, 8, 9] },
  { id: 'golden-hour', title: 'Golden hour', prompt: 'golden hour sky with warm light', months: [] },
  { id: 'night-sky', title: 'Starry night', prompt: 'night sky full of stars', months: [] },
  { id: 'pastel', title: 'Pastel', prompt: 'soft pastel gradient, pink and lavender', months: [] },
  { id: 'blue-hour', title: 'Blue hour', prompt: 'blue hour sky over the sea', months: [] },
  { id: 'winter-dusk', title: 'Winter dusk', prompt: 'cold dusk sky, deep blue and violet', months: [11, 12, 1, 2] },
  { id: 'studio', title: 'Studio', prompt: 'studio backdrop, warm grey gradient', months: [] },
  { id: 'neon', title: 'Neon', prompt: 'dreamy gradient, magenta and cyan', months: [] },
];

export function findPreset(id: string): PresetView | undefined {
  const p = STARTERS.find((s) => s.id === id);
  return p && { id: p.id, title: p.title, prompt: p.prompt, reason: 'popular' };
}

/** Presets for one user: recent prompts of theirs first, then seasonal starters, then the rest. */
export function presetsFor(db: Db, userId: string, now = new Date()): PresetView[] {
  const used = db.prepare('SELECT prompt FROM prompt_use WHERE user_id = ? ORDER BY last_used DESC, uses DESC LIMIT 4').all(userId) as Array<{ prompt: string }>;
  const month = now.getUTCMonth() + 1;
  const seen = new Set<string>();
  const out: PresetView[] = [];
  for (const { prompt } of used) {
    const starter = STARTERS.find((s) => s.prompt === prompt);
    out.push({ id: starter?.id ?? `recent:${prompt}`, title: starter?.title ?? prompt, prompt, reason: 'recent' });
    seen.add(prompt);
  }
  const rest = STARTERS.filter((s) => !seen.has(s.prompt));
  const seasonal = rest.filter((s) => s.months.includes(month));
  const other = rest.filter((s) => !s.months.includes(month));
  for (const s of seasonal) out.push({ id: s.id, title: s.title, prompt: s.prompt, reason: 'seasonal' });
  for (const s of other) out.push({ id: s.id, title: s.title, prompt: s.prompt, reason: 'popular' });
  return out;
}

export function recordPromptUse(db: Db, userId: string, prompt: string): void {
  if (!prompt.trim()) return;
  db.prepare(
    `INSERT INTO prompt_use (user_id, prompt, uses, last_used) VALUES (?, ?, 1, ?)
     ON CONFLICT (user_id, prompt) DO UPDATE SET uses = uses + 1, last_used = excluded.last_used`,
  ).run(userId, prompt.trim(), Date.now());
}
