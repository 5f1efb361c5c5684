import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request as a local test server saw it. */
export interface SeenRequest {
  method: string;
  /** Path with query, e.g. '/history/abc?x=1'. */
  url: string;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
  json<T = any>(): T;
  /** Parses a multipart or urlencoded body with the platform's own parser. */
  form(): Promise<FormData>;
}

export interface LocalServer {
  url: string;
  seen: SeenRequest[];
  server: http.Server;
  close(): Promise<void>;
}

export type Handler = (req: SeenRequest, res: http.ServerResponse) => unknown;

/**
 * Starts a real HTTP server on 127.0.0.1 (random port) that records every request and answers with `handler`.
 * Tests use it to play a provider's documented protocol; `close()` also drops hung connections.
 */
export async function startLocalServer(handler: Handler): Promise<LocalServer> {
  const seen: SeenRequest[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const entry: SeenRequest = {
        method: req.method ?? 'GET',
        url: req.url ?? '/',
        headers: req.headers,
        body,
        json: () => JSON.parse(body.toString('utf8')),
        form: () => new Request('http://local/', { method: 'POST', headers: { 'content-type': String(req.headers['content-type']) }, body }).formData(),
      };
      seen.push(entry);
      Promise.resolve(handler(entry, res)).catch((e) => {
        res.statusCode = 599;
        res.end(String(e));
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export function sendJson(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

/** Polls `check` every few ms until it is true (for effects a client causes asynchronously, like a cancel call). */
export async function eventually(check: () => boolean, tries = 200): Promise<void> {
  for (let i = 0; i < tries && !check(); i++) await new Promise((r) => setTimeout(r, 10));
  if (!check()) throw new Error('condition never became true');
}
