/** Lint findings for people: `file:line:col: severity code: message`, and a one-line summary. */
import { relative } from 'node:path';
import type { LintReport } from './lint.ts';
import type { LintFinding } from './types.ts';

/** One finding per line; paths shown relative to `cwd` when they are inside it. */
export function formatFinding(f: LintFinding, cwd?: string): string {
  const rel = cwd === undefined ? f.file : relative(cwd, f.file);
  const file = rel.startsWith('..') || rel === '' ? f.file : rel;
  return `${file}:${f.line}:${f.column}: ${f.severity} ${f.code}: ${f.message}`;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

export function formatSummary(r: LintReport): string {
  return `${plural(r.counts.error, 'error')}, ${plural(r.counts.warning, 'warning')}, ${r.counts.info} info in ${plural(r.files, 'file')} (${plural(r.documents, 'document')}, ${r.compiled} compiled)`;
}
