import { randomUUID } from 'node:crypto';
import WebSocket from 'ws';
import type { Backend, BackendConfig } from '../types.js';
import { decodeResult, onAbort, pngBlob, pollUntil, prepareInpaint, remoteOptions, requireSetting, setting, type RemoteOptions } from './common.js';
import { cancelled, createHttpClient, providerMessage, type HttpClient, type HttpResponse } from './http.js';
import { inpaintGraph, type GraphSettings } from './comfyui-graph.js';

interface Uploaded {
  name: string;
  subfolder?: string;
  type?: string;
}

interface HistoryEntry {
  outputs?: Record<string, { images?: Array<{ filename?: string; subfolder?: string; type?: string }> }>;
  status?: { status_str?: string; completed?: boolean; messages?: Array<[string, Record<string, unknown>]> };
}

/**
 * ComfyUI (docs/backends.md §2): uploads the subject image and a white-means-regenerate mask, queues an
 * API-format inpainting graph with POST /prompt, follows it on the /ws WebSocket (progress, finish, errors),
 * falls back to polling /history when the socket is unavailable or drops, then reads the image via /view.
 * Cancel deletes a pending prompt from the queue or interrupts it when running.
 * Config: `url` (else COMFYUI_URL; required), `checkpoint` (an inpainting checkpoint, default
 * sd-v1-5-inpainting.safetensors), `steps` (25), `cfg` (7), `sampler` (euler), `scheduler` (normal),
 * `maxPixels` (512×768), `websocket` (true), plus the shared network settings.
 *
 * @example createComfyUiBackend({ url: 'http://127.0.0.1:8188', checkpoint: 'sd-v1-5-inpainting.safetensors' })
 */
export function createComfyUiBackend(config: BackendConfig): Backend {
  const name = 'comfyui';
  const url = requireSetting(name, setting(config, 'url', 'COMFYUI_URL'), 'a server URL', '--backend-url, COMFYUI_URL or backends.comfyui.url');
  const options = remoteOptions(config, { timeoutMs: 60_000 });
  const http = createHttpClient({ backend: name, baseUrl: url, timeoutMs: options.timeoutMs, retry: options.retry });
  const maxPixels = Number(config.maxPixels ?? 512 * 768);
  const graphSettings: GraphSettings = {
    checkpoint: setting(config, 'checkpoint') ?? 'sd-v1-5-inpainting.safetensors',
    steps: Number(config.steps ?? 25),
    cfg: Number(config.cfg ?? 7),
    sampler: setting(config, 'sampler') ?? 'euler',
    scheduler: setting(config, 'scheduler') ?? 'normal',
  };
  const useSocket = config.websocket !== false && config.websocket !== 'false';

  return {
    name,
    description: `ComfyUI inpainting graph at ${url}`,
    capabilities: { inpainting: true, relighting: false, seed: true, negativePrompt: true, maxPixels, sizeMultiple: 8 },
    async generate(request, run = {}) {
      const inputs = await prepareInpaint(request, { maxPixels, multiple: 8 }, 'white');
      const clientId = randomUUID();
      // The socket opens before the prompt is queued so no message about it can be missed.
      const socket = useSocket ? await openSocket(url, clientId, Math.min(10_000, options.timeoutMs)) : undefined;
      try {
        run.onProgress?.(0.02, 'uploading');
        const image = await upload(http, await pngBlob(inputs.image), `scenic-${clientId}-image.png`, run.signal);
        const mask = await upload(http, await pngBlob(inputs.mask), `scenic-${clientId}-mask.png`, run.signal);
        const graph = inpaintGraph({ ...graphSettings, image: ref(image), mask: ref(mask), prompt: inputs.prompt.prompt, negativePrompt: inputs.prompt.negativePrompt, seed: request.seed });
        if (run.signal?.aborted) throw cancelled(name);
        // Not aborted half way: an abort while the answer is on its way would leave a queued prompt nobody can
        // cancel. The queueing call is short; an abort is handled right after it.
        const queued = await http.request({ method: 'POST', path: '/prompt', json: { prompt: graph, client_id: clientId }, classify: (a) => promptError(http, a) });
        const id = queued.json<{ prompt_id?: unknown }>()?.prompt_id;
        if (typeof id !== 'string' || !id) throw http.error('BACKEND_BAD_RESPONSE', `Expected a prompt_id from POST /prompt but received ${JSON.stringify(id)}`);
        if (run.signal?.aborted) {
          await cancelPrompt(http, id).catch(() => undefined);
          throw cancelled(name);
        }
        run.onProgress?.(0.05, 'queued');
        const detach = onAbort(run.signal, () => cancelPrompt(http, id));
        let entry: HistoryEntry;
        try {
          if (socket) await followSocket(http, socket, id, options, run);
          entry = await pollUntil(http, options, run.signal, `prompt ${id}`, () => historyOf(http, id, options, run.signal));
        } finally {
          detach();
        }
        if (entry.status?.status_str === 'error') throw http.error('BACKEND_FAILED', `Expected prompt ${id} to succeed but it failed: ${historyError(entry)}`);
        const out = Object.values(entry.outputs ?? {}).flatMap((o) => o.images ?? []).find((i) => i.type === 'output' || i.type === undefined) ?? Object.values(entry.outputs ?? {}).flatMap((o) => o.images ?? [])[0];
        if (!out?.filename) throw http.error('BACKEND_BAD_RESPONSE', `Expected an output image in the history of prompt ${id} but received none`);
        const query = new URLSearchParams({ filename: out.filename, subfolder: out.subfolder ?? '', type: out.type ?? 'output' });
        const bytes = (await http.request({ path: `/view?${query}`, signal: run.signal })).body;
        const result = await decodeResult(http, bytes, inputs.size, request.width, request.height);
        run.onProgress?.(1);
        return { image: result, digitalSourceType: 'compositeWithTrainedAlgorithmicMedia', backend: name, model: graphSettings.checkpoint };
      } finally {
        socket?.terminate();
      }
    },
  };
}

function ref(u: Uploaded): string {
  return u.subfolder ? `${u.subfolder}/${u.name}` : u.name;
}

async function upload(http: HttpClient, blob: Blob, filename: string, signal?: AbortSignal): Promise<Uploaded> {
  const form = new FormData();
  form.set('image', blob, filename);
  form.set('type', 'input');
  form.set('overwrite', 'true');
  // Same name with overwrite: repeating the upload is harmless, so it may be retried after a timeout.
  const answer = await http.request({ method: 'POST', path: '/upload/image', form, signal, idempotent: true });
  const body = answer.json<Uploaded>();
  // Use the name the server chose: without overwrite it renames clashes to "x (1).png".
  if (typeof body?.name !== 'string' || !body.name) throw http.error('BACKEND_BAD_RESPONSE', `Expected {name} from POST /upload/image but received ${answer.text().slice(0, 80)}`);
  return body;
}

function promptError(http: HttpClient, answer: HttpResponse) {
  if (answer.status !== 400) return undefined;
  let nodes = '';
  try {
    const body = answer.json<{ node_errors?: Record<string, { class_type?: string; errors?: Array<{ message?: string; details?: string }> }> }>();
    nodes = Object.entries(body.node_errors ?? {})
      .map(([node, e]) => `node ${node} (${e.class_type}): ${(e.errors ?? []).map((x) => [x.message, x.details].filter(Boolean).join(' ')).join('; ')}`)
      .join('; ');
  } catch {
    // not JSON: the provider message below says enough
  }
  return http.error('BACKEND_REJECTED', `Expected ComfyUI to accept the inpainting graph but received 400: ${providerMessage(answer)}${nodes ? `; ${nodes}` : ''}`.slice(0, 600));
}

function openSocket(baseUrl: string, clientId: string, timeoutMs: number): Promise<WebSocket | undefined> {
  const wsUrl = new URL(`ws?clientId=${encodeURIComponent(clientId)}`, baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`);
  wsUrl.protocol = wsUrl.protocol === 'https:' ? 'wss:' : 'ws:';
  return new Promise((resolve) => {
    const socket = new WebSocket(wsUrl, { handshakeTimeout: timeoutMs });
    const messages: unknown[] = [];
    (socket as SocketWithBuffer).buffered = messages;
    socket.on('message', (data, isBinary) => {
      // Binary frames are previews (4-byte event type, 4-byte image type, bytes); only text frames matter here.
      if (isBinary) return;
      try {
        messages.push(JSON.parse(String(data)));
      } catch {
        // a malformed frame is ignored; history polling still finds the result
      }
      (socket as SocketWithBuffer).wake?.();
    });
    socket.once('open', () => resolve(socket));
    // No socket (old proxy, blocked upgrade): polling /history works without one.
    socket.once('error', () => resolve(undefined));
    socket.on('close', () => (socket as SocketWithBuffer).wake?.());
  });
}

type SocketWithBuffer = WebSocket & { buffered: unknown[]; wake?: () => void };

/**
 * Follows the socket until the prompt finishes (returns), fails (throws) or the socket drops (returns, so the
 * caller polls /history instead).
 */
async function followSocket(http: HttpClient, ws: WebSocket, id: string, options: RemoteOptions, run: { signal?: AbortSignal; onProgress?: (f: number, m?: string) => void }): Promise<void> {
  const socket = ws as SocketWithBuffer;
  const deadline = Date.now() + options.pollDeadlineMs;
  let read = 0;
  for (;;) {
    for (; read < socket.buffered.length; read++) {
      const { type, data } = (socket.buffered[read] ?? {}) as { type?: string; data?: Record<string, unknown> };
      if (!data || data.prompt_id !== id) continue;
      if (type === 'progress' && typeof data.value === 'number' && typeof data.max === 'number' && data.max > 0) {
        run.onProgress?.(0.05 + 0.9 * (data.value / data.max), `step ${data.value}/${data.max}`);
      } else if ((type === 'executing' && data.node === null) || type === 'execution_success') {
        return;
      } else if (type === 'execution_error') {
        throw http.error('BACKEND_FAILED', `Expected prompt ${id} to succeed but node ${String(data.node_id)} (${String(data.node_type)}) failed: ${String(data.exception_message ?? '').trim().slice(0, 200)}`);
      } else if (type === 'execution_interrupted') {
        if (run.signal?.aborted) throw cancelled(http.settings.backend);
        throw http.error('BACKEND_FAILED', `Expected prompt ${id} to finish but it was interrupted on the server`);
      }
    }
    if (run.signal?.aborted) throw cancelled(http.settings.backend);
    if (socket.readyState !== WebSocket.OPEN) return;
    if (Date.now() > deadline) throw http.error('BACKEND_TIMEOUT', `Expected prompt ${id} to finish within ${options.pollDeadlineMs} ms but it was still running`);
    await new Promise<void>((resolve) => {
      const timer = setTimeout(done, Math.max(1, Math.min(options.pollSlowIntervalMs, deadline - Date.now())));
      const onAbort = () => done();
      function done() {
        clearTimeout(timer);
        socket.wake = undefined;
        run.signal?.removeEventListener('abort', onAbort);
        resolve();
      }
      socket.wake = done;
      run.signal?.addEventListener('abort', onAbort, { once: true });
    });
  }
}

async function historyOf(http: HttpClient, id: string, options: RemoteOptions, signal?: AbortSignal): Promise<HistoryEntry | undefined> {
  const answer = await http.request({ path: `/history/${encodeURIComponent(id)}`, signal, timeoutMs: options.pollTimeoutMs });
  const body = answer.json<Record<string, HistoryEntry>>();
  if (!body || typeof body !== 'object') throw http.error('BACKEND_BAD_RESPONSE', `Expected an object from GET /history/${id} but received ${answer.text().slice(0, 80)}`);
  const entry = body[id];
  // {} until the prompt has finished; an entry without completion is still running.
  if (!entry || (entry.status && entry.status.completed === false && entry.status.status_str !== 'error')) return undefined;
  return entry;
}

function historyError(entry: HistoryEntry): string {
  const err = entry.status?.messages?.find(([event]) => event === 'execution_error')?.[1];
  return err ? String(err.exception_message ?? 'execution error').trim().slice(0, 200) : 'status error';
}

/** Deletes a pending prompt, or interrupts it when it is the one running (interrupt is global on older builds). */
async function cancelPrompt(http: HttpClient, id: string): Promise<void> {
  const common = { method: 'POST' as const, idempotent: true, timeoutMs: 10_000 };
  let running = true;
  try {
    const queue = (await http.request({ path: '/queue', timeoutMs: 10_000 })).json<{ queue_running?: unknown[][]; queue_pending?: unknown[][] }>();
    running = (queue.queue_running ?? []).some((item) => item?.[1] === id);
    if ((queue.queue_pending ?? []).some((item) => item?.[1] === id)) {
      await http.request({ ...common, path: '/queue', json: { delete: [id] } });
      return;
    }
  } catch {
    // queue unreadable: fall through to delete + interrupt, the safe pair
    await http.request({ ...common, path: '/queue', json: { delete: [id] } }).catch(() => undefined);
  }
  if (running) await http.request({ ...common, path: '/interrupt', json: { prompt_id: id } });
}
