import type { FastifyInstance } from 'fastify';

/**
 * Headers on every response, API and pages alike: browsers must not guess content types (an uploaded
 * photo served back must never run as HTML or script), must not frame the editor (clickjacking), and must
 * not send the page's address (which can carry a share id) to other sites. The page's own CSP
 * (script-src 'self', no inline script, frame-ancestors 'none') is set where the page is served (routes/pages.ts).
 *
 * @example securityHeaders(app)
 */
export function securityHeaders(app: FastifyInstance): void {
  app.addHook('onSend', async (_request, reply, payload) => {
    void reply.header('x-content-type-options', 'nosniff');
    void reply.header('x-frame-options', 'DENY');
    void reply.header('referrer-policy', 'no-referrer');
    void reply.header('cross-origin-opener-policy', 'same-origin');
    return payload;
  });
}
