import path from 'node:path';
import type { Command } from 'commander';
import { invalidArgument } from '../../errors.js';
import { createUser } from '../../server/auth.js';
import { openDb } from '../../server/db.js';
import { intOption } from '../options.js';

interface ServeFlags {
  port: number;
  host: string;
  data: string;
  createKey?: string;
  uploadMb?: number;
  queue?: string;
  storage?: string;
  rateLimit?: number;
}

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('serve the web editor and the HTTP API (single-user on 127.0.0.1 unless API keys exist)')
    .option('--port <n>', 'port to listen on', intOption('--port', 0, 65535), 8080)
    .option('--host <address>', 'address to listen on; anything but loopback needs API keys', '127.0.0.1')
    .option('--data <dir>', 'folder for the SQLite database and stored files', '.scenic')
    .option('--create-key <name>', 'add a user with a new API key, print the key once, and exit (the server then asks every request for a key)')
    .option('--upload-mb <n>', 'largest photo upload in MB (default 25)', intOption('--upload-mb', 1, 500))
    .option('--queue <url>', 'send edits to scenic worker processes through Redis (redis://host:6379[/db][?prefix=name]) instead of running them here')
    .option('--rate-limit <n>', 'requests a minute per key (default 1200, bursts of a sixth of it); a load test of one key needs more', intOption('--rate-limit', 1, 10_000_000))
    .option('--storage <url>', 'keep photos, mattes and results in S3-compatible storage (s3://bucket/prefix; env SCENIC_S3_ENDPOINT, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_REGION) instead of under --data')
    .action(async (flags: ServeFlags) => {
      const dataDir = path.resolve(flags.data);
      if (flags.createKey !== undefined) {
        const { mkdirSync } = await import('node:fs');
        mkdirSync(dataDir, { recursive: true });
        const db = openDb(path.join(dataDir, 'scenic.db'));
        try {
          const { id, key } = createUser(db, flags.createKey);
          process.stdout.write(`${key}\n`);
          process.stderr.write(`created user ${flags.createKey} (${id}); keep the key above, only its hash is stored\n`);
        } finally {
          db.close();
        }
        return;
      }
      const { buildApp } = await import('../../server/app.js');
      const { openStorage } = await import('../../server/file-store.js');
      const storage = await openStorage(flags.storage, dataDir);
      const limits = {
        ...(flags.uploadMb ? { uploadBytes: flags.uploadMb * 1024 * 1024 } : {}),
        ...(flags.rateLimit ? { ratePerMinute: flags.rateLimit, rateBurst: Math.max(1, Math.round(flags.rateLimit / 6)) } : {}),
      };
      const { app, context } = await buildApp({ dataDir, limits, queue: flags.queue, storage });
      if (!LOOPBACK.has(flags.host) && context.auth !== 'api-keys') {
        await app.close();
        throw invalidArgument('--host', 'a loopback address (127.0.0.1) unless API keys exist (scenic serve --create-key NAME)', flags.host);
      }
      const address = await app.listen({ host: flags.host, port: flags.port });
      process.stderr.write(`scenic is ready: open ${address.replace('[::1]', 'localhost')} in your browser (API docs at ${address}/docs; ${context.auth === 'api-keys' ? 'API keys required' : 'single user, no key needed'}; files in ${storage.where})\n`);
      process.stdout.write(`${address}\n`);
      const stop = async () => {
        process.stderr.write('stopping…\n');
        await app.close();
        process.exit(0);
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      // Keep the action pending while the server runs.
      await new Promise<never>(() => {});
    });
}
