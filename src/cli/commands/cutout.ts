import type { Command } from 'commander';
import { encodeImage } from '../../adapters/codec.js';
import { createEditor } from '../../editor/editor.js';
import { ScenicError } from '../../errors.js';
import { createReporter, ms, writeFileAtomic } from '../io.js';
import { boxOption, pointOption, segmentSizeOption, type SubjectFlags } from '../subject-options.js';

export function registerCutout(program: Command): void {
  program
    .command('cutout')
    .description('cut the subject out of a photo as a full-resolution transparent PNG')
    .argument('<photo>', 'the photo')
    .requiredOption('-o, --out <file.png>', 'output PNG file')
    .option('--point <x,y>', 'keep the subject under this point (photo pixels)', pointOption)
    .option('--box <x,y,w,h>', 'keep the subject(s) inside this box (photo pixels)', boxOption)
    .option('--all', 'keep every subject the model found (default: the salient ones)')
    .option('--hints <png>', 'hint mask: white = keep, black = remove, grey = no hint (stretched over the photo)')
    .option('--segment-size <px>', 'side of the square the segmentation network sees (multiple of 32; default 768 — see README "Cut-outs")', segmentSizeOption)
    .option('--json', 'print a machine-readable result on stdout')
    .action(async (photo: string, flags: SubjectFlags & { out: string; all?: boolean; json?: boolean }) => {
      const report = createReporter(Boolean(flags.json));
      if (!flags.out.toLowerCase().endsWith('.png')) {
        throw new ScenicError('UNSUPPORTED_OUTPUT', `Expected a .png file for --out (a cut-out needs transparency) but received ${JSON.stringify(flags.out)}`);
      }
      const editor = createEditor({ segmentSize: flags.segmentSize });
      try {
        const started = performance.now();
        report.info('finding the subject…');
        const cut = await editor.cutout(photo, { point: flags.point, box: flags.box, keep: flags.all ? 'all' : 'salient', hints: flags.hints });
        const png = await encodeImage(cut.image, { format: 'png' });
        await writeFileAtomic(flags.out, png);
        if (report.json) report.result({ file: flags.out, width: cut.image.width, height: cut.image.height, bounds: cut.bounds, hash: cut.hash, subjects: cut.regions, kept: cut.kept });
        else report.info(`wrote ${flags.out} (${cut.image.width}×${cut.image.height}) in ${ms(performance.now() - started)}`);
      } finally {
        await editor.dispose();
      }
    });
}
