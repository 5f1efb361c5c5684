import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import sharp from 'sharp';
import { encodeImage } from '../adapters/codec.js';
import { createEditor, type Stage } from '../editor/editor.js';
import { fmt, median } from './stats.js';

/**
 * `npm run bench`: the speed budget of DESIGN.md on a ~12 MP photo, step by step, and the peer
 * (`removeBackground()` of @imgly/background-removal-node) on the same photo in the same run.
 * Prints medians; `--json` prints them as JSON too. Not a test: nothing here asserts a time.
 */
const FIRST_EDITS = 5;
const REPROMPTS = 9;
const PEER_RUNS = 3;
const PROMPTS = ['sunset over the ocean', 'pink and gold gradient', 'night sky with stars', 'golden hour beach', 'noon sky', '#ff0066 gradient'];

async function twelveMegapixelPhoto(): Promise<Buffer> {
  const source = await readFile(new URL('../../examples/astronaut.png', import.meta.url));
  // 4000×3000 like a phone photo; upscaled, so it compresses like a soft 12 MP JPEG.
  return sharp(source).resize(4000, 3000, { fit: 'cover', kernel: 'lanczos3' }).sharpen().jpeg({ quality: 92 }).toBuffer();
}

/** Different bytes, same pixels: a byte after the JPEG's end marker defeats the subject cache. */
function uncached(photo: Buffer, i: number): Buffer {
  return Buffer.concat([photo, Buffer.from([i & 255, (i >> 8) & 255])]);
}

async function main(): Promise<void> {
  const json = process.argv.includes('--json');
  const skipPeer = process.argv.includes('--no-peer');
  const photo = await twelveMegapixelPhoto();
  const meta = await sharp(photo).metadata();
  const log = (line: string) => process.stdout.write(`${line}\n`);
  log(`scenic bench: ${meta.width}×${meta.height} JPEG (${(photo.length / 1e6).toFixed(1)} MB) → 1080×1920 story, node ${process.version}`);

  const editor = createEditor();
  // Load the model session once: a server pays this at start-up, not per edit.
  await editor.edit(await sharp(photo).resize(256).jpeg().toBuffer(), { background: { prompt: 'noon', seed: 1 } });

  const stages: Stage[] = ['decode', 'segment', 'background', 'compose', 'label', 'encode'];
  const first: Record<string, number[]> = Object.fromEntries([...stages, 'total'].map((s) => [s, []]));
  for (let i = 0; i < FIRST_EDITS; i++) {
    const r = await editor.edit(uncached(photo, i), { background: { prompt: PROMPTS[i % PROMPTS.length], seed: i } });
    for (const s of [...stages, 'total'] as const) first[s].push(r.timings[s]);
  }
  const again: Record<string, number[]> = Object.fromEntries([...stages, 'total'].map((s) => [s, []]));
  const cachedPhoto = uncached(photo, 0);
  for (let i = 0; i < REPROMPTS; i++) {
    const r = await editor.edit(cachedPhoto, { background: { prompt: PROMPTS[(i + 1) % PROMPTS.length], seed: 100 + i } });
    for (const s of [...stages, 'total'] as const) again[s].push(r.timings[s]);
  }
  const cutoutTimes: number[] = [];
  for (let i = 0; i < PEER_RUNS; i++) {
    const t = performance.now();
    const cut = await editor.cutout(uncached(photo, 1000 + i));
    await encodeImage(cut.image, { format: 'png' });
    cutoutTimes.push(performance.now() - t);
  }
  await editor.dispose();

  log('');
  log('step                first edit   re-prompt   (medians)');
  for (const s of [...stages, 'total']) log(`${s.padEnd(18)}${fmt(median(first[s]))}   ${fmt(median(again[s]))}`);
  log(`budget: first edit ≤ 2000 ms, re-prompt ≤ 300 ms (subject cached)`);

  const result: Record<string, unknown> = {
    photo: { width: meta.width, height: meta.height, bytes: photo.length },
    firstEdit: Object.fromEntries(Object.entries(first).map(([k, v]) => [k, median(v)])),
    reprompt: Object.fromEntries(Object.entries(again).map(([k, v]) => [k, median(v)])),
    cutoutPng: median(cutoutTimes),
  };

  if (!skipPeer) {
    const peer = await peerTimes(photo);
    const seg = median(first.segment);
    const decodeSeg = median(first.decode) + seg;
    log('');
    log(`peer removeBackground() (medium)   ${fmt(peer)}   (median of ${PEER_RUNS} after a warm-up)`);
    log(`ours: segment step                 ${fmt(seg)}   ratio ${(seg / peer).toFixed(2)}× the peer (target ≤ 0.45×)`);
    log(`ours: decode + segment             ${fmt(decodeSeg)}   ratio ${(decodeSeg / peer).toFixed(2)}×`);
    log(`ours: full cut-out to PNG          ${fmt(median(cutoutTimes))}   ratio ${(median(cutoutTimes) / peer).toFixed(2)}× (same output as the peer)`);
    Object.assign(result, { peer, segmentRatio: seg / peer, cutoutRatio: median(cutoutTimes) / peer });
  }

  for (const [name, file] of [['render', './render.js'], ['compose', './compose.js']] as const) {
    const mod = (await import(file).catch(() => null)) as Record<string, () => Promise<Record<string, number>>> | null;
    const fn = mod && Object.values(mod).find((v) => typeof v === 'function');
    if (!fn) continue;
    const numbers = await fn();
    result[name] = numbers;
    log('');
    // Scalars on the line (per-prompt tables and the like are in --json).
    log(`${name}: ${Object.entries(numbers).filter(([, v]) => typeof v !== 'object').map(([k, v]) => `${k} ${typeof v === 'number' ? v.toFixed(1) : v}`).join(', ')}`);
  }
  log(`peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
  if (json) log(JSON.stringify(result, null, 2));
}

async function peerTimes(photo: Buffer): Promise<number> {
  const require = createRequire(import.meta.url);
  const publicPath = `${pathToFileURL(path.dirname(require.resolve('@imgly/background-removal-node'))).href}/`;
  const { removeBackground } = await import('@imgly/background-removal-node');
  const run = async () => {
    const t = performance.now();
    const blob = await removeBackground(new Blob([new Uint8Array(photo)], { type: 'image/jpeg' }), { publicPath, model: 'medium', output: { format: 'image/png', quality: 0.8 } });
    await blob.arrayBuffer();
    return performance.now() - t;
  };
  await run();
  const times: number[] = [];
  for (let i = 0; i < PEER_RUNS; i++) times.push(await run());
  return median(times);
}

main().catch((error) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? error.stack : error}\n`);
  process.exitCode = 1;
});
