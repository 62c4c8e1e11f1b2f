/**
 * `compileSigmaToSql`: a parsed Sigma rule as a SQL predicate over the event store's day tables,
 * meaning exactly what the streaming matcher means (`compileRule(...).match` AND the logsource's
 * event condition). The rule first goes through the matcher's own compile, with the same
 * pipelines and options, so that a rule the matcher refuses (unknown logsource or field,
 * placeholder without values, regex the linear-time engine rejects...) is refused here with the
 * same reason, file and line.
 *
 * The result has three parts, for speed:
 * - `prefilter`: a cheap necessary condition on the raw row (plain text search of `doc`): the
 *   logsource's string values and the literals the matcher's rule index requires;
 * - `fields`: the event fields the predicate reads, extracted from `doc` once per row;
 * - `where`: the exact predicate, over those extracted values (`vigil_s<N>`).
 */
import { compileRule } from '../../../detect/engine/compile.ts';
import type { CompileOptions, LiteralAtom } from '../../../detect/engine/types.ts';
import { type EventCondition, mapField, type Pipelines } from '../../../detect/pipelines/index.ts';
import type { ConditionNode, Search, SigmaRule } from '../../../detect/sigma/model.ts';
import { type Frag, raw, sql } from '../sql.ts';
import { anyOf, elements, isNumber, numberValue, stringValue } from './elements.ts';
import { type FormKind, formExpr } from './forms.ts';
import { and, type ItemContext, itemSql, or } from './items.ts';

export interface SigmaSql {
  /**
   * Exact predicate over a row holding each of `fields` as JSON in `vigil_s<N>` and each of
   * `forms` in `vigil_f<N>`.
   */
  where: Frag;
  /** Necessary condition over a plain day-table row (true when nothing cheap is known). */
  prefilter: Frag;
  /** Event fields read by `where`, in `vigil_s<N>` order. */
  fields: string[];
  /** Readings of those fields (over `vigil_s<N>`), in `vigil_f<N>` order. */
  forms: Frag[];
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
  return anyOf(elements(column(cond.field)), (e) => {
    const parts: Frag[] = [];
    for (const s of strings) parts.push(sql`(json_type(${e}) = 'VARCHAR' AND ${stringValue(e)} = ${s})`);
    for (const n of numbers) parts.push(sql`(${isNumber(e)} AND ${numberValue(e)} = ${n})`);
    return or(parts);
  });
}

/** A plain-text necessary condition for the logsource's condition (string values must be in doc). */
function conditionPrefilter(cond: EventCondition): Frag | null {
  if ('all' in cond) {
    const parts = cond.all.map(conditionPrefilter).filter((p): p is Frag => p !== null);
    return parts.length === 0 ? null : and(parts);
  }
  if ('any' in cond) {
    const parts = cond.any.map(conditionPrefilter);
    return parts.some((p) => p === null) ? null : or(parts as Frag[]);
  }
  const wanted = Array.isArray(cond.equals) ? cond.equals : [cond.equals];
  if (
    cond.field === 'event.original' ||
    cond.field === 'vigil.id' ||
    wanted.some((w) => typeof w !== 'string')
  )
    return null;
  return or(wanted.map((w) => sql`contains(CAST(doc AS VARCHAR), ${JSON.stringify(w)})`));
}

/**
 * The matcher's index requirement (one of these lower-cased literals is in the lower-cased string
 * form of its field) as a text search of the row: numbers, booleans and strings of `doc` appear in
 * its text as their string form, JSON-escaped.
 */
function literalPrefilter(atoms: readonly LiteralAtom[] | null): Frag | null {
  if (atoms === null || atoms.length === 0) return null;
  const lowerDoc = raw('lower(CAST(doc AS VARCHAR))');
  return or(
    atoms.map((a) => {
      const inDoc = sql`contains(${lowerDoc}, ${jsonText(a.literal)})`;
      if (a.field === 'vigil.id') return sql`contains(lower(id), ${a.literal})`;
      if (a.field === 'event.original') return sql`(contains(lower(original), ${a.literal}) OR ${inDoc})`;
      return inDoc;
    }),
  );
}

class Builder {
  readonly fields: string[] = [];
  private readonly formKeys: string[] = [];
  readonly forms: Frag[] = [];

  column = (field: string): Frag => {
    let k = this.fields.indexOf(field);
    if (k < 0) k = this.fields.push(field) - 1;
    return raw(`vigil_s${k}`);
  };

  form = (field: string, kind: FormKind): Frag => {
    const key = `${kind} ${field}`;
    let k = this.formKeys.indexOf(key);
    if (k < 0) {
      k = this.formKeys.push(key) - 1;
      this.forms.push(formExpr(kind, this.column(field)));
    }
    return raw(`vigil_f${k}`);
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
      targets(name) {
        const t = mapField(pipelines, rule.logsource, name);
        if (t === null || t.length === 0) throw new Error(`field "${name}" is not mapped`);
        return t;
      },
    };
    const searches = new Map<string, Frag>();
    for (const [name, s] of rule.detection.searches) searches.set(name, b.search(s, ctx));
    const detection = or(rule.detection.condition.map((n) => b.condition(n, searches)));
    const where = sql`(${conditionSql(c.logsourceCondition, b.column)} AND ${detection})`;
    const prefilter = and(
      [conditionPrefilter(c.logsourceCondition), literalPrefilter(c.required)].filter(
        (p): p is Frag => p !== null,
      ),
    );
    return {
      ok: true,
      sql: {
        where,
        prefilter,
        fields: b.fields,
        forms: b.forms,
        rule: { id: c.id, title: c.title, level: c.level ?? null, file: c.file, line: c.line },
      },
    };
  } catch (e) {
    return fail(e);
  }
}
