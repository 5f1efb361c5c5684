import type { FastifyInstance } from 'fastify';
import type { Segmenter } from '../subject/segmenter.js';

/** A multipart/form-data body with one file field, for `app.inject` (no form library needed). */
export function multipartBody(field: string, filename: string, bytes: Uint8Array, type = 'image/png'): { payload: Buffer; headers: Record<string, string> } {
  const boundary = `----scenic${Math.random().toString(16).slice(2)}`;
  const head = `--${boundary}\r\ncontent-disposition: form-data; name="${field}"; filename="${filename}"\r\ncontent-type: ${type}\r\n\r\n`;
  const payload = Buffer.concat([Buffer.from(head), Buffer.from(bytes), Buffer.from(`\r\n--${boundary}--\r\n`)]);
  return { payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

/** Polls a job until it leaves queued/running (the API's own contract, no timers inside the server). */
export async function waitForJob(app: FastifyInstance, id: string, headers: Record<string, string> = {}): Promise<Record<string, any>> {
  for (;;) {
    const res = await app.inject({ method: 'GET', url: `/v1/jobs/${id}`, headers });
    const job = res.json();
    if (job.state === 'succeeded' || job.state === 'failed') return job;
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** A stand-in model for tests about HTTP, not pixels: a centred disc as the subject; counts its runs. */
export function discSegmenter(counter: { runs: number } = { runs: 0 }): Segmenter {
  return {
    name: 'disc',
    inputSize: 64,
    async segment() {
      counter.runs++;
      const data = new Float32Array(64 * 64);
      for (let y = 0; y < 64; y++) for (let x = 0; x < 64; x++) data[y * 64 + x] = Math.hypot(x - 32, y - 36) < 20 ? 1 : 0;
      return { data, width: 64, height: 64 };
    },
    async dispose() {},
  };
}
