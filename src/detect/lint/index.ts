/**
 * Detection as code, the lint: Sigma files checked against the spec (metadata, tags, modifiers,
 * conditions, unique ids), against Vigil's pipelines (routed logsources, mapped fields, the
 * engine compiles them) and for slow patterns. Every finding has a file, line, column, severity
 * and a code from {@link LINT_CODES}.
 */
export { LINT_CODES, type LintCode, type Severity, severityOf } from './codes.ts';
export { collectRuleFiles, lintFiles, type RuleFiles } from './files.ts';
export { formatFinding, formatSummary } from './format.ts';
export { type LintReport, type LintSource, lintSources } from './lint.ts';
export type { LintFinding } from './types.ts';
