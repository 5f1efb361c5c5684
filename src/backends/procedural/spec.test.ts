import { describe, expect, it } from 'vitest';
import { parsePrompt } from '../../scene/plan.js';
import { resolveSpec } from './spec.js';

const spec = (prompt: string, avoid?: string[]) => resolveSpec(parsePrompt(prompt, { avoid }));

describe('resolveSpec', () => {
  it.each([
    ['sunset over the ocean', 'outdoor'],
    ['night', 'outdoor'],
    ['brick wall', 'interior'],
    ['neon sign', 'interior'],
    ['outer space', 'space'],
    ['confetti', 'abstract'],
    ['memphis pattern', 'abstract'],
    ['', 'abstract'],
  ])('"%s" is %s', (prompt, setting) => {
    expect(spec(prompt).setting).toBe(setting);
  });

  it('keeps the more specific variant when two words name one element', () => {
    expect(spec('forest with pine trees').elements.get('trees')?.variant).toBe('pine');
  });

  it('leaves out elements of avoided concepts even when another word implies them', () => {
    expect(spec('party').elements.has('confetti')).toBe(true);
    const s = spec('party', ['confetti']);
    expect(s.elements.has('confetti')).toBe(false);
    expect(s.elements.has('balloons')).toBe(true);
  });

  it('defaults to noon and clear weather, and snow when snowflakes fall outdoors', () => {
    expect([spec('beach').time, spec('beach').weather]).toEqual(['noon', 'clear']);
    expect(spec('mountains with snowflakes').weather).toBe('snow');
  });
});
