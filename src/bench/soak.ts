import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import path from 'node:path';
import { arg, machineLoad, mb, rePrompt, rssOf, startCluster, uploadExample } from './cluster.js';
import { fmt, median, percentile } from './stats.js';

/**
 * `npm run soak -- [--edits 500] [--clients 2] [--workers K]`
 *
 * Runs 500 re-prompts through one `scenic serve` (embedded queue, or queue mode with K workers) and prints
 * the server's (and workers') resident memory at edit 1, 50, every 50 after, and at the end, with the growth
 * from edit 50 to the end. The target is ≤ 10 % growth: memory that keeps climbing is a leak. Asserts nothing.
 */
async function main(): Promise<void> {
  const edits = Number(arg('--edits') ?? 500);
  const clients = Number(arg('--clients') ?? 2);
  const workers = Number(arg('--workers') ?? 0);
  const queueUrl = arg('--queue') ?? `${process.env.SCENIC_TEST_REDIS ?? 'redis://127.0.0.1:6390'}?prefix=soak${process.pid}`;
  const dataDir = mkdtempSync(path.join(tmpdir(), 'scenic-soak-'));
  const cluster = await startCluster({ dataDir, workers, queueUrl, cores: availableParallelism() });
  const log = (line: string) => process.stdout.write(`${line}\n`);
  const pids = () => [cluster.server.pid, ...cluster.workers.map((w) => w.pid)];
  const rssNow = () => pids().map(rssOf);
  const line = (label: string, values: number[]) => `${label.padEnd(12)} server ${mb(values[0])}${values.length > 1 ? `, workers ${values.slice(1).map(mb).join(' / ')}` : ''}`;
  try {
    log(`scenic soak: ${edits} edits, ${clients} clients, ${workers ? `queue mode with ${workers} workers` : 'embedded queue'}; load average ${machineLoad()}`);
    const photo = await uploadExample(cluster.base);
    log(line('after upload', rssNow()));
    let at50: number[] = [];
    let done = 0;
    let errors = 0;
    let next = 0;
    const latencies: number[] = [];
    const client = async () => {
      for (let n = next++; n < edits; n = next++) {
        const r = await rePrompt(cluster.base, photo, n);
        if (r.ok) latencies.push(r.ms);
        else errors++;
        done++;
        if (done === 1 || done % 50 === 0) {
          const now = rssNow();
          if (done === 50) at50 = now;
          log(line(`edit ${done}`, now));
        }
      }
    };
    await Promise.all(Array.from({ length: clients }, client));
    const end = rssNow();
    log(line('end', end));
    const growth = at50.length ? ((end[0] - at50[0]) / at50[0]) * 100 : Number.NaN;
    log(`server RSS growth from edit 50 to edit ${edits}: ${growth.toFixed(1)} %`);
    if (end.length > 1) log(`worker RSS growth from edit 50 to edit ${edits}: ${end.slice(1).map((v, i) => `${(((v - at50[i + 1]) / at50[i + 1]) * 100).toFixed(1)} %`).join(' / ')}`);
    log(`errors ${errors}; latency p50 ${fmt(median(latencies)).trim()}, p99 ${fmt(percentile(latencies, 99)).trim()}; load average ${machineLoad()}`);
  } finally {
    await cluster.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
