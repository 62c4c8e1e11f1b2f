/**
 * Security headers on every response (helmet): a Content-Security-Policy fit for the React
 * console served from this origin (scripts, styles, fonts, images and API calls from 'self'
 * only, no inline scripts, no framing), no MIME sniffing, no referrer, HSTS only when this server
 * itself speaks TLS. Responses are `Cache-Control: no-store` unless a route sets its own caching
 * (API answers carry events and secrets shown once; static console assets may opt in).
 */
import helmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';

export const CSP_DIRECTIVES = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  // Inline <style> for the landing page; script-src stays strict. React's style props use the
  // CSSOM and need no allowance.
  styleSrc: ["'self'", "'unsafe-inline'"],
  imgSrc: ["'self'", 'data:'],
  fontSrc: ["'self'"],
  connectSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'self'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
};

export async function registerSecurityHeaders(app: FastifyInstance, opts: { tls: boolean }): Promise<void> {
  await app.register(helmet, {
    global: true,
    contentSecurityPolicy: {
      useDefaults: false,
      directives: { ...CSP_DIRECTIVES, ...(opts.tls ? { upgradeInsecureRequests: [] } : {}) },
    },
    strictTransportSecurity: opts.tls ? { maxAge: 31_536_000, includeSubDomains: true } : false,
    referrerPolicy: { policy: 'no-referrer' },
    xFrameOptions: { action: 'deny' },
    crossOriginEmbedderPolicy: false,
  });
  app.addHook('onSend', async (_req, reply, payload) => {
    if (!reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
    return payload;
  });
}
