/**
 * A stored rule document back to something that runs: its text parsed again, and a detection
 * rule compiled through the pipelines. Correlations and filters come back parsed (their engines
 * consume them). A document that no longer parses or cannot run here comes back with the line,
 * column and reason, never a throw.
 */
import { compileRule } from '../engine/compile.ts';
import type { CompiledRule, CompileOptions } from '../engine/types.ts';
import type { Pipelines } from '../pipelines/index.ts';
import type { SigmaCorrelation, SigmaFilter, SigmaRule } from '../sigma/model.ts';
import { parseOneDocument } from './documents.ts';

export interface DocumentText {
  /** The name errors are reported under (e.g. `import:team.zip/windows/x.yml`). */
  file: string;
  /** 1-based line of the original file where `text` starts. */
  line: number;
  text: string;
}

export type LoadedDocument =
  | { ok: true; kind: 'rule'; rule: CompiledRule }
  | { ok: true; kind: 'correlation'; correlation: SigmaCorrelation }
  | { ok: true; kind: 'filter'; filter: SigmaFilter }
  | { ok: false; stage: 'parse' | 'compile'; line: number; column: number; reason: string };

/** A stored document parsed (not compiled): a detection rule, a correlation or a filter. */
export type ParsedDocument =
  | { ok: true; kind: 'rule'; rule: SigmaRule; lineOffset: number }
  | { ok: true; kind: 'correlation'; correlation: SigmaCorrelation }
  | { ok: true; kind: 'filter'; filter: SigmaFilter }
  | { ok: false; stage: 'parse'; line: number; column: number; reason: string };

export type CompiledDocument =
  | { ok: true; rule: CompiledRule }
  | { ok: false; stage: 'compile'; line: number; column: number; reason: string };

export function parseRuleDocument(doc: DocumentText): ParsedDocument {
  const offset = Math.max(0, doc.line - 1);
  const r = parseOneDocument(doc.text, doc.file, offset);
  const first = r.errors[0];
  if (first !== undefined)
    return { ok: false, stage: 'parse', line: first.line, column: first.column, reason: first.reason };
  const count = r.items.length;
  if (count !== 1)
    return {
      ok: false,
      stage: 'parse',
      line: doc.line,
      column: 1,
      reason: count === 0 ? 'the document holds no rule' : `the document holds ${count} rules; expected one`,
    };
  const [correlation] = r.correlations;
  if (correlation) return { ok: true, kind: 'correlation', correlation };
  const [filter] = r.filters;
  if (filter) return { ok: true, kind: 'filter', filter };
  return { ok: true, kind: 'rule', rule: r.rules[0]!, lineOffset: offset };
}

/**
 * Compiles a parsed detection rule (possibly with filters folded in); lines refer to the original
 * file. `opts.placeholders` are the values of `expand`'s placeholders (`detect.placeholders`).
 */
export function compileParsedRule(
  rule: SigmaRule,
  lineOffset: number,
  pipelines: Pipelines,
  opts: CompileOptions = {},
): CompiledDocument {
  const c = compileRule(rule, pipelines, opts);
  if (c.ok) return { ok: true, rule: c.compiled };
  // Lines inside the parsed text are relative to the document's own text.
  return { ok: false, stage: 'compile', line: c.line + lineOffset, column: 1, reason: c.reason };
}

export function loadRuleDocument(
  doc: DocumentText,
  pipelines: Pipelines,
  opts: CompileOptions = {},
): LoadedDocument {
  const parsed = parseRuleDocument(doc);
  if (!parsed.ok || parsed.kind !== 'rule') return parsed;
  const c = compileParsedRule(parsed.rule, parsed.lineOffset, pipelines, opts);
  return c.ok ? { ok: true, kind: 'rule', rule: c.rule } : c;
}
