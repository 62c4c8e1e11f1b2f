/**
 * The hunt's page cursor (opaque base64url JSON): the last row's sort key, the range and commit
 * sequence fixed by the first page, the count the first page found, and a fingerprint of the
 * rule and tenants so a cursor is never applied to another hunt.
 */
import { BadRequestError } from '../../../core/errors.ts';

export interface HuntCursor {
  ts: bigint;
  id: string;
  from: bigint;
  to: bigint;
  seq: bigint;
  count: number;
  fp: string;
}

const MICROS = /^-?\d{1,20}$/;

export function encodeHuntCursor(c: HuntCursor): string {
  const o = {
    k: 'h',
    t: c.ts.toString(),
    i: c.id,
    f: c.from.toString(),
    u: c.to.toString(),
    n: c.seq.toString(),
    c: c.count,
    q: c.fp,
  };
  return Buffer.from(JSON.stringify(o)).toString('base64url');
}

export function decodeHuntCursor(text: string, fp: string): HuntCursor {
  const invalid = (): BadRequestError =>
    new BadRequestError('invalid cursor: pass back the nextCursor of the previous page unchanged', 'cursor');
  if (typeof text !== 'string' || text.length > 2048 || !/^[A-Za-z0-9_-]+$/.test(text)) throw invalid();
  let o: Record<string, unknown>;
  try {
    o = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as Record<string, unknown>;
  } catch {
    throw invalid();
  }
  if (
    typeof o !== 'object' ||
    o === null ||
    o.k !== 'h' ||
    typeof o.i !== 'string' ||
    typeof o.q !== 'string' ||
    !Number.isSafeInteger(o.c) ||
    ![o.t, o.f, o.u, o.n].every((v) => typeof v === 'string' && MICROS.test(v))
  ) {
    throw invalid();
  }
  if (o.q !== fp) throw new BadRequestError('cursor belongs to a different rule or tenants', 'cursor');
  return {
    ts: BigInt(o.t as string),
    id: o.i,
    from: BigInt(o.f as string),
    to: BigInt(o.u as string),
    seq: BigInt(o.n as string),
    count: o.c as number,
    fp: o.q,
  };
}
