/**
 * A Sigma file's text to the documents the checks look at: the positioned YAML tree of each
 * document (rule-collection `action: global/reset/repeat` merges applied, as the parser does),
 * the typed rule the parser built from it, and the parser's own errors as findings. A parser
 * error on a line where a finer check already reports an error is left out (same problem).
 */
import { LineCounter, parseAllDocuments } from 'yaml';
import type { SigmaRule } from '../sigma/model.ts';
import { parseSigmaDocument } from '../sigma/parse.ts';
import { deepMerge, entry, toYNode, type YNode } from '../sigma/ynode.ts';
import type { LintCode } from './codes.ts';
import { type DocumentKind, findingAt, type LintDocument, type LintFinding } from './types.ts';

export interface ParsedFile {
  documents: LintDocument[];
  /** The parser's errors, as findings (`sigma/yaml` or `sigma/invalid`). */
  parseFindings: LintFinding[];
  /** Every rule the parser accepted (also those of documents not matched to a tree). */
  rules: SigmaRule[];
}

function kindOf(node: YNode): DocumentKind {
  if (entry(node, 'detection') !== undefined) return 'rule';
  if (entry(node, 'correlation') !== undefined) return 'correlation';
  if (entry(node, 'filter') !== undefined) return 'filter';
  return 'unknown';
}

function idOf(node: YNode): string | undefined {
  const v = entry(node, 'id')?.value;
  return v?.kind === 'scalar' && typeof v.value === 'string' ? v.value : undefined;
}

/** The merged document maps of a text, in order (documents with YAML errors are left out). */
function documentTrees(text: string): (YNode & { kind: 'map' })[] {
  const lc = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter: lc, prettyErrors: false });
  if (!Array.isArray(docs)) return [];
  const out: (YNode & { kind: 'map' })[] = [];
  let global: YNode | undefined;
  let previous: YNode | undefined;
  for (const doc of docs) {
    if (doc.errors.length > 0) continue;
    const start = lc.linePos(doc.range[0]);
    const node = toYNode(doc, lc, { line: start.line, column: start.col });
    if (node === undefined || node.kind !== 'map') continue;
    const action = entry(node, 'action')?.value;
    const body: YNode = { ...node, entries: node.entries.filter((e) => e.key !== 'action') };
    if (action?.kind === 'scalar') {
      if (action.value === 'global') global = global === undefined ? body : deepMerge(global, body);
      else if (action.value === 'reset') global = undefined;
      else if (action.value === 'repeat' && previous !== undefined) {
        previous = deepMerge(previous, body);
        if (previous.kind === 'map') out.push(previous);
      }
      continue;
    }
    previous = global === undefined ? body : deepMerge(global, body);
    if (previous.kind === 'map') out.push(previous);
  }
  return out;
}

/** Parses one file's text for linting. Never throws. */
export function parseForLint(text: string, file: string): ParsedFile {
  const parsed = parseSigmaDocument(text, file);
  const lines = text.split(/\r?\n/);
  let trees: (YNode & { kind: 'map' })[] = [];
  try {
    trees = documentTrees(text);
  } catch {
    // the parser has reported the problem already (as an internal error at worst)
  }
  const byLine = new Map<number, SigmaRule>();
  for (const r of parsed.rules) byLine.set(r.line, r);
  const documents = trees.map((node): LintDocument => {
    const kind = kindOf(node);
    return {
      file,
      node,
      kind,
      id: idOf(node),
      rule: kind === 'rule' ? byLine.get(node.pos.line) : undefined,
      lines,
    };
  });
  const parseFindings = parsed.errors.map((e) => {
    const code: LintCode = e.reason.startsWith('YAML:') ? 'sigma/yaml' : 'sigma/invalid';
    return findingAt({ file, id: e.ruleId }, code, e, e.reason);
  });
  return { documents, parseFindings, rules: parsed.rules };
}

/**
 * The parser's findings that no other finding already explains: an error of another check on
 * the same line of the same file stands for it.
 */
export function unexplained(parseFindings: LintFinding[], others: readonly LintFinding[]): LintFinding[] {
  const lines = new Set(others.filter((f) => f.severity === 'error').map((f) => `${f.file}\u0000${f.line}`));
  return parseFindings.filter((f) => !lines.has(`${f.file}\u0000${f.line}`));
}
