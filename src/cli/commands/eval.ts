import type { Command } from 'commander';
import { registerEvalHarmonize } from './eval-harmonize.js';
import { registerEvalModeration } from './eval-moderation.js';
import { registerEvalSubject } from './eval-subject.js';
import { registerEvalWatermark } from './eval-watermark.js';

/**
 * `scenic eval <what>`: measurement commands over evaluation data folders. Each kind lives in its own
 * file (eval-<what>.ts) and registers itself on the `eval` command here.
 */
const EVALS: Array<(evalCommand: Command) => void> = [registerEvalSubject, registerEvalModeration, registerEvalHarmonize, registerEvalWatermark];

export function registerEval(program: Command): void {
  const evalCommand = program.command('eval').description('measure quality on an evaluation data folder');
  for (const register of EVALS) register(evalCommand);
}
