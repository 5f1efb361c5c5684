import type { FastifyInstance } from 'fastify';

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
