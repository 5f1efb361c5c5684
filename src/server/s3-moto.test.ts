import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer, connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isScenicError } from '../errors.js';
import { createS3Client } from './s3-client.js';
import { signV4 } from './s3-sign.js';
import { sha256Hex } from '../adapters/sha256.js';
import { createS3Storage } from './s3-store.js';

/**
 * Our signatures checked by a server that verifies them: moto's server (Python; present on the project's
 * machines, skipped elsewhere) recomputes every SigV4 signature with botocore, AWS's own signer, once auth
 * is on. s3rver (the other tests) only checks that the access key exists. Moto decodes %2F and '+' before
 * verifying, so boto3 itself fails there on list prefixes with '/' and keys with '+'; these tests stay with
 * requests it verifies faithfully (object keys of hex, '.', '/').
 */
const hasMoto = spawnSync('python3', ['-c', 'import moto.server'], { stdio: 'ignore' }).status === 0;
if (!hasMoto) console.warn('s3-moto.test: skipped (python3 with moto is not installed)');

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  await new Promise((r) => server.close(r));
  return port;
}

async function listening(port: number, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    // A TCP connect, not an HTTP request: each request would use up one of moto's unauthenticated actions.
    const ok = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => (socket.destroy(), resolve(true)));
      socket.once('error', () => resolve(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('moto did not start');
}

describe.skipIf(!hasMoto)('S3 storage against a server that verifies SigV4 (moto)', () => {
  let moto: ChildProcess;
  let endpoint: string;
  let keys: { accessKeyId: string; secretAccessKey: string };

  /** IAM calls during moto's first unauthenticated actions: make a user with an S3 policy and a key pair. */
  async function iam(params: Record<string, string>): Promise<string> {
    const body = new URLSearchParams({ ...params, Version: '2010-05-08' }).toString();
    const url = new URL(`${endpoint}/`);
    const headers = signV4({ method: 'POST', url, service: 'iam', region: 'us-east-1', accessKeyId: 'bootstrap', secretAccessKey: 'bootstrap', date: new Date(), headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' }, payloadHash: sha256Hex(body) });
    delete headers.host;
    const res = await fetch(url, { method: 'POST', headers, body });
    const text = await res.text();
    if (!res.ok) throw new Error(`${params.Action}: ${res.status} ${text.slice(0, 200)}`);
    return text;
  }

  /**
   * Starts moto on a free port and makes sure the server answering there is this moto: another test's server
   * can take the port between `freePort` and moto's bind (python starts slowly under load), and then the
   * signatures would be checked by nobody. `/moto-api/` is moto's own and uses none of the unauthenticated actions.
   */
  async function startMoto(): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      const port = await freePort();
      endpoint = `http://127.0.0.1:${port}`;
      const child = spawn('python3', ['-m', 'moto.server', '-H', '127.0.0.1', '-p', String(port)], { env: { ...process.env, INITIAL_NO_AUTH_ACTION_COUNT: '3' }, stdio: 'ignore' });
      moto = child;
      await listening(port);
      const ours = child.exitCode === null && (await fetch(`${endpoint}/moto-api/data.json`).then((r) => r.ok, () => false));
      if (ours) return;
      child.kill();
      if (attempt === 3) throw new Error(`moto did not get a port of its own (last tried ${port})`);
    }
  }

  beforeAll(async () => {
    await startMoto();
    await iam({ Action: 'CreateUser', UserName: 'scenic' });
    const key = await iam({ Action: 'CreateAccessKey', UserName: 'scenic' });
    keys = { accessKeyId: /<AccessKeyId>([^<]+)</.exec(key)![1], secretAccessKey: /<SecretAccessKey>([^<]+)</.exec(key)![1] };
    await iam({ Action: 'PutUserPolicy', UserName: 'scenic', PolicyName: 's3', PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }] }) });
    // From here on every request must be signed correctly: the bucket is made with the new key.
    const url = new URL(`${endpoint}/scenic`);
    const headers = signV4({ method: 'PUT', url, region: 'us-east-1', ...keys, date: new Date(), payloadHash: sha256Hex('') });
    delete headers.host;
    expect((await fetch(url, { method: 'PUT', headers })).status).toBe(200);
  }, 40_000);
  afterAll(() => {
    moto?.kill();
  });

  it('puts, finds, reads and removes files with signatures the server accepts', async () => {
    const storage = createS3Storage({ bucket: 'scenic', prefix: 'v/', endpoint, region: 'us-east-1', ...keys, retries: 0 });
    await storage.check();
    const bytes = Buffer.from(`scenic ${Date.now()}`);
    const key = await storage.files.put(bytes, 'png');
    expect(await storage.files.has(key)).toBe(true);
    expect(Buffer.compare(await storage.files.read(key), bytes)).toBe(0);
    await storage.files.remove(key);
    expect(await storage.files.has(key)).toBe(false);
    // A listing with a prefix the server reads back unchanged.
    expect(await createS3Client({ bucket: 'scenic', prefix: '', endpoint, region: 'us-east-1', ...keys }).list('v')).toEqual([]);
  });

  it('fails with STORAGE_DENIED when the secret is wrong (SignatureDoesNotMatch)', async () => {
    const wrong = createS3Storage({ bucket: 'scenic', prefix: 'v/', endpoint, region: 'us-east-1', accessKeyId: keys.accessKeyId, secretAccessKey: `x${keys.secretAccessKey.slice(1)}`, retries: 0 });
    const error = await wrong.files.read(`${'a'.repeat(64)}.png`).catch((e: unknown) => e);
    expect(isScenicError(error) && error.code).toBe('STORAGE_DENIED');
    expect((error as Error).message).toContain('SignatureDoesNotMatch');
  });
});
