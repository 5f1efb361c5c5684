import { ScenicError, invalidArgument } from '../errors.js';
import { signV4, uriEncode } from './s3-sign.js';
import { sha256Hex } from '../adapters/sha256.js';

/**
 * A small S3 client (PUT, GET, HEAD, DELETE object; HEAD bucket; list a prefix) over fetch, signed with
 * SigV4. Works with AWS S3 (virtual-hosted addressing) and with any S3-compatible server given an endpoint
 * (MinIO, R2, Ceph, s3rver…: path-style addressing). Every request has a timeout; network errors, timeouts,
 * 429 and 5xx are retried a bounded number of times with a growing delay, then fail as STORAGE_UNAVAILABLE.
 */
export interface S3Config {
  bucket: string;
  /** Prepended to every key: '' or 'some/folder/'. */
  prefix: string;
  /** Path-style endpoint of an S3-compatible server, e.g. http://127.0.0.1:9000; AWS S3 when missing. */
  endpoint?: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  /** Per request, including reading the body (default 15 000 ms), plus 1 ms per KB sent (an upload at 1 MB/s fits). */
  timeoutMs?: number;
  /** Further tries after a network error, timeout, 429 or 5xx (default 3). */
  retries?: number;
  /** First retry delay, doubled each time (default 200 ms). */
  retryBaseMs?: number;
}

export interface S3Client {
  readonly config: S3Config;
  put(key: string, bytes: Uint8Array, contentType: string): Promise<void>;
  /** The object's bytes, or null when there is no such key. */
  get(key: string): Promise<Buffer | null>;
  has(key: string): Promise<boolean>;
  /** Deleting a key that does not exist is not an error (as in S3). */
  delete(key: string): Promise<void>;
  /** Every key starting with `prefix` (all pages). */
  list(prefix: string): Promise<string[]>;
  /** Fails with STORAGE_NO_BUCKET, STORAGE_DENIED or STORAGE_UNAVAILABLE unless the bucket answers. */
  checkBucket(): Promise<void>;
}

/**
 * Reads `s3://bucket/prefix` plus the environment: SCENIC_S3_ENDPOINT (S3-compatible servers, path-style),
 * AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN (optional), AWS_REGION (default us-east-1).
 *
 * @example
 * s3ConfigFromEnv('s3://photos/scenic', { SCENIC_S3_ENDPOINT: 'http://127.0.0.1:9000', AWS_ACCESS_KEY_ID: 'k', AWS_SECRET_ACCESS_KEY: 's' })
 * // → { bucket: 'photos', prefix: 'scenic/', endpoint: 'http://127.0.0.1:9000', region: 'us-east-1', … }
 */
export function s3ConfigFromEnv(storageUrl: string, env: NodeJS.ProcessEnv = process.env): S3Config {
  const match = /^s3:\/\/([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])(?:\/(.*))?$/.exec(storageUrl);
  if (!match) throw invalidArgument('--storage', 's3://bucket/prefix with a valid bucket name (3–63 of a-z 0-9 . -)', storageUrl);
  const prefix = (match[2] ?? '').replace(/^\/+|\/+$/g, '');
  const accessKeyId = env.AWS_ACCESS_KEY_ID;
  const secretAccessKey = env.AWS_SECRET_ACCESS_KEY;
  if (!accessKeyId || !secretAccessKey) {
    const unset = [!accessKeyId && 'AWS_ACCESS_KEY_ID', !secretAccessKey && 'AWS_SECRET_ACCESS_KEY'].filter(Boolean).join(' and ');
    throw new ScenicError('INVALID_ARGUMENT', `Expected AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY in the environment for --storage ${storageUrl} but ${unset} ${unset.includes(' and ') ? 'are' : 'is'} not set`);
  }
  const endpoint = env.SCENIC_S3_ENDPOINT?.replace(/\/+$/, '');
  if (endpoint !== undefined && !/^https?:\/\/[^/]+$/.test(endpoint)) throw invalidArgument('SCENIC_S3_ENDPOINT', 'http(s)://host[:port]', endpoint);
  return {
    bucket: match[1],
    prefix: prefix ? `${prefix}/` : '',
    endpoint: endpoint || undefined,
    region: env.AWS_REGION || env.AWS_DEFAULT_REGION || 'us-east-1',
    accessKeyId,
    secretAccessKey,
    sessionToken: env.AWS_SESSION_TOKEN || undefined,
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const EMPTY_HASH = sha256Hex('');

function xmlField(xml: string, name: string): string | undefined {
  const m = new RegExp(`<${name}>([^<]*)</${name}>`).exec(xml);
  return m ? decodeXml(m[1]) : undefined;
}

function decodeXml(text: string): string {
  return text.replace(/&(lt|gt|quot|apos|amp);/g, (_, e: string) => ({ lt: '<', gt: '>', quot: '"', apos: "'", amp: '&' })[e]!);
}

/**
 * Makes a client for one bucket. Keys given to it are full object keys (the caller adds `config.prefix`).
 *
 * @example
 * const s3 = createS3Client(s3ConfigFromEnv('s3://photos/scenic'));
 * await s3.put('scenic/files/ab….png', bytes, 'image/png');
 */
export function createS3Client(config: S3Config): S3Client {
  const timeoutMs = config.timeoutMs ?? 15_000;
  const retries = config.retries ?? 3;
  const retryBaseMs = config.retryBaseMs ?? 200;
  const where = config.endpoint ?? `https://${config.bucket}.s3.${config.region}.amazonaws.com`;

  function urlOf(key: string, query?: Record<string, string>): URL {
    const path = key.split('/').map(uriEncode).join('/');
    const url = config.endpoint ? new URL(`${config.endpoint}/${config.bucket}${key || query ? `/${path}` : ''}`) : new URL(`${where}/${path}`);
    // Sent exactly as signed (RFC 3986: a space is %20, never '+', which S3 could read either way).
    if (query) url.search = Object.entries(query).map(([k, v]) => `${uriEncode(k)}=${uriEncode(v)}`).join('&');
    return url;
  }

  /** One request with bounded retries; answers anything below 500 (except 429) to the caller. */
  async function send(method: string, key: string, opts: { body?: Uint8Array; headers?: Record<string, string>; query?: Record<string, string> } = {}): Promise<{ status: number; body: Buffer }> {
    const url = urlOf(key, opts.query);
    const payloadHash = opts.body ? sha256Hex(opts.body) : EMPTY_HASH;
    const limit = timeoutMs + Math.ceil((opts.body?.byteLength ?? 0) / 1000);
    let reason = '';
    for (let attempt = 0; attempt <= retries; attempt++) {
      if (attempt > 0) await sleep(retryBaseMs * 2 ** (attempt - 1));
      const signed = signV4({ method, url, headers: opts.headers, payloadHash, region: config.region, accessKeyId: config.accessKeyId, secretAccessKey: config.secretAccessKey, sessionToken: config.sessionToken, date: new Date() });
      delete signed.host; // fetch sends the URL's own host, which is what was signed
      try {
        const res = await fetch(url, { method, headers: signed, body: opts.body, signal: AbortSignal.timeout(limit), redirect: 'manual' });
        const body = Buffer.from(await res.arrayBuffer());
        if (res.status >= 500 || res.status === 429) {
          reason = `it answered ${res.status}${xmlField(body.toString(), 'Code') ? ` ${xmlField(body.toString(), 'Code')}` : ''}`;
          continue;
        }
        return { status: res.status, body };
      } catch (error) {
        const e = error as Error & { cause?: { code?: string; message?: string } };
        reason = e.name === 'TimeoutError' ? `it did not answer within ${limit} ms` : `it could not be reached (${e.cause?.code ?? e.cause?.message ?? e.message})`;
      }
    }
    throw new ScenicError('STORAGE_UNAVAILABLE', `Expected S3 storage at ${where} to answer ${method} ${key || config.bucket} but ${reason} (${retries + 1} tries)`);
  }

  /** Turns a 3xx/4xx answer into the matching catalogue error. */
  function fail(method: string, key: string, res: { status: number; body: Buffer }): ScenicError {
    const xml = res.body.toString();
    const code = xmlField(xml, 'Code') ?? `HTTP ${res.status}`;
    const detail = `${code}${xmlField(xml, 'Message') ? `: ${xmlField(xml, 'Message')}` : ''}`;
    if (code === 'NoSuchBucket' || (res.status === 404 && !key)) {
      return new ScenicError('STORAGE_NO_BUCKET', `Expected the S3 bucket ${config.bucket} to exist at ${where} but it does not (${detail})`);
    }
    if (res.status === 401 || res.status === 403 || /AccessKey|Signature|Authorization|Token|Credential|AccessDenied/.test(code)) {
      return new ScenicError('STORAGE_DENIED', `Expected S3 storage at ${where} to accept the credentials (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_REGION=${config.region}) but it refused ${method} ${key || config.bucket}: ${detail}`);
    }
    return new ScenicError('STORAGE_UNAVAILABLE', `Expected S3 storage at ${where} to accept ${method} ${key || config.bucket} but it answered ${res.status} ${detail}`);
  }

  const ok = (status: number) => status >= 200 && status < 300;

  return {
    config,
    async put(key, bytes, contentType) {
      const res = await send('PUT', key, { body: bytes, headers: { 'content-type': contentType } });
      if (!ok(res.status)) throw fail('PUT', key, res);
    },
    async get(key) {
      const res = await send('GET', key);
      if (ok(res.status)) return res.body;
      if (res.status === 404 && xmlField(res.body.toString(), 'Code') !== 'NoSuchBucket') return null;
      throw fail('GET', key, res);
    },
    async has(key) {
      const res = await send('HEAD', key);
      if (ok(res.status)) return true;
      // A HEAD answer has no body to tell a missing key from a missing bucket; checkBucket() tells at start-up.
      if (res.status === 404) return false;
      throw fail('HEAD', key, res);
    },
    async delete(key) {
      const res = await send('DELETE', key);
      if (ok(res.status) || (res.status === 404 && xmlField(res.body.toString(), 'Code') !== 'NoSuchBucket')) return;
      throw fail('DELETE', key, res);
    },
    async list(prefix) {
      const keys: string[] = [];
      let token: string | undefined;
      do {
        const res = await send('GET', '', { query: { 'list-type': '2', prefix, ...(token ? { 'continuation-token': token } : {}) } });
        if (!ok(res.status)) throw fail('GET', `?prefix=${prefix}`, res);
        const xml = res.body.toString();
        for (const m of xml.matchAll(/<Key>([^<]*)<\/Key>/g)) keys.push(decodeXml(m[1]));
        token = xmlField(xml, 'IsTruncated') === 'true' ? xmlField(xml, 'NextContinuationToken') : undefined;
      } while (token);
      return keys;
    },
    async checkBucket() {
      const res = await send('HEAD', '');
      if (!ok(res.status)) throw fail('HEAD', '', res);
    },
  };
}
