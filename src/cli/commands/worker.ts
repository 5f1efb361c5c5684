import path from 'node:path';
import type { Command } from 'commander';
import type { BackendConfig } from '../../backends/types.js';
import { invalidArgument } from '../../errors.js';
import { intOption } from '../options.js';

interface WorkerFlags {
  queue: string;
  data: string;
  concurrency: number;
  threads: number;
  backendConfig?: string;
  lockMs: number;
  storage?: string;
}

/** `--backend-config '{"a1111": {"url": "http://gpu:7860"}}'`: settings per backend name, as the editor takes them. */
function backendConfigOption(value: string): Record<string, BackendConfig> {
  try {
    const parsed = JSON.parse(value) as unknown;
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as Record<string, BackendConfig>;
  } catch {
    // fall through to the error below
  }
  throw invalidArgument('--backend-config', 'a JSON object of settings by backend name, e.g. {"a1111":{"url":"http://127.0.0.1:7860"}}', value.slice(0, 80));
}

export function registerWorker(program: Command): void {
  program
    .command('worker')
    .description('take edits from a Redis queue (the API server runs with scenic serve --queue); start as many as you like, on any machine sharing --data')
    .requiredOption('--queue <url>', 'Redis URL shared with the API server: redis://host:6379[/db][?prefix=name]')
    .option('--data <dir>', "the API server's data folder, shared (photos, mattes and results are read and written there)", '.scenic')
    .option('--concurrency <n>', 'edits at once in this process', intOption('--concurrency', 1, 64), 1)
    .option('--threads <n>', 'ONNX threads when a matte must be computed here', intOption('--threads', 1, 64), 1)
    .option('--backend-config <json>', 'settings per backend name, e.g. {"a1111":{"url":"http://gpu:7860"}}')
    .option('--lock-ms <n>', "how long a job stays this worker's without a heartbeat; a killed worker's edit is retried after it", intOption('--lock-ms', 500, 600_000), 30_000)
    .option('--storage <url>', "the API server's --storage: S3-compatible storage (s3://bucket/prefix; env SCENIC_S3_ENDPOINT, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_REGION); then no folder is shared")
    .action(async (flags: WorkerFlags) => {
      const backends = flags.backendConfig ? backendConfigOption(flags.backendConfig) : undefined;
      const { startEditWorker } = await import('../../server/scale/worker.js');
      const { openStorage } = await import('../../server/file-store.js');
      const storage = await openStorage(flags.storage, path.resolve(flags.data));
      const worker = await startEditWorker({
        queueUrl: flags.queue,
        dataDir: path.resolve(flags.data),
        storage,
        concurrency: flags.concurrency,
        threads: flags.threads,
        backends,
        lockMs: flags.lockMs,
        log: (line) => process.stderr.write(`${line}\n`),
      });
      process.stderr.write(`scenic worker ready (pid ${process.pid}, concurrency ${flags.concurrency}, files in ${storage.where})\n`);
      const stop = async () => {
        process.stderr.write('finishing the edits in hand, then stopping…\n');
        await worker.close();
        process.exit(0);
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      await new Promise<never>(() => {});
    });
}
