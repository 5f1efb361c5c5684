import { afterEach, describe, expect, it } from 'vitest';
import { WebSocketServer, type WebSocket } from 'ws';
import { backendFailure } from '../../test-support/backend-failure.js';
import { decodeRgba, smallRequest, solidPng } from '../../test-support/background-request.js';
import { eventually, sendJson, startLocalServer, type LocalServer } from '../../test-support/local-http.js';
import { createComfyUiBackend } from './comfyui.js';

const FAST = { retries: 3, retryBaseMs: 1, retryCapMs: 2, timeoutMs: 3000, pollIntervalMs: 5, pollSlowIntervalMs: 20 };
let server: LocalServer | undefined;
let wss: WebSocketServer | undefined;
afterEach(async () => {
  for (const c of wss?.clients ?? []) c.terminate();
  wss?.close();
  await server?.close();
  server = wss = undefined;
});

const failure = (p: Promise<unknown>) => backendFailure(p);

type Script = 'success' | 'error' | 'drop' | 'silent';

/**
 * A ComfyUI-like server: /upload/image, /prompt, /ws with the documented messages, /history, /view, /queue,
 * /interrupt. `script` says what the socket does after a prompt is queued; history is filled when it "finishes".
 */
async function comfy(png: Buffer, options: { script?: Script; websocket?: boolean; historyAfterPolls?: number; promptStatus?: [number, unknown]; promptDelayMs?: number } = {}) {
  const state = { uploads: [] as string[], graph: undefined as any, history: {} as Record<string, unknown>, historyPolls: 0, deleted: [] as string[], interrupted: [] as string[], pending: [] as string[], running: [] as string[] };
  const sockets = new Map<string, WebSocket>();
  const finish = (id: string, ok = true) => {
    state.running = state.running.filter((x) => x !== id);
    state.history[id] = ok
      ? { prompt: [], outputs: { '11': { images: [{ filename: 'scenic-bg_00001_.png', subfolder: '', type: 'output' }] } }, status: { status_str: 'success', completed: true, messages: [] } }
      : { prompt: [], outputs: {}, status: { status_str: 'error', completed: false, messages: [['execution_error', { exception_message: 'CUDA out of memory' }]] } };
  };
  let n = 0;
  server = await startLocalServer(async (req, res) => {
    const url = new URL(req.url, 'http://x');
    if (url.pathname === '/upload/image') {
      const form = await req.form();
      const file = form.get('image') as File;
      state.uploads.push(file.name);
      return sendJson(res, 200, { name: file.name, subfolder: '', type: 'input' });
    }
    if (url.pathname === '/prompt') {
      if (options.promptStatus) return sendJson(res, ...options.promptStatus);
      const body = req.json();
      state.graph = body.prompt;
      const id = `p-${++n}`;
      state.running.push(id);
      if (options.promptDelayMs) await new Promise((r) => setTimeout(r, options.promptDelayMs));
      sendJson(res, 200, { prompt_id: id, number: n, node_errors: {} });
      const ws = sockets.get(body.client_id);
      const send = (type: string, data: object) => ws?.send(JSON.stringify({ type, data }));
      const script = options.script ?? 'success';
      setTimeout(() => {
        send('status', { status: { exec_info: { queue_remaining: 1 } } });
        send('execution_start', { prompt_id: id });
        send('progress', { value: 1, max: 2, prompt_id: 'someone-else', node: '7' });
        ws?.send(Buffer.from([0, 0, 0, 1, 0, 0, 0, 2, 137, 80])); // a binary preview frame
        send('progress', { value: 1, max: 2, prompt_id: id, node: '7' });
        if (script === 'drop') {
          ws?.terminate();
          setTimeout(() => finish(id), 30);
          return;
        }
        if (script === 'silent') return;
        if (script === 'error') {
          finish(id, false);
          return send('execution_error', { prompt_id: id, node_id: '7', node_type: 'KSampler', exception_message: 'CUDA out of memory', exception_type: 'torch.OutOfMemoryError' });
        }
        send('progress', { value: 2, max: 2, prompt_id: id, node: '7' });
        finish(id);
        send('executing', { node: null, prompt_id: id });
      }, 10);
      return;
    }
    const hist = /^\/history\/(.+)$/.exec(url.pathname);
    if (hist) {
      state.historyPolls++;
      const ready = state.historyPolls > (options.historyAfterPolls ?? 0);
      return sendJson(res, 200, ready && state.history[hist[1]] ? { [hist[1]]: state.history[hist[1]] } : {});
    }
    if (url.pathname === '/view') {
      if (url.searchParams.get('filename') !== 'scenic-bg_00001_.png' || url.searchParams.get('type') !== 'output') return sendJson(res, 404, {});
      res.writeHead(200, { 'content-type': 'image/png' });
      return res.end(png);
    }
    if (url.pathname === '/queue' && req.method === 'GET') {
      return sendJson(res, 200, { queue_running: state.running.map((id, i) => [i, id, {}, {}, []]), queue_pending: state.pending.map((id, i) => [i, id, {}, {}, []]) });
    }
    if (url.pathname === '/queue' && req.method === 'POST') {
      state.deleted.push(...req.json().delete);
      return sendJson(res, 200, {});
    }
    if (url.pathname === '/interrupt') {
      state.interrupted.push(req.json().prompt_id);
      return sendJson(res, 200, {});
    }
    sendJson(res, 404, {});
  });
  if (options.websocket !== false) {
    wss = new WebSocketServer({ server: server.server, path: '/ws' });
    wss.on('connection', (ws, req) => {
      const clientId = new URL(req.url!, 'http://x').searchParams.get('clientId')!;
      sockets.set(clientId, ws);
      ws.send(JSON.stringify({ type: 'status', data: { status: { exec_info: { queue_remaining: 0 } }, sid: clientId } }));
    });
  }
  return state;
}

describe('comfyui backend', () => {
  it('uploads image and mask, queues the inpainting graph, follows the socket and reads the output', async () => {
    const state = await comfy(await solidPng(64, 112, [50, 60, 70]), { script: 'success' });
    const progress: string[] = [];
    const result = await createComfyUiBackend({ ...FAST, url: server!.url, checkpoint: 'my-inpaint.safetensors' }).generate(smallRequest(), { onProgress: (f, m) => progress.push(`${f.toFixed(2)} ${m}`) });
    expect([...result.image.data.subarray(0, 4)]).toEqual([50, 60, 70, 255]);
    expect(result.model).toBe('my-inpaint.safetensors');
    expect(progress).toEqual(['0.02 uploading', '0.05 queued', '0.50 step 1/2', '0.95 step 2/2', '1.00 undefined']);
    expect(state.uploads).toHaveLength(2);
    const g = state.graph;
    expect(g['1'].inputs.ckpt_name).toBe('my-inpaint.safetensors');
    expect(g['2'].inputs.image).toBe(state.uploads[0]);
    expect(g['3'].inputs).toEqual({ image: state.uploads[1], channel: 'red' });
    expect(g['7'].inputs).toMatchObject({ seed: 42, denoise: 1, latent_image: ['6', 2] });
    expect(g['4'].inputs.text).toContain('red carpet');
    expect(g['11'].class_type).toBe('SaveImage');
    const maskUpload = server!.seen.filter((r) => r.url === '/upload/image')[1];
    const mask = await decodeRgba(await ((await maskUpload.form()).get('image') as Blob).arrayBuffer());
    expect(mask.data[0]).toBe(255); // white = regenerate the background
  });

  it('polls /history when there is no WebSocket', async () => {
    await comfy(await solidPng(64, 112), { websocket: false, historyAfterPolls: 2 });
    const result = await createComfyUiBackend({ ...FAST, url: server!.url }).generate(smallRequest());
    expect(result.image.width).toBe(90);
    expect(server!.seen.filter((r) => r.url.startsWith('/history/')).length).toBeGreaterThanOrEqual(3);
  });

  it('falls back to polling when the socket drops mid-run', async () => {
    await comfy(await solidPng(64, 112), { script: 'drop' });
    const result = await createComfyUiBackend({ ...FAST, url: server!.url }).generate(smallRequest());
    expect(result.image.height).toBe(160);
  });

  it('reports an execution error as BACKEND_FAILED with the exception', async () => {
    await comfy(await solidPng(8, 8), { script: 'error' });
    const e = await failure(createComfyUiBackend({ ...FAST, url: server!.url }).generate(smallRequest()));
    expect(e.code).toBe('BACKEND_FAILED');
    expect(e.message).toContain('CUDA out of memory');
  });

  it('reports graph validation errors (400) as BACKEND_REJECTED naming the node', async () => {
    await comfy(await solidPng(8, 8), {
      promptStatus: [400, { error: { type: 'prompt_outputs_failed_validation', message: 'Prompt outputs failed validation', details: '', extra_info: {} }, node_errors: { '1': { errors: [{ type: 'value_not_in_list', message: 'Value not in list', details: "ckpt_name: 'nope.safetensors' not in []" }], dependent_outputs: ['11'], class_type: 'CheckpointLoaderSimple' } } }],
    });
    const e = await failure(createComfyUiBackend({ ...FAST, url: server!.url, checkpoint: 'nope.safetensors' }).generate(smallRequest()));
    expect(e.code).toBe('BACKEND_REJECTED');
    expect(e.message).toContain('node 1 (CheckpointLoaderSimple)');
    expect(server!.seen.filter((r) => r.url === '/prompt')).toHaveLength(1);
  });

  it('interrupts its running prompt on cancel', async () => {
    const state = await comfy(await solidPng(8, 8), { script: 'silent' });
    const controller = new AbortController();
    const pending = createComfyUiBackend({ ...FAST, url: server!.url }).generate(smallRequest(), { signal: controller.signal });
    await eventually(() => state.running.length === 1 && state.historyPolls === 0 && server!.seen.some((r) => r.url === '/prompt'));
    await new Promise((r) => setTimeout(r, 30));
    controller.abort();
    expect((await failure(pending)).code).toBe('CANCELLED');
    await eventually(() => state.interrupted.length === 1);
    expect(state.interrupted).toEqual(['p-1']);
    expect(state.deleted).toEqual([]);
  });

  it('deletes its prompt from the queue when cancelled while pending', async () => {
    const state = await comfy(await solidPng(8, 8), { script: 'silent' });
    const controller = new AbortController();
    const pending = createComfyUiBackend({ ...FAST, url: server!.url }).generate(smallRequest(), { signal: controller.signal });
    await eventually(() => state.running.length === 1);
    state.pending = state.running.splice(0);
    await new Promise((r) => setTimeout(r, 30));
    controller.abort();
    expect((await failure(pending)).code).toBe('CANCELLED');
    await eventually(() => state.deleted.length === 1);
    expect(state.interrupted).toEqual([]);
  });

  it('still cancels a prompt queued while the caller aborted', async () => {
    const state = await comfy(await solidPng(8, 8), { script: 'silent', promptDelayMs: 100 });
    const controller = new AbortController();
    const pending = createComfyUiBackend({ ...FAST, url: server!.url }).generate(smallRequest(), { signal: controller.signal });
    await eventually(() => state.running.length === 1);
    controller.abort();
    expect((await failure(pending)).code).toBe('CANCELLED');
    expect(state.interrupted).toEqual(['p-1']);
  });

  it('reports a history without outputs as BACKEND_BAD_RESPONSE', async () => {
    const state = await comfy(await solidPng(8, 8), { websocket: false, script: 'silent' });
    const backend = createComfyUiBackend({ ...FAST, url: server!.url });
    const pending = backend.generate(smallRequest());
    await eventually(() => state.running.length === 1);
    state.history['p-1'] = { outputs: {}, status: { status_str: 'success', completed: true } };
    expect((await failure(pending)).code).toBe('BACKEND_BAD_RESPONSE');
  });
});
