/**
 * Test-only helpers for the syslog/CEF/LEEF parser tests: a fixed parse context, an unwrapping
 * `parseOk`, fast-check arbitraries of hostile text (arbitrary strings, and valid lines with random
 * edits drawn from the characters these formats care about), and the invariants every outcome
 * must satisfy. Imported only by `*.test.ts` files.
 */
import fc from 'fast-check';
import type { VigilEvent } from '../../core/event.ts';
import { parseIsoToMillis } from '../../core/time.ts';
import type { ParseContext, ParseOutcome, Parser } from '../types.ts';

/** 2026-11-22T12:00:00Z, zone-less times read as UTC. */
export const CTX: ParseContext = { received: Date.UTC(2026, 10, 22, 12, 0, 0), assumeTimeZone: 'UTC' };
export const RECEIVED_ISO = '2026-11-22T12:00:00.000Z';

export const FUZZ_RUNS = Number(process.env.FUZZ_RUNS ?? 300);

/** The event of an accepted line; throws with the reason otherwise (test failure message). */
export function parseOk(parser: Parser, raw: string, ctx: ParseContext = CTX): VigilEvent {
  const out = parser(raw, ctx);
  if (!out.ok) throw new Error(`expected an event, got: ${out.reason}`);
  return out.event;
}

/** The reason of a rejected line; throws otherwise. */
export function parseFail(parser: Parser, raw: string, ctx: ParseContext = CTX): string {
  const out = parser(raw, ctx);
  if (out.ok) throw new Error(`expected a rejection, got an event: ${JSON.stringify(out.event)}`);
  return out.reason;
}

const SPECIAL = [
  '<',
  '>',
  '|',
  '=',
  '\\',
  '"',
  '[',
  ']',
  ' ',
  '  ',
  '\t',
  '\n',
  '\r\n',
  ':',
  '-',
  '.',
  '0',
  '9',
  '1 ',
  'T',
  'Z',
  '+',
  '\uFEFF',
  '\u0000',
  'é',
  '😀',
  'CEF:',
  'LEEF:',
  'Nov ',
  'x5E',
  '^',
  '2026-',
  '12:34:56',
];

/** Arbitrary text built from format-significant fragments and arbitrary code points. */
export const hostileText: fc.Arbitrary<string> = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 80 }),
  fc.string({ unit: fc.constantFrom(...SPECIAL), maxLength: 40 }),
);

/** One of `samples` with up to 6 random insertions, deletions, replacements or a truncation. */
export function mutatedLine(samples: readonly string[]): fc.Arbitrary<string> {
  const edit = fc.tuple(fc.nat(), fc.integer({ min: 0, max: 3 }), fc.nat(8), hostileText);
  return fc.tuple(fc.constantFrom(...samples), fc.array(edit, { maxLength: 6 })).map(([line, edits]) => {
    let s = line;
    for (const [at, kind, len, text] of edits) {
      const p = at % (s.length + 1);
      if (kind === 0) s = s.slice(0, p) + text + s.slice(p);
      else if (kind === 1) s = s.slice(0, p) + s.slice(p + len);
      else if (kind === 2) s = s.slice(0, p) + text + s.slice(p + len);
      else s = s.slice(0, p);
    }
    return s;
  });
}

/**
 * The invariants of any parser outcome for `raw`: a rejection has a non-empty reason; an event has
 * `event.original === raw`, a canonical `@timestamp`, a `vigil.format`, and only scalar or
 * array-of-scalar values. Returns a description of the first violation, or null.
 */
export function violation(out: ParseOutcome, raw: string): string | null {
  if (!out.ok) return typeof out.reason === 'string' && out.reason.length > 0 ? null : 'empty reason';
  const e = out.event;
  if (e['event.original'] !== raw) return 'event.original differs from the input';
  const ts = e['@timestamp'];
  if (typeof ts !== 'string' || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}(\d{3})?Z$/.test(ts)) {
    return `@timestamp not canonical: ${String(ts)}`;
  }
  if (parseIsoToMillis(ts) === null) return `@timestamp not parseable: ${ts}`;
  if (typeof e['vigil.format'] !== 'string') return 'vigil.format missing';
  for (const [k, v] of Object.entries(e)) {
    const scalars = Array.isArray(v) ? v : [v];
    for (const x of scalars) {
      if (x !== null && typeof x !== 'string' && typeof x !== 'boolean' && typeof x !== 'number') {
        return `field ${k} is not a scalar`;
      }
      if (typeof x === 'number' && !Number.isFinite(x)) return `field ${k} is not a finite number`;
    }
  }
  return null;
}

/** A fast-check property: `parser` never throws and every outcome satisfies `violation`. */
export function neverThrows(parser: Parser, input: fc.Arbitrary<string>): fc.IPropertyWithHooks<[string]> {
  return fc.property(input, (raw) => {
    const problem = violation(parser(raw, CTX), raw);
    if (problem !== null) throw new Error(problem);
  });
}
