import type { Command } from 'commander';
import { decodePhoto, encodeImage } from '../../adapters/codec.js';
import { harmonizeCompositeReport } from '../../compose/harmonize-composite.js';
import { readPhotoInput } from '../../editor/photo-input.js';
import { ScenicError } from '../../errors.js';
import type { RgbaImage } from '../../image/types.js';
import { createReporter, ms, writeFileAtomic } from '../io.js';
import { outputFileFormat, unitOption } from '../options.js';

/**
 * `scenic harmonize`: a subject pasted into a photo by any tool, matched to that photo's light — the
 * boundary harmonizer that `scenic eval harmonize` scores as `ours`. No generative step, so no AI label.
 */
export function registerHarmonize(program: Command): void {
  program
    .command('harmonize')
    .description("match a subject pasted into a photo to that photo's light (exposure, white balance, contrast)")
    .argument('<composite>', 'the photo with the pasted subject')
    .requiredOption('--mask <file>', 'the pasted subject: white (≥ 50 % grey, or opaque alpha) on black, the size of the composite')
    .requiredOption('-o, --out <file>', 'output file: .jpg, .jpeg, .webp or .png')
    .option('--strength <0..1>', 'how much of the measured change of light to undo', unitOption('--strength'), 0.8)
    .option('--json', 'print a machine-readable result on stdout')
    .action(async (composite: string, flags: { mask: string; out: string; strength: number; json?: boolean }) => {
      const report = createReporter(Boolean(flags.json));
      const format = outputFileFormat(flags.out);
      const started = performance.now();
      const photo = (await decodePhoto(await readPhotoInput(composite))).image;
      const decodedMask = await decodePhoto(await readPhotoInput(flags.mask));
      if (decodedMask.image.width !== photo.width || decodedMask.image.height !== photo.height) {
        throw new ScenicError('INVALID_MASK', `Expected a --mask of ${photo.width}×${photo.height} (the composite's size) but received ${decodedMask.image.width}×${decodedMask.image.height}`);
      }
      const mask = maskValues(decodedMask);
      const result = harmonizeCompositeReport(photo, mask, flags.strength);
      await writeFileAtomic(flags.out, await encodeImage(result.image, { format, quality: 92 }));
      const { gains, contrast, agreement, pairs, applied } = result;
      if (report.json) {
        report.result({ file: flags.out, width: photo.width, height: photo.height, gains, contrast, agreement, pairs, applied });
      } else {
        const change = gains.map((g) => g.toFixed(2)).join(' / ');
        report.info(
          applied > 0
            ? `read a change of light across the subject's edge (gains R/G/B ${change}, contrast ${contrast.toFixed(2)}; ${(agreement * 100).toFixed(0)} % of ${pairs} edge pairs agree) and undid ${(applied * 100).toFixed(0)} % of it`
            : `the subject's edge shows no change of light to undo (${(agreement * 100).toFixed(0)} % of ${pairs} edge pairs agree): the image is unchanged`,
        );
        report.info(`wrote ${flags.out} (${photo.width}×${photo.height}) in ${ms(performance.now() - started)}`);
      }
    });
}

/** The mask as one value per pixel: its alpha where it has transparency, else its grey level. */
function maskValues({ image, hasAlpha }: { image: RgbaImage; hasAlpha: boolean }): Uint8Array {
  const { data } = image;
  const n = image.width * image.height;
  let transparent = false;
  if (hasAlpha) for (let i = 3; i < data.length && !transparent; i += 4) transparent = data[i] < 255;
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = transparent ? data[i * 4 + 3] : Math.round(0.299 * data[i * 4] + 0.587 * data[i * 4 + 1] + 0.114 * data[i * 4 + 2]);
  return out;
}
