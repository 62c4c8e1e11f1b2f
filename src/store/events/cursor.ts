/**
 * Opaque page cursors (base64url JSON). A search cursor holds the last row's sort key
 * (timestamp in microseconds, id), the time range and the last commit's sequence number as of
 * the first page (so a relative range like "last 24 hours" does not slide between pages, and
 * events arriving later never shift or join the pages), and a fingerprint of the query.
 */
import { createHash } from 'node:crypto';
import { BadRequestError } from '../../core/errors.ts';

export interface SearchCursor {
  /** Sort key of the last row returned: `@timestamp` in epoch microseconds, then id. */
  ts: bigint;
  id: string;
  /** Time range [from, to) of the whole paged search, fixed at the first page, epoch µs. */
  from: bigint;
  to: bigint;
  /** Last commit visible to the first page: later commits never show up in later pages. */
  seq: bigint;
  /** Fingerprint of query, tenants and sort. */
  fp: string;
}

export interface DeadLetterCursor {
  received: bigint;
  id: string;
}

export function fingerprint(parts: readonly string[]): string {
  return createHash('sha256').update(JSON.stringify(parts)).digest('base64url').slice(0, 16);
}

const encode = (o: unknown): string => Buffer.from(JSON.stringify(o)).toString('base64url');

function decode(text: string, kind: string): Record<string, unknown> {
  const invalid = (): BadRequestError =>
    new BadRequestError('invalid cursor: pass back the nextCursor of the previous page unchanged', 'cursor');
  if (typeof text !== 'string' || text.length > 2048 || !/^[A-Za-z0-9_-]+$/.test(text)) throw invalid();
  let o: unknown;
  try {
    o = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  if (typeof o !== 'object' || o === null || (o as { k?: unknown }).k !== kind) throw invalid();
  return o as Record<string, unknown>;
}

const isMicros = (v: unknown): v is string => typeof v === 'string' && /^-?\d{1,20}$/.test(v);

export function encodeSearchCursor(c: SearchCursor): string {
  return encode({
    k: 's',
    t: c.ts.toString(),
    i: c.id,
    f: c.from.toString(),
    u: c.to.toString(),
    n: c.seq.toString(),
    q: c.fp,
  });
}

/** Reads a search cursor; BadRequestError when malformed or made for another query. */
export function decodeSearchCursor(text: string, fp: string): SearchCursor {
  const o = decode(text, 's');
  if (
    !isMicros(o.t) ||
    !isMicros(o.f) ||
    !isMicros(o.u) ||
    !isMicros(o.n) ||
    typeof o.i !== 'string' ||
    typeof o.q !== 'string'
  ) {
    throw new BadRequestError('invalid cursor', 'cursor');
  }
  if (o.q !== fp) {
    throw new BadRequestError('cursor belongs to a different query, tenants or sort order', 'cursor');
  }
  return { ts: BigInt(o.t), id: o.i, from: BigInt(o.f), to: BigInt(o.u), seq: BigInt(o.n), fp: o.q };
}

export function encodeDeadLetterCursor(c: DeadLetterCursor): string {
  return encode({ k: 'd', r: c.received.toString(), i: c.id });
}

export function decodeDeadLetterCursor(text: string): DeadLetterCursor {
  const o = decode(text, 'd');
  if (!isMicros(o.r) || typeof o.i !== 'string') throw new BadRequestError('invalid cursor', 'cursor');
  return { received: BigInt(o.r), id: o.i };
}
