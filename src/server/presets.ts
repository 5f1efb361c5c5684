import { PRESETS, inSeason, presetById, suggestPresets, type Preset } from '../scene/presets.js';
import type { Db } from './db.js';

/**
 * The suggested prompts ("dynamic prompts") for one user: the scene engine's catalogue, ordered by
 * `suggestPresets` for today's date and for what this user used before (their history is in SQLite).
 */
export interface PresetView {
  id: string;
  title: string;
  prompt: string;
  category: string;
  /** Why it is near the top: in season today, used before, or just part of the catalogue. */
  reason: 'seasonal' | 'used-before' | 'catalogue';
}

export function findPreset(id: string): Preset | undefined {
  return presetById(id);
}

/** Presets for one user on `now`, most fitting first. */
export function presetsFor(db: Db, userId: string, now = new Date()): PresetView[] {
  const used = db.prepare('SELECT prompt FROM prompt_use WHERE user_id = ? ORDER BY last_used ASC LIMIT 200').all(userId) as Array<{ prompt: string }>;
  const byPrompt = new Map(PRESETS.map((p) => [p.prompt, p.id]));
  // suggestPresets wants preset ids, most recent last; prompts typed by hand that match no preset do not count.
  const history = used.map((u) => byPrompt.get(u.prompt)).filter((id): id is string => id !== undefined);
  const usedIds = new Set(history);
  return suggestPresets({ date: now, history }).map((p) => ({
    id: p.id,
    title: p.label,
    prompt: p.prompt,
    category: p.category,
    reason: inSeason(p, now) ? 'seasonal' : usedIds.has(p.id) ? 'used-before' : 'catalogue',
  }));
}

/** Remembers that this user made an edit with this prompt (what `presetsFor` learns from). */
export function recordPromptUse(db: Db, userId: string, prompt: string): void {
  if (!prompt.trim()) return;
  db.prepare(
    `INSERT INTO prompt_use (user_id, prompt, uses, last_used) VALUES (?, ?, 1, ?)
     ON CONFLICT (user_id, prompt) DO UPDATE SET uses = uses + 1, last_used = excluded.last_used`,
  ).run(userId, prompt.trim(), Date.now());
}
