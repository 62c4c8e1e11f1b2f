/**
 * The file side of linting: the Sigma files named by paths (a file as it is, a folder searched
 * recursively for `*.yml`/`*.yaml`), read and linted as one set. A path that does not exist is
 * returned to the caller; a file that cannot be read becomes a `sigma/unreadable` finding.
 */
import { type Dirent, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { CompileOptions } from '../engine/types.ts';
import type { Pipelines } from '../pipelines/index.ts';
import { compareFindings, countBySeverity, type LintReport, type LintSource, lintSources } from './lint.ts';
import { findingAt, type LintFinding } from './types.ts';

export interface RuleFiles {
  /** Files in the order given (each folder's files sorted), without repeats. */
  files: string[];
  /** Paths that do not exist. */
  missing: string[];
}

function walk(dir: string, out: string[]): void {
  let entries: Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const d of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const p = join(dir, d.name);
    if (d.isDirectory()) walk(p, out);
    else if (d.isFile() && /\.ya?ml$/i.test(d.name)) out.push(p);
  }
}

export function collectRuleFiles(paths: readonly string[]): RuleFiles {
  const files: string[] = [];
  const missing: string[] = [];
  for (const p of paths) {
    let isDir: boolean;
    try {
      isDir = statSync(p).isDirectory();
    } catch {
      missing.push(p);
      continue;
    }
    if (isDir) walk(p, files);
    else files.push(p);
  }
  return { files: [...new Set(files)], missing };
}

/** Reads and lints the files as one set, compiling rules with `opts` (as Vigil would). */
export function lintFiles(
  files: readonly string[],
  pipelines: Pipelines,
  opts: CompileOptions = {},
): LintReport {
  const sources: LintSource[] = [];
  const unreadable: LintFinding[] = [];
  for (const file of files) {
    try {
      sources.push({ file, text: readFileSync(file, 'utf8') });
    } catch (e) {
      const reason = e instanceof Error ? e.message : String(e);
      unreadable.push(
        findingAt(
          { file, id: undefined },
          'sigma/unreadable',
          { line: 1, column: 1 },
          `cannot read: ${reason}`,
        ),
      );
    }
  }
  const report = lintSources(sources, pipelines, opts);
  if (unreadable.length === 0) return report;
  const findings = [...report.findings, ...unreadable].sort(compareFindings);
  return { ...report, files: files.length, findings, counts: countBySeverity(findings) };
}
