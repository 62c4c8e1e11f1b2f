/**
 * The `rules test` report for people: one line per rule file (PASS, FAIL, BROKEN, UNTESTED,
 * SKIP), and under a failure each failed sample with what was expected, what happened, and why
 * (the fields that matched, or the first search the event does not satisfy).
 */
import { relative } from 'node:path';
import type { MatchedField } from '../engine/types.ts';
import type { Explanation } from './explain.ts';
import type { FileStatus, RuleFileResult, RuleTestReport, SampleResult } from './run.ts';

const LABEL: Record<FileStatus, string> = {
  passed: 'PASS    ',
  failed: 'FAIL    ',
  broken: 'BROKEN  ',
  untested: 'UNTESTED',
  skipped: 'SKIP    ',
};
const INDENT = '          ';

function shown(v: unknown): string {
  const s = JSON.stringify(v) ?? String(v);
  return s.length > 120 ? `${s.slice(0, 117)}...` : s;
}

function fieldsText(fields: readonly MatchedField[]): string {
  return fields.map((f) => `${f.field}=${shown(f.value)}`).join(', ');
}

function explanationLines(e: Explanation): string[] {
  if (!e.inLogsource) {
    const has = e.routingFields.length === 0 ? 'none of them' : fieldsText(e.routingFields);
    return [
      `the event is outside the logsource ${e.logsource} (routed on ${e.routedOn.join(', ')}; the event has ${has})`,
    ];
  }
  const out: string[] = [];
  const u = e.firstUnmatched;
  if (u !== undefined) {
    const values = u.values.map((v) => shown(v)).join(', ');
    const has =
      u.eventFields.length === 0
        ? 'the event has none of its fields'
        : `the event has ${fieldsText(u.eventFields)}`;
    out.push(`search "${u.search}" does not match: ${u.item} ${values}; ${has}`);
  }
  for (const s of e.searches) {
    if (!s.needed && s.matched) out.push(`filter "${s.name}" matches: ${fieldsText(s.fields)}`);
  }
  const matched = e.searches.filter((s) => s.needed && s.matched).map((s) => s.name);
  if (matched.length > 0 && u !== undefined) out.push(`searches that match: ${matched.join(', ')}`);
  return out;
}

export function sampleLine(s: SampleResult): string {
  const head = `${s.passed ? 'ok  ' : 'FAIL'} ${s.kind}[${s.index}] ${shown(s.note)} (${s.format}): expected ${s.expected}, got ${s.got}`;
  return s.matched === undefined ? head : `${head} on ${fieldsText(s.matched.fields)}`;
}

function display(file: string, cwd: string | undefined): string {
  if (cwd === undefined) return file;
  const rel = relative(cwd, file);
  return rel.startsWith('..') || rel === '' ? file : rel;
}

export function formatResult(r: RuleFileResult, opts: { verbose?: boolean; cwd?: string } = {}): string[] {
  const titles = r.rules.map((x) => x.title).join('; ');
  const counts =
    r.samples.length === 0
      ? ''
      : ` (${r.samples.filter((s) => s.kind === 'positive').length} positive, ${r.samples.filter((s) => s.kind === 'negative').length} negative)`;
  const lines = [
    `${LABEL[r.status]} ${display(r.file, opts.cwd)}${titles === '' ? '' : ` — ${titles}`}${counts}`,
  ];
  for (const p of r.problems) lines.push(`${INDENT}${p}`);
  for (const s of r.samples) {
    if (s.passed && !opts.verbose) continue;
    lines.push(`${INDENT}${sampleLine(s)}`);
    if (s.reason !== undefined) lines.push(`${INDENT}  ${s.reason}`);
    if (s.explanation !== undefined)
      for (const l of explanationLines(s.explanation)) lines.push(`${INDENT}  ${l}`);
  }
  return lines;
}

export function formatTestSummary(report: RuleTestReport): string {
  const s = report.summary;
  return `${s.files} rule files: ${s.passed} passed, ${s.failed} failed, ${s.broken} broken, ${s.untested} untested, ${s.skipped} skipped; ${s.samples} samples, ${s.samplesFailed} failed`;
}
