import { pathToFileURL } from 'node:url';
import { renderScene } from '../backends/procedural/render.js';
import { parsePrompt } from '../scene/plan.js';
import { fmt, median } from './stats.js';

/**
 * The built-in background engine's speed: median wall time of `renderScene` at 1080×1920 and 540×960 over
 * prompts from every kind of scene (outdoor, interior, abstract, particles, graded). The ratio shows cost
 * growing with pixels (4× the pixels should cost about 4×). Not a test: nothing here asserts a time.
 */
export const RENDER_PROMPTS = [
  'sunset over the ocean',
  'snowy peaks above a mountain lake at sunrise',
  'city skyline at night',
  'foggy pine forest',
  'lavender field at golden hour',
  'white studio backdrop with vignette',
  'exposed brick wall with a neon sign',
  'pink and gold confetti',
  'dreamy pastel mesh gradient',
  'memphis pattern',
  'christmas fairy lights and snowflakes',
  'mountains at sunset, vintage film',
];

const RUNS = 7;
const WARMUP = 2;

export interface RenderBench {
  medianMs1080x1920: number;
  medianMs540x960: number;
  /** medianMs1080x1920 / medianMs540x960 (4 = exactly linear in pixels). */
  ratio: number;
  /** Median CPU time of this process per 1080×1920 render: on a busy machine wall time also counts waiting. */
  cpuMs1080x1920: number;
  /** Per prompt: median ms at each size. */
  perPrompt: Array<{ prompt: string; ms1080x1920: number; ms540x960: number; cpuMs1080x1920: number }>;
}

function timeRenders(prompt: string, width: number, height: number): { wall: number; cpu: number } {
  const plan = parsePrompt(prompt);
  for (let k = 0; k < WARMUP; k++) renderScene(plan, width, height, k);
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let k = 0; k < RUNS; k++) {
    const c = process.cpuUsage();
    const t = performance.now();
    renderScene(plan, width, height, 100 + k);
    wall.push(performance.now() - t);
    const d = process.cpuUsage(c);
    cpu.push((d.user + d.system) / 1000);
  }
  return { wall: median(wall), cpu: median(cpu) };
}

/** Times the renderer; medians over prompts of each prompt's median of 7 runs (after 2 warm-up runs). */
export async function benchRender(): Promise<RenderBench> {
  const perPrompt = RENDER_PROMPTS.map((prompt) => {
    const big = timeRenders(prompt, 1080, 1920);
    return { prompt, ms1080x1920: big.wall, ms540x960: timeRenders(prompt, 540, 960).wall, cpuMs1080x1920: big.cpu };
  });
  const big = median(perPrompt.map((p) => p.ms1080x1920));
  const small = median(perPrompt.map((p) => p.ms540x960));
  return { medianMs1080x1920: big, medianMs540x960: small, ratio: big / small, cpuMs1080x1920: median(perPrompt.map((p) => p.cpuMs1080x1920)), perPrompt };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  benchRender().then(
    (r) => {
      for (const p of r.perPrompt) process.stdout.write(`  ${p.prompt.padEnd(46)} 1080×1920 ${fmt(p.ms1080x1920)} (cpu ${fmt(p.cpuMs1080x1920)})   540×960 ${fmt(p.ms540x960)}\n`);
      process.stdout.write(`procedural render 1080×1920: ${fmt(r.medianMs1080x1920)} median (budget 120 ms, cpu ${fmt(r.cpuMs1080x1920).trim()}); 540×960: ${fmt(r.medianMs540x960)}; ratio ${r.ratio.toFixed(2)} (4.00 = linear in pixels)\n`);
    },
    (error) => {
      process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
