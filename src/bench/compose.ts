import { readFile } from 'node:fs/promises';
import { loadavg } from 'node:os';
import { pathToFileURL } from 'node:url';
import sharp from 'sharp';
import { createProceduralBackend } from '../backends/procedural/index.js';
import { composeStory } from '../compose/compose-story.js';
import { compositeOver } from '../compose/composite.js';
import { autoLayout } from '../compose/layout.js';
import type { RgbaImage } from '../image/types.js';
import { parsePrompt } from '../scene/plan.js';
import { fmt, median } from './stats.js';

const WIDTH = 1080;
const HEIGHT = 1920;
const RUNS = 9;

/**
 * The compose step of DESIGN.md's speed budget (≤ 80 ms at 1080×1920): a large subject (the astronaut,
 * cut at the bottom, about 1000×1000 on the canvas) over a procedural sunset with depth and light, every
 * effect at its default. Median of 9 runs after one warm-up, which still includes the JIT compiling compose's
 * loops; then, for a server that has composed a few stories, the median of 9 more after 10 more warm-ups
 * (`warmMs`). Prints the plain composite beside it.
 */
export async function benchCompose(): Promise<{ medianMs: number; cpuMs: number; warmMs: number; plainMs: number; ratio: number; load1: number }> {
  const { layer, placement } = await astronautLayer();
  const plan = parsePrompt('sunset over the ocean');
  const scene = await createProceduralBackend().generate({ plan, width: WIDTH, height: HEIGHT, seed: 7 });
  const input = { background: scene.image, depth: scene.depth, light: scene.light, layer, placement, concepts: plan.concepts, seed: 7 };
  composeStory(input);
  const times: number[] = [];
  // CPU time beside wall time: on a shared machine the wall clock also counts other processes' turns.
  const cpu: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    const c = process.cpuUsage();
    composeStory(input);
    const used = process.cpuUsage(c);
    times.push(performance.now() - t);
    cpu.push((used.user + used.system) / 1000);
  }
  for (let i = 0; i < 10; i++) composeStory(input);
  const warm: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    composeStory(input);
    warm.push(performance.now() - t);
  }
  const plain: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    compositeOver(scene.image, layer, placement.target.x, placement.target.y);
    plain.push(performance.now() - t);
  }
  // The ratio to the plain composite of the same run is what compares across runs on a shared machine.
  return { medianMs: median(times), cpuMs: median(cpu), warmMs: median(warm), plainMs: median(plain), ratio: median(times) / median(plain), load1: loadavg()[0] };
}

/** The astronaut with a soft elliptical matte standing in for the segmentation (the bench needs no model). */
async function astronautLayer(): Promise<{ layer: RgbaImage; placement: ReturnType<typeof autoLayout> }> {
  const png = await readFile(new URL('../../examples/astronaut.png', import.meta.url));
  const meta = await sharp(png).metadata();
  const pw = meta.width ?? 512;
  const ph = meta.height ?? 512;
  const placement = autoLayout({ photoWidth: pw, photoHeight: ph, subject: { x: Math.round(pw * 0.1), y: Math.round(ph * 0.05), width: Math.round(pw * 0.8), height: ph - Math.round(ph * 0.05) }, canvasWidth: WIDTH, canvasHeight: HEIGHT });
  const { source, target } = placement;
  const { data } = await sharp(png).extract({ left: source.x, top: source.y, width: source.width, height: source.height }).resize(target.width, target.height).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  const pixels = new Uint8Array(data);
  for (let y = 0; y < target.height; y++) {
    for (let x = 0; x < target.width; x++) {
      const dx = (x / target.width - 0.5) / 0.45;
      const dy = (y / target.height - 1) / 0.95;
      const d = Math.hypot(dx, dy);
      pixels[(y * target.width + x) * 4 + 3] = Math.round(255 * Math.min(1, Math.max(0, (1 - d) * 30)));
    }
  }
  return { layer: { data: pixels, width: target.width, height: target.height }, placement };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  benchCompose().then(
    ({ medianMs, cpuMs, warmMs, plainMs, ratio, load1 }) =>
      process.stdout.write(
        `compose 1080×1920, all effects: ${fmt(medianMs)} wall, ${fmt(cpuMs)} CPU, median of ${RUNS} (budget 80 ms); warm ${fmt(warmMs)} wall; plain composite ${fmt(plainMs)} wall; ratio ${ratio.toFixed(1)}× (warm ${(warmMs / plainMs).toFixed(1)}×); load average ${load1.toFixed(1)}\n`,
      ),
    (error) => {
      process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
