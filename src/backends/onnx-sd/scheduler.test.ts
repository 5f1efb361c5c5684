import { describe, expect, it } from 'vitest';
import { ancestralSigmas, eulerStep, gaussian, makeSchedule, scaleInput, schedulerFromJson, timesteps, trainingSigmas, TURBO_SCHEDULER } from './scheduler.js';

describe('scheduler math', () => {
  it('matches the reference σ values of docs/backends.md §1.4', () => {
    const s = trainingSigmas(TURBO_SCHEDULER);
    expect(s[999]).toBeCloseTo(14.6146, 4);
    expect(s[749]).toBeCloseTo(4.0817, 4);
    expect(s[499]).toBeCloseTo(1.6129, 4);
    expect(s[249]).toBeCloseTo(0.6932, 4);
    expect(s[0]).toBeCloseTo(0.0292, 4);
  });

  it('spaces trailing timesteps like diffusers', () => {
    expect(timesteps(TURBO_SCHEDULER, 1)).toEqual([999]);
    expect(timesteps(TURBO_SCHEDULER, 2)).toEqual([999, 499]);
    expect(timesteps(TURBO_SCHEDULER, 4)).toEqual([999, 749, 499, 249]);
    const s = makeSchedule(TURBO_SCHEDULER, 4);
    expect(s.sigmas.map((v) => +v.toFixed(4))).toEqual([14.6146, 4.0817, 1.6129, 0.6932, 0]);
    expect(s.initNoiseSigma).toBeCloseTo(14.6146, 4);
  });

  it('spaces leading timesteps with the offset and starts from sqrt(σ_max² + 1)', () => {
    const config = schedulerFromJson({ _class_name: 'PNDMScheduler', beta_schedule: 'scaled_linear', steps_offset: 1 });
    expect(config.spacing).toBe('leading');
    const s = makeSchedule(config, 20);
    expect(s.timesteps.slice(0, 3)).toEqual([951, 901, 851]);
    expect(s.timesteps.at(-1)).toBe(1);
    // numpy: np.interp(951, arange(1000), sigmas) = 11.02833
    expect(s.sigmas[0]).toBeCloseTo(11.02833, 4);
    expect(s.initNoiseSigma).toBeCloseTo(Math.sqrt(11.02833 ** 2 + 1), 4);
  });

  it('reads the Euler-ancestral class and refuses other beta schedules', () => {
    expect(schedulerFromJson({ _class_name: 'EulerAncestralDiscreteScheduler', timestep_spacing: 'trailing' })).toMatchObject({ ancestral: true, spacing: 'trailing', stepsOffset: 0 });
    expect(() => schedulerFromJson({ beta_schedule: 'squaredcos_cap_v2' })).toThrow(/scaled_linear/);
  });

  it('reduces one Euler step from σ_max to x0 = x − σ·ε', () => {
    const x = Float32Array.from([1, -2, 3]);
    const eps = Float32Array.from([0.5, 0.25, -1]);
    eulerStep(x, eps, 14.6146, 0);
    expect([...x].map((v) => +v.toFixed(4))).toEqual([1 - 14.6146 * 0.5, -2 - 14.6146 * 0.25, 3 + 14.6146].map((v) => +v.toFixed(4)));
    expect([...scaleInput(Float32Array.from([2]), 14.6146)][0]).toBeCloseTo(2 / Math.sqrt(14.6146 ** 2 + 1), 6);
  });

  it('splits an ancestral step into σ_down and σ_up', () => {
    // Hand computed: σ_up = 1.6129·sqrt(1 − (1.6129/14.6146)²) = 1.60304, σ_down = 1.6129²/14.6146 = 0.17800.
    const { up, down } = ancestralSigmas(14.6146, 1.6129);
    expect(up).toBeCloseTo(1.60304, 4);
    expect(down).toBeCloseTo(0.178, 4);
    const x = Float32Array.from([1]);
    eulerStep(x, Float32Array.from([1]), 14.6146, 1.6129, Float32Array.from([2]));
    expect(x[0]).toBeCloseTo(1 + (0.178 - 14.6146) + 2 * 1.60304, 3);
  });

  it('draws seeded standard-normal noise', () => {
    expect([...gaussian(5, 3)]).toEqual([...gaussian(5, 3)]);
    expect([...gaussian(5, 3)]).not.toEqual([...gaussian(5, 4)]);
    const g = gaussian(20000, 1);
    const mean = g.reduce((a, b) => a + b, 0) / g.length;
    const variance = g.reduce((a, b) => a + (b - mean) ** 2, 0) / g.length;
    expect(Math.abs(mean)).toBeLessThan(0.03);
    expect(Math.abs(variance - 1)).toBeLessThan(0.05);
  });
});
