/**
 * Prints what scenic itself adds around a generative backend (the backend's own time is the provider's):
 * mask/size normalisation of a story canvas, the shared HTTP client's round trip on 127.0.0.1, and the
 * onnx-sd pipeline's own per-step cost measured with a tiny self-made export (its UNet is nearly free, so
 * what remains is tokenizer, scheduler, tensor copies and the VAE plumbing). Medians; run with
 * `npm run build && node dist/backends/bench.js`.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createPlane, createRgba } from '../image/types.js';
import { parsePrompt } from '../scene/plan.js';
import { loadSdModel } from './onnx-sd/model-folder.js';
import { runStableDiffusion } from './onnx-sd/pipeline.js';
import { writeTinyExport } from './onnx-sd/tiny-models.js';
import { createHttpClient } from './remote/http.js';
import { prepareInpaint } from './remote/common.js';
import type { BackgroundRequest } from './types.js';

async function median(runs: number, fn: () => Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

function storyRequest(): BackgroundRequest {
  const width = 1080;
  const height = 1920;
  const image = createRgba(width, height);
  const matte = createPlane(width, height);
  for (let y = 700; y < 1920; y++) for (let x = 240; x < 840; x++) {
    matte.data[y * width + x] = 1;
    image.data.set([200, 120, 90, 255], (y * width + x) * 4);
  }
  return { plan: parsePrompt('on a red carpet in Cannes'), width, height, seed: 1, subject: { image, matte, rect: { x: 240, y: 700, width: 600, height: 1220 } } };
}

const request = storyRequest();
const line = (name: string, ms: number) => console.log(`${name.padEnd(58)} ${ms.toFixed(1).padStart(8)} ms`);
line('normalise 1080x1920 → 1024x1536 letterboxed, alpha mask', await median(5, () => prepareInpaint(request, { maxPixels: 1536 * 1024, sizes: [[1024, 1024], [1536, 1024], [1024, 1536]] }, 'transparent')));
line('normalise 1080x1920 → 448x832 (multiple of 64), white mask', await median(5, () => prepareInpaint(request, { maxPixels: 512 * 768, multiple: 64 }, 'white')));

const server = http.createServer((_req, res) => res.end('{"ok":true}'));
await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
const client = createHttpClient({ backend: 'bench', baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}` });
await client.request({ path: '/warm' });
line('HTTP client GET round trip on 127.0.0.1 (50 runs)', await median(50, () => client.request({ path: '/x' }).then((a) => a.json())));
server.close();

const dir = await mkdtemp(path.join(os.tmpdir(), 'scenic-bench-sd-'));
try {
  await writeTinyExport(dir, { kind: 'turbo' });
  const model = await loadSdModel(dir);
  const run = (steps: number) => runStableDiffusion(model, { prompt: 'a beach at sunset', negativePrompt: '', width: 512, height: 512, seed: 1, steps, guidance: 0 });
  await run(1);
  const one = await median(7, () => run(1));
  const eight = await median(7, () => run(8));
  line('onnx-sd tiny export 512x512, 1 step (pipeline overhead)', one);
  line('onnx-sd tiny export 512x512, 8 steps', eight);
  line('onnx-sd pipeline cost per extra step', (eight - one) / 7);
  await model.dispose();
} finally {
  await rm(dir, { recursive: true, force: true });
}
