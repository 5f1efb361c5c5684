import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import sharp from 'sharp';
import { createEditor } from '../../editor/editor.js';
import { sha256Hex } from '../../adapters/sha256.js';
import type { Segmenter } from '../../subject/segmenter.js';
import { createMatteCache, ISNET_MATTES, withPhoto, type MatteStore } from '../matte-cache.js';
import { stripMetadata } from '../../provenance/strip-metadata.js';

/** Test-only helpers for the scale-out tests: Redis, real `scenic` processes, a stand-in A1111 server. */

export const TEST_REDIS = process.env.SCENIC_TEST_REDIS ?? 'redis://127.0.0.1:6390';
export const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const BIN = `${ROOT}bin/scenic.js`;

/** A queue URL with a prefix of its own, so tests sharing one Redis never see each other's jobs. */
export function queueUrl(base = TEST_REDIS): string {
  return `${base}?prefix=t${process.pid}x${Math.random().toString(36).slice(2, 8)}`;
}

export async function redisReachable(url = TEST_REDIS): Promise<boolean> {
  const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, connectTimeout: 1000 });
  client.on('error', () => {});
  try {
    await client.connect();
    return (await client.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    client.disconnect();
  }
}

/**
 * A stand-in model the size ISNet's matte cache expects (ISNET_MATTES.inputSize²): a centred disc. Writing its mattes into the
 * data folder means worker processes read them instead of loading the real model (as they do in production,
 * where the API server computed the matte at upload).
 */
export function bigDiscSegmenter(): Segmenter {
  const n = ISNET_MATTES.inputSize;
  return {
    name: ISNET_MATTES.name,
    inputSize: n,
    async segment() {
      const data = new Float32Array(n * n);
      for (let y = 0; y < n; y++) for (let x = 0; x < n; x++) data[y * n + x] = Math.hypot(x - n / 2, y - n * 0.56) < n * 0.3 ? 1 : 0;
      return { data, width: n, height: n };
    },
    async dispose() {},
  };
}

/** Stores the disc matte for `photo` in `dataDir` (or `store`, e.g. S3), as `scenic serve` would after running the model. */
export async function storeDiscMatte(dataDir: string, photo: Uint8Array, store?: MatteStore): Promise<void> {
  // Through a real editor, so the stored matte is keyed by exactly the model input the server and workers make.
  const cache = createMatteCache(dataDir, async () => bigDiscSegmenter(), ISNET_MATTES, store);
  const editor = createEditor({ segmenter: cache.segmenter });
  // The server keys mattes by the upload as stored, i.e. without its metadata blocks.
  const stored = stripMetadata(photo)?.bytes ?? photo;
  try {
    await withPhoto(sha256Hex(stored), () => editor.cutout(stored));
  } finally {
    await editor.dispose();
  }
}

export interface Spawned {
  child: ChildProcess;
  /** Everything written to stderr so far. */
  log(): string;
  /** The first line of stdout (the serve command prints its address there). */
  firstLine: Promise<string>;
  exited: Promise<number | null>;
  kill(signal?: NodeJS.Signals): Promise<void>;
}

/** Runs `node bin/scenic.js …args` (needs `npm run build`). */
export function spawnScenic(args: string[], env: Record<string, string> = {}): Spawned {
  const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  let out = '';
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const firstLine = new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('\n')) resolve(out.split('\n')[0]);
    });
    child.once('exit', (code) => reject(new Error(`scenic ${args[0]} exited ${code}: ${err.slice(-800)}`)));
  });
  firstLine.catch(() => {});
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    child,
    log: () => err,
    firstLine,
    exited,
    async kill(signal = 'SIGKILL') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  };
}

/** Waits until `check` is true, polling; fails after `ms` with `what` in the message. */
export async function until(check: () => boolean | Promise<boolean>, what: string, ms = 30_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** A worker process's stderr says it is ready once it is connected and taking jobs. */
export async function workerReady(worker: Spawned): Promise<void> {
  await until(() => worker.log().includes('scenic worker ready') || worker.child.exitCode !== null, 'the worker to start', 60_000);
  if (worker.child.exitCode !== null) throw new Error(`worker exited: ${worker.log().slice(-800)}`);
}

/** A private redis-server on `port` (never the shared one), for the restart test. */
export async function startRedis(port: number): Promise<ChildProcess> {
  const child = spawn('redis-server', ['--bind', '127.0.0.1', '--port', String(port), '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  await until(() => redisReachable(`redis://127.0.0.1:${port}`), `redis-server on ${port}`, 10_000);
  return child;
}

export type FakeMode = 'ok' | 'hang' | 'fail500' | { delayMs: number };

/**
 * A stand-in AUTOMATIC1111 server: `mode(n)` decides how the n-th img2img call (1-based) answers —
 * a PNG of the requested size, never (hang), HTTP 500, or a PNG after a delay.
 */
export async function startFakeA1111(mode: (n: number) => FakeMode): Promise<{ url: string; calls: () => number; close(): Promise<void> }> {
  let calls = 0;
  const hanging: IncomingMessage[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (req.url?.startsWith('/sdapi/v1/progress')) return void res.end(JSON.stringify({ progress: 0.5, state: { sampling_step: 1, sampling_steps: 2 } }));
      if (req.url !== '/sdapi/v1/img2img') return void res.end('{}');
      const n = ++calls;
      const m = mode(n);
      if (m === 'hang') return void hanging.push(req);
      if (m === 'fail500') {
        res.statusCode = 500;
        return void res.end('{"error":"boom"}');
      }
      const body = JSON.parse(Buffer.concat(chunks).toString()) as { width: number; height: number };
      const answer = async () => {
        const png = await sharp({ create: { width: body.width, height: body.height, channels: 3, background: { r: 40, g: 90, b: 160 } } }).png().toBuffer();
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ images: [png.toString('base64')] }));
      };
      if (typeof m === 'object') setTimeout(() => void answer(), m.delayMs);
      else void answer();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    calls: () => calls,
    close: () =>
      new Promise<void>((r) => {
        for (const req of hanging) req.socket.destroy();
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
