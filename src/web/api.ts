/** The few API calls the page makes. Errors arrive as `{error: {code, message}}` and become ApiError. */

export interface Photo {
  id: string;
  width: number;
  height: number;
  subjects: { found: boolean; count: number; bounds: { x: number; y: number; width: number; height: number } | null };
  cutoutUrl: string | null;
}

export interface Result {
  id: string;
  url: string;
  thumbnailUrl: string;
  seed: number;
  width: number;
  height: number;
  label: { digitalSourceType: string; text: string };
}

export interface Understood {
  prompt: string;
  terms: Array<{ text: string; concept: string; category: string }>;
  notUnderstood: string[];
  palette: string[];
  fallback: boolean;
}

export interface Job {
  id: string;
  state: 'queued' | 'running' | 'succeeded' | 'failed';
  progress: number;
  stage: string | null;
  results: Result[];
  understood: Understood | null;
  error: { code: string; message: string } | null;
  eventsUrl: string;
}

export interface Preset {
  id: string;
  title: string;
  prompt: string;
  reason: string;
}

export interface BrandKit {
  id: string;
  name: string;
  colours: string[];
}

export interface SharedBackground {
  prompt: string;
  seed?: number;
  preset?: string;
  palette?: string[];
}

export class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

// ---- API keys: only servers set up with keys need one; it lives in this tab's session storage. ----

const KEY_STORAGE = 'scenic-api-key';

export function apiKey(): string | null {
  return sessionStorage.getItem(KEY_STORAGE);
}

export function setApiKey(key: string): void {
  sessionStorage.setItem(KEY_STORAGE, key.trim());
}

function authHeaders(): Record<string, string> {
  const key = apiKey();
  return key ? { authorization: `Bearer ${key}` } : {};
}

const blobUrls = new Map<string, Promise<string>>();

/**
 * A URL an <img> or download link can use. Without a key that is the API URL itself; with one, the image is
 * fetched with the key and shown from a blob: URL, because <img> cannot send an Authorization header.
 */
export function imageUrl(url: string): Promise<string> {
  if (!apiKey()) return Promise.resolve(url);
  let hit = blobUrls.get(url);
  if (!hit) {
    hit = fetch(url, { headers: authHeaders() }).then(async (res) => {
      if (!res.ok) throw new ApiError('NOT_FOUND', `The image ${url} could not be loaded (${res.status})`);
      return URL.createObjectURL(await res.blob());
    });
    blobUrls.set(url, hit);
    hit.catch(() => blobUrls.delete(url));
  }
  return hit;
}

async function call<T>(method: string, url: string, body?: unknown): Promise<T> {
  const init: RequestInit = { method, headers: authHeaders() };
  if (body instanceof Blob) {
    init.body = body;
    init.headers = { ...authHeaders(), 'content-type': body.type || 'application/octet-stream' };
  } else if (body !== undefined) {
    init.body = JSON.stringify(body);
    init.headers = { ...authHeaders(), 'content-type': 'application/json' };
  }
  let res: Response;
  try {
    res = await fetch(url, init);
  } catch {
    throw new ApiError('OFFLINE', 'The scenic server cannot be reached. Is it still running?');
  }
  if (res.status === 204) return undefined as T;
  const json = await res.json().catch(() => null);
  if (!res.ok) throw new ApiError(json?.error?.code ?? 'INTERNAL', json?.error?.message ?? `The server answered ${res.status}`);
  return json as T;
}

export const api = {
  upload: (file: Blob) => call<Photo>('POST', '/v1/photos', file),
  presets: () => call<{ presets: Preset[] }>('GET', '/v1/presets').then((r) => r.presets),
  brandKits: () => call<{ brandKits: BrandKit[] }>('GET', '/v1/brand-kits').then((r) => r.brandKits),
  createBrandKit: (kit: { name: string; colours: string[] }) => call<BrandKit>('POST', '/v1/brand-kits', kit),
  edit: (body: Record<string, unknown>) => call<Job>('POST', '/v1/edits', body),
  job: (id: string) => call<Job>('GET', `/v1/jobs/${id}`),
  cancel: (id: string) => call<Job>('POST', `/v1/jobs/${id}/cancel`),
  share: (jobId: string, seed: number) => call<{ id: string; url: string }>('POST', '/v1/shares', { job: jobId, seed }),
  readShare: (id: string) => call<{ background: SharedBackground }>('GET', `/v1/shares/${encodeURIComponent(id)}`),
  health: () => call<{ features?: { moveSubject?: boolean } }>('GET', '/v1/health'),
};

/**
 * Follows a job to its end with server-sent events, falling back to polling if the stream breaks.
 * `onProgress` gets 0..1 and the stage name.
 */
export function followJob(job: Job, onProgress: (fraction: number, stage: string) => void): Promise<Job> {
  // EventSource cannot send an Authorization header: with a key, poll instead.
  if (apiKey()) return poll(job.id, onProgress);
  return new Promise((resolve, reject) => {
    const source = new EventSource(job.eventsUrl);
    const finish = (data: string) => {
      source.close();
      const done = JSON.parse(data) as Job;
      if (done.state === 'succeeded') resolve(done);
      else reject(new ApiError(done.error?.code ?? 'INTERNAL', done.error?.message ?? 'The edit failed'));
    };
    source.addEventListener('progress', (e) => {
      const p = JSON.parse((e as MessageEvent<string>).data) as { progress: number; stage: string };
      onProgress(p.progress, p.stage);
    });
    source.addEventListener('succeeded', (e) => finish((e as MessageEvent<string>).data));
    source.addEventListener('failed', (e) => finish((e as MessageEvent<string>).data));
    source.onerror = () => {
      source.close();
      void poll(job.id, onProgress).then(resolve, reject);
    };
  });
}

async function poll(id: string, onProgress: (fraction: number, stage: string) => void): Promise<Job> {
  for (;;) {
    const job = await api.job(id);
    if (job.state === 'succeeded') return job;
    if (job.state === 'failed') throw new ApiError(job.error?.code ?? 'INTERNAL', job.error?.message ?? 'The edit failed');
    onProgress(job.progress, job.stage ?? 'queued');
    await new Promise((r) => setTimeout(r, 250));
  }
}
