import type { Socket } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { ScenicError } from '../errors.js';

/** Whole-request deadline when none is configured: a 25 MB photo still arrives over a slow (2 Mbit/s) phone link. */
export const DEFAULT_REQUEST_TIMEOUT_MS = 120_000;

/**
 * Fastify options that stop slow-loris clients: every request (headers and body) must arrive within
 * `requestTimeoutMs`, checked every second (Node checks every 30 s by default, which would let a trickling
 * upload hold a socket and its buffered bytes for half a minute longer). The client then gets
 * 408 `{error: {code: 'REQUEST_TIMEOUT'}}` and the socket is closed; nothing was written to disk yet, because
 * uploads are only stored once complete.
 *
 * @example Fastify({ ...slowClientOptions(30_000) })
 */
export function slowClientOptions(requestTimeoutMs = DEFAULT_REQUEST_TIMEOUT_MS) {
  return {
    requestTimeout: requestTimeoutMs,
    http: { connectionsCheckingInterval: Math.min(1000, requestTimeoutMs) },
    clientErrorHandler: (error: Error & { code?: string }, socket: Socket) => writeClientError(error, socket, requestTimeoutMs),
  };
}

function writeClientError(error: Error & { code?: string }, socket: Socket, requestTimeoutMs: number): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const e =
    error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
      ? new ScenicError('REQUEST_TIMEOUT', `Expected the whole request within ${Math.round(requestTimeoutMs / 1000)} s but it arrived too slowly; the connection was closed`)
      : error.code === 'HPE_HEADER_OVERFLOW'
        ? new ScenicError('INVALID_REQUEST', 'Expected request headers of at most 16 KB but received more')
        : new ScenicError('INVALID_REQUEST', 'Expected a well-formed HTTP/1.1 request but received bytes that do not parse');
  const body = JSON.stringify({ error: e.toJSON() });
  // Answer only when nothing was sent on this socket yet (a response half-written cannot be replaced).
  if (socket.writable && socket.bytesWritten === 0) {
    socket.write(`HTTP/1.1 ${e.status} ${e.status === 408 ? 'Request Timeout' : 'Bad Request'}\r\nContent-Length: ${Buffer.byteLength(body)}\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n${body}`);
  }
  socket.destroy(error);
}

/**
 * Node's request timeout stops clients that trickle their headers, but not one that trickles a body a
 * handler is already reading (a multipart upload). This hook gives every request with a body the same
 * deadline: when the body is still incomplete after `requestTimeoutMs`, the client gets 408 REQUEST_TIMEOUT
 * and the socket is closed; the upload, which is only stored once complete, leaves nothing behind.
 *
 * @example guardSlowBodies(app, 120_000)
 */
export function guardSlowBodies(app: FastifyInstance, requestTimeoutMs = DEFAULT_REQUEST_TIMEOUT_MS): void {
  app.addHook('onRequest', (request, reply, done) => {
    const raw = request.raw;
    if (raw.complete) return done();
    const timer = setTimeout(() => {
      if (!raw.complete && !reply.raw.headersSent) writeClientError(Object.assign(new Error('request timeout'), { code: 'ERR_HTTP_REQUEST_TIMEOUT' }), raw.socket, requestTimeoutMs);
    }, requestTimeoutMs);
    timer.unref();
    const clear = () => clearTimeout(timer);
    raw.once('end', clear);
    raw.once('close', clear);
    reply.raw.once('finish', clear);
    done();
  });
}
