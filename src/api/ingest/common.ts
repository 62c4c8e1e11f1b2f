/**
 * What every ingest endpoint shares: who the events belong to, rate and size limits, splitting
 * bodies into lines (invalid UTF-8 isolated per line), and handing batches to the sink.
 * Events over the per-event size limit and undecodable lines are not dropped: they go to the
 * dead-letter store with the reason and the raw bytes.
 */
import type { Principal } from '../../access/index.ts';
import { VigilError } from '../../core/errors.ts';
import type { Format } from '../../core/event.ts';
import { sourcetypeFormat } from '../../ingest/index.ts';
import type { Metrics } from '../../ops/index.ts';
import type { IngestSink } from '../../pipeline/sink.ts';
import type { RateLimiter } from '../rate-limit.ts';

export interface IngestDeps {
  sink: IngestSink;
  limiter: RateLimiter;
  metrics: Metrics;
  maxEventBytes: number;
  maxBatchEvents: number;
}

export interface Origin {
  tenant: string;
  source: string;
}

/**
 * Events go to the request's one tenant (`RouteContext.tenant()`: an ingest token's own, or the one
 * an API key of several tenants names with `X-Vigil-Tenant`). Ingest tokens name their source;
 * API keys may name one with `?source=` (default `api`).
 */
export function originOf(
  principal: Principal | null,
  tenant: () => string,
  requestedSource: string | undefined,
): Origin {
  if (!principal) throw new VigilError('unauthorized', 'ingest needs a token');
  if (principal.kind === 'ingest' && principal.source) return { tenant: tenant(), source: principal.source };
  return { tenant: tenant(), source: requestedSource || 'api' };
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

export interface Lines {
  lines: string[];
  /** Raw bytes of lines that are not valid UTF-8. */
  invalid: Buffer[];
}

/** Splits a body into non-empty lines (LF or CRLF), setting aside lines that are not UTF-8. */
export function splitLines(body: Buffer): Lines {
  try {
    const text = utf8.decode(body);
    return {
      lines: text
        .split('\n')
        .map(trimCr)
        .filter((l) => l.trim() !== ''),
      invalid: [],
    };
  } catch {
    const lines: string[] = [];
    const invalid: Buffer[] = [];
    let start = 0;
    while (start <= body.length) {
      let end = body.indexOf(0x0a, start);
      if (end < 0) end = body.length;
      const chunk = body.subarray(start, end);
      start = end + 1;
      if (chunk.length === 0) continue;
      try {
        const line = trimCr(utf8.decode(chunk));
        if (line.trim() !== '') lines.push(line);
      } catch {
        invalid.push(Buffer.from(chunk));
      }
    }
    return { lines, invalid };
  }
}

function trimCr(l: string): string {
  return l.endsWith('\r') ? l.slice(0, -1) : l;
}

export function decodeUtf8(body: Buffer): string | null {
  try {
    return utf8.decode(body);
  } catch {
    return null;
  }
}

/** Checks the request against the token's rate; throws rate_limited with Retry-After. */
export function checkRate(deps: IngestDeps, principal: Principal, events: number): void {
  if (events > deps.maxBatchEvents) {
    deps.metrics.requestsRefused.inc({ reason: 'batch_too_large' });
    throw new VigilError(
      'too_large',
      `a request may hold at most ${deps.maxBatchEvents} events; got ${events}`,
    );
  }
  const wait = deps.limiter.take(principal.credentialId, events);
  if (wait > 0) {
    deps.metrics.requestsRefused.inc({ reason: 'rate' });
    throw new VigilError('rate_limited', `ingest rate limit of this token exceeded; retry in ${wait} s`, {
      retryAfter: wait,
    });
  }
}

/**
 * Hands events to the sink. Oversized events and undecodable lines become dead letters.
 * Resolves when all of it is durable.
 */
export async function submitEvents(
  deps: IngestDeps,
  origin: Origin,
  format: Format,
  events: string[],
  extra: { meta?: Record<string, string | number>; invalid?: Buffer[]; transport?: string } = {},
): Promise<{ accepted: number; deadLettered: number }> {
  const received = Date.now();
  const ok: string[] = [];
  const rejections: Promise<void>[] = [];
  for (const e of events) {
    if (Buffer.byteLength(e) > deps.maxEventBytes) {
      rejections.push(
        deps.sink.reject({
          ...origin,
          received,
          reason: `event of ${Buffer.byteLength(e)} bytes is larger than the limit of ${deps.maxEventBytes} bytes`,
          raw: Buffer.from(e),
        }),
      );
    } else ok.push(e);
  }
  for (const raw of extra.invalid ?? []) {
    rejections.push(deps.sink.reject({ ...origin, received, reason: 'line is not valid UTF-8', raw }));
  }
  const meta = { 'observer.ingress.transport': extra.transport ?? 'http', ...(extra.meta ?? {}) };
  if (ok.length > 0) await deps.sink.submit({ ...origin, format, received, meta, events: ok });
  await Promise.all(rejections);
  return { accepted: ok.length, deadLettered: rejections.length };
}

/** Maps a Splunk sourcetype to the parser format that reads it (see `sourcetypeFormat`). */
export function formatForSourcetype(sourcetype: string | undefined): Format {
  return sourcetypeFormat(sourcetype);
}
