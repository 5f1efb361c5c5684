import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { ERROR_CATALOGUE } from '../../errors.js';
import { notFound } from '../context.js';
import { ROUTES, openApiDocument } from '../openapi.js';

const EXAMPLE = fileURLToPath(new URL('../../../examples/astronaut.png', import.meta.url));

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

/** The page may load only what this server serves: no CDN, no third-party scripts. */
const CSP = "default-src 'self'; img-src 'self' blob: data:; style-src 'self'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'";

/** The web editor (Vite's build in `webRoot`), the Try-it pages, the OpenAPI document and the docs page. */
export function pageRoutes(app: FastifyInstance, webRoot: string): void {
  const index = async (reply: FastifyReply) => {
    let html: Buffer;
    try {
      html = await readFile(path.join(webRoot, 'index.html'));
    } catch {
      return reply
        .code(503)
        .type('text/html; charset=utf-8')
        .send('<!doctype html><title>scenic</title><p>The web editor is not built yet: run <code>npm run build</code>, then reload. The API is at <a href="/docs">/docs</a>.</p>');
    }
    return reply.type('text/html; charset=utf-8').header('content-security-policy', CSP).header('cache-control', 'no-cache').send(html);
  };
  app.get('/', (_request, reply) => index(reply));
  app.get('/try/:id', (_request, reply) => index(reply));

  app.get<{ Params: { '*': string } }>('/assets/*', async (request, reply) => {
    const name = request.params['*'];
    // Vite names assets by content hash; anything else (.., slashes) is refused before touching the disk.
    if (!/^[\w.-]+$/.test(name) || name.includes('..')) throw notFound('asset', name);
    try {
      const bytes = await readFile(path.join(webRoot, 'assets', name));
      return reply.type(TYPES[path.extname(name)] ?? 'application/octet-stream').header('cache-control', 'public, max-age=31536000, immutable').send(bytes);
    } catch {
      throw notFound('asset', name);
    }
  });

  // The example photo, so a first-time visitor can try the editor without a photo of their own.
  app.get('/example.png', async (_request, reply) => reply.type('image/png').header('cache-control', 'public, max-age=86400').send(await readFile(EXAMPLE)));
  app.get('/openapi.json', async () => openApiDocument());
  app.get('/docs', async (_request, reply) => reply.type('text/html; charset=utf-8').header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'").send(docsHtml()));
}

function escape(text: string): string {
  return text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
}

function docsHtml(): string {
  const doc = openApiDocument() as { paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: unknown }> } }>> };
  const rows = ROUTES.map((r) => {
    const body = doc.paths[r.path][r.method].requestBody;
    const schema = body?.content['application/json']?.schema;
    return `<section><h3><code>${r.method.toUpperCase()} ${escape(r.path)}</code></h3><p>${escape(r.summary)}</p>${
      schema ? `<details><summary>Request body (JSON Schema)</summary><pre>${escape(JSON.stringify(schema, null, 2))}</pre></details>` : ''
    }</section>`;
  }).join('\n');
  const errors = Object.entries(ERROR_CATALOGUE)
    .map(([code, v]) => `<tr><td><code>${code}</code></td><td>${v.status}</td><td>${escape(v.description)}</td></tr>`)
    .join('');
  return `<!doctype html><html lang="en"><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>scenic HTTP API</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:52rem;margin:2rem auto;padding:0 1rem;color:#1d1d1f}pre{background:#f4f4f6;padding:.75rem;overflow:auto;font-size:13px}code{font-size:.95em}table{border-collapse:collapse}td{border-top:1px solid #ddd;padding:.25rem .5rem;vertical-align:top}</style>
<h1>scenic HTTP API</h1>
<p>The machine-readable description is <a href="/openapi.json">/openapi.json</a> (OpenAPI 3.1). Errors are always
<code>{"error": {"code", "message"}}</code> with the status below. When the server has API keys, send
<code>Authorization: Bearer &lt;key&gt;</code>.</p>
<pre>curl -F photo=@examples/astronaut.png http://127.0.0.1:8080/v1/photos
curl -H 'content-type: application/json' -d '{"photo":"ph_…","prompt":"sunset over the ocean"}' http://127.0.0.1:8080/v1/edits
curl http://127.0.0.1:8080/v1/jobs/job_…</pre>
<h2>Routes</h2>
${rows}
<h2>Error codes</h2>
<table><tr><th>code</th><th>status</th><th>meaning</th></tr>${errors}</table>
</html>`;
}
