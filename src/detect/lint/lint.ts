/**
 * Linting a set of Sigma files together: each document through the check families (metadata,
 * tags, detection, mapping through the pipelines, performance of the compiled rule), the set
 * through the identity checks, and the parser's own errors that no finer check explains.
 * Findings come back sorted by file, line and column. Pure: texts in, findings out.
 */
import type { CompileOptions } from '../engine/types.ts';
import type { Pipelines } from '../pipelines/index.ts';
import type { Severity } from './codes.ts';
import { checkDetection } from './detection.ts';
import { parseForLint, unexplained } from './documents.ts';
import { checkIdentity } from './identity.ts';
import { checkMapping } from './mapping.ts';
import { checkMetadata } from './metadata.ts';
import { checkPerformance } from './performance.ts';
import { checkTags } from './tags.ts';
import type { LintDocument, LintFinding } from './types.ts';

export interface LintSource {
  file: string;
  text: string;
}

export interface LintReport {
  /** Sorted by file, line, column. */
  findings: LintFinding[];
  files: number;
  /** Sigma documents read (rules, correlations, filters). */
  documents: number;
  /** Detection rules the engine compiles. */
  compiled: number;
  counts: Record<Severity, number>;
}

export function compareFindings(a: LintFinding, b: LintFinding): number {
  if (a.file !== b.file) return a.file < b.file ? -1 : 1;
  return a.line - b.line || a.column - b.column || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0);
}

export function countBySeverity(findings: readonly LintFinding[]): Record<Severity, number> {
  const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  for (const f of findings) counts[f.severity]++;
  return counts;
}

/** Lints the given files as one set (ids must be unique across it), compiling rules with `opts`. */
export function lintSources(
  sources: readonly LintSource[],
  pipelines: Pipelines,
  opts: CompileOptions = {},
): LintReport {
  const all: LintDocument[] = [];
  const findings: LintFinding[] = [];
  let compiledCount = 0;
  for (const src of sources) {
    const parsed = parseForLint(src.text, src.file);
    const own: LintFinding[] = [];
    for (const doc of parsed.documents) {
      own.push(...checkMetadata(doc), ...checkTags(doc), ...checkDetection(doc));
      const mapping = checkMapping(doc, pipelines, opts);
      own.push(...mapping.findings);
      if (mapping.compiled !== undefined) compiledCount++;
      own.push(...checkPerformance(doc, mapping.compiled, pipelines));
    }
    findings.push(...own, ...unexplained(parsed.parseFindings, own));
    all.push(...parsed.documents);
  }
  findings.push(...checkIdentity(all));
  findings.sort(compareFindings);
  return {
    findings,
    files: sources.length,
    documents: all.length,
    compiled: compiledCount,
    counts: countBySeverity(findings),
  };
}
