import type { Command } from 'commander';
import { invalidArgument } from '../../errors.js';
import { evaluateSubjects, type SubjectScore, type SubjectSplit } from '../../eval/subject-eval.js';
import { createReporter } from '../io.js';
import { intOption } from '../options.js';

/** `scenic eval subject --data <folder> [--limit N] [--json] [--peer]`: cut-out quality against ground truth. */
export function registerEvalSubject(evalCommand: Command): void {
  evalCommand
    .command('subject')
    .description('score subject cut-outs against ground-truth masks (img/ + gt/, or GrabCut data_GT/ + boundary_GT/)')
    .requiredOption('--data <folder>', 'evaluation folder')
    .option('--limit <n>', 'only N images, evenly spread over the name-sorted list', intOption('--limit', 1, 1_000_000))
    .option('--peer', 'also run removeBackground() of @imgly/background-removal-node and print the differences')
    .option('--segment-size <px,...>', 'ISNet input size(s), multiples of 32; several sizes are measured in the same run (default: the editor default)', sizeList)
    .option('--split <part>', "'tune' = photos 0, 2, 4… by name, 'report' = photos 1, 3, 5… (default all)", splitOption)
    .option('--no-refine', 'measure the plain bilinear matte (no guided refinement, no colour cleaning)')
    .option('--json', 'print the report as JSON on stdout')
    .action(async (flags: { data: string; limit?: number; peer?: boolean; refine: boolean; json?: boolean; segmentSize?: number[]; split?: SubjectSplit }) => {
      const report = createReporter(Boolean(flags.json));
      const result = await evaluateSubjects(flags.data, {
        limit: flags.limit,
        peer: flags.peer,
        split: flags.split,
        segmentSizes: flags.segmentSize,
        editor: { refine: flags.refine },
        onRow: (row, i, n) => report.info(`${i + 1}/${n} ${row.name}  ours ${line(row.ours)}${row.peer ? `  peer ${line(row.peer)}` : ''}`),
      });
      if (report.json) {
        report.result(result);
        return;
      }
      const out = [`${result.data}: ${result.images} images (${result.split}), peak RSS ${result.peakRssMb} MB${result.peer ? ' (both methods in one process)' : ''}`];
      for (const size of result.bySize ?? [{ segmentSize: result.segmentSizes[0], ours: result.ours, delta: result.delta, speedRatio: result.speedRatio }]) {
        out.push(`ours ${size.segmentSize}²  ${line(size.ours)}`);
        if (size.delta) out.push(`  diff  IoU ${signed(size.delta.iou)}  boundary F ${signed(size.delta.boundaryF)}  MAE ${signed(size.delta.mae)}  time ×${size.speedRatio!.toFixed(2)} of the peer`);
      }
      if (result.peer) out.push(`peer        ${line(result.peer)}`);
      process.stdout.write(`${out.join('\n')}\n`);
    });
}

function line(s: SubjectScore): string {
  return `IoU ${s.iou.toFixed(4)}  boundary F ${s.boundaryF.toFixed(4)}  MAE ${s.mae.toFixed(4)}  ${s.seconds.toFixed(2)} s/image`;
}

function signed(n: number): string {
  return `${n >= 0 ? '+' : ''}${n.toFixed(4)}`;
}

function sizeList(value: string): number[] {
  const sizes = value.split(',').map((v) => Number(v.trim()));
  if (sizes.some((n) => !Number.isInteger(n) || n % 32 !== 0 || n < 256 || n > 2048)) throw invalidArgument('--segment-size', 'multiples of 32 from 256 to 2048, comma-separated', value);
  return sizes;
}

function splitOption(value: string): SubjectSplit {
  if (value !== 'all' && value !== 'tune' && value !== 'report') throw invalidArgument('--split', "'all', 'tune' or 'report'", value);
  return value;
}
