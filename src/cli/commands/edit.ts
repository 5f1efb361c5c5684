import path from 'node:path';
import type { Command } from 'commander';
import type { OutputFormat } from '../../adapters/codec.js';
import { createEditor } from '../../editor/editor.js';
import { invalidArgument } from '../../errors.js';
import type { RecipeInput } from '../../recipe/schema.js';
import { choiceOption, intOption, sizeOption } from '../options.js';
import { createReporter, ms, writeFileAtomic } from '../io.js';

interface EditFlags {
  prompt: string;
  out: string;
  seed?: number;
  variations: number;
  size?: { width: number; height: number };
  format?: OutputFormat;
  quality?: number;
  backend: string;
  backendUrl?: string;
  modelDir?: string;
  fallback?: string;
  promptMetadata: boolean;
  badge?: boolean;
  json?: boolean;
}

const FORMATS = ['jpeg', 'webp', 'png'] as const;
const EXTENSIONS: Record<OutputFormat, string> = { jpeg: 'jpg', webp: 'webp', png: 'png' };

export function registerEdit(program: Command): void {
  program
    .command('edit')
    .description('replace the background of a photo with one made from a prompt, as a story image')
    .argument('<photo>', 'the photo (JPEG, PNG, WebP, …)')
    .requiredOption('-p, --prompt <text>', 'what the new background should be, e.g. "sunset over the ocean"')
    .requiredOption('-o, --out <file>', 'output file; a folder when --variations is more than 1')
    .option('--seed <n>', 'seed for the background (same seed, same picture)', intOption('--seed', 0, 2 ** 32 - 1))
    .option('-n, --variations <n>', 'how many different backgrounds to make', intOption('--variations', 1, 16), 1)
    .option('--size <WxH>', 'canvas size (default 1080x1920, a 9:16 story)', sizeOption)
    .option('-f, --format <format>', 'jpeg, webp or png (default: from --out, else jpeg)', choiceOption('--format', FORMATS))
    .option('-q, --quality <n>', 'JPEG/WebP quality 1-100 (default 90)', intOption('--quality', 1, 100))
    .option('-b, --backend <name>', 'background backend: procedural, onnx-sd, comfyui, a1111, openai, stability, replicate (default: $SCENIC_BACKEND or procedural)', process.env.SCENIC_BACKEND || 'procedural')
    .option('--backend-url <url>', 'server URL for comfyui/a1111 (or a proxy URL for the cloud backends)')
    .option('--model-dir <dir>', 'ONNX Stable Diffusion export folder for onnx-sd')
    .option('--fallback <name>', 'backend to draw with when the chosen one fails, e.g. procedural (the label follows the one that drew)')
    .option('--no-prompt-metadata', 'leave the prompt out of the image metadata')
    .option('--badge', 'draw a small visible "AI-edited" badge on the story')
    .option('--json', 'print a machine-readable result on stdout')
    .action(async (photo: string, flags: EditFlags) => {
      const report = createReporter(Boolean(flags.json));
      const format = flags.format ?? formatFromPath(flags.out) ?? 'jpeg';
      const recipe: RecipeInput = {
        layout: { width: flags.size?.width ?? 1080, height: flags.size?.height ?? 1920 },
        background: { prompt: flags.prompt, backend: flags.backend, seed: flags.seed, variations: flags.variations },
        label: { promptMetadata: flags.promptMetadata, badge: Boolean(flags.badge) },
        output: { format, quality: flags.quality ?? 90 },
      };
      // Keys never come from flags (they would sit in shell history): only the environment or config.
      const backendConfig: Record<string, string> = {};
      if (flags.backendUrl) backendConfig.url = flags.backendUrl;
      if (flags.modelDir) backendConfig.modelDir = flags.modelDir;
      const editor = createEditor({ backends: { [flags.backend]: backendConfig }, fallbackBackend: flags.fallback });
      try {
        let lastStage = '';
        const result = await editor.edit(photo, recipe, {
          onProgress: (p) => {
            if (p.stage !== lastStage) report.info(`${Math.round(p.fraction * 100)}% ${p.stage}${p.variation !== undefined && flags.variations > 1 ? ` (variation ${p.variation + 1})` : ''}`);
            lastStage = p.stage;
          },
        });
        const files: string[] = [];
        if (result.outputs.length === 1) {
          await writeFileAtomic(flags.out, result.outputs[0].data);
          files.push(flags.out);
        } else {
          for (const [i, out] of result.outputs.entries()) {
            const file = path.join(flags.out, `story-${i + 1}-seed${out.seed}.${EXTENSIONS[out.format]}`);
            await writeFileAtomic(file, out.data);
            files.push(file);
          }
        }
        const { plan } = result;
        if (report.json) {
          report.result({
            files,
            width: result.outputs[0].width,
            height: result.outputs[0].height,
            seeds: result.outputs.map((o) => o.seed),
            backend: result.outputs[0].backend,
            fallbackFrom: result.outputs[0].fallbackFrom ?? null,
            digitalSourceType: result.outputs[0].digitalSourceType,
            understood: plan.understood,
            notUnderstood: plan.notUnderstood,
            fallback: plan.fallback,
            concepts: plan.concepts,
            timeOfDay: plan.timeOfDay ?? null,
            photo: result.photo,
            subject: result.subject,
            recipe: result.recipe,
            timings: Object.fromEntries(Object.entries(result.timings).map(([k, v]) => [k, Math.round(v)])),
          });
        } else {
          const understood = plan.understood.map((u) => u.text).join(', ') || 'nothing';
          report.info(`understood: ${understood}${plan.notUnderstood.length ? `; not understood: ${plan.notUnderstood.join(', ')}` : ''}`);
          const fell = result.outputs[0].fallbackFrom;
          if (fell) report.info(`${fell.backend} failed (${fell.code}): ${fell.message}; drew with ${result.outputs[0].backend} instead`);
          for (const f of files) report.info(`wrote ${f}`);
          report.info(`done in ${ms(result.timings.total)}`);
        }
      } finally {
        await editor.dispose();
      }
    });
}

function formatFromPath(file: string): OutputFormat | undefined {
  const ext = path.extname(file).toLowerCase();
  if (ext === '.jpg' || ext === '.jpeg') return 'jpeg';
  if (ext === '.webp') return 'webp';
  if (ext === '.png') return 'png';
  if (ext === '') return undefined;
  throw invalidArgument('--out', 'a file ending in .jpg, .jpeg, .webp or .png (or a folder with --variations)', file, 'UNSUPPORTED_OUTPUT');
}
