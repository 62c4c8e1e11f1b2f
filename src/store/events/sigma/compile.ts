/**
 * `compileSigmaToSql`: a parsed Sigma rule as a SQL predicate over the event store's day tables,
 * meaning exactly what the streaming matcher means (`compileRule(...).match` AND the logsource's
 * event condition). The rule first goes through the matcher's own compile, with the same
 * pipelines and options, so that a rule the matcher refuses (unknown logsource or field,
 * placeholder without values, regex the linear-time engine rejects...) is refused here with the
 * same reason, file and line.
 *
 * The result is layered, for speed (hunt.ts runs the layers in this order):
 * - `prefilter`: a cheap necessary condition on the raw row (text searches of `doc`): the
 *   logsource's `"field":value` texts and the literals the matcher's rule index requires;
 * - `fields`: the event fields read, extracted from `doc` once per row (`vigil_s<N>`);
 * - `routing`: the logsource's event condition, exactly;
 * - `forms`: the readings of the fields the tests need (forms.ts), computed once per row;
 * - `detection`: the rule's condition over its searches, exactly.
 */
import { compileRule } from '../../../detect/engine/compile.ts';
import type { CompileOptions, LiteralAtom } from '../../../detect/engine/types.ts';
import {
  type EventCondition,
  keywordFields,
  mapField,
  type Pipelines,
} from '../../../detect/pipelines/index.ts';
import type { ConditionNode, Search, SigmaRule } from '../../../detect/sigma/model.ts';
import { type Frag, raw, sql } from '../sql.ts';
import { isNumber, numberValue, stringValue } from './elements.ts';
import { anyReading, type FormKind, type Reading, rawReading, readElement, readList } from './forms.ts';
import { and, type ItemContext, itemSql, or } from './items.ts';

export interface SigmaSql {
  /** Necessary condition over a plain day-table row (true when nothing cheap is known). */
  prefilter: Frag;
  /** Event fields the predicates read, extracted from `doc` as JSON into `vigil_s<N>`. */
  fields: string[];
  /** The logsource's event condition, over the `vigil_s<N>` columns. */
  routing: Frag;
  /** Readings of the fields (forms.ts), computed from `vigil_s<N>` into columns named `name`. */
  forms: { name: string; expr: Frag }[];
  /** The rule's detection (its condition over its searches), over all of those columns. */
  detection: Frag;
  /** The compiled rule's identity, as the detection engine names it. */
  rule: { id: string; title: string; level: string | null; file: string; line: number };
}

export type SigmaSqlOutcome =
  | { ok: true; sql: SigmaSql }
  | { ok: false; reason: string; file: string; line: number; ruleId?: string };

/** Text as it appears inside a JSON string in `doc` (JSON.stringify's escaping, no quotes). */
const jsonText = (s: string): string => JSON.stringify(s).slice(1, -1);

/** The logsource's event condition: typed equality, any element of an array (pipelines/condition.ts). */
function conditionSql(cond: EventCondition, column: (f: string) => Frag): Frag {
  if ('all' in cond) return and(cond.all.map((c) => conditionSql(c, column)));
  if ('any' in cond) return or(cond.any.map((c) => conditionSql(c, column)));
  const wanted = Array.isArray(cond.equals) ? cond.equals : [cond.equals];
  const strings = wanted.filter((w): w is string => typeof w === 'string');
  const numbers = wanted.filter((w): w is number => typeof w === 'number');
  return anyReading(rawReading(column(cond.field)), (e) => {
    const parts: Frag[] = [];
    for (const s of strings) parts.push(sql`(json_type(${e}) = 'VARCHAR' AND ${stringValue(e)} = ${s})`);
    for (const n of numbers) parts.push(sql`(${isNumber(e)} AND ${numberValue(e)} = ${n})`);
    return or(parts);
  });
}

/**
 * Texts of which `doc` holds one whenever the logsource's condition holds, or null. `doc` is
 * JSON.stringify's text of the event: a field equal to a value reads `"field":<value JSON>`
 * followed by `,` or `}`, unless the field is an array (`"field":[`, elements not looked at).
 * Of an `all`, the child with the longest texts is kept (one pass over the row is cheaper than
 * several, and long texts are the rare ones).
 */
function conditionTexts(cond: EventCondition): string[] | null {
  if ('all' in cond) {
    let best: string[] | null = null;
    let score = -1;
    for (const c of cond.all) {
      const t = conditionTexts(c);
      const sc = t === null ? -1 : Math.min(...t.map((x) => x.length)) * 100 - t.length;
      if (t !== null && sc > score) {
        best = t;
        score = sc;
      }
    }
    return best;
  }
  if ('any' in cond) {
    const out: string[] = [];
    for (const c of cond.any) {
      const t = conditionTexts(c);
      if (t === null) return null;
      out.push(...t);
    }
    return out.length === 0 ? null : out;
  }
  if (cond.field === 'event.original' || cond.field === 'vigil.id') return null;
  const key = `${JSON.stringify(cond.field)}:`;
  const wanted = Array.isArray(cond.equals) ? cond.equals : [cond.equals];
  return [
    ...wanted.flatMap((w) => [`${key}${JSON.stringify(w)},`, `${key}${JSON.stringify(w)}}`]),
    `${key}[`,
  ];
}

/** RE2 syntax for literal text. */
const escapeRegex = (t: string): string => t.replace(/[\\^$.|?*+()[\]{}]/g, '\\$&');

function conditionPrefilter(cond: EventCondition): Frag | null {
  const texts = conditionTexts(cond);
  if (texts === null) return null;
  return sql`regexp_matches(CAST(doc AS VARCHAR), ${[...new Set(texts)].map(escapeRegex).join('|')})`;
}

/** A regex matching any of `texts` as literal text, ignoring case (RE2 folds case). */
function anyTextIgnoringCase(texts: readonly string[]): string {
  // JavaScript lower-cases İ to i + U+0307, which RE2's case folding does not relate to İ.
  const alternatives = [...new Set(texts)].map((t) =>
    escapeRegex(t).replaceAll('i\u0307', '(?:i\u0307|\u0130)'),
  );
  return `(?i)(?:${alternatives.join('|')})`;
}

/**
 * The matcher's index requirement (one of these lower-cased literals is in the lower-cased string
 * form of its field) as a text search of the row: numbers, booleans and strings of `doc` appear in
 * its text as their string form, JSON-escaped. RE2's case-insensitive search finds every text
 * whose lower-cased form holds the literal (and a few more), without lower-casing the row.
 */
function literalPrefilter(atoms: readonly LiteralAtom[] | null): Frag | null {
  if (atoms === null || atoms.length === 0) return null;
  const inDoc = atoms.filter((a) => a.field !== 'vigil.id').map((a) => jsonText(a.literal));
  const inOriginal = atoms.filter((a) => a.field === 'event.original').map((a) => a.literal);
  const inId = atoms.filter((a) => a.field === 'vigil.id').map((a) => a.literal);
  const parts: Frag[] = [];
  if (inDoc.length > 0) parts.push(sql`regexp_matches(CAST(doc AS VARCHAR), ${anyTextIgnoringCase(inDoc)})`);
  if (inOriginal.length > 0)
    parts.push(sql`COALESCE(regexp_matches(original, ${anyTextIgnoringCase(inOriginal)}), false)`);
  if (inId.length > 0) parts.push(sql`regexp_matches(id, ${anyTextIgnoringCase(inId)})`);
  return or(parts);
}

class Builder {
  readonly fields: string[] = [];
  private readonly formKeys: string[] = [];
  readonly forms: { name: string; expr: Frag }[] = [];

  column = (field: string): Frag => {
    let k = this.fields.indexOf(field);
    if (k < 0) k = this.fields.push(field) - 1;
    return raw(`vigil_s${k}`);
  };

  form = (field: string, kind: FormKind): Reading => {
    const key = `${kind} ${field}`;
    const json = this.column(field);
    let k = this.formKeys.indexOf(key);
    if (k < 0) {
      k = this.formKeys.push(key) - 1;
      this.forms.push(
        { name: `vigil_f${k}`, expr: readElement(kind, json) },
        { name: `vigil_g${k}`, expr: readList(kind, json) },
      );
    }
    return { json, scalar: raw(`vigil_f${k}`), list: raw(`vigil_g${k}`) };
  };

  search(s: Search, ctx: ItemContext): Frag {
    if (s.kind === 'keywords') return itemSql(s.item, ctx);
    return or(s.maps.map((map) => and(map.map((item) => itemSql(item, ctx)))));
  }

  condition(node: ConditionNode, searches: ReadonlyMap<string, Frag>): Frag {
    const get = (name: string): Frag => {
      const f = searches.get(name);
      if (f === undefined) throw new Error(`condition names unknown search "${name}"`);
      return f;
    };
    switch (node.kind) {
      case 'search':
        return get(node.name);
      case 'not':
        return sql`(NOT ${this.condition(node.operand, searches)})`;
      case 'and':
        return and(node.operands.map((o) => this.condition(o, searches)));
      case 'or':
        return or(node.operands.map((o) => this.condition(o, searches)));
      default: {
        const ops = node.matches.map(get);
        if (ops.length === 0) return raw('false');
        return node.quantifier === 'all' ? and(ops) : or(ops);
      }
    }
  }
}

/** Compiles a rule; a rule that cannot run comes back with the matcher's reason, file and line. */
export function compileSigmaToSql(
  rule: SigmaRule,
  pipelines: Pipelines,
  opts: CompileOptions = {},
): SigmaSqlOutcome {
  const compiled = compileRule(rule, pipelines, opts);
  if (!compiled.ok) {
    const { ok: _ok, ...failure } = compiled;
    return { ok: false, ...failure };
  }
  const c = compiled.compiled;
  const fail = (e: unknown): SigmaSqlOutcome => {
    const reason = `cannot compile to SQL: ${e instanceof Error ? e.message : String(e)}`;
    return rule.id === undefined
      ? { ok: false, reason, file: rule.file, line: rule.line }
      : { ok: false, reason, file: rule.file, line: rule.line, ruleId: rule.id };
  };
  try {
    const b = new Builder();
    const ctx: ItemContext = {
      column: b.column,
      form: b.form,
      placeholders: opts.placeholders ?? {},
      keywords: keywordFields(pipelines, rule.logsource),
      targets(name) {
        const t = mapField(pipelines, rule.logsource, name);
        if (t === null || t.length === 0) throw new Error(`field "${name}" is not mapped`);
        return t;
      },
    };
    const searches = new Map<string, Frag>();
    for (const [name, s] of rule.detection.searches) searches.set(name, b.search(s, ctx));
    const detection = or(rule.detection.condition.map((n) => b.condition(n, searches)));
    const routing = conditionSql(c.logsourceCondition, b.column);
    const prefilter = and(
      [conditionPrefilter(c.logsourceCondition), literalPrefilter(c.required)].filter(
        (p): p is Frag => p !== null,
      ),
    );
    return {
      ok: true,
      sql: {
        prefilter,
        routing,
        detection,
        fields: b.fields,
        forms: b.forms,
        rule: { id: c.id, title: c.title, level: c.level ?? null, file: c.file, line: c.line },
      },
    };
  } catch (e) {
    return fail(e);
  }
}
