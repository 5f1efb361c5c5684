import { describe, expect, it } from 'vitest';
import { parsePrompt } from '../scene/plan.js';
import { buildDiffusionPrompt, colourName } from './prompt.js';

describe('buildDiffusionPrompt', () => {
  it('keeps the user words first and adds an empty, people-free background', () => {
    const { prompt, negativePrompt } = buildDiffusionPrompt(parsePrompt('on a red carpet in Cannes'));
    expect(prompt.startsWith('on a red carpet in Cannes, ')).toBe(true);
    expect(prompt).toContain('empty background');
    expect(prompt).toContain('no people');
    expect(prompt).not.toContain('red colour palette'); // the user already said red
    expect(negativePrompt.split(', ')).toEqual(expect.arrayContaining(['people', 'text', 'watermark', 'blurry']));
  });

  it('does not fight a populated scene', () => {
    const { prompt, negativePrompt } = buildDiffusionPrompt(parsePrompt('surrounded by puppies'));
    expect(prompt).not.toContain('empty background');
    expect(prompt).toContain('no people');
    const crowd = buildDiffusionPrompt(parsePrompt('a crowd of fans at a concert'));
    expect(crowd.prompt).not.toContain('no people');
    expect(crowd.prompt).not.toContain('empty background');
    expect(crowd.negativePrompt.split(', ')).not.toContain('people');
    expect(crowd.negativePrompt.split(', ')).not.toContain('crowd');
    expect(negativePrompt).toContain('people');
  });

  it('adds brand colours by name and the light of the time of day', () => {
    const plan = parsePrompt('evening by the sea', { brandPalette: [[255, 0, 160], [20, 40, 100]] });
    const { prompt } = buildDiffusionPrompt(plan);
    expect(prompt).toContain('magenta and navy colour palette');
    expect(prompt).toContain('at sunset');
  });

  it("lets the user's negative prompt replace the default", () => {
    expect(buildDiffusionPrompt(parsePrompt('a beach'), { negativePrompt: ' boats ' }).negativePrompt).toBe('boats');
  });

  it('drops default negative terms the user asked for', () => {
    expect(buildDiffusionPrompt(parsePrompt('a dreamy bokeh city with neon signs')).negativePrompt.split(', ')).not.toEqual(expect.arrayContaining(['blurry']));
    expect(buildDiffusionPrompt(parsePrompt('a dreamy bokeh city with neon signs')).negativePrompt).not.toMatch(/\btext\b/);
  });

  it('names colours by the nearest plain word', () => {
    expect(colourName([250, 0, 100])).toBe('magenta');
    expect(colourName([0, 0, 0])).toBe('black');
    expect(colourName([30, 110, 220])).toBe('blue');
  });
});
