import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import path from 'node:path';
import { arg, machineLoad, mb, rePrompt, sampleRss, startCluster, uploadExample } from './cluster.js';
import { fmt, median, percentile } from './stats.js';

/**
 * `npm run load -- --clients N (--seconds S | --count M) [--workers K] [--pin] [--queue redis://…]`
 *
 * Starts `scenic serve` (embedded queue, or queue mode with K `scenic worker` processes, pinned one per core
 * with --pin), uploads the example photo once (the model finds the subject then), and drives N concurrent
 * clients through re-prompt round trips (POST /v1/edits → SSE until done → GET the image) for S seconds or
 * M edits in all. Prints throughput, p50/p99 latency, errors and peak RSS of every process. Asserts nothing.
 */
async function main(): Promise<void> {
  const clients = Number(arg('--clients') ?? 4);
  const seconds = arg('--seconds') ? Number(arg('--seconds')) : undefined;
  const count = arg('--count') ? Number(arg('--count')) : undefined;
  const workers = Number(arg('--workers') ?? 0);
  const pin = process.argv.includes('--pin');
  const queueUrl = arg('--queue') ?? `${process.env.SCENIC_TEST_REDIS ?? 'redis://127.0.0.1:6390'}?prefix=load${process.pid}`;
  if (!seconds && !count) throw new Error('give --seconds S or --count M');
  const dataDir = mkdtempSync(path.join(tmpdir(), 'scenic-load-'));
  const cluster = await startCluster({ dataDir, workers, queueUrl, pin, cores: availableParallelism() });
  const rss = sampleRss(() => [cluster.server.pid, ...cluster.workers.map((w) => w.pid)]);
  const log = (line: string) => process.stdout.write(`${line}\n`);
  try {
    log(`scenic load: ${clients} clients, ${seconds ? `${seconds} s` : `${count} edits`}, ${workers ? `queue mode, ${workers} worker${workers > 1 ? 's' : ''}${pin ? ' pinned one per core' : ''}` : 'embedded queue'}; ${availableParallelism()} cores, load average ${machineLoad()}`);
    const photo = await uploadExample(cluster.base);
    // Warm-up: every worker loads its editor and reads the matte once; not counted.
    await Promise.all(Array.from({ length: Math.max(2, workers * 2) }, (_, i) => rePrompt(cluster.base, photo, 1000 + i)));
    const latencies: number[] = [];
    const errors: string[] = [];
    let next = 0;
    const started = performance.now();
    const deadline = seconds ? started + seconds * 1000 : Infinity;
    const client = async () => {
      for (;;) {
        if (performance.now() >= deadline) return;
        const n = next++;
        if (count !== undefined && n >= count) return;
        const r = await rePrompt(cluster.base, photo, n);
        if (r.ok) latencies.push(r.ms);
        else errors.push(r.error ?? 'failed');
      }
    };
    await Promise.all(Array.from({ length: clients }, client));
    const elapsed = (performance.now() - started) / 1000;
    const done = latencies.length;
    const peaks = rss.peaks();
    log(`edits completed  ${done} in ${elapsed.toFixed(1)} s`);
    log(`throughput       ${(done / elapsed).toFixed(2)} edits/s`);
    log(`latency p50      ${fmt(median(latencies))}`);
    log(`latency p99      ${fmt(percentile(latencies, 99))}`);
    log(`latency max      ${fmt(Math.max(...latencies))}`);
    log(`errors           ${errors.length}${errors.length ? ` (first: ${errors[0]})` : ''}`);
    log(`peak RSS         server ${mb(peaks[0])}${peaks.length > 1 ? `, workers ${peaks.slice(1).map(mb).join(' / ')}` : ''}`);
    log(`load average     ${machineLoad()} (1/5/15 min, at the end)`);
  } finally {
    rss.stop();
    await cluster.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
