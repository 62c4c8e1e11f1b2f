/**
 * Rule files to rule documents: one stand-alone Sigma document (rule, correlation or filter) per
 * stored rule, with its id, metadata and YAML text. A file of several documents (`---`) is split
 * into the text of each document (kept verbatim, with the line it starts on, so later errors can
 * be reported at the right line of the original file). A Sigma rule collection (`action: global`,
 * `repeat`, `reset`) is expanded into merged documents written out as YAML. Every problem is a
 * `SigmaError` naming the file, line and column.
 */
import { createHash } from 'node:crypto';
import { type Document, LineCounter, parseAllDocuments, stringify } from 'yaml';
import { SigmaError } from '../sigma/errors.ts';
import type { Level, SigmaMeta, Status } from '../sigma/model.ts';
import { parseSigmaDocument } from '../sigma/parse.ts';
import type { RuleSourceFile } from './sources.ts';

export type RuleKind = 'rule' | 'correlation' | 'filter';

export interface RuleDocument {
  /** The Sigma `id`, else its `name`, else an id derived from the source, path and position. */
  id: string;
  kind: RuleKind;
  title: string;
  status: Status | null;
  level: Level | null;
  tags: string[];
  /** The file inside its source. */
  path: string;
  /** 1-based line of the original file where `text` starts. */
  line: number;
  /** The YAML of this one document; parses alone to exactly one rule, correlation or filter. */
  text: string;
}

export interface SplitResult {
  documents: RuleDocument[];
  errors: SigmaError[];
}

/** A stable id for a document without `id` and `name`: the same file imported again gets the same id. */
export function derivedRuleId(source: string, path: string, index: number): string {
  const h = createHash('sha256').update(`${source}\0${path}\0${index}`).digest('hex');
  return `derived-${h.slice(0, 24)}`;
}

/** Parses one document's text and shifts its error lines by `lineOffset` (0 when it starts at line 1). */
export function parseOneDocument(text: string, file: string, lineOffset = 0) {
  const r = parseSigmaDocument(text, file);
  const shift = (e: SigmaError) =>
    lineOffset === 0
      ? e
      : new SigmaError({
          file: e.file,
          line: e.line + lineOffset,
          column: e.column,
          reason: e.reason,
          ...(e.ruleId !== undefined ? { ruleId: e.ruleId } : {}),
        });
  const items: { kind: RuleKind; meta: SigmaMeta }[] = [
    ...r.rules.map((meta) => ({ kind: 'rule' as const, meta })),
    ...r.correlations.map((meta) => ({ kind: 'correlation' as const, meta })),
    ...r.filters.map((meta) => ({ kind: 'filter' as const, meta })),
  ];
  return { ...r, items, errors: r.errors.map(shift) };
}

function isCollection(docs: readonly Document.Parsed[]): boolean {
  return docs.some((d) => {
    const c = d.contents as { get?: (k: string) => unknown } | null;
    return typeof c?.get === 'function' && c.get('action') !== undefined;
  });
}

/** Splits a file into its documents; `source` only feeds derived ids. */
export function splitRuleFile(file: RuleSourceFile, source: string): SplitResult {
  const out: SplitResult = { documents: [], errors: [] };
  const lc = new LineCounter();
  const docs = parseAllDocuments(file.text, { lineCounter: lc, prettyErrors: false });
  if (!Array.isArray(docs)) return out; // an empty file
  const pieces: { text: string; line: number }[] = [];
  const yamlErrors = docs.flatMap((d) => d.errors);
  if (yamlErrors.length > 0) {
    // A broken YAML stream: report where (the offset of each error), keep nothing of the file.
    for (const e of yamlErrors) {
      const at = lc.linePos(e.pos[0]);
      const reason = `YAML: ${e.message.split('\n')[0]}`;
      out.errors.push(new SigmaError({ file: file.path, line: at.line, column: at.col, reason }));
    }
    return out;
  }
  if (isCollection(docs)) {
    // The full parser reports the collection's errors against the original file.
    out.errors.push(...parseSigmaDocument(file.text, file.path).errors);
    for (const text of expandCollection(docs)) pieces.push({ text, line: 0 });
  } else if (docs.length === 1) {
    pieces.push({ text: file.text, line: 1 });
  } else {
    for (const d of docs) {
      if (d.contents === null) continue;
      // The document's range starts at its `---` marker; its contents' range at the first node.
      let start = (d.contents as { range: [number, number, number] }).range[0];
      const lineStart = file.text.lastIndexOf('\n', start - 1) + 1;
      if (/^[ \t]*$/.test(file.text.slice(lineStart, start))) start = lineStart;
      pieces.push({
        text: `${file.text.slice(start, d.range[2]).trimEnd()}\n`,
        line: lc.linePos(start).line,
      });
    }
  }
  pieces.forEach((piece, index) => {
    const r = parseOneDocument(piece.text, file.path, Math.max(0, piece.line - 1));
    // A collection's errors were reported above, against the original file.
    if (piece.line > 0) out.errors.push(...r.errors);
    const item = r.items[0];
    if (item === undefined || r.errors.length > 0) return;
    const m = item.meta;
    out.documents.push({
      id: m.id ?? m.name ?? derivedRuleId(source, file.path, index),
      kind: item.kind,
      title: m.title,
      status: m.status ?? null,
      level: m.level ?? null,
      tags: m.tags,
      path: file.path,
      line: piece.line > 0 ? piece.line : m.line,
      text: piece.text,
    });
  });
  return out;
}

type Plain = Record<string, unknown>;
const isMap = (v: unknown): v is Plain => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The same merge as the parser's: maps merge key by key, anything else is replaced. */
function merge(base: unknown, over: unknown): unknown {
  if (!isMap(base) || !isMap(over)) return over;
  const out: Plain = { ...base };
  for (const [k, v] of Object.entries(over)) out[k] = k in out ? merge(out[k], v) : v;
  return out;
}

/** The documents of a rule collection, each merged with its `global` and written out as YAML. */
function expandCollection(docs: readonly Document.Parsed[]): string[] {
  const out: string[] = [];
  let global: Plain | undefined;
  let previous: unknown;
  for (const d of docs) {
    const value: unknown = d.toJS({ maxAliasCount: 100 });
    if (!isMap(value)) continue;
    const { action, ...body } = value;
    if (action === 'global') {
      global = global === undefined ? body : (merge(global, body) as Plain);
      continue;
    }
    if (action === 'reset') {
      global = undefined;
      continue;
    }
    if (action === 'repeat') {
      if (previous === undefined) continue;
      previous = merge(previous, body);
    } else if (action !== undefined) continue;
    else previous = global === undefined ? body : merge(global, body);
    out.push(stringify(previous, { lineWidth: 0 }));
  }
  return out;
}
