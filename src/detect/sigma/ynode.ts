/**
 * A small positioned YAML tree (maps, sequences, scalars with their 1-based line and column), built
 * from the `yaml` package's documents. It lets the Sigma parser report exact locations and merge
 * rule-collection documents without losing them.
 */
import { type Document, isAlias, isMap, isPair, isScalar, isSeq, type LineCounter, type Node } from 'yaml';

export interface Pos {
  line: number;
  column: number;
}

export type YNode =
  | { kind: 'map'; pos: Pos; entries: YEntry[] }
  | { kind: 'seq'; pos: Pos; items: YNode[] }
  | { kind: 'scalar'; pos: Pos; value: string | number | boolean | null; plain: boolean };

export interface YEntry {
  key: string;
  keyPos: Pos;
  value: YNode;
}

/** Nodes one document may expand to (aliases included): a guard against alias bombs. */
const NODE_BUDGET = 200_000;

/**
 * Converts a parsed document's contents; `null` contents become a null scalar at `fallback`.
 * Returns undefined when alias expansion would exceed the node budget.
 */
export function toYNode(doc: Document, lc: LineCounter, fallback: Pos): YNode | undefined {
  const contents = doc.contents as Node | null;
  if (contents === null) return nullAt(fallback);
  const budget = { left: NODE_BUDGET };
  const node = convert(contents, doc, lc, fallback, 0, budget);
  return budget.left < 0 ? undefined : node;
}

function nullAt(pos: Pos): YNode {
  return { kind: 'scalar', pos, value: null, plain: true };
}

function posOf(node: Node, lc: LineCounter, fallback: Pos): Pos {
  const start = node.range?.[0];
  if (start === undefined) return fallback;
  const { line, col } = lc.linePos(start);
  return { line, column: col };
}

function convert(
  node: Node,
  doc: Document,
  lc: LineCounter,
  fallback: Pos,
  depth: number,
  budget: { left: number },
): YNode {
  const pos = posOf(node, lc, fallback);
  budget.left -= 1;
  if (depth > 100) budget.left = -1;
  if (budget.left < 0) return nullAt(pos);
  if (isAlias(node)) {
    const target = node.resolve(doc);
    return target === undefined ? nullAt(pos) : convert(target as Node, doc, lc, pos, depth + 1, budget);
  }
  if (isMap(node)) {
    const entries: YEntry[] = [];
    for (const pair of node.items) {
      if (!isPair(pair)) continue;
      const keyNode = pair.key as Node | null;
      const keyPos = keyNode === null ? pos : posOf(keyNode, lc, pos);
      const key = keyNode !== null && isScalar(keyNode) ? String(keyNode.value ?? '') : '';
      const valueNode = pair.value as Node | null;
      const value =
        valueNode === null ? nullAt(keyPos) : convert(valueNode, doc, lc, keyPos, depth + 1, budget);
      entries.push({ key, keyPos, value });
    }
    return { kind: 'map', pos, entries };
  }
  if (isSeq(node)) {
    const items = node.items.map((item) =>
      item === null ? nullAt(pos) : convert(item as Node, doc, lc, pos, depth + 1, budget),
    );
    return { kind: 'seq', pos, items };
  }
  if (isScalar(node)) {
    const v = node.value;
    const plain = node.type === 'PLAIN';
    if (typeof v === 'number' && Number.isInteger(v) && !Number.isSafeInteger(v)) {
      // Too large to keep exactly: keep the text as written.
      return { kind: 'scalar', pos, value: node.source ?? String(v), plain };
    }
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' || v === null) {
      return { kind: 'scalar', pos, value: v, plain };
    }
    return { kind: 'scalar', pos, value: String(v), plain };
  }
  return nullAt(pos);
}

/** The entry for `key` in a map node, if any. */
export function entry(node: YNode, key: string): YEntry | undefined {
  return node.kind === 'map' ? node.entries.find((e) => e.key === key) : undefined;
}

/**
 * Rule-collection merge: `over` deep-merged onto `base` (maps merge key by key, anything else is
 * replaced). Positions come from whichever side supplied the node.
 */
export function deepMerge(base: YNode, over: YNode): YNode {
  if (base.kind !== 'map' || over.kind !== 'map') return over;
  const entries = base.entries.map((e) => ({ ...e }));
  for (const o of over.entries) {
    const i = entries.findIndex((e) => e.key === o.key);
    const existing = i >= 0 ? entries[i] : undefined;
    if (existing === undefined) entries.push(o);
    else entries[i] = { key: o.key, keyPos: o.keyPos, value: deepMerge(existing.value, o.value) };
  }
  return { kind: 'map', pos: over.pos, entries };
}

/** A plain JS value of the node (for printing and round-trip tests). */
export function toPlain(node: YNode): unknown {
  if (node.kind === 'scalar') return node.value;
  if (node.kind === 'seq') return node.items.map(toPlain);
  return Object.fromEntries(node.entries.map((e) => [e.key, toPlain(e.value)]));
}
