/**
 * Splunk HTTP Event Collector compatibility: `/services/collector/event` (concatenated JSON
 * envelopes), `/services/collector/raw` (lines), `/services/collector/health`, with HEC's
 * response bodies and codes, so Splunk forwarders, Vector, Fluent Bit and OTel send unchanged.
 *
 * Choices: a request with an invalid envelope is refused whole (nothing kept, HEC code 6 and
 * `invalid-event-number`), so a client's retry cannot duplicate events; the 200 is sent only
 * after the events are on disk, so indexer acknowledgement (`/services/collector/ack`) is not
 * needed and not offered.
 */
import { z } from 'zod';
import { VigilError } from '../../core/errors.ts';
import { DATASET_PATTERN, declaredDataset } from '../../core/event.ts';
import { defineRoute, type ErrorFormatter } from '../route.ts';
import {
  checkRate,
  decodeUtf8,
  formatForSourcetype,
  type IngestDeps,
  originOf,
  splitLines,
  submitEvents,
} from './common.ts';
import { splitConcatenatedJson } from './json-stream.ts';

const hecReply = z.object({
  text: z.string(),
  code: z.number(),
  'invalid-event-number': z.number().optional(),
});

class HecError extends Error {
  constructor(
    readonly status: number,
    readonly body: { text: string; code: number; 'invalid-event-number'?: number },
  ) {
    super(body.text);
  }
}

/** Maps Vigil errors to HEC's status codes and bodies. */
export const hecErrors: ErrorFormatter = (e) => {
  if (e instanceof HecError) return { status: e.status, body: e.body };
  if (e instanceof VigilError) {
    const retry = e.retryAfter ? { 'retry-after': String(e.retryAfter) } : undefined;
    const out = (status: number, text: string, code: number) => ({
      status,
      body: { text, code },
      ...(retry ? { headers: retry } : {}),
    });
    switch (e.code) {
      case 'unauthorized':
        return /missing/.test(e.message) ? out(401, 'Token is required', 2) : out(403, 'Invalid token', 4);
      case 'forbidden':
        return out(403, 'Invalid token', 4);
      case 'overloaded':
      case 'unavailable':
        return out(503, 'Server is busy', 9);
      case 'rate_limited':
        return out(429, 'Server is busy', 9);
      case 'too_large':
        return out(413, 'Content too large', 27);
      case 'bad_request':
        return out(400, 'Invalid data format', 6);
      default:
        return out(500, 'Internal server error', 8);
    }
  }
  return { status: 500, body: { text: 'Internal server error', code: 8 } };
};

const rawQuery = z.object({
  sourcetype: z.string().optional(),
  dataset: z
    .string()
    .max(128)
    .regex(DATASET_PATTERN, 'a dataset is <module>.<name> in lower case, e.g. cisco.aaa')
    .optional()
    .describe("Vigil's: what the events are (event.dataset); replaces the parser's guess"),
  source: z.string().optional(),
  host: z.string().optional(),
  index: z.string().optional(),
  channel: z.string().optional(),
  token: z.string().optional(),
});

export function hecRoutes(deps: IngestDeps) {
  const eventRoute = (url: string) =>
    defineRoute({
      method: 'POST',
      url,
      summary: 'Splunk HEC: send events as JSON envelopes (concatenated or newline separated)',
      tags: ['ingest'],
      access: { kind: 'ingest' },
      rawBody: { contentTypes: ['application/json', 'text/plain'] },
      query: z.object({ token: z.string().optional(), channel: z.string().optional() }),
      responses: { 200: hecReply, 400: hecReply, 401: hecReply, 403: hecReply, 413: hecReply, 503: hecReply },
      errors: hecErrors,
      handler: async ({ principal, tenant, request }) => {
        const body = request.body as Buffer | undefined;
        if (!body || body.length === 0) throw new HecError(400, { text: 'No data', code: 5 });
        const origin = originOf(principal, tenant, undefined);
        const text = decodeUtf8(body);
        if (text === null) {
          await deps.sink.reject({
            ...origin,
            received: Date.now(),
            reason: 'HEC body is not valid UTF-8',
            raw: body,
          });
          throw new HecError(400, { text: 'Invalid data format', code: 6, 'invalid-event-number': 0 });
        }
        const split = splitConcatenatedJson(text);
        if (!split.ok)
          throw new HecError(400, {
            text: 'Invalid data format',
            code: 6,
            'invalid-event-number': split.index,
          });
        if (split.pieces.length === 0) throw new HecError(400, { text: 'No data', code: 5 });
        for (let i = 0; i < split.pieces.length; i++) checkEnvelope(split.pieces[i] as string, i);
        checkRate(deps, principal!, split.pieces.length);
        await submitEvents(deps, origin, 'hec', split.pieces);
        return { text: 'Success', code: 0 };
      },
    });

  return [
    eventRoute('/services/collector/event'),
    eventRoute('/services/collector'),
    eventRoute('/services/collector/event/1.0'),
    defineRoute({
      method: 'POST',
      url: '/services/collector/raw',
      summary: 'Splunk HEC raw: one event per line, format from ?sourcetype=',
      tags: ['ingest'],
      access: { kind: 'ingest' },
      rawBody: { contentTypes: ['text/plain'] },
      query: rawQuery,
      responses: { 200: hecReply, 400: hecReply, 401: hecReply, 403: hecReply, 503: hecReply },
      errors: hecErrors,
      handler: async ({ principal, tenant, request, query }) => {
        const body = request.body as Buffer | undefined;
        if (!body || body.length === 0) throw new HecError(400, { text: 'No data', code: 5 });
        const origin = originOf(principal, tenant, undefined);
        const { lines, invalid } = splitLines(body);
        if (lines.length === 0 && invalid.length === 0) throw new HecError(400, { text: 'No data', code: 5 });
        checkRate(deps, principal!, lines.length + invalid.length);
        const meta: Record<string, string> = {};
        if (query.host) meta['host.name'] = query.host;
        if (query.source) meta['hec.source'] = query.source;
        if (query.sourcetype) meta['hec.sourcetype'] = query.sourcetype;
        if (query.index) meta['hec.index'] = query.index;
        if (query.dataset) Object.assign(meta, declaredDataset(query.dataset));
        await submitEvents(deps, origin, formatForSourcetype(query.sourcetype), lines, { meta, invalid });
        return { text: 'Success', code: 0 };
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/services/collector/health',
      summary: 'Splunk HEC health: 200 when accepting, 503 when the queue is full',
      tags: ['ingest'],
      access: { kind: 'public' },
      responses: { 200: hecReply, 503: hecReply },
      handler: ({ reply }) => {
        if (deps.sink.accepting) return { text: 'HEC is healthy', code: 17 };
        return reply.code(503).send({ text: 'HEC is unhealthy, queues are full', code: 18 });
      },
    }),
  ];
}

function checkEnvelope(piece: string, index: number): void {
  let env: unknown;
  try {
    env = JSON.parse(piece);
  } catch {
    throw new HecError(400, { text: 'Invalid data format', code: 6, 'invalid-event-number': index });
  }
  const ev = (env as { event?: unknown }).event;
  if (ev === undefined || ev === null) {
    throw new HecError(400, { text: 'Event field is required', code: 12, 'invalid-event-number': index });
  }
  if (ev === '' || (typeof ev === 'string' && ev.trim() === '')) {
    throw new HecError(400, { text: 'Event field cannot be blank', code: 13, 'invalid-event-number': index });
  }
}
