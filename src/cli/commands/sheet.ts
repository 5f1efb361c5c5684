import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import sharp, { type OverlayOptions } from 'sharp';
import { renderScene } from '../../backends/procedural/render.js';
import { ScenicError, invalidArgument } from '../../errors.js';
import { parsePrompt } from '../../scene/plan.js';
import { intOption, outputFileFormat, sizeOption } from '../options.js';
import { createReporter, ms, writeFileAtomic } from '../io.js';

interface SheetFlags {
  prompts: string;
  out: string;
  size: { width: number; height: number };
  seed: number;
  columns: number;
  quality: number;
  json?: boolean;
}

const LABEL_H = 40;

/**
 * `scenic sheet`: renders many prompts with the built-in engine into one labelled grid, so a person can
 * judge the engine at a glance. Labels are drawn with sharp's SVG text (this is an I/O edge).
 */
export function registerSheet(program: Command): void {
  program
    .command('sheet')
    .description('render a contact sheet: one cell per prompt in a file, labelled, with the built-in engine')
    .requiredOption('--prompts <file>', 'text file, one prompt per line ("# " starts a comment)')
    .requiredOption('-o, --out <file>', 'output image (.jpg, .png or .webp)')
    .option('--size <WxH>', 'size of each cell (default 216x384, a 9:16 story at a fifth)', sizeOption, { width: 216, height: 384 })
    .option('--seed <n>', 'seed for every cell', intOption('--seed', 0, 2 ** 32 - 1), 7)
    .option('--columns <n>', 'cells per row', intOption('--columns', 1, 32), 6)
    .option('-q, --quality <n>', 'JPEG/WebP quality', intOption('--quality', 1, 100), 82)
    .option('--json', 'print what each prompt was understood as on stdout')
    .action(async (flags: SheetFlags) => {
      const report = createReporter(Boolean(flags.json));
      const format = outputFileFormat(flags.out);
      const prompts = await readPrompts(flags.prompts);
      const { width: cw, height: ch } = flags.size;
      const cols = Math.min(flags.columns, prompts.length);
      const rows = Math.ceil(prompts.length / cols);
      const started = performance.now();
      const layers: OverlayOptions[] = [];
      const cells: Array<{ prompt: string; understood: string[]; notUnderstood: string[]; fallback: boolean; ms: number }> = [];
      for (const [k, prompt] of prompts.entries()) {
        const plan = parsePrompt(prompt);
        const t = performance.now();
        const { image } = renderScene(plan, cw, ch, flags.seed);
        const took = performance.now() - t;
        const left = (k % cols) * cw;
        const top = Math.floor(k / cols) * (ch + LABEL_H);
        layers.push({ input: Buffer.from(image.data.buffer, image.data.byteOffset, image.data.byteLength), raw: { width: cw, height: ch, channels: 4 }, left, top });
        layers.push({ input: Buffer.from(labelSvg(prompt, plan.notUnderstood, cw)), left, top: top + ch });
        cells.push({ prompt, understood: plan.understood.map((u) => u.text), notUnderstood: plan.notUnderstood, fallback: plan.fallback, ms: Math.round(took) });
      }
      let pipeline = sharp({ create: { width: cols * cw, height: rows * (ch + LABEL_H), channels: 3, background: '#ffffff' } }).composite(layers);
      pipeline = format === 'png' ? pipeline.png() : format === 'webp' ? pipeline.webp({ quality: flags.quality }) : pipeline.jpeg({ quality: flags.quality, mozjpeg: true });
      const bytes = await pipeline.toBuffer();
      await writeFileAtomic(flags.out, bytes);
      if (report.json) report.result({ file: flags.out, width: cols * cw, height: rows * (ch + LABEL_H), bytes: bytes.length, cells });
      else report.info(`wrote ${flags.out}: ${prompts.length} prompts, ${cols}×${rows} cells of ${cw}×${ch}, in ${ms(performance.now() - started)}`);
    });
}

async function readPrompts(file: string): Promise<string[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    throw new ScenicError('FILE_NOT_FOUND', `Expected a readable prompts file for --prompts but received ${JSON.stringify(file)}`);
  }
  const prompts = text.split(/\r?\n/).map((l) => l.trim()).filter((l) => l && !/^#(\s|#|$)/.test(l)); // "# note" is a comment, "#ff0066 gradient" a prompt
  if (prompts.length === 0) throw invalidArgument('--prompts', 'a file with at least one prompt line', file);
  if (prompts.length > 400) throw invalidArgument('--prompts', 'at most 400 prompts', `${prompts.length} prompts`);
  return prompts;
}

const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Two lines of label under a cell: the prompt, wrapped, and any words the engine did not understand, in red. */
function labelSvg(prompt: string, notUnderstood: string[], width: number): string {
  const perLine = Math.max(8, Math.floor(width / 6.4));
  const words = prompt.split(/\s+/);
  const lines: string[] = [''];
  for (const w of words) {
    const cur = lines[lines.length - 1];
    if ((cur + ' ' + w).trim().length > perLine && cur) lines.push(w);
    else lines[lines.length - 1] = (cur + ' ' + w).trim();
  }
  const shown = lines.slice(0, 2);
  if (lines.length > 2) shown[1] = `${shown[1].slice(0, perLine - 1)}…`;
  const missing = notUnderstood.length > 0 ? `<tspan fill="#c0141e"> ✗ ${escape(notUnderstood.join(', '))}</tspan>` : '';
  const text = shown.map((l, i) => `<text x="5" y="${15 + i * 15}">${escape(l)}${i === shown.length - 1 ? missing : ''}</text>`).join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${LABEL_H}"><rect width="100%" height="100%" fill="#ffffff"/><g font-family="DejaVu Sans, Arial, sans-serif" font-size="11" fill="#222">${text}</g></svg>`;
}
