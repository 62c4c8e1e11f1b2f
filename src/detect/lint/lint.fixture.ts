/** Helpers for the lint tests: a YAML text to the documents the checks see, and findings in short form. */
import { loadPipelines, type Pipelines } from '../pipelines/index.ts';
import { parseForLint } from './documents.ts';
import type { LintDocument, LintFinding } from './types.ts';

export const FILE = 'rules/test.yml';

let cached: Pipelines | undefined;
/** The shipped pipelines, loaded once. */
export function pipelines(): Pipelines {
  cached ??= loadPipelines();
  return cached;
}

/** The only document of a YAML text. */
export function docOf(text: string, file = FILE): LintDocument {
  const docs = parseForLint(text, file).documents;
  if (docs.length !== 1) throw new Error(`expected one document, found ${docs.length}`);
  return docs[0] as LintDocument;
}

/** Findings as `line:column code` strings, for compact expectations. */
export function brief(findings: readonly LintFinding[]): string[] {
  return findings.map((f) => `${f.line}:${f.column} ${f.code}`);
}

/** A valid rule; `extra` lines are appended at the top level, `detection` replaces the detection block. */
export function rule(opts: { head?: string; detection?: string; logsource?: string } = {}): string {
  return `title: Whoami Execution
id: 929a690e-bef0-4204-a928-ef5e620d6fcc
status: test
level: high
date: 2024-01-02
${opts.head ?? 'tags:\n  - attack.discovery\n  - attack.t1033'}
logsource:
${opts.logsource ?? '  product: windows\n  category: process_creation'}
detection:
${
  opts.detection ??
  `  selection:
    Image|endswith: '\\whoami.exe'
    CommandLine|contains: ' /priv'
  condition: selection`
}
`;
}
