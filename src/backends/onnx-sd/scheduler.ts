import { createRandom } from '../../image/random.js';

/**
 * Euler and Euler-ancestral discrete schedulers as diffusers computes them for Stable Diffusion
 * (docs/backends.md §1.4): scaled-linear betas, σ(t) = sqrt((1 − ᾱ_t)/ᾱ_t), "trailing" (Turbo) or "leading"
 * (SD 1.5/2) timestep spacing, σ interpolated at the chosen timesteps and a final 0. Pure math, no I/O.
 */

export interface SchedulerConfig {
  betaStart: number;
  betaEnd: number;
  trainSteps: number;
  spacing: 'trailing' | 'leading' | 'linspace';
  stepsOffset: number;
  ancestral: boolean;
}

/** SD-Turbo's scheduler_config.json (EulerDiscreteScheduler, trailing). */
export const TURBO_SCHEDULER: SchedulerConfig = { betaStart: 0.00085, betaEnd: 0.012, trainSteps: 1000, spacing: 'trailing', stepsOffset: 0, ancestral: false };

/**
 * Reads a diffusers scheduler_config.json; missing fields take SD's defaults (scaled_linear 0.00085–0.012,
 * 1000 steps, leading spacing with offset 1 as in SD 1.5's PNDM/DDIM configs). Ancestral when the class is
 * EulerAncestralDiscreteScheduler.
 *
 * @example schedulerFromJson({ _class_name: 'EulerAncestralDiscreteScheduler', timestep_spacing: 'trailing' })
 */
export function schedulerFromJson(json: Record<string, unknown>): SchedulerConfig {
  const n = (k: string, d: number) => (typeof json[k] === 'number' ? (json[k] as number) : d);
  const spacing = json.timestep_spacing === 'trailing' || json.timestep_spacing === 'linspace' ? json.timestep_spacing : 'leading';
  if (json.beta_schedule !== undefined && json.beta_schedule !== 'scaled_linear') {
    throw new TypeError(`Expected beta_schedule "scaled_linear" in scheduler_config.json but received ${JSON.stringify(json.beta_schedule)}`);
  }
  return {
    betaStart: n('beta_start', 0.00085),
    betaEnd: n('beta_end', 0.012),
    trainSteps: n('num_train_timesteps', 1000),
    spacing,
    stepsOffset: n('steps_offset', spacing === 'leading' ? 1 : 0),
    ancestral: String(json._class_name ?? '').includes('Ancestral'),
  };
}

/** σ for every training timestep 0..trainSteps−1 (float64). */
export function trainingSigmas(config: SchedulerConfig): Float64Array {
  const { betaStart, betaEnd, trainSteps } = config;
  const sigmas = new Float64Array(trainSteps);
  const a = Math.sqrt(betaStart);
  const b = Math.sqrt(betaEnd);
  let alphaBar = 1;
  for (let i = 0; i < trainSteps; i++) {
    const beta = (a + ((b - a) * i) / (trainSteps - 1)) ** 2;
    alphaBar *= 1 - beta;
    sigmas[i] = Math.sqrt((1 - alphaBar) / alphaBar);
  }
  return sigmas;
}

/**
 * The timesteps for `steps` inference steps, highest first.
 *
 * @example timesteps(TURBO_SCHEDULER, 4) // [999, 749, 499, 249]
 */
export function timesteps(config: SchedulerConfig, steps: number): number[] {
  const T = config.trainSteps;
  const out: number[] = [];
  if (config.spacing === 'trailing') {
    // round(arange(T, 0, −T/N)) − 1
    for (let i = 0; i < steps; i++) out.push(Math.round(T - (i * T) / steps) - 1);
  } else if (config.spacing === 'linspace') {
    for (let i = 0; i < steps; i++) out.push(Math.round(((T - 1) * (steps - 1 - i)) / Math.max(1, steps - 1)));
  } else {
    const ratio = Math.floor(T / steps);
    for (let i = steps - 1; i >= 0; i--) out.push(i * ratio + config.stepsOffset);
  }
  return out;
}

export interface Schedule {
  timesteps: number[];
  /** σ at each timestep, then a final 0 (length steps + 1). */
  sigmas: number[];
  /** Standard deviation of the starting noise. */
  initNoiseSigma: number;
}

/** Timesteps, σs (interpolated like numpy.interp) and the initial noise σ for `steps` steps. */
export function makeSchedule(config: SchedulerConfig, steps: number): Schedule {
  if (!Number.isInteger(steps) || steps < 1 || steps > config.trainSteps) throw new RangeError(`Expected an integer between 1 and ${config.trainSteps} for steps but received ${steps}`);
  const table = trainingSigmas(config);
  const ts = timesteps(config, steps);
  const sigmas = ts.map((t) => interp(t, table));
  sigmas.push(0);
  // diffusers: trailing/linspace start at σ_max, leading at sqrt(σ_max² + 1).
  const max = Math.max(...sigmas);
  const initNoiseSigma = config.spacing === 'leading' ? Math.sqrt(max * max + 1) : max;
  return { timesteps: ts, sigmas, initNoiseSigma };
}

function interp(t: number, table: Float64Array): number {
  const i = Math.max(0, Math.min(table.length - 1, Math.floor(t)));
  const j = Math.min(table.length - 1, i + 1);
  const f = t - i;
  return table[i] * (1 - f) + table[j] * f;
}

/** scale_model_input: x / sqrt(σ² + 1). */
export function scaleInput(x: Float32Array, sigma: number): Float32Array {
  const k = 1 / Math.sqrt(sigma * sigma + 1);
  const out = new Float32Array(x.length);
  for (let i = 0; i < x.length; i++) out[i] = x[i] * k;
  return out;
}

/**
 * One Euler step for an ε-predicting model, in place: x ← x + ε·(σ_next − σ). With `noise` (Euler-ancestral)
 * the step goes to σ_down and adds noise·σ_up.
 */
export function eulerStep(x: Float32Array, eps: Float32Array, sigma: number, sigmaNext: number, noise?: Float32Array): void {
  if (!noise) {
    const d = sigmaNext - sigma;
    for (let i = 0; i < x.length; i++) x[i] += eps[i] * d;
    return;
  }
  const { down, up } = ancestralSigmas(sigma, sigmaNext);
  const d = down - sigma;
  for (let i = 0; i < x.length; i++) x[i] += eps[i] * d + noise[i] * up;
}

/** σ_up = sqrt(σ_next²·(σ² − σ_next²)/σ²), σ_down = sqrt(σ_next² − σ_up²). */
export function ancestralSigmas(sigma: number, sigmaNext: number): { up: number; down: number } {
  const up = Math.sqrt((sigmaNext * sigmaNext * (sigma * sigma - sigmaNext * sigmaNext)) / (sigma * sigma));
  return { up, down: Math.sqrt(Math.max(0, sigmaNext * sigmaNext - up * up)) };
}

/** Seeded standard-normal samples (mulberry32 + Box–Muller), so the same seed gives the same latents. */
export function gaussian(count: number, seed: number): Float32Array {
  const uniform = createRandom(seed);
  const out = new Float32Array(count);
  for (let i = 0; i < count; i += 2) {
    const u1 = Math.max(uniform(), 1e-12);
    const u2 = uniform();
    const r = Math.sqrt(-2 * Math.log(u1));
    out[i] = r * Math.cos(2 * Math.PI * u2);
    if (i + 1 < count) out[i + 1] = r * Math.sin(2 * Math.PI * u2);
  }
  return out;
}
