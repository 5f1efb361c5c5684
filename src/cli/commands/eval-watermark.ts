import type { Command } from 'commander';
import { evaluateWatermark, type WatermarkEvalReport } from '../../eval/watermark-eval.js';
import { ScenicError } from '../../errors.js';
import { createReporter } from '../io.js';
import { intOption } from '../options.js';

/**
 * `scenic eval watermark --data <folder> [--data <folder>…] [--limit N] [--unmarked N] [--json]`: robustness
 * of the invisible watermark to re-sharing attacks, false positives on unmarked photos, and speed.
 */
export function registerEvalWatermark(evalCommand: Command): void {
  evalCommand
    .command('watermark')
    .description('measure the invisible watermark: detection and bit accuracy per attack, false positives, speed')
    .option('--data <folder>', 'folder of photos, required (repeatable; a folder with img/, or the GrabCut layout with data_GT/, is read from there)', collect, [] as string[])
    .option('--limit <n>', 'only N photos, spread evenly over the sorted list', intOption('--limit', 1, 1_000_000))
    .option('--unmarked <n>', 'unmarked samples to test for false positives, at least (default 1000)', intOption('--unmarked', 1, 10_000_000))
    .option('--json', 'print the report as JSON on stdout')
    .action(async (flags: { data: string[]; limit?: number; unmarked?: number; json?: boolean }) => {
      if (flags.data.length === 0) throw new ScenicError('INVALID_ARGUMENT', 'Expected --data <folder> for eval watermark but received none');
      const report = createReporter(Boolean(flags.json));
      const result = await evaluateWatermark(flags.data, {
        limit: flags.limit,
        minUnmarked: flags.unmarked,
        onPhoto: (i, n, name) => report.info(`${i + 1}/${n} ${name}`),
      });
      if (report.json) report.result(result);
      else process.stdout.write(formatReport(result));
    });
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

function formatReport(r: WatermarkEvalReport): string {
  const lines = [
    `${r.photos} photos fitted to 1080x1920; embedding PSNR mean ${r.embedPsnr.mean.toFixed(2)} dB, min ${r.embedPsnr.min.toFixed(2)} dB`,
    '',
    'attack                    detection  bit acc  raw bit acc  PSNR vs marked',
  ];
  for (const row of r.attacks) {
    const psnr = row.attackPsnr === null ? '-' : `${row.attackPsnr.toFixed(2)} dB`;
    lines.push(`${row.attack.padEnd(26)}${pct(row.detectionRate).padStart(9)}${row.bitAccuracy.toFixed(4).padStart(9)}${row.rawBitAccuracy.toFixed(4).padStart(13)}${psnr.padStart(16)}`);
  }
  const u = r.unmarked;
  lines.push('');
  lines.push(`unmarked: ${u.falsePositives}/${u.n} false positives (rate ${pct(u.rate)}); strongest evidence on an unmarked sample: reported FPR ${u.lowestReportedFalsePositiveRate.toExponential(2)}, pilot z ${u.highestPilotZ.toFixed(2)}`);
  lines.push(`speed at ${r.timing.width}x${r.timing.height} (median of ${r.timing.runs}): embed ${r.timing.embedMs.toFixed(1)} ms + detect ${r.timing.detectMs.toFixed(1)} ms = ${r.timing.totalMs.toFixed(1)} ms wall (${r.timing.cpuTotalMs.toFixed(1)} ms CPU)`);
  return `${lines.join('\n')}\n`;
}

function pct(x: number): string {
  return `${(100 * x).toFixed(2)}%`;
}
