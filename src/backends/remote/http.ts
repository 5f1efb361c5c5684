import { ScenicError, type ErrorCode } from '../../errors.js';
import { redact } from './secrets.js';

/**
 * The one HTTP path every remote backend uses: Node's global fetch with a per-request timeout, retries with
 * full-jitter exponential back-off on 408/429/5xx and network resets (honouring Retry-After), no retry on
 * other 4xx, and never a second create after a timed-out one (the first job may exist and be billed).
 * Errors carry distinct codes and never contain a key.
 */

export interface RetryPolicy {
  /** Total tries including the first (default 4). */
  attempts: number;
  /** First back-off ceiling in ms (default 1000); doubles each try. */
  baseMs: number;
  /** Largest back-off in ms (default 30 000). */
  capMs: number;
  /** A Retry-After longer than this is not waited for: the call fails with BACKEND_QUOTA (default 60 000). */
  maxRetryAfterMs: number;
}

export interface HttpSettings {
  /** Backend name for messages, e.g. 'openai'. */
  backend: string;
  baseUrl: string;
  /** Sent only to `baseUrl`'s origin (auth must never leak to a CDN that serves results). */
  headers?: Record<string, string>;
  /** Values never to appear in an error message (keys, passwords). */
  secrets?: string[];
  /** Read timeout for one request in ms, body included (default 180 000). Node's fetch adds a 10 s connect timeout. */
  timeoutMs?: number;
  retry?: Partial<RetryPolicy>;
  /** Injected for tests: 0..1 uniform. */
  random?: () => number;
  /** Injected for tests: waits `ms` unless `signal` aborts. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

export interface HttpRequest {
  method?: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Relative to `baseUrl`, or an absolute URL. */
  path: string;
  json?: unknown;
  form?: FormData;
  headers?: Record<string, string>;
  timeoutMs?: number;
  /** Safe to repeat after a timeout or reset (default: true for GET, false otherwise). */
  idempotent?: boolean;
  signal?: AbortSignal;
  /** Provider-specific reading of a failed answer (moderation, quota); return undefined for the default mapping. */
  classify?: (answer: HttpResponse) => ScenicError | undefined;
}

export interface HttpResponse {
  status: number;
  statusText: string;
  headers: Headers;
  body: Uint8Array;
  text(): string;
  /** Parses JSON or fails with BACKEND_BAD_RESPONSE. */
  json<T = unknown>(): T;
}

const RETRY_STATUS = new Set([408, 429, 500, 502, 503, 504]);
const DEFAULT_RETRY: RetryPolicy = { attempts: 4, baseMs: 1000, capMs: 30_000, maxRetryAfterMs: 60_000 };

/** An HTTP client bound to one backend's settings. */
export interface HttpClient {
  readonly settings: HttpSettings;
  request(req: HttpRequest): Promise<HttpResponse>;
  /** Makes an error for this backend, with keys removed from the message. */
  error(code: ErrorCode, message: string, cause?: unknown): ScenicError;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/**
 * Creates the client for one backend.
 *
 * @example
 * const http = createHttpClient({ backend: 'openai', baseUrl: 'https://api.openai.com', headers: { authorization: `Bearer ${key}` }, secrets: [key] });
 * const answer = await http.request({ method: 'POST', path: '/v1/images/edits', form, signal });
 */
export function createHttpClient(settings: HttpSettings): HttpClient {
  const retry = { ...DEFAULT_RETRY, ...settings.retry };
  const random = settings.random ?? Math.random;
  const sleep = settings.sleep ?? abortableSleep;
  const origin = new URL(settings.baseUrl).origin;
  const secrets = (settings.secrets ?? []).filter(Boolean);

  const error = (code: ErrorCode, message: string, cause?: unknown) => new ScenicError(code, redact(`${settings.backend}: ${message}`, secrets), cause ? { cause: redactCause(cause, secrets) } : undefined);

  async function once(req: HttpRequest, url: URL): Promise<HttpResponse> {
    const timeoutMs = req.timeoutMs ?? settings.timeoutMs ?? 180_000;
    const timeout = AbortSignal.timeout(timeoutMs);
    const signal = req.signal ? AbortSignal.any([req.signal, timeout]) : timeout;
    const headers: Record<string, string> = { ...(url.origin === origin ? settings.headers : {}), ...req.headers };
    let body: string | FormData | undefined;
    if (req.json !== undefined) {
      body = JSON.stringify(req.json);
      headers['content-type'] = 'application/json';
    } else if (req.form) body = req.form;
    const res = await fetch(url, { method: req.method ?? 'GET', headers, body, signal, redirect: 'follow' });
    // The timeout covers the body too: a server that sends headers and then hangs is still caught.
    const bytes = new Uint8Array(await res.arrayBuffer());
    const text = () => new TextDecoder().decode(bytes);
    return {
      status: res.status,
      statusText: res.statusText,
      headers: res.headers,
      body: bytes,
      text,
      json<T>() {
        try {
          return JSON.parse(text()) as T;
        } catch (e) {
          throw error('BACKEND_BAD_RESPONSE', `Expected JSON from ${req.method ?? 'GET'} ${url.pathname} but received ${describeBody(text())}`, e);
        }
      },
    };
  }

  async function request(req: HttpRequest): Promise<HttpResponse> {
    const url = new URL(req.path, settings.baseUrl.endsWith('/') ? settings.baseUrl : `${settings.baseUrl}/`);
    const method = req.method ?? 'GET';
    const idempotent = req.idempotent ?? method === 'GET';
    const what = `${method} ${url.pathname}`;
    for (let attempt = 1; ; attempt++) {
      if (req.signal?.aborted) throw cancelled(settings.backend);
      const last = attempt >= retry.attempts;
      let answer: HttpResponse;
      try {
        answer = await once(req, url);
      } catch (e) {
        if (e instanceof ScenicError) throw e;
        if (req.signal?.aborted) throw cancelled(settings.backend);
        const timedOut = isTimeout(e);
        // A refused connection never reached the server, so even a create is safe to send again.
        const safe = idempotent || isRefused(e);
        if (timedOut) {
          if (!idempotent || last) throw error('BACKEND_TIMEOUT', `Expected an answer to ${what} within ${req.timeoutMs ?? settings.timeoutMs ?? 180_000} ms but received none${idempotent ? '' : ' (not retried: the job may already exist)'}`, e);
        } else if (!safe || last) {
          throw error('BACKEND_UNAVAILABLE', `Expected to reach ${url.origin} for ${what} but received ${networkReason(e)}`, e);
        }
        await sleep(backoff(attempt), req.signal);
        continue;
      }
      if (answer.status >= 200 && answer.status < 300) return answer;
      const special = req.classify?.(answer);
      if (special) throw special;
      if (RETRY_STATUS.has(answer.status) && !last) {
        const after = retryAfterMs(answer.headers.get('retry-after'));
        if (after !== undefined && after > retry.maxRetryAfterMs) throw statusError(answer, what, ` (asked to wait ${Math.ceil(after / 1000)} s)`);
        await sleep(after ?? backoff(attempt), req.signal);
        continue;
      }
      throw statusError(answer, what, '');
    }
  }

  function backoff(attempt: number): number {
    // Full jitter (AWS architecture blog): uniform in [0, min(cap, base·2^(n−1))].
    return Math.floor(random() * Math.min(retry.capMs, retry.baseMs * 2 ** (attempt - 1)));
  }

  function statusError(answer: HttpResponse, what: string, extra: string): ScenicError {
    const code: ErrorCode =
      answer.status === 401 || answer.status === 403 ? 'BACKEND_AUTH'
      : answer.status === 402 || answer.status === 429 ? 'BACKEND_QUOTA'
      : answer.status === 408 ? 'BACKEND_TIMEOUT'
      : answer.status >= 500 ? 'BACKEND_UNAVAILABLE'
      : 'BACKEND_REJECTED';
    const detail = providerMessage(answer);
    return error(code, `Expected a successful answer to ${what} but received ${answer.status} ${answer.statusText}${detail ? `: ${detail}` : ''}${extra}`);
  }

  return { settings, request, error, sleep: (ms, signal) => sleep(ms, signal) };
}

export function cancelled(backend: string): ScenicError {
  return new ScenicError('CANCELLED', `${backend}: the edit was cancelled`);
}

/** Waits `ms`, or rejects with CANCELLED as soon as `signal` aborts. */
export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new ScenicError('CANCELLED', 'The edit was cancelled'));
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(new ScenicError('CANCELLED', 'The edit was cancelled'));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** Retry-After as seconds or an HTTP date, in ms; undefined when absent or unreadable. */
export function retryAfterMs(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined;
  if (/^\d+(\.\d+)?$/.test(value.trim())) return Math.round(Number(value) * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** The provider's own words from an error body: OpenAI `error.message`, Stability `errors[]`, Replicate `detail`, A1111 `detail`. */
export function providerMessage(answer: HttpResponse): string {
  const text = answer.text();
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return text.trim().slice(0, 200);
  }
  const o = parsed as Record<string, unknown>;
  const err = o?.error as Record<string, unknown> | string | undefined;
  const parts = [
    typeof err === 'string' ? err : typeof err?.message === 'string' ? err.message : undefined,
    Array.isArray(o?.errors) ? o.errors.filter((x) => typeof x === 'string').join('; ') : undefined,
    typeof o?.detail === 'string' ? o.detail : undefined,
    typeof o?.message === 'string' ? o.message : undefined,
  ].filter(Boolean);
  return (parts.join('; ') || text.trim()).slice(0, 200);
}

function describeBody(text: string): string {
  const t = text.trim();
  return t ? JSON.stringify(t.length > 60 ? `${t.slice(0, 57)}...` : t) : 'an empty body';
}

function isTimeout(e: unknown): boolean {
  return e instanceof Error && (e.name === 'TimeoutError' || (e.name === 'AbortError' && /timeout/i.test(String((e as { cause?: unknown }).cause ?? ''))));
}

function isRefused(e: unknown): boolean {
  return /ECONNREFUSED/.test(String((e as { cause?: { code?: string } })?.cause?.code ?? ''));
}

function networkReason(e: unknown): string {
  const cause = (e as { cause?: { code?: string; message?: string } })?.cause;
  return cause?.code ?? cause?.message ?? (e instanceof Error ? e.message : String(e));
}

function redactCause(cause: unknown, secrets: string[]): unknown {
  // The cause is kept for debugging but must not carry a key either (URLs and headers can end up in it).
  if (cause instanceof Error) return new Error(redact(cause.message, secrets));
  return undefined;
}
