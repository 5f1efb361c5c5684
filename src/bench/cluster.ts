import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';

/**
 * The processes the load and soak commands drive: one `scenic serve` (embedded queue, or `--queue` with
 * K `scenic worker` processes, each optionally pinned to one core with taskset), a client that runs one
 * re-prompt round trip over real HTTP, and an RSS sampler over all of them.
 */
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BIN = `${ROOT}bin/scenic.js`;
export const EXAMPLE = readFileSync(`${ROOT}examples/astronaut.png`);

export interface ClusterOptions {
  dataDir: string;
  /** 0: the embedded in-process queue; K > 0: queue mode with K worker processes. */
  workers: number;
  queueUrl?: string;
  /** Pin worker i to core i (mod cores) with taskset, one ONNX thread each. */
  pin?: boolean;
  cores?: number;
}

export interface Cluster {
  base: string;
  server: ChildProcess;
  workers: ChildProcess[];
  stop(): Promise<void>;
}

function start(args: string[], pinCore?: number): ChildProcess {
  const [cmd, argv] = pinCore === undefined ? [process.execPath, [BIN, ...args]] : ['taskset', ['-c', String(pinCore), process.execPath, BIN, ...args]];
  const child = spawn(cmd, argv, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stderr!.resume();
  return child;
}

/** Starts the server (and workers) and resolves once the server listens and every worker is ready. */
export async function startCluster(options: ClusterOptions): Promise<Cluster> {
  const queue = options.workers > 0 ? ['--queue', options.queueUrl!] : [];
  // One key (single-user) drives every client: the per-key rate limit (1200/min by default) would turn a
  // load test into a rate-limit test, so it is raised here, and only here.
  const server = start(['serve', '--port', '0', '--data', options.dataDir, '--rate-limit', '1000000', ...queue]);
  const base = await new Promise<string>((resolve, reject) => {
    let out = '';
    server.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('\n')) resolve(out.split('\n')[0]);
    });
    server.once('exit', (code) => reject(new Error(`scenic serve exited with ${code}`)));
  });
  const workers: ChildProcess[] = [];
  for (let i = 0; i < options.workers; i++) {
    const w = start(['worker', '--queue', options.queueUrl!, '--data', options.dataDir, '--threads', '1'], options.pin ? i % (options.cores ?? 2) : undefined);
    await new Promise<void>((resolve, reject) => {
      let err = '';
      w.stderr!.on('data', (d: Buffer) => {
        err += d.toString();
        if (err.includes('scenic worker ready')) resolve();
      });
      w.once('exit', (code) => reject(new Error(`scenic worker exited with ${code}: ${err.slice(-400)}`)));
    });
    workers.push(w);
  }
  return {
    base,
    server,
    workers,
    async stop() {
      for (const p of [...workers, server]) {
        if (p.exitCode !== null) continue;
        const exited = new Promise((r) => p.once('exit', r));
        p.kill('SIGTERM');
        const timer = setTimeout(() => p.kill('SIGKILL'), 10_000);
        await exited;
        clearTimeout(timer);
      }
    },
  };
}

/** Resident memory of a process in bytes (Linux /proc; 0 when it is gone). */
export function rssOf(pid: number | undefined): number {
  if (!pid) return 0;
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

/** Samples the RSS of the given processes every `ms` and keeps each one's peak. */
export function sampleRss(pids: () => Array<number | undefined>, ms = 200): { peaks: () => number[]; stop(): void } {
  let peaks: number[] = [];
  const tick = () => {
    const now = pids().map(rssOf);
    peaks = now.map((v, i) => Math.max(v, peaks[i] ?? 0));
  };
  tick();
  const timer = setInterval(tick, ms);
  return { peaks: () => peaks, stop: () => clearInterval(timer) };
}

/** Uploads the example photo (the subject is found here, once) and returns its id. */
export async function uploadExample(base: string): Promise<string> {
  const form = new FormData();
  form.append('photo', new Blob([new Uint8Array(EXAMPLE)], { type: 'image/png' }), 'astronaut.png');
  const res = await fetch(`${base}/v1/photos`, { method: 'POST', body: form });
  if (!res.ok) throw new Error(`upload failed: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { id: string }).id;
}

const PROMPTS = ['sunset over the ocean', 'night sky full of stars', 'soft pastel gradient, pink and lavender', 'golden hour sky with warm light', 'blue hour sky over the sea', 'studio backdrop, warm grey gradient'];

/** One re-prompt round trip: POST /v1/edits → server-sent events until done → GET the image. */
export async function rePrompt(base: string, photo: string, n: number): Promise<{ ms: number; ok: boolean; error?: string }> {
  const t = performance.now();
  try {
    const res = await fetch(`${base}/v1/edits`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ photo, prompt: PROMPTS[n % PROMPTS.length], seed: n, variations: 1 }),
    });
    if (res.status !== 202) return { ms: performance.now() - t, ok: false, error: `POST ${res.status} ${(await res.text()).slice(0, 120)}` };
    const { eventsUrl } = (await res.json()) as { eventsUrl: string };
    const stream = await fetch(base + eventsUrl);
    if (!stream.ok) return { ms: performance.now() - t, ok: false, error: `GET events ${stream.status} ${(await stream.text()).slice(0, 120)}` };
    const events = await stream.text();
    const done = /event: (succeeded|failed)\ndata: (.*)\n/.exec(events);
    if (!done || done[1] !== 'succeeded') return { ms: performance.now() - t, ok: false, error: done ? done[2].slice(0, 160) : 'events ended early' };
    const job = JSON.parse(done[2]) as { results: Array<{ url: string }> };
    const image = await fetch(base + job.results[0].url);
    await image.arrayBuffer();
    return { ms: performance.now() - t, ok: image.ok, error: image.ok ? undefined : `GET image ${image.status}` };
  } catch (e) {
    return { ms: performance.now() - t, ok: false, error: e instanceof Error ? e.message : String(e) };
  }
}

export function machineLoad(): string {
  return loadavg()
    .map((v) => v.toFixed(2))
    .join(' ');
}

export function mb(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(0)} MB`;
}

export function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}
