import { describe, expect, it } from 'vitest';
import { parseRecipe } from './validate.js';

describe('parseRecipe', () => {
  it('fills every default from an empty document', () => {
    const r = parseRecipe({});
    expect(r.version).toBe(1);
    expect(r.layout).toMatchObject({ width: 1080, height: 1920 });
    expect(r.background).toMatchObject({ prompt: '', backend: 'procedural', variations: 1 });
    expect(r.output).toEqual({ format: 'jpeg', quality: 90 });
    expect(r.label.promptMetadata).toBe(true);
  });

  it('names the path of a wrong value', () => {
    expect(() => parseRecipe({ background: { seed: 'abc' } })).toThrowError(/^At background\.seed: /);
    try {
      parseRecipe({ layout: { width: 10 } });
    } catch (error) {
      expect(error).toMatchObject({ code: 'INVALID_RECIPE', status: 400 });
    }
  });

  it.each([
    [{ layout: { width: 5000 } }, /layout\.width/],
    [{ background: { variations: 0 } }, /background\.variations/],
    [{ output: { format: 'gif' } }, /output\.format/],
    [{ unknown: 1 }, /unknown|Unrecognized/i],
    [{ version: 99 }, /At version: expected a recipe version from 1 to 1 but received 99/],
    ['a string', /top level/],
  ])('refuses %j', (input, message) => {
    expect(() => parseRecipe(input)).toThrowError(message);
  });
});
