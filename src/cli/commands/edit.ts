import path from 'node:path';
import type { Command } from 'commander';
import type { OutputFormat } from '../../adapters/codec.js';
import { createEditor } from '../../editor/editor.js';
import { invalidArgument } from '../../errors.js';
import type { RecipeInput } from '../../recipe/schema.js';
import { boxOption, pointOption, segmentSizeOption } from '../subject-options.js';
import { parseComposeSpec, type ComposeOptions } from '../../compose/compose-options.js';
import { parseCanvasSize, parsePlace } from '../../compose/layout.js';
import { choiceOption, formatFromPath, intOption } from '../options.js';
import { createReporter, ms, writeFileAtomic } from '../io.js';
import { readFile } from 'node:fs/promises';
import { ScenicError } from '../../errors.js';
import { parseBrandKit, type BrandKit } from '../../scene/brand-kit.js';

interface EditFlags {
  prompt: string;
  out: string;
  seed?: number;
  variations: number;
  size?: { width: number; height: number };
  place?: { x: number; y: number; scale?: number };
  placement?: 'auto' | 'original';
  compose?: Partial<ComposeOptions>;
  format?: OutputFormat;
  quality?: number;
  backend: string;
  backendUrl?: string;
  modelDir?: string;
  fallback?: string;
  promptMetadata: boolean;
  badge?: boolean;
  brand?: string;
  json?: boolean;
  point?: [number, number];
  box?: [number, number, number, number];
  hints?: string;
  segmentSize?: number;
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
    .option('--size <size>', 'canvas: story (1080x1920, default), portrait (1080x1350), square (1080x1080) or WxH', canvasSizeOption)
    .option('--placement <mode>', 'auto (fit in the story safe zone) or original (where it was in the photo)', choiceOption('--placement', ['auto', 'original'] as const))
    .option('--place <x,y[,scale]>', 'move/scale the subject: its centre as canvas fractions and a size factor, e.g. 0.5,0.6,0.8', placeOption)
    .option('--compose <spec>', 'blending controls, e.g. harmonize=0.5,lightWrap=0.3,shadow=off,depthOfField=0,grain=off (or "off")', composeOption)
    .option('-f, --format <format>', 'jpeg, webp or png (default: from --out, else jpeg)', choiceOption('--format', FORMATS))
    .option('-q, --quality <n>', 'JPEG/WebP quality 1-100 (default 90)', intOption('--quality', 1, 100))
    .option('-b, --backend <name>', 'background backend: procedural, onnx-sd, comfyui, a1111, openai, stability, replicate (default: $SCENIC_BACKEND or procedural)', process.env.SCENIC_BACKEND || 'procedural')
    .option('--backend-url <url>', 'server URL for comfyui/a1111 (or a proxy URL for the cloud backends)')
    .option('--model-dir <dir>', 'ONNX Stable Diffusion export folder for onnx-sd')
    .option('--fallback <name>', 'backend to draw with when the chosen one fails, e.g. procedural (the label follows the one that drew)')
    .option('--no-prompt-metadata', 'leave the prompt out of the image metadata')
    .option('--badge', 'draw a small visible "AI-edited" badge on the story')
    .option('--brand <file.json>', 'brand kit {name, colours, styles, avoid}: steers palette and style, drops avoided words')
    .option('--point <x,y>', 'keep the subject under this point (photo pixels)', pointOption)
    .option('--box <x,y,w,h>', 'keep the subject(s) inside this box (photo pixels)', boxOption)
    .option('--hints <png>', 'hint mask: white = keep, black = remove, grey = no hint (stretched over the photo)')
    .option('--segment-size <px>', 'side of the square the segmentation network sees (multiple of 32; default 768 — see README "Cut-outs")', segmentSizeOption)
    .option('--json', 'print a machine-readable result on stdout')
    .action(async (photo: string, flags: EditFlags) => {
      const report = createReporter(Boolean(flags.json));
      const brandKit = flags.brand ? await readBrandKit(flags.brand) : undefined;
      const format = flags.format ?? formatFromPath(flags.out, 'a file ending in .jpg, .jpeg, .webp or .png (or a folder with --variations)') ?? 'jpeg';
      const recipe: RecipeInput = {
        layout: { width: flags.size?.width ?? 1080, height: flags.size?.height ?? 1920, placement: flags.placement, ...flags.place },
        compose: flags.compose,
        subject: { point: flags.point, box: flags.box },
        background: { prompt: flags.prompt, backend: flags.backend, seed: flags.seed, variations: flags.variations, brandKit },
        label: { promptMetadata: flags.promptMetadata, badge: Boolean(flags.badge) },
        output: { format, quality: flags.quality ?? 90 },
      };
      // Keys never come from flags (they would sit in shell history): only the environment or config.
      const backendConfig: Record<string, string> = {};
      if (flags.backendUrl) backendConfig.url = flags.backendUrl;
      if (flags.modelDir) backendConfig.modelDir = flags.modelDir;
      const editor = createEditor({ backends: { [flags.backend]: backendConfig }, fallbackBackend: flags.fallback, segmentSize: flags.segmentSize });
      try {
        let lastStage = '';
        const result = await editor.edit(photo, recipe, {
          hints: flags.hints,
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
            suggestion: plan.suggestion ?? null,
            brand: plan.brand ?? null,
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

/** Reads and validates `--brand <file.json>` (FILE_NOT_FOUND, or INVALID_BRAND_KIT naming the field). */
async function readBrandKit(file: string): Promise<BrandKit> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    throw new ScenicError('FILE_NOT_FOUND', `Expected a brand kit JSON file for --brand but received ${JSON.stringify(file)}, which cannot be read`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new ScenicError('INVALID_BRAND_KIT', `Expected JSON for --brand but received ${JSON.stringify(file)} (${(error as Error).message})`);
  }
  return parseBrandKit(value);
}


/** `--size`: a preset name or WxH; keeps the INVALID_SIZE code and WxH wording of the plain size option. */
function canvasSizeOption(value: string): { width: number; height: number } {
  const size = parseCanvasSize(value);
  if (!size || size.width < 64 || size.height < 64 || size.width > 4096 || size.height > 4096) {
    throw invalidArgument('--size', 'story, portrait, square or WxH with both sides between 64 and 4096 (e.g. 1080x1920)', value, 'INVALID_SIZE');
  }
  return size;
}

function placeOption(value: string): { x: number; y: number; scale?: number } {
  const place = parsePlace(value);
  if (!place) throw invalidArgument('--place', 'x,y or x,y,scale with x and y between 0 and 1 and scale between 0.1 and 4 (e.g. 0.5,0.6,0.8)', value);
  return place;
}

function composeOption(value: string): Partial<ComposeOptions> {
  const spec = parseComposeSpec(value);
  if (typeof spec === 'string') throw invalidArgument('--compose', spec, value);
  return spec;
}
