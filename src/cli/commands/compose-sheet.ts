import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import sharp, { type OverlayOptions } from 'sharp';
import { PLAIN_COMPOSE, parseComposeSpec, type ComposeOptions } from '../../compose/compose-options.js';
import { parseCanvasSize } from '../../compose/layout.js';
import { createEditor } from '../../editor/editor.js';
import { ScenicError, invalidArgument } from '../../errors.js';
import type { RecipeInput } from '../../recipe/schema.js';
import { createReporter, writeFileAtomic } from '../io.js';
import { intOption } from '../options.js';

interface Flags {
  prompts: string;
  out: string;
  seed: number;
  size: string;
  compose?: string;
  tile: number;
}

/**
 * `scenic compose-sheet <photo> --prompts <file> --out sheet.jpg`: one row per prompt, the plain
 * composite on the left and the composed story (harmonize, light wrap, shadow, depth of field, grain) on
 * the right, same seed, so the effect of compose can be judged on real edits.
 */
export function registerComposeSheet(program: Command): void {
  program
    .command('compose-sheet')
    .description('before/after sheet: plain composite vs composed story, one row per prompt')
    .argument('<photo>', 'the photo')
    .requiredOption('--prompts <file>', 'text file, one prompt a line (# starts a comment)')
    .requiredOption('-o, --out <file>', 'the sheet (.jpg, .png or .webp)')
    .option('--seed <n>', 'background seed for every row', intOption('--seed', 0, 2 ** 32 - 1), 7)
    .option('--size <size>', 'story, portrait, square or WxH', 'story')
    .option('--compose <spec>', 'compose controls for the "after" column, e.g. harmonize=1,dof=0.6 (default: recipe defaults)')
    .option('--tile <px>', 'width of each picture on the sheet', intOption('--tile', 64, 1080), 360)
    .action(async (photo: string, flags: Flags) => {
      const report = createReporter(false);
      const size = parseCanvasSize(flags.size);
      if (!size) throw invalidArgument('--size', 'story, portrait, square or WxH', flags.size, 'INVALID_SIZE');
      const after = flags.compose === undefined ? {} : parseComposeSpec(flags.compose);
      if (typeof after === 'string') throw invalidArgument('--compose', after, flags.compose);
      const text = await readFile(flags.prompts, 'utf8').catch(() => {
        throw new ScenicError('FILE_NOT_FOUND', `Expected a prompts file for --prompts but received ${JSON.stringify(flags.prompts)}`);
      });
      const prompts = text.split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
      if (prompts.length === 0) throw invalidArgument('--prompts', 'a file with at least one prompt', flags.prompts);
      const editor = createEditor({ c2pa: false });
      const tileW = flags.tile;
      const tileH = Math.round((tileW * size.height) / size.width);
      const labelH = 28;
      const tiles: OverlayOptions[] = [];
      try {
        for (const [row, prompt] of prompts.entries()) {
          for (const [col, compose] of [PLAIN_COMPOSE, after].entries()) {
            report.info(`${prompt} (${col === 0 ? 'before' : 'after'})`);
            const recipe: RecipeInput = {
              layout: size,
              background: { prompt, seed: flags.seed },
              compose: compose as Partial<ComposeOptions>,
              label: { promptMetadata: false },
              output: { format: 'png' },
            };
            const result = await editor.edit(photo, recipe);
            const input = await sharp(result.outputs[0].data).resize(tileW, tileH).png().toBuffer();
            tiles.push({ input, left: col * tileW, top: labelH + row * (tileH + labelH) });
            const caption = `${col === 0 ? 'plain' : 'composed'} · ${prompt}`;
            tiles.push({ input: label(caption, tileW, labelH), left: col * tileW, top: row * (tileH + labelH) });
          }
        }
      } finally {
        await editor.dispose();
      }
      const sheet = sharp({ create: { width: tileW * 2, height: prompts.length * (tileH + labelH), channels: 3, background: '#202020' } }).composite(tiles);
      const lower = flags.out.toLowerCase();
      const data = lower.endsWith('.png') ? await sheet.png().toBuffer() : lower.endsWith('.webp') ? await sheet.webp({ quality: 85 }).toBuffer() : await sheet.jpeg({ quality: 82 }).toBuffer();
      await writeFileAtomic(flags.out, data);
      report.info(`wrote ${flags.out} (${prompts.length} rows)`);
    });
}

/** A caption strip (SVG text rendered by sharp). */
function label(text: string, width: number, height: number): Buffer {
  const safe = text.replace(/[<>&"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;' })[c]!);
  return Buffer.from(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><rect width="100%" height="100%" fill="#202020"/><text x="8" y="${height - 9}" font-family="sans-serif" font-size="15" fill="#f0f0f0">${safe.slice(0, 60)}</text></svg>`,
  );
}
