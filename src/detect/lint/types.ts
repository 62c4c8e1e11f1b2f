/**
 * The lint stage's shared types: a finding (file, 1-based line and column, severity, code,
 * message), and the document a check looks at (the positioned YAML tree of one Sigma document,
 * plus the typed rule when the parser accepted it).
 */
import type { SigmaRule } from '../sigma/model.ts';
import type { YNode } from '../sigma/ynode.ts';
import { LINT_CODES, type LintCode, type Severity } from './codes.ts';

export interface LintFinding {
  file: string;
  line: number;
  column: number;
  severity: Severity;
  code: LintCode;
  message: string;
  /** The id of the rule the finding is about, when it has one. */
  ruleId?: string;
}

export type DocumentKind = 'rule' | 'correlation' | 'filter' | 'unknown';

/** One Sigma document (rule-collection merges applied), as the checks see it. */
export interface LintDocument {
  file: string;
  /** The document's map, with positions. */
  node: YNode & { kind: 'map' };
  kind: DocumentKind;
  /** The document's `id`, when it is a string. */
  id: string | undefined;
  /** The typed rule, when the document is a detection rule the parser accepted. */
  rule: SigmaRule | undefined;
  /** The file's text by line (index 0 is line 1), to place columns inside keys. */
  lines: readonly string[];
}

/** A finding about `doc` at `pos`, with the code's severity. */
export function findingAt(
  doc: Pick<LintDocument, 'file' | 'id'>,
  code: LintCode,
  pos: { line: number; column: number },
  message: string,
): LintFinding {
  const f: LintFinding = {
    file: doc.file,
    line: pos.line,
    column: pos.column,
    severity: LINT_CODES[code].severity,
    code,
    message,
  };
  if (doc.id !== undefined) f.ruleId = doc.id;
  return f;
}
