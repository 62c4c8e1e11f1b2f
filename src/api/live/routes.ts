/**
 * Live updates over server-sent events: `GET /api/v1/live` streams the changes of the caller's
 * tenants from the live feed (`src/workflow/live.ts`) as
 *
 *     id: <seq>            (when the change has one: the record's change number)
 *     event: <action>      (alert.created, case.updated, sla.breached, …)
 *     data: <LiveChange as JSON>
 *
 * with a heartbeat comment every 15 s. A client that reconnects with `Last-Event-ID` (or
 * `?lastEventId=`) lower than the newest change of its tenants is told `event: resync` (reload
 * your lists); so is a client that falls so far behind that its socket buffer fills.
 *
 * The stream ends when the client goes away (the subscription is dropped), when the server shuts
 * down, and after `maxStreamMs` (EventSource reconnects on its own, and the reconnection is
 * authenticated again: a revoked key or a signed-out session stops receiving).
 */
import type { ServerResponse } from 'node:http';
import { z } from 'zod';
import { BadRequestError } from '../../core/errors.ts';
import type { LiveChange } from '../../workflow/live.ts';
import { latestChange } from '../../workflow/soc.ts';
import { type AnyRoute, defineRoute } from '../route.ts';
import type { WorkflowDeps } from '../workflow.ts';

export interface LiveRouteOptions {
  /** Milliseconds between heartbeat comments (default 15 s). */
  heartbeatMs?: number;
  /** How long one stream lasts before the server ends it and the client reconnects (default 10 min). */
  maxStreamMs?: number;
}

/** Bytes queued on a socket past which a slow client's changes are dropped (it is told to resync). */
const MAX_BUFFERED_BYTES = 1024 * 1024;
/** How often a stream checks that the server is still listening (shutdown ends it). */
const SHUTDOWN_CHECK_MS = 1000;

/** One server-sent event. `data` is JSON, so it has no line breaks. */
export function sseEvent(event: string, data: unknown, id?: number): string {
  const name = event.replace(/[\r\n]/g, '');
  return `${id !== undefined ? `id: ${id}\n` : ''}event: ${name}\ndata: ${JSON.stringify(data)}\n\n`;
}

function lastEventIdOf(header: unknown, param: string | undefined): number | undefined {
  const raw = typeof header === 'string' ? header : param;
  if (raw === undefined || raw === '') return undefined;
  return /^\d{1,15}$/.test(raw.trim()) ? Number(raw.trim()) : undefined;
}

export function liveRoutes(deps: WorkflowDeps, opts: LiveRouteOptions = {}): AnyRoute[] {
  const heartbeatMs = opts.heartbeatMs ?? 15_000;
  const maxStreamMs = opts.maxStreamMs ?? 10 * 60_000;
  return [
    defineRoute({
      method: 'GET',
      url: '/api/v1/live',
      summary:
        "Server-sent events: changes to the caller's alerts and cases (send Accept: text/event-stream; Last-Event-ID resumes)",
      tags: ['live'],
      access: { kind: 'api', permission: 'alerts:read' },
      query: z.object({
        lastEventId: z
          .string()
          .max(32)
          .optional()
          .describe('the last seq seen, for clients that cannot send Last-Event-ID'),
      }),
      responses: { 200: 'text/event-stream', 400: 'problem' },
      handler: async ({ request, reply, tenants, query }) => {
        const accept = String(request.headers.accept ?? '');
        if (!accept.includes('text/event-stream'))
          throw new BadRequestError(
            'GET /api/v1/live streams server-sent events: send Accept: text/event-stream (EventSource does)',
          );
        const seen = lastEventIdOf(request.headers['last-event-id'], query.lastEventId);
        const missed = seen !== undefined && (await latestChange(deps.db, tenants)) > seen;

        reply.hijack();
        const res: ServerResponse = reply.raw;
        res.writeHead(200, {
          'content-type': 'text/event-stream; charset=utf-8',
          'cache-control': 'no-store',
          // The socket closes with the stream (a reconnection opens a new one), so an ended
          // stream never holds an idle connection that would delay the server's shutdown.
          connection: 'close',
          'x-accel-buffering': 'no',
        });
        res.write(`retry: 3000\n: connected\n\n`);
        if (missed) res.write(sseEvent('resync', { reason: 'missed', since: seen }));

        let lagging = false;
        let closed = false;
        const send = (change: LiveChange) => {
          if (closed) return;
          if (lagging) return;
          if (res.writableLength > MAX_BUFFERED_BYTES) {
            lagging = true;
            res.once('drain', () => {
              lagging = false;
              if (!closed) res.write(sseEvent('resync', { reason: 'behind' }));
            });
            return;
          }
          res.write(sseEvent(change.action, change, change.seq));
        };
        const unsubscribe = deps.live.subscribe(tenants, send);

        const server = request.server.server;
        const listening = server.listening;
        const started = Date.now();
        let lastBeat = started;
        const tick = setInterval(
          () => {
            const now = Date.now();
            if ((listening && !server.listening) || now - started >= maxStreamMs) return close();
            if (now - lastBeat >= heartbeatMs) {
              lastBeat = now;
              res.write(': heartbeat\n\n');
            }
          },
          Math.min(SHUTDOWN_CHECK_MS, heartbeatMs),
        );
        tick.unref();

        function close() {
          if (closed) return;
          closed = true;
          clearInterval(tick);
          unsubscribe();
          res.end();
        }
        // The response closes when the client goes away (or the socket fails): drop the subscription.
        res.on('close', close);
        res.on('error', close);
        if (res.destroyed || res.socket?.destroyed) close(); // gone before the listeners were on
        return reply;
      },
    }),
  ];
}
