import { stat } from 'node:fs/promises';
import type { Command } from 'commander';
import { ScenicError, invalidArgument } from '../../errors.js';
import { runHarmonizeEval, type RelightSummary, type SetSummary } from '../../eval/harmonize-eval.js';
import { createReporter } from '../io.js';
import { intOption } from '../options.js';

interface Flags {
  data: string;
  json?: boolean;
  limit?: number;
  strength?: number;
  seed: number;
  maxSide: number;
}

/**
 * `scenic eval harmonize --data <folder> [--json] [--limit N]`: how well harmonization recovers the real
 * photo, beside the raw composite and a Reinhard colour transfer (see src/eval/harmonize-eval.ts).
 */
export function registerEvalHarmonize(evalCommand: Command): void {
  evalCommand
    .command('harmonize')
    .description('score harmonization on real (composite, mask, real) triples and on a synthetic set built from img/ + gt/ pairs')
    .requiredOption('--data <folder>', 'evaluation folder (searched recursively for both layouts)')
    .option('--limit <n>', 'at most N images per set (sorted by name)', intOption('--limit', 1, 1_000_000))
    .option('--strength <s>', 'harmonization strength 0..1 (default: the compose default)', strengthOption)
    .option('--seed <n>', 'seed of the synthetic perturbations', intOption('--seed', 0, 2 ** 31), 1)
    .option('--max-side <px>', 'images are scaled so their longer side is at most this', intOption('--max-side', 64, 4096), 512)
    .option('--json', 'print {"synthetic": …, "relight": …, "real": …} on stdout')
    .action(async (flags: Flags) => {
      const report = createReporter(Boolean(flags.json));
      const info = await stat(flags.data).catch(() => null);
      if (!info?.isDirectory()) throw new ScenicError('FILE_NOT_FOUND', `Expected an existing folder for --data but received ${JSON.stringify(flags.data)}`);
      const started = performance.now();
      let lastShown = 0;
      const result = await runHarmonizeEval({
        data: flags.data,
        limit: flags.limit,
        strength: flags.strength,
        seed: flags.seed,
        maxSide: flags.maxSide,
        onItem: (set, done, total) => {
          if (done === total || performance.now() - lastShown > 2000) {
            lastShown = performance.now();
            report.info(`loading ${set} ${done}/${total}`);
          }
        },
      });
      if (!result.synthetic && !result.real) {
        throw invalidArgument('--data', 'a folder with img/ + gt/ (or data_GT/ + boundary_GT/) pairs or (composite, mask, real) triples', flags.data);
      }
      if (report.json) {
        report.result(result);
        return;
      }
      const lines: string[] = [];
      if (result.synthetic) lines.push(...table('synthetic (seeded foreground light changes, recovered with the same photo\'s background)', result.synthetic));
      if (result.relight) lines.push(...relightTable(result.relight));
      if (result.real) lines.push(...table('real triples (composite → real photo)', result.real));
      lines.push(`${((performance.now() - started) / 1000).toFixed(1)} s`);
      process.stdout.write(`${lines.join('\n')}\n`);
    });
}

function row(name: string, m: SetSummary['ours']): string {
  return `  ${name.padEnd(10)} PSNR ${m.psnr.toFixed(2).padStart(6)}  fPSNR ${m.fpsnr.toFixed(2).padStart(6)}  fMSE ${m.fmse.toFixed(1).padStart(8)}`;
}

function worse(share: number, n: number): string {
  return `worse than the composite on ${Math.round(share * n)}/${n} (${(share * 100).toFixed(1)}%)`;
}

function table(title: string, s: SetSummary): string[] {
  return [
    `${title}: ${s.n} images`,
    row('ours', s.ours),
    row('composite', s.composite),
    row('transfer', s.transfer),
    `  fPSNR ours − composite ${signed(s.ours.fpsnr - s.composite.fpsnr)} dB, ours − transfer ${signed(s.ours.fpsnr - s.transfer.fpsnr)} dB; ${worse(s.worseThanComposite, s.n)}`,
    // A story's subject sits on a new scene, where the boundary reading has nothing to read: compose uses the
    // global estimate, scored here on the same images.
    row('story', s.storyCompose),
    `  story compose's global harmonizer − composite ${signed(s.storyCompose.fpsnr - s.composite.fpsnr)} dB; ${worse(s.storyCompose.worseThanComposite, s.n)}`,
  ];
}

function relightTable(s: RelightSummary): string[] {
  return [
    `relight (a subject carried onto another photo relit by a seeded change of light; "composite" leaves the subject as shot): ${s.n} images`,
    row('ours', s.ours),
    row('subject', s.subjectReference),
    row('composite', s.composite),
    row('transfer', s.transfer),
    `  fPSNR ours (story compose) − composite ${signed(s.ours.fpsnr - s.composite.fpsnr)} dB, − subject-only reference ${signed(s.ours.fpsnr - s.subjectReference.fpsnr)} dB, − transfer ${signed(s.ours.fpsnr - s.transfer.fpsnr)} dB; ${worse(s.worseThanComposite, s.n)} (subject-only reference: ${worse(s.subjectReference.worseThanComposite, s.n)})`,
  ];
}

function signed(n: number): string {
  return `${n >= 0 ? '+' : ''}${n.toFixed(2)}`;
}

function strengthOption(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < 0 || n > 1) throw invalidArgument('--strength', 'a number between 0 and 1', value);
  return n;
}
