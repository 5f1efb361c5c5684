import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

/** `scenic serve` as a person runs it: the built CLI, a real port on 127.0.0.1, keys made with --create-key. */
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CLI = path.join(ROOT, 'bin/scenic.js');
const BUILT = existsSync(path.join(ROOT, 'dist/cli/commands/serve.js'));
const dir = mkdtempSync(path.join(tmpdir(), 'scenic-serve-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function serve(args: string[]): Promise<{ address: string; stop: () => Promise<number | null> }> {
  const child = spawn(process.execPath, [CLI, 'serve', '--port', '0', '--data', dir, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    child.stderr.on('data', (d) => (err += d));
    child.stdout.on('data', (d) => {
      out += d;
      const m = /^(http:\/\/127\.0\.0\.1:\d+)$/m.exec(out);
      if (m) resolve({ address: m[1], stop: () => new Promise((done) => (child.once('exit', (code) => done(code)), child.kill('SIGTERM'))) });
    });
    child.once('exit', (code) => reject(new Error(`serve exited ${code}: ${err}`)));
  });
}

describe.skipIf(!BUILT)('scenic serve', () => {
  it('serves single-user on loopback, then asks for keys once one is created, and refuses other hosts without keys', async () => {
    const open = await serve([]);
    const health = (await (await fetch(`${open.address}/v1/health`)).json()) as { auth: string };
    expect(health.auth).toBe('single-user');
    expect((await fetch(`${open.address}/v1/presets`)).status).toBe(200);
    expect(await open.stop()).toBe(0);

    const made = spawnSync(process.execPath, [CLI, 'serve', '--data', dir, '--create-key', 'alice'], { encoding: 'utf8' });
    expect(made.status).toBe(0);
    const key = made.stdout.trim();
    expect(key).toMatch(/^sk_[\w-]{20,}$/);

    const keyed = await serve([]);
    expect(((await (await fetch(`${keyed.address}/v1/health`)).json()) as { auth: string }).auth).toBe('api-keys');
    const denied = await fetch(`${keyed.address}/v1/presets`);
    expect(denied.status).toBe(401);
    expect(((await denied.json()) as { error: { code: string } }).error.code).toBe('UNAUTHORIZED');
    expect((await fetch(`${keyed.address}/v1/presets`, { headers: { authorization: `Bearer ${key}` } })).status).toBe(200);
    expect(await keyed.stop()).toBe(0);

    const other = mkdtempSync(path.join(tmpdir(), 'scenic-serve-open-'));
    const refused = spawnSync(process.execPath, [CLI, 'serve', '--port', '0', '--host', '0.0.0.0', '--data', other], { encoding: 'utf8', timeout: 30_000 });
    rmSync(other, { recursive: true, force: true });
    expect(refused.status).toBe(2);
    expect(refused.stderr).toContain('error INVALID_ARGUMENT');
  }, 60_000);
});
