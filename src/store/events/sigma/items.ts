/**
 * One Sigma detection item as a SQL predicate, mirroring the matcher's `compileItem`
 * (`detect/engine/item.ts`) case by case:
 * - the item holds when ANY mapped target field holds the value (a keyword item's targets are the
 *   logsource's keyword fields, the raw `event.original` and maybe `message`; its values are
 *   substrings unless a position modifier says otherwise, and their escaped forms count too:
 *   `detect/engine/keywords.ts`, as in the matcher);
 * - several values are OR-ed, AND-ed with `all`; `neq` holds when some target is present (not
 *   null, not an empty array) and the positive test fails;
 * - `exists` asks whether ANY target is in the event at all (a null value counts); `null` holds
 *   when EVERY target is absent, null or an empty array;
 * - string values become the patterns of the engine's own `stringPatterns` (placeholders,
 *   windash, UTF-16, base64, position modifiers, case folding), tested on each element's string
 *   form; numbers and booleans compare typed, or with a string's text; see elements.ts, time.ts,
 *   ip.ts and patterns.ts for the value readings.
 * Every predicate is two-valued (never NULL), so NOT means "does not match".
 */
import { stringPatterns } from '../../../detect/engine/encode.ts';
import type { DetectionItem, Modifier, SigmaValue } from '../../../detect/sigma/model.ts';
import { type Frag, join, raw, sql } from '../sql.ts';
import { hasField, isNumber, numberValue, present, stringValue } from './elements.ts';
import { anyReading, type FormKind, type Reading, rawReading } from './forms.ts';
import { cidrPred } from './ip.ts';
import { globPred, regexPred, sqlRegex } from './patterns.ts';
import { TIME_PARTS, type TimePart } from './time.ts';

export interface ItemContext {
  /** The event fields a Sigma field name maps to (already checked by the matcher's compile). */
  targets(name: string): string[];
  /** The event fields keyword searches look in (the rule's logsource's, as in the matcher). */
  keywords: readonly string[];
  /** The JSON value of an event field in the row being filtered. */
  column(field: string): Frag;
  /** A reading of an event field in the row (forms.ts). */
  form(field: string, kind: FormKind): Reading;
  placeholders: Readonly<Record<string, readonly string[]>>;
}

/** A test of one target event field. */
type FieldTest = (field: string) => Frag;

const COMPARE: Partial<Record<Modifier, string>> = { gt: '>', gte: '>=', lt: '<', lte: '<=' };

/** Disjunction (false when empty) and conjunction (true when empty) of two-valued predicates. */
export const or = (parts: Frag[]): Frag =>
  parts.length === 0 ? raw('false') : sql`(${join(parts, ' OR ')})`;
export const and = (parts: Frag[]): Frag =>
  parts.length === 0 ? raw('true') : sql`(${join(parts, ' AND ')})`;

/** Any element of the field whose string form (as is, or lower-cased) passes one of the tests. */
function patternsTest(
  value: Extract<SigmaValue, { kind: 'string' }>,
  mods: readonly Modifier[],
  keyword: boolean,
  ctx: ItemContext,
): FieldTest {
  const r = stringPatterns(value.parts, mods, keyword, ctx.placeholders);
  if (!r.ok) throw new Error(r.reason);
  const cased = r.patterns.filter((p) => p.cased).map((p) => globPred(p.tokens));
  const folded = r.patterns.filter((p) => !p.cased).map((p) => globPred(p.tokens));
  return (f) => {
    const parts: Frag[] = [];
    if (cased.length > 0) parts.push(anyReading(ctx.form(f, 'str'), (s) => or(cased.map((t) => t(s)))));
    if (folded.length > 0) parts.push(anyReading(ctx.form(f, 'low'), (l) => or(folded.map((t) => t(l)))));
    return or(parts);
  };
}

/** gt/gte/lt/lte, or a time part compared or equal, over the numeric reading of each element. */
function compareTest(mods: readonly Modifier[], wanted: number, ctx: ItemContext): FieldTest {
  const part = TIME_PARTS.find((p) => mods.includes(p));
  const cmp = mods.find((m) => COMPARE[m] !== undefined);
  const op = raw(cmp === undefined ? '=' : (COMPARE[cmp] as string));
  return (f) => anyReading(ctx.form(f, part ?? 'num'), (x) => sql`${x} ${op} ${wanted}`);
}

function valueTest(v: SigmaValue, mods: readonly Modifier[], keyword: boolean, ctx: ItemContext): FieldTest {
  switch (v.kind) {
    case 'string':
      return patternsTest(v, mods, keyword, ctx);
    case 'number': {
      if (mods.some((m) => COMPARE[m] !== undefined || TIME_PARTS.includes(m as TimePart)))
        return compareTest(mods, v.value, ctx);
      // A number equals a number, or a string whose lower-cased text is the number's text.
      const text = String(v.value);
      return (f) =>
        anyReading(
          rawReading(ctx.column(f)),
          (e) =>
            sql`(CASE WHEN ${isNumber(e)} THEN ${numberValue(e)} = ${v.value} WHEN json_type(${e}) = 'VARCHAR' THEN lower(${stringValue(e)}) = ${text} ELSE false END)`,
        );
    }
    case 'boolean': {
      const text = String(v.value);
      return (f) =>
        anyReading(
          rawReading(ctx.column(f)),
          (e) =>
            sql`(CASE json_type(${e}) WHEN 'BOOLEAN' THEN ${stringValue(e)} = ${text} WHEN 'VARCHAR' THEN lower(${stringValue(e)}) = ${text} ELSE false END)`,
        );
    }
    case 're': {
      const pattern = sqlRegex(v.pattern, {
        i: mods.includes('i'),
        m: mods.includes('m'),
        s: mods.includes('s'),
      });
      const test = regexPred(pattern);
      return (f) => anyReading(ctx.form(f, 'str'), test);
    }
    case 'cidr': {
      const test = cidrPred(v.network, v.prefix);
      return (f) => anyReading(ctx.form(f, 'hex'), test);
    }
    default:
      throw new Error(`a ${v.kind} value is not valid here`);
  }
}

/** `field|fieldref`: some element of a target and some element of the referenced field compare. */
function fieldrefTest(targets: string[], refs: string[], mods: readonly Modifier[], ctx: ItemContext): Frag {
  const cased = mods.includes('cased');
  const cmp = (a: Frag, b: Frag): Frag => {
    if (mods.includes('contains')) return sql`contains(${a}, ${b})`;
    if (mods.includes('startswith')) return sql`starts_with(${a}, ${b})`;
    if (mods.includes('endswith')) return sql`ends_with(${a}, ${b})`;
    return sql`${a} = ${b}`;
  };
  const pairs: Frag[] = [];
  for (const t of targets) {
    for (const r of refs) {
      const kind = cased ? 'str' : 'low';
      const a = ctx.form(t, kind);
      const b = ctx.form(r, kind);
      pairs.push(
        sql`(${present(ctx.column(t))} AND ${present(ctx.column(r))} AND ${anyReading(a, (x) => anyReading(b, (y) => cmp(x, y)))})`,
      );
    }
  }
  return or(pairs);
}

/** The SQL predicate of one detection item. */
export function itemSql(item: DetectionItem, ctx: ItemContext): Frag {
  const mods = item.modifiers;
  const keyword = item.field === null;
  const targets = item.field === null ? [...ctx.keywords] : ctx.targets(item.field);
  const cols = targets.map((t) => ctx.column(t));
  const first = item.values[0];
  if (mods.includes('exists')) {
    const want = first?.kind === 'boolean' ? first.value : true;
    const any = or(cols.map(hasField));
    return want ? any : sql`(NOT ${any})`;
  }
  if (first?.kind === 'null') return and(cols.map((c) => sql`(NOT ${present(c)})`));
  const tests: Frag[] = item.values.map((v) => {
    if (v.kind === 'fieldref') return fieldrefTest(targets, ctx.targets(v.field), mods, ctx);
    const test = valueTest(v, mods, keyword, ctx);
    return or(targets.map((t) => test(t)));
  });
  const positive = mods.includes('all') ? and(tests) : or(tests);
  if (mods.includes('neq')) return sql`(${or(cols.map(present))} AND NOT ${positive})`;
  return positive;
}
