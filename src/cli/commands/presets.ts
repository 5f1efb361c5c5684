import path from 'node:path';
import type { Command } from 'commander';
import { encodeImage } from '../../adapters/codec.js';
import { presetThumbnail } from '../../backends/procedural/thumbnail.js';
import { invalidArgument } from '../../errors.js';
import { suggestPresets } from '../../scene/presets.js';
import { choiceOption } from '../options.js';
import { createReporter, writeFileAtomic } from '../io.js';

interface PresetsFlags {
  json?: boolean;
  date?: string;
  history?: string;
  hemisphere: 'north' | 'south';
  thumbnails?: string;
}

/** `scenic presets`: the preset catalogue, ordered for a date and a person's history. */
export function registerPresets(program: Command): void {
  program
    .command('presets')
    .description('list the preset background prompts, what is in season first')
    .option('--json', 'print the list as JSON on stdout')
    .option('--date <YYYY-MM-DD>', 'order for this date instead of today')
    .option('--history <ids>', 'comma-separated preset ids or categories used before, oldest first')
    .option('--hemisphere <north|south>', 'which seasons apply', choiceOption('--hemisphere', ['north', 'south'] as const), 'north')
    .option('--thumbnails <dir>', 'also write a PNG thumbnail of each preset into this folder')
    .action(async (flags: PresetsFlags) => {
      const report = createReporter(Boolean(flags.json));
      const date = flags.date ? parseDate(flags.date) : new Date();
      const history = flags.history ? flags.history.split(',').map((s) => s.trim()).filter(Boolean) : [];
      const list = suggestPresets({ date, history, hemisphere: flags.hemisphere });
      const files = new Map<string, string>();
      if (flags.thumbnails) {
        for (const preset of list) {
          const file = path.join(flags.thumbnails, `${preset.id}.png`);
          await writeFileAtomic(file, await encodeImage(presetThumbnail(preset), { format: 'png' }));
          files.set(preset.id, file);
        }
      }
      if (report.json) {
        report.result(list.map((p) => ({ id: p.id, label: p.label, prompt: p.prompt, category: p.category, ...(files.has(p.id) ? { thumbnail: files.get(p.id) } : {}) })));
        return;
      }
      const width = Math.max(...list.map((p) => p.label.length));
      for (const p of list) process.stdout.write(`${p.id.padEnd(16)} ${p.label.padEnd(width)}  ${p.category.padEnd(8)}  ${p.prompt}\n`);
      if (files.size > 0) report.info(`wrote ${files.size} thumbnails to ${flags.thumbnails}`);
    });
}

function parseDate(text: string): Date {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  const date = m ? new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]), 12) : null;
  if (!date || Number.isNaN(date.getTime()) || date.getMonth() !== Number(m![2]) - 1) throw invalidArgument('--date', 'a date like 2026-10-31', text);
  return date;
}
