/**
 * Checks across the whole set of documents linted together: ids and names are unique (the spec
 * says globally), and the rules a correlation or a filter names exist in the set.
 */
import { entry, type YNode } from '../sigma/ynode.ts';
import type { LintCode } from './codes.ts';
import { findingAt, type LintDocument, type LintFinding } from './types.ts';

function text(node: YNode | undefined): string | undefined {
  return node?.kind === 'scalar' && node.value !== null ? String(node.value) : undefined;
}

function where(doc: LintDocument): string {
  const title = text(entry(doc.node, 'title')?.value);
  return `${doc.file}:${doc.node.pos.line}${title === undefined ? '' : ` (${title})`}`;
}

function uniqueKey(docs: readonly LintDocument[], key: 'id' | 'name', code: LintCode): LintFinding[] {
  const first = new Map<string, LintDocument>();
  const out: LintFinding[] = [];
  for (const doc of docs) {
    const e = entry(doc.node, key);
    const v = text(e?.value);
    if (e === undefined || v === undefined) continue;
    const seen = first.get(v);
    if (seen === undefined) first.set(v, doc);
    else out.push(findingAt(doc, code, e.value.pos, `${key} ${v} is also the ${key} of ${where(seen)}`));
  }
  return out;
}

/** The `rules` list of a correlation or filter, with positions. */
function references(doc: LintDocument): YNode[] {
  const section = doc.kind === 'correlation' ? 'correlation' : doc.kind === 'filter' ? 'filter' : undefined;
  if (section === undefined) return [];
  const rules = entry(entry(doc.node, section)?.value ?? doc.node, 'rules')?.value;
  if (rules === undefined) return [];
  return rules.kind === 'seq' ? rules.items : [rules];
}

export function checkIdentity(docs: readonly LintDocument[]): LintFinding[] {
  const out = [
    ...uniqueKey(docs, 'id', 'sigma/duplicate-id'),
    ...uniqueKey(docs, 'name', 'sigma/duplicate-name'),
  ];
  const known = new Set<string>();
  for (const doc of docs) {
    for (const key of ['id', 'name']) {
      const v = text(entry(doc.node, key)?.value);
      if (v !== undefined) known.add(v);
    }
  }
  for (const doc of docs) {
    for (const ref of references(doc)) {
      const v = text(ref);
      if (v !== undefined && !known.has(v)) {
        out.push(
          findingAt(
            doc,
            'sigma/unknown-rule-reference',
            ref.pos,
            `${doc.kind} names rule "${v}", which is not among the documents linted together`,
          ),
        );
      }
    }
  }
  return out;
}
