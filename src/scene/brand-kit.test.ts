import { describe, expect, it } from 'vitest';
import { isScenicError } from '../errors.js';
import { parseBrandKit, planWithBrand } from './brand-kit.js';
import { parseRecipe } from '../recipe/validate.js';
import { parsePrompt } from './plan.js';

const kit = parseBrandKit({ name: 'Acme', colours: ['#ff0066', '1b2a5e'], styles: ['minimal', 'vintage film'], avoid: ['neon', 'confetti', 'golden hour'] });

describe('brand kits', () => {
  it('validates and fills defaults', () => {
    expect(parseBrandKit({ name: 'x', colours: ['#000000'] })).toEqual({ name: 'x', colours: ['#000000'], styles: [], avoid: [] });
  });

  it.each([
    [{ colours: ['#ff0066'] }, 'name'],
    [{ name: 'x', colours: [] }, 'colours'],
    [{ name: 'x', colours: ['#ff0066', 'red'] }, 'colours.1'],
    [{ name: 'x', colours: ['#ff0066'], styles: ['purple prose'] }, 'styles'],
    [{ name: 'x', colours: ['#ff0066'], extra: 1 }, 'the brand kit'],
    ['not an object', 'the brand kit'],
  ])('rejects %j with INVALID_BRAND_KIT naming %s', (value, where) => {
    try {
      parseBrandKit(value);
      expect.fail('expected an error');
    } catch (error) {
      expect(isScenicError(error) && error.code).toBe('INVALID_BRAND_KIT');
      expect((error as Error).message).toMatch(new RegExp(`^Expected .+ for ${where.replace('.', '\\.')} but received `));
    }
  });

  it('steers the palette: kit colours follow the prompt colours, and stand alone when the prompt has none', () => {
    expect(planWithBrand('balloons', kit).palette).toEqual([[255, 0, 102], [27, 42, 94]]);
    expect(planWithBrand('gold balloons', kit).palette).toEqual([[230, 180, 34], [255, 0, 102], [27, 42, 94]]);
  });

  it('adds its styles and records its name', () => {
    const plan = planWithBrand('studio', kit);
    expect(plan.styles).toEqual(['minimal', 'vintage']);
    expect(plan.brand).toBe('Acme');
  });

  it('removes avoid-words from the plan: not drawn, not reported as not understood', () => {
    const plan = planWithBrand('neon confetti at golden hour on the beach', kit);
    expect(plan.concepts).toEqual(['beach', 'ocean', 'minimal', 'vintage']);
    expect(plan.notUnderstood).toEqual([]);
    expect(plan.timeOfDay).toBeUndefined();
    expect(parsePrompt('neon confetti at golden hour on the beach').concepts).toContain('confetti');
  });

  it('travels in the recipe as background.brandKit, validated with the recipe', () => {
    const recipe = parseRecipe({ background: { prompt: 'studio', brandKit: { name: 'Acme', colours: ['#ff0066'] } } });
    expect(recipe.background.brandKit).toEqual({ name: 'Acme', colours: ['#ff0066'], styles: [], avoid: [] });
    try {
      parseRecipe({ background: { brandKit: { name: 'Acme', colours: ['pink'] } } });
      expect.fail('expected an error');
    } catch (error) {
      expect(isScenicError(error) && error.code).toBe('INVALID_RECIPE');
      expect((error as Error).message).toContain('background.brandKit.colours.0');
    }
  });
});
