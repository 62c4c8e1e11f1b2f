/**
 * The detection section against the spec: value modifiers (known names, valid chains), the
 * condition (it parses, and names only searches that exist), and searches the condition never
 * uses. Works on the positioned YAML, so it reports even when the parser refused the rule, and
 * points at the modifier or the condition column itself.
 */
import { parseCondition } from '../sigma/condition.ts';
import type { ConditionNode } from '../sigma/model.ts';
import { checkModifiers, MODIFIER_NAMES } from '../sigma/modifiers.ts';
import { entry, type Pos, type YEntry, type YNode } from '../sigma/ynode.ts';
import { didYouMean } from './suggest.ts';
import { findingAt, type LintDocument, type LintFinding } from './types.ts';

const KNOWN_MODIFIERS = new Set<string>(MODIFIER_NAMES);

/** The detection map of a rule (`detection`) or a filter (`filter`, whose `rules` key is not a search). */
function detectionOf(doc: LintDocument): { node: YNode; reserved: string[] } | undefined {
  if (doc.kind === 'rule') {
    const d = entry(doc.node, 'detection');
    return d === undefined ? undefined : { node: d.value, reserved: [] };
  }
  if (doc.kind === 'filter') {
    const f = entry(doc.node, 'filter');
    return f === undefined ? undefined : { node: f.value, reserved: ['rules'] };
  }
  return undefined;
}

/** The field entries of a search (a map, or a list of maps); keyword lists have none. */
function fieldEntries(search: YNode): YEntry[] {
  if (search.kind === 'map') return search.entries;
  if (search.kind === 'seq') return search.items.flatMap((i) => (i.kind === 'map' ? i.entries : []));
  return [];
}

function checkModifierChain(doc: LintDocument, e: YEntry, out: LintFinding[]): void {
  const [, ...mods] = e.key.split('|');
  if (mods.length === 0) return;
  const lineText = doc.lines[e.keyPos.line - 1] ?? '';
  let cursor = e.keyPos.column - 1;
  let firstColumn = e.keyPos.column;
  let unknown = false;
  for (const [i, mod] of mods.entries()) {
    const at = lineText.indexOf(`|${mod}`, cursor);
    const column = at < 0 ? e.keyPos.column : at + 2;
    if (at >= 0) cursor = at + 1;
    if (i === 0) firstColumn = column;
    if (mod !== '' && !KNOWN_MODIFIERS.has(mod)) {
      unknown = true;
      out.push(
        findingAt(
          doc,
          'sigma/unknown-modifier',
          { line: e.keyPos.line, column },
          `unknown modifier "${mod}" in "${e.key}"${didYouMean(mod, KNOWN_MODIFIERS)}`,
        ),
      );
    }
  }
  if (unknown) return;
  const check = checkModifiers(mods);
  if (!check.ok) {
    out.push(
      findingAt(
        doc,
        'sigma/invalid-modifier-chain',
        { line: e.keyPos.line, column: firstColumn },
        `"${e.key}": ${check.reason}`,
      ),
    );
  }
}

function referenced(node: ConditionNode, into: Set<string>): void {
  switch (node.kind) {
    case 'search':
      into.add(node.name);
      return;
    case 'not':
      referenced(node.operand, into);
      return;
    case 'and':
    case 'or':
      for (const o of node.operands) referenced(o, into);
      return;
    default:
      for (const m of node.matches) into.add(m);
  }
}

function conditionColumn(item: YNode & { kind: 'scalar' }, text: string, column: number): Pos {
  const single = !text.includes('\n');
  return {
    line: item.pos.line,
    column: single ? item.pos.column + (item.plain ? 0 : 1) + column - 1 : item.pos.column,
  };
}

export function checkDetection(doc: LintDocument): LintFinding[] {
  const det = detectionOf(doc);
  if (det === undefined || det.node.kind !== 'map') return []; // the parser reports a missing or bad section
  const out: LintFinding[] = [];
  const searches = det.node.entries.filter(
    (e) => e.key !== 'condition' && e.key !== 'timeframe' && !det.reserved.includes(e.key),
  );
  for (const s of searches) for (const e of fieldEntries(s.value)) checkModifierChain(doc, e, out);

  const condition = entry(det.node, 'condition');
  if (condition === undefined) {
    out.push(findingAt(doc, 'sigma/missing-condition', det.node.pos, 'detection has no condition'));
    return out;
  }
  const names = searches.map((s) => s.key);
  const items = condition.value.kind === 'seq' ? condition.value.items : [condition.value];
  const used = new Set<string>();
  let allParsed = true;
  for (const item of items) {
    if (item.kind !== 'scalar' || typeof item.value !== 'string') {
      allParsed = false; // the parser reports a condition that is not a string
      continue;
    }
    const r = parseCondition(item.value, names);
    if (r.ok) {
      referenced(r.node, used);
      continue;
    }
    allParsed = false;
    const missing = /unknown search identifier|matches no search identifier/.test(r.reason);
    out.push(
      findingAt(
        doc,
        missing ? 'sigma/unknown-search' : 'sigma/condition-syntax',
        conditionColumn(item, item.value, r.column),
        `condition "${item.value}": ${r.reason}`,
      ),
    );
  }
  if (allParsed) {
    for (const s of searches) {
      if (!used.has(s.key)) {
        out.push(
          findingAt(doc, 'sigma/unused-search', s.keyPos, `search "${s.key}" is not used by the condition`),
        );
      }
    }
  }
  return out;
}
