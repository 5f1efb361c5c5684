import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { ScenicError } from '../../errors.js';
import { evaluateModeration, parsePromptFile, type ModerationEvalReport } from '../../eval/moderation.js';
import { compileModerationPolicy, DEFAULT_MODERATION_POLICY, mergePolicies, type ModerationPolicy } from '../../scene/moderation.js';
import { createReporter } from '../io.js';

interface Flags {
  benign?: string;
  blocked?: string;
  policy?: string;
  json?: boolean;
}

/**
 * `scenic eval moderation --benign <file> --blocked <file> [--policy extra.json] [--json]`: false-positive rate
 * on prompts that should pass, catch rate on prompts that should be blocked, per category.
 */
export function registerEvalModeration(evalCommand: Command): void {
  evalCommand
    .command('moderation')
    .description('measure the prompt policy: false positives on benign prompts, catch rate on disallowed ones')
    .option('--benign <file>', 'prompts that must pass, one a line')
    .option('--blocked <file>', 'prompts that must be blocked, one a line ("# category: <id>" lines label the ones below)')
    .option('--policy <file>', 'a JSON policy whose terms are added to the built-in one')
    .option('--json', 'print {"benign": {n, blocked}, "disallowed": {n, blocked}, "byCategory": {...}} on stdout')
    .action(async (flags: Flags) => {
      if (!flags.benign && !flags.blocked) throw new ScenicError('INVALID_ARGUMENT', 'Expected --benign <file> and/or --blocked <file> for eval moderation but received neither');
      const report = createReporter(Boolean(flags.json));
      const policy = flags.policy ? compileModerationPolicy(mergePolicies(DEFAULT_MODERATION_POLICY, (JSON.parse(await readText(flags.policy, '--policy')) as Partial<ModerationPolicy>))) : undefined;
      const benign = flags.benign ? parsePromptFile(await readText(flags.benign, '--benign')) : [];
      const blocked = flags.blocked ? parsePromptFile(await readText(flags.blocked, '--blocked')) : [];
      const result = evaluateModeration(benign, blocked, policy);
      if (report.json) report.result(result);
      else process.stdout.write(formatReport(result));
    });
}

async function readText(file: string, flag: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    throw new ScenicError('FILE_NOT_FOUND', `Expected a readable prompt file for ${flag} but received ${JSON.stringify(file)} (${(error as NodeJS.ErrnoException).code ?? 'unreadable'})`, { cause: error });
  }
}

function pct(k: number, n: number): string {
  return n ? `${((100 * k) / n).toFixed(2)}%` : '-';
}

function formatReport(r: ModerationEvalReport): string {
  const lines = [
    `benign:     ${r.benign.blocked}/${r.benign.n} blocked (false-positive rate ${pct(r.benign.blocked, r.benign.n)})`,
    `disallowed: ${r.disallowed.blocked}/${r.disallowed.n} blocked (catch rate ${pct(r.disallowed.blocked, r.disallowed.n)})`,
    '',
    'category        disallowed  caught  caught%   as-category  benign-FP',
  ];
  for (const [id, s] of Object.entries(r.byCategory)) {
    lines.push(`${id.padEnd(16)}${String(s.n).padStart(10)}${String(s.blocked).padStart(8)}${pct(s.blocked, s.n).padStart(9)}${String(s.blockedAsExpected).padStart(13)}${String(s.falsePositives).padStart(11)}`);
  }
  if (r.benign.examples.length) {
    lines.push('', 'benign prompts blocked:');
    for (const e of r.benign.examples.slice(0, 20)) lines.push(`  [${e.category}: ${e.matched}] ${e.prompt}`);
  }
  if (r.disallowed.missed.length) {
    lines.push('', 'disallowed prompts missed:');
    for (const m of r.disallowed.missed.slice(0, 20)) lines.push(`  ${m}`);
  }
  lines.push('', `${r.msPerPrompt.toFixed(2)} ms per prompt`);
  return `${lines.join('\n')}\n`;
}
