import { describe, expect, it } from 'vitest';
import { parsePrompt } from './plan.js';
import { PRESETS, inSeason, presetById, suggestPresets } from './presets.js';

describe('preset catalogue', () => {
  it('has at least 60 presets in all four categories with unique ids and short labels', () => {
    expect(PRESETS.length).toBeGreaterThanOrEqual(60);
    expect(new Set(PRESETS.map((p) => p.id)).size).toBe(PRESETS.length);
    for (const cat of ['trending', 'seasonal', 'mood', 'brand']) expect(PRESETS.filter((p) => p.category === cat).length).toBeGreaterThanOrEqual(8);
    for (const p of PRESETS) expect(p.label.length).toBeLessThanOrEqual(20);
  });

  it.each(PRESETS.map((p) => [p.id, p.prompt]))('%s: the engine understands every word of "%s"', (_id, prompt) => {
    const plan = parsePrompt(prompt);
    expect(plan.notUnderstood).toEqual([]);
    expect(plan.fallback).toBe(false);
  });

  it('every seasonal preset has a season and no other preset does', () => {
    for (const p of PRESETS) expect(Boolean(p.season)).toBe(p.category === 'seasonal');
  });
});

describe('suggestPresets', () => {
  const day = (iso: string) => new Date(`${iso}T12:00:00`);
  const top = (iso: string, history: string[] = [], n = 3) => suggestPresets({ date: day(iso), history, limit: n }).map((p) => p.id);

  it.each([
    ['2026-10-20', 'halloween'],
    ['2026-12-20', 'christmas'],
    ['2026-02-10', 'valentines'],
    ['2026-12-31', 'new-year'],
    ['2027-01-01', 'new-year'],
    ['2026-07-02', 'july-fourth'],
    ['2026-04-05', 'easter'],
  ])('on %s suggests %s first', (iso, id) => {
    expect(top(iso)[0]).toBe(id);
  });

  it('puts out-of-season presets last', () => {
    const list = suggestPresets({ date: day('2026-07-01') });
    const christmas = list.findIndex((p) => p.id === 'christmas');
    expect(christmas).toBeGreaterThan(list.length - 30);
    expect(list.length).toBe(PRESETS.length);
  });

  it('ranks the categories a person used before, more recent counting more', () => {
    const plain = top('2026-07-01', [], 10);
    const brandFan = top('2026-07-01', ['brand', 'brick-loft', 'marble'], 10);
    expect(plain.filter((id) => presetById(id)?.category === 'brand').length).toBe(0);
    expect(brandFan.filter((id) => presetById(id)?.category === 'brand').length).toBeGreaterThanOrEqual(3);
    // Seasonal presets in season still lead.
    expect(presetById(brandFan[0])?.category).toBe('seasonal');
    const moodLast = top('2026-07-01', ['brand', 'mood', 'mood'], 12);
    const firstMood = moodLast.findIndex((id) => presetById(id)?.category === 'mood');
    const firstBrand = moodLast.findIndex((id) => presetById(id)?.category === 'brand');
    expect(firstMood).toBeGreaterThanOrEqual(0);
    expect(firstBrand === -1 || firstMood < firstBrand).toBe(true);
  });

  it('is pure: the same inputs give the same order', () => {
    expect(top('2026-03-15', ['mood'], 64)).toEqual(top('2026-03-15', ['mood'], 64));
  });

  it('shifts the weather seasons (not the holidays) for the southern hemisphere', () => {
    const summer = presetById('summer-beach')!;
    const christmas = presetById('christmas')!;
    expect(inSeason(summer, day('2026-01-10'), 'south')).toBe(true);
    expect(inSeason(summer, day('2026-01-10'), 'north')).toBe(false);
    expect(inSeason(christmas, day('2026-12-10'), 'south')).toBe(true);
  });
});
