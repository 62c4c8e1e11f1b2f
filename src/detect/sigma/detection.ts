/**
 * The `detection` section: search identifiers (maps of `field|modifiers: values`, lists of maps,
 * keyword lists) into typed searches, each value converted and checked against its modifiers, and
 * the condition(s) parsed against the searches. Problems are appended to `issues`.
 */
import RE2 from 're2';
import { parseCondition } from './condition.ts';
import type { ConditionNode, Detection, DetectionItem, Search, SigmaValue } from './model.ts';
import {
  COMPARE_MODIFIERS,
  checkModifiers,
  type ModifierName,
  STRING_MODIFIERS,
  TIME_MODIFIERS,
  TIME_RANGES,
} from './modifiers.ts';
import { parseCidr, parseSigmaString } from './values.ts';
import type { Pos, YNode } from './ynode.ts';

export interface Issue {
  pos: Pos;
  reason: string;
}

const TIMEFRAME = /^\d+[smhdMy]$/;

/** Parses a detection map; `reserved` keys (like a filter's `rules`) are skipped. */
export function parseDetection(
  node: YNode,
  issues: Issue[],
  reserved: readonly string[] = [],
): Detection | undefined {
  if (node.kind !== 'map') {
    issues.push({ pos: node.pos, reason: 'detection must be a map of search identifiers and a condition' });
    return undefined;
  }
  const before = issues.length;
  const searches = new Map<string, Search>();
  let conditionNode: YNode | undefined;
  let timeframe: string | undefined;
  for (const e of node.entries) {
    if (reserved.includes(e.key)) continue;
    if (e.key === 'condition') conditionNode = e.value;
    else if (e.key === 'timeframe') {
      const v = e.value;
      if (v.kind === 'scalar' && typeof v.value === 'string' && TIMEFRAME.test(v.value)) timeframe = v.value;
      else issues.push({ pos: v.pos, reason: 'timeframe must be a duration like 30s, 5m, 1h or 1d' });
    } else {
      const s = parseSearch(e.value, issues);
      if (s !== undefined) searches.set(e.key, s);
    }
  }
  if (conditionNode === undefined) {
    issues.push({ pos: node.pos, reason: 'detection has no condition' });
    return undefined;
  }
  if (searches.size === 0 && issues.length === before) {
    issues.push({ pos: node.pos, reason: 'detection defines no search identifier' });
    return undefined;
  }
  const names = node.entries
    .map((e) => e.key)
    .filter((k) => k !== 'condition' && k !== 'timeframe' && !reserved.includes(k));
  const condition = parseConditions(conditionNode, names, issues);
  if (condition === undefined || issues.length > before) return undefined;
  return timeframe === undefined ? { searches, condition } : { searches, condition, timeframe };
}

function parseConditions(node: YNode, names: string[], issues: Issue[]): ConditionNode[] | undefined {
  const items = node.kind === 'seq' ? node.items : [node];
  if (items.length === 0) {
    issues.push({ pos: node.pos, reason: 'the condition list is empty' });
    return undefined;
  }
  const out: ConditionNode[] = [];
  for (const item of items) {
    if (item.kind !== 'scalar' || typeof item.value !== 'string') {
      issues.push({ pos: item.pos, reason: 'a condition must be a string' });
      continue;
    }
    const r = parseCondition(item.value, names);
    if (r.ok) out.push(r.node);
    else {
      const single = !item.value.includes('\n');
      const column = single ? item.pos.column + (item.plain ? 0 : 1) + r.column - 1 : item.pos.column;
      issues.push({
        pos: { line: item.pos.line, column },
        reason: `condition "${item.value}", column ${r.column}: ${r.reason}`,
      });
    }
  }
  return out.length === items.length ? out : undefined;
}

function parseSearch(node: YNode, issues: Issue[]): Search | undefined {
  const line = node.pos.line;
  if (node.kind === 'map') {
    const items = parseMap(node, issues);
    return items === undefined ? undefined : { kind: 'maps', maps: [items], line };
  }
  if (node.kind === 'scalar') {
    if (node.value === null) {
      issues.push({ pos: node.pos, reason: 'the search is empty' });
      return undefined;
    }
    const item = parseItem(null, [], [node], node.pos, issues);
    return item === undefined ? undefined : { kind: 'keywords', item, line };
  }
  if (node.items.length === 0) {
    issues.push({ pos: node.pos, reason: 'the search is an empty list' });
    return undefined;
  }
  if (node.items.every((i) => i.kind === 'map')) {
    const maps: DetectionItem[][] = [];
    for (const m of node.items) {
      const items = parseMap(m, issues);
      if (items !== undefined) maps.push(items);
    }
    return maps.length === node.items.length ? { kind: 'maps', maps, line } : undefined;
  }
  if (node.items.every((i) => i.kind === 'scalar')) {
    const item = parseItem(null, [], node.items, node.pos, issues);
    return item === undefined ? undefined : { kind: 'keywords', item, line };
  }
  issues.push({ pos: node.pos, reason: 'a search list must hold only maps or only keywords' });
  return undefined;
}

function parseMap(node: YNode, issues: Issue[]): DetectionItem[] | undefined {
  if (node.kind !== 'map') return undefined;
  if (node.entries.length === 0) {
    issues.push({ pos: node.pos, reason: 'the search map is empty' });
    return undefined;
  }
  const out: DetectionItem[] = [];
  for (const e of node.entries) {
    const [field = '', ...mods] = e.key.split('|');
    const v = e.value;
    let values: YNode[];
    if (v.kind === 'map') {
      issues.push({
        pos: v.pos,
        reason: `the value of "${e.key}" must be a value or a list of values, not a map`,
      });
      continue;
    }
    if (v.kind === 'seq') {
      const bad = v.items.find((i) => i.kind !== 'scalar');
      if (bad !== undefined) {
        issues.push({
          pos: bad.pos,
          reason: `the values of "${e.key}" must be plain values, not lists or maps`,
        });
        continue;
      }
      values = v.items;
    } else values = [v];
    const item = parseItem(field === '' ? null : field, mods, values, e.keyPos, issues);
    if (item !== undefined) out.push(item);
  }
  return out.length === node.entries.length ? out : undefined;
}

function parseItem(
  field: string | null,
  modNames: string[],
  valueNodes: YNode[],
  pos: Pos,
  issues: Issue[],
): DetectionItem | undefined {
  const check = checkModifiers(modNames);
  const where = field === null ? 'keyword' : `field "${field}"`;
  if (!check.ok) {
    issues.push({ pos, reason: `${where}: ${check.reason}` });
    return undefined;
  }
  const modifiers = check.modifiers;
  if (valueNodes.length === 0) {
    issues.push({ pos, reason: `${where}: the value list is empty` });
    return undefined;
  }
  if (modifiers.includes('all') && valueNodes.length < 2) {
    issues.push({ pos, reason: `${where}: "all" needs a list of two or more values` });
    return undefined;
  }
  if (valueNodes.length > 1 && valueNodes.some((n) => n.kind === 'scalar' && n.value === null)) {
    issues.push({ pos, reason: `${where}: null cannot be part of a list; put it in its own search` });
    return undefined;
  }
  if (modifiers.includes('exists') && valueNodes.length !== 1) {
    issues.push({ pos, reason: `${where}: "exists" takes a single true or false` });
    return undefined;
  }
  const values: SigmaValue[] = [];
  for (const n of valueNodes) {
    if (n.kind !== 'scalar') continue;
    const v = convertValue(n.value, modifiers, field === null);
    if (typeof v === 'string') issues.push({ pos: n.pos, reason: `${where}: ${v}` });
    else values.push(v);
  }
  if (values.length !== valueNodes.length) return undefined;
  return { field, modifiers, values, line: pos.line };
}

type Scalar = string | number | boolean | null;

/** Converts one scalar under a validated modifier chain; a string result is the reason it fails. */
export function convertValue(
  raw: Scalar,
  mods: readonly ModifierName[],
  keyword: boolean,
): SigmaValue | string {
  const shown = JSON.stringify(raw);
  if (mods.includes('exists')) {
    if (keyword) return '"exists" needs a field name';
    return typeof raw === 'boolean'
      ? { kind: 'boolean', value: raw }
      : `"exists" takes true or false, not ${shown}`;
  }
  if (raw === null) {
    return mods.length === 0 ? { kind: 'null' } : `null takes no modifiers (found "${mods.join('|')}")`;
  }
  const compare = mods.some((m) => COMPARE_MODIFIERS.includes(m));
  const time = mods.find((m) => TIME_MODIFIERS.includes(m));
  if (compare || time !== undefined) {
    if (keyword) return `"${mods.join('|')}" needs a field name`;
    if (typeof raw !== 'number') return `"${mods.join('|')}" needs a number, not ${shown}`;
    const range = time === undefined ? undefined : TIME_RANGES[time];
    if (!compare && range !== undefined && (raw < range[0] || raw > range[1] || !Number.isInteger(raw))) {
      return `"${time}" values are whole numbers from ${range[0]} to ${range[1]}, not ${raw}`;
    }
    return { kind: 'number', value: raw };
  }
  if (typeof raw === 'boolean' && mods.some((m) => m !== 'all' && m !== 'neq')) {
    return `a boolean cannot take the modifiers "${mods.join('|')}"`;
  }
  const text = typeof raw === 'string' ? raw : String(raw);
  if (mods.includes('re')) {
    try {
      // checked by the engine that runs it (inline flags, named groups (?P<n>...) work there)
      new RE2(text);
    } catch (e) {
      return `invalid regular expression ${shown}, or not supported by the linear-time engine (RE2: no look-around, no back-references): ${e instanceof Error ? e.message : String(e)}`;
    }
    return { kind: 're', pattern: text };
  }
  if (mods.includes('cidr')) return parseCidr(text);
  if (mods.includes('fieldref')) {
    if (keyword) return '"fieldref" needs a field name';
    return text === '' ? '"fieldref" needs a field name as its value' : { kind: 'fieldref', field: text };
  }
  // a keyword is text searched in the event, whatever YAML type it was written as (`- 4688`)
  if (typeof raw === 'string' || keyword || mods.some((m) => STRING_MODIFIERS.includes(m))) {
    return { kind: 'string', parts: parseSigmaString(text, mods.includes('expand')) };
  }
  return typeof raw === 'number' ? { kind: 'number', value: raw } : { kind: 'boolean', value: raw };
}
