import type { Command } from 'commander';
import { evaluateSubjects, type SubjectScore } from '../../eval/subject-eval.js';
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
    .option('--no-refine', 'measure the plain bilinear matte (no guided refinement, no colour cleaning)')
    .option('--json', 'print the report as JSON on stdout')
    .action(async (flags: { data: string; limit?: number; peer?: boolean; refine: boolean; json?: boolean }) => {
      const report = createReporter(Boolean(flags.json));
      const result = await evaluateSubjects(flags.data, {
        limit: flags.limit,
        peer: flags.peer,
        editor: { refine: flags.refine },
        onRow: (row, i, n) => report.info(`${i + 1}/${n} ${row.name}  ours ${line(row.ours)}${row.peer ? `  peer ${line(row.peer)}` : ''}`),
      });
      if (report.json) {
        report.result(result);
        return;
      }
      const out = [`${result.data}: ${result.images} images, peak RSS ${result.peakRssMb} MB${result.peer ? ' (both methods in one process)' : ''}`, `ours  ${line(result.ours)}`];
      if (result.peer && result.delta) {
        out.push(`peer  ${line(result.peer)}`);
        out.push(`diff  IoU ${signed(result.delta.iou)}  boundary F ${signed(result.delta.boundaryF)}  MAE ${signed(result.delta.mae)}  time ×${result.speedRatio!.toFixed(2)} of the peer`);
      }
      process.stdout.write(`${out.join('\n')}\n`);
    });
}

function line(s: SubjectScore): string {
  return `IoU ${s.iou.toFixed(4)}  boundary F ${s.boundaryF.toFixed(4)}  MAE ${s.mae.toFixed(4)}  ${s.seconds.toFixed(2)} s/image`;
}

function signed(n: number): string {
  return `${n >= 0 ? '+' : ''}${n.toFixed(4)}`;
}
