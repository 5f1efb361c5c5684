import { Command, CommanderError } from 'commander';
import { ScenicError, isScenicError } from '../errors.js';
import { VERSION } from '../version.js';
import { registerComposeSheet } from './commands/compose-sheet.js';
import { registerCutout } from './commands/cutout.js';
import { registerEdit } from './commands/edit.js';
import { registerErrors } from './commands/errors.js';
import { registerEval } from './commands/eval.js';
import { registerHarmonize } from './commands/harmonize.js';
import { registerServe } from './commands/serve.js';
import { registerVerify } from './commands/verify.js';
import { registerWorker } from './commands/worker.js';
import { registerPresets } from './commands/presets.js';
import { registerSheet } from './commands/sheet.js';

/** Every command registers itself here; one file per command in ./commands. */
const COMMANDS: Array<(program: Command) => void> = [registerEdit, registerCutout, registerHarmonize, registerEval, registerServe, registerVerify, registerWorker, registerPresets, registerComposeSheet, registerSheet, registerErrors];

export function buildProgram(): Command {
  const program = new Command('scenic')
    .description('Replace a photo\'s background from a text prompt, keep the subject, label it honestly.')
    .version(VERSION)
    .showHelpAfterError(false)
    .exitOverride()
    .configureOutput({ writeErr: () => {} });
  for (const register of COMMANDS) register(program);
  return program;
}

/** Runs the CLI: exit 0 on success; otherwise prints `error <CODE>: message` and exits non-zero. */
export async function main(argv: string[]): Promise<void> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help') return;
      const code = error.code === 'commander.unknownCommand' ? 'UNKNOWN_COMMAND' : 'INVALID_ARGUMENT';
      fail(new ScenicError(code, error.message.replace(/^error: /, '')));
      return;
    }
    fail(error);
  }
}

function fail(error: unknown): void {
  if (isScenicError(error)) {
    process.stderr.write(`error ${error.code}: ${error.message}\n`);
    process.exitCode = 2;
    return;
  }
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`error INTERNAL: ${message}\n`);
  if (process.env.SCENIC_DEBUG && error instanceof Error) process.stderr.write(`${error.stack}\n`);
  process.exitCode = 1;
}
