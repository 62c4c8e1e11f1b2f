/**
 * A rule against Vigil's processing pipelines: is its logsource routed, is every field it reads
 * mapped for that logsource, and does the engine compile it. A rule failing any of these is
 * skipped when Vigil loads it; an unrouted logsource is a warning (a rule for a source Vigil does
 * not collect), an unmapped field an error (usually a typo, or a pipeline to extend).
 */
import { compileRule, describeLogsource } from '../engine/compile.ts';
import type { CompiledRule, CompileOptions } from '../engine/types.ts';
import { mapField, type Pipelines, resolveLogsource, routesFor } from '../pipelines/index.ts';
import type { DetectionItem, LogSource, SigmaRule } from '../sigma/model.ts';
import { entry } from '../sigma/ynode.ts';
import { closest, didYouMean } from './suggest.ts';
import { findingAt, type LintDocument, type LintFinding } from './types.ts';

export interface MappingOutcome {
  findings: LintFinding[];
  /** The compiled rule, when it compiles. */
  compiled: CompiledRule | undefined;
}

/** Every detection item of a rule, in order. */
export function itemsOf(rule: SigmaRule): DetectionItem[] {
  const out: DetectionItem[] = [];
  for (const s of rule.detection.searches.values()) {
    if (s.kind === 'keywords') out.push(s.item);
    else for (const m of s.maps) out.push(...m);
  }
  return out;
}

/** The column of `word` on a 1-based line of the document, or the line's first character. */
export function columnOf(doc: LintDocument, line: number, word: string): number {
  const text = doc.lines[line - 1] ?? '';
  const at = word === '' ? -1 : text.indexOf(word);
  if (at >= 0) return at + 1;
  const indent = /^\s*/.exec(text)?.[0].length ?? 0;
  return indent + 1;
}

/** A hint for a logsource no pipeline routes: the nearest routed value of each key it sets. */
function logsourceHint(p: Pipelines, ls: LogSource): string {
  const hints: string[] = [];
  for (const key of ['product', 'category', 'service'] as const) {
    const v = ls[key];
    if (v === undefined) continue;
    const known = new Set(p.routes.map((r) => r[key]).filter((x): x is string => x !== undefined));
    if (known.has(v.toLowerCase())) continue;
    const c = closest(v, known);
    if (c !== undefined) hints.push(`${key} "${c}"`);
  }
  return hints.length === 0 ? '' : ` (did you mean ${hints.join(', ')}?)`;
}

/** The Sigma field names the routes of a logsource know by name (for "did you mean"). */
function knownFields(p: Pipelines, ls: LogSource): Set<string> {
  const out = new Set<string>();
  for (const r of routesFor(p, ls)) {
    for (const k of r.fields.keys()) out.add(k);
    if (r.sourceFields !== '*') for (const k of r.sourceFields) out.add(k);
  }
  return out;
}

/** `opts` as Vigil compiles rules (`placeholders`: the values of `detect.placeholders`). */
export function checkMapping(
  doc: LintDocument,
  pipelines: Pipelines,
  opts: CompileOptions = {},
): MappingOutcome {
  const rule = doc.rule;
  if (rule === undefined) return { findings: [], compiled: undefined };
  const findings: LintFinding[] = [];
  const ls = rule.logsource;
  const resolved = resolveLogsource(pipelines, ls);
  if (!resolved.known) {
    const e = entry(doc.node, 'logsource');
    findings.push(
      findingAt(
        doc,
        'sigma/unknown-logsource',
        e?.keyPos ?? doc.node.pos,
        `no pipeline routes the logsource ${describeLogsource(ls)}${logsourceHint(pipelines, ls)}: Vigil skips this rule`,
      ),
    );
    return { findings, compiled: undefined };
  }
  const seen = new Set<string>();
  let known: Set<string> | undefined;
  for (const item of itemsOf(rule)) {
    const names = [
      ...(item.field === null ? [] : [item.field]),
      ...item.values.flatMap((v) => (v.kind === 'fieldref' ? [v.field] : [])),
    ];
    for (const name of names) {
      const key = `${item.line}\u0000${name}`;
      if (seen.has(key) || mapField(pipelines, ls, name) !== null) continue;
      seen.add(key);
      known ??= knownFields(pipelines, ls);
      findings.push(
        findingAt(
          doc,
          'sigma/unknown-field',
          { line: item.line, column: columnOf(doc, item.line, name) },
          `field "${name}" is not mapped for logsource ${describeLogsource(ls)} (routes: ${resolved.routes.join(', ')})${didYouMean(name, known)}: Vigil skips this rule`,
        ),
      );
    }
  }
  if (findings.length > 0) return { findings, compiled: undefined };
  const c = compileRule(rule, pipelines, opts);
  if (c.ok) return { findings, compiled: c.compiled };
  findings.push(
    findingAt(doc, 'sigma/compile-failed', { line: c.line, column: columnOf(doc, c.line, '') }, c.reason),
  );
  return { findings, compiled: undefined };
}
