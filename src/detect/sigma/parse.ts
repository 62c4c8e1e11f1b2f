/**
 * Sigma YAML text to typed rules, correlations and filters. A file may hold several documents
 * (`---`): independent rules (e.g. a correlation and the rules it uses), or a Sigma rule collection,
 * which is supported: `action: global` deep-merges into every following document until
 * `action: reset`, and `action: repeat` deep-merges onto the previous document. Never throws; every
 * problem becomes a SigmaError with file, line and column.
 */
import { LineCounter, parseAllDocuments } from 'yaml';
import { parseCorrelation, parseFilter } from './correlation.ts';
import { type Issue, parseDetection } from './detection.ts';
import { SigmaError } from './errors.ts';
import { parseBlockYaml } from './fastyaml.ts';
import { parseLogSource, parseMeta, RELATION_TYPES, textList } from './meta.ts';
import type { Related, RelationType, SigmaCorrelation, SigmaFilter, SigmaRule } from './model.ts';
import { deepMerge, entry, toYNode, type YNode } from './ynode.ts';

export interface ParseResult {
  rules: SigmaRule[];
  correlations: SigmaCorrelation[];
  filters: SigmaFilter[];
  errors: SigmaError[];
}

export function parseSigmaDocument(text: string, file: string): ParseResult {
  const out: ParseResult = { rules: [], correlations: [], filters: [], errors: [] };
  try {
    parseInto(text, file, out);
  } catch (e) {
    // A bug of ours, not the author's: still reported as a located error rather than thrown.
    const reason = `internal error while parsing: ${e instanceof Error ? e.message : String(e)}`;
    out.errors.push(new SigmaError({ file, line: 1, column: 1, reason }));
  }
  return out;
}

function parseInto(text: string, file: string, out: ParseResult): void {
  // most Sigma files are one document in plain block YAML: read those without the full parser
  const fast = parseBlockYaml(text);
  if (fast !== undefined) {
    handleDocument(fast, file, out, { global: undefined, previous: undefined });
    return;
  }
  const lc = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter: lc, prettyErrors: false });
  if (!Array.isArray(docs)) return; // an empty stream
  const state: CollectionState = { global: undefined, previous: undefined };
  for (const doc of docs) {
    if (doc.errors.length > 0) {
      for (const err of doc.errors) {
        const at = err.linePos?.[0] ?? { line: 1, col: 1 };
        out.errors.push(
          new SigmaError({ file, line: at.line, column: at.col, reason: `YAML: ${firstLine(err.message)}` }),
        );
      }
      continue;
    }
    const start = lc.linePos(doc.range[0]);
    const node = toYNode(doc, lc, { line: start.line, column: start.col });
    if (node === undefined) {
      const reason = 'the document is too large or too deeply nested once its aliases are expanded';
      out.errors.push(new SigmaError({ file, line: start.line, column: start.col, reason }));
      continue;
    }
    handleDocument(node, file, out, state);
  }
}

/** The rule-collection state carried from one document of a file to the next. */
interface CollectionState {
  global: YNode | undefined;
  previous: YNode | undefined;
}

function handleDocument(node: YNode, file: string, out: ParseResult, state: CollectionState): void {
  if (node.kind === 'scalar' && node.value === null) return; // an empty document
  if (node.kind !== 'map') {
    out.errors.push(new SigmaError({ file, ...node.pos, reason: 'a Sigma document must be a map of keys' }));
    return;
  }
  const actionEntry = entry(node, 'action');
  const action = actionEntry?.value.kind === 'scalar' ? actionEntry.value.value : undefined;
  const body: YNode = { ...node, entries: node.entries.filter((e) => e.key !== 'action') };
  if (actionEntry !== undefined) {
    if (action === 'global') {
      state.global = state.global === undefined ? body : deepMerge(state.global, body);
      return;
    }
    if (action === 'reset') {
      state.global = undefined;
      return;
    }
    if (action === 'repeat') {
      if (state.previous === undefined) {
        out.errors.push(
          new SigmaError({
            file,
            ...actionEntry.keyPos,
            reason: '"action: repeat" has no previous document to repeat',
          }),
        );
        return;
      }
      state.previous = deepMerge(state.previous, body);
    } else {
      out.errors.push(
        new SigmaError({
          file,
          ...actionEntry.value.pos,
          reason: `action "${String(action)}" is not one of global, reset, repeat`,
        }),
      );
      return;
    }
  } else state.previous = state.global === undefined ? body : deepMerge(state.global, body);
  parseOne(state.previous, file, out);
}

function firstLine(s: string): string {
  return s.split('\n')[0] ?? s;
}

function parseOne(doc: YNode, file: string, out: ParseResult): void {
  const issues: Issue[] = [];
  const meta = parseMeta(doc, file, issues);
  const correlation = entry(doc, 'correlation');
  const filter = entry(doc, 'filter');
  const detection = entry(doc, 'detection');
  const kinds = [correlation, filter, detection].filter((e) => e !== undefined).map((e) => e.key);
  if (kinds.length === 0) {
    issues.push({ pos: doc.pos, reason: 'the document has no detection, correlation or filter section' });
  } else if (kinds.length > 1) {
    issues.push({
      pos: doc.pos,
      reason: `the document has both ${kinds.join(' and ')}; a document is one of them`,
    });
  } else if (correlation !== undefined) {
    const body = parseCorrelation(correlation.value, issues);
    if (body !== undefined && issues.length === 0) out.correlations.push({ ...meta, ...body });
  } else if (filter !== undefined) {
    const logsource = parseLogSource(doc, issues);
    const body = parseFilter(filter.value, issues);
    if (body !== undefined && logsource !== undefined && issues.length === 0) {
      out.filters.push({ ...meta, logsource, ...body });
    }
  } else if (detection !== undefined) {
    const logsource = parseLogSource(doc, issues);
    const det = parseDetection(detection.value, issues);
    const related = parseRelated(doc, issues);
    const fields = textList(doc, 'fields', issues);
    if (det !== undefined && logsource !== undefined && issues.length === 0) {
      out.rules.push({ ...meta, logsource, detection: det, fields, related });
    }
  }
  for (const i of issues) {
    const init = { file, line: i.pos.line, column: i.pos.column, reason: i.reason };
    out.errors.push(new SigmaError(meta.id === undefined ? init : { ...init, ruleId: meta.id }));
  }
}

function parseRelated(doc: YNode, issues: Issue[]): Related[] {
  const e = entry(doc, 'related');
  if (e === undefined || (e.value.kind === 'scalar' && e.value.value === null)) return [];
  if (e.value.kind !== 'seq') {
    issues.push({ pos: e.value.pos, reason: 'related must be a list of {id, type}' });
    return [];
  }
  const out: Related[] = [];
  for (const item of e.value.items) {
    const id = entry(item, 'id')?.value;
    const type = entry(item, 'type')?.value;
    const idText = id?.kind === 'scalar' && typeof id.value === 'string' ? id.value : undefined;
    const typeText = type?.kind === 'scalar' && typeof type.value === 'string' ? type.value : undefined;
    if (
      idText === undefined ||
      typeText === undefined ||
      !(RELATION_TYPES as readonly string[]).includes(typeText)
    ) {
      issues.push({
        pos: item.pos,
        reason: `a related entry needs an id and a type (${RELATION_TYPES.join(', ')})`,
      });
    } else out.push({ id: idText, type: typeText as RelationType });
  }
  return out;
}
