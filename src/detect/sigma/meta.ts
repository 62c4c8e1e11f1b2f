/**
 * Reading the metadata every Sigma document shares (title, id, status, level, dates, lists) and the
 * logsource, with typed checks; plus the small typed getters the other section parsers use.
 */

import type { Issue } from './detection.ts';
import type { Level, LogSource, RelationType, SigmaMeta, Status } from './model.ts';
import { entry, type YNode } from './ynode.ts';

const STATUSES: readonly Status[] = ['stable', 'test', 'experimental', 'deprecated', 'unsupported'];
const LEVELS: readonly Level[] = ['informational', 'low', 'medium', 'high', 'critical'];
export const RELATION_TYPES: readonly RelationType[] = [
  'derived',
  'obsolete',
  'merged',
  'renamed',
  'similar',
];
const DATE = /^(\d{4})[-/](\d{2})[-/](\d{2})$/;

/** A scalar as text (numbers and booleans as written), or undefined with an issue. */
export function text(node: YNode, what: string, issues: Issue[]): string | undefined {
  if (node.kind === 'scalar' && node.value !== null && typeof node.value !== 'object')
    return String(node.value);
  issues.push({ pos: node.pos, reason: `${what} must be a string` });
  return undefined;
}

export function optionalText(doc: YNode, key: string, issues: Issue[]): string | undefined {
  const e = entry(doc, key);
  if (e === undefined || (e.value.kind === 'scalar' && e.value.value === null)) return undefined;
  return text(e.value, key, issues);
}

/** A list of strings; a single string is taken as a list of one. */
export function textList(doc: YNode, key: string, issues: Issue[]): string[] {
  const e = entry(doc, key);
  if (e === undefined || (e.value.kind === 'scalar' && e.value.value === null)) return [];
  const items = e.value.kind === 'seq' ? e.value.items : [e.value];
  const out: string[] = [];
  for (const i of items) {
    const t = text(i, `an item of ${key}`, issues);
    if (t !== undefined) out.push(t);
  }
  return out;
}

function oneOf<T extends string>(
  doc: YNode,
  key: string,
  allowed: readonly T[],
  issues: Issue[],
): T | undefined {
  const v = optionalText(doc, key, issues);
  if (v === undefined) return undefined;
  if ((allowed as readonly string[]).includes(v)) return v as T;
  issues.push({
    pos: entry(doc, key)?.value.pos ?? doc.pos,
    reason: `${key} "${v}" is not one of ${allowed.join(', ')}`,
  });
  return undefined;
}

function date(doc: YNode, key: string, issues: Issue[]): string | undefined {
  const v = optionalText(doc, key, issues);
  if (v === undefined) return undefined;
  const m = DATE.exec(v);
  if (m !== null) return `${m[1]}-${m[2]}-${m[3]}`;
  issues.push({
    pos: entry(doc, key)?.value.pos ?? doc.pos,
    reason: `${key} "${v}" is not a date like 2024-05-31`,
  });
  return undefined;
}

/** The shared metadata; `title` is mandatory. */
export function parseMeta(doc: YNode, file: string, issues: Issue[]): SigmaMeta {
  const title = optionalText(doc, 'title', issues);
  if (title === undefined) issues.push({ pos: doc.pos, reason: 'title is missing' });
  else if (title.length > 256)
    issues.push({
      pos: entry(doc, 'title')?.value.pos ?? doc.pos,
      reason: 'title is longer than 256 characters',
    });
  const meta: SigmaMeta = {
    title: title ?? '',
    references: textList(doc, 'references', issues),
    tags: textList(doc, 'tags', issues),
    falsepositives: textList(doc, 'falsepositives', issues),
    file,
    line: doc.pos.line,
  };
  const optional = {
    id: optionalText(doc, 'id', issues),
    name: optionalText(doc, 'name', issues),
    status: oneOf(doc, 'status', STATUSES, issues),
    level: oneOf(doc, 'level', LEVELS, issues),
    description: optionalText(doc, 'description', issues),
    author: optionalText(doc, 'author', issues),
    date: date(doc, 'date', issues),
    modified: date(doc, 'modified', issues),
  };
  for (const [k, v] of Object.entries(optional)) if (v !== undefined) Object.assign(meta, { [k]: v });
  return meta;
}

/** The mandatory logsource: at least one of category, product, service. Extra keys are allowed. */
export function parseLogSource(doc: YNode, issues: Issue[]): LogSource | undefined {
  const e = entry(doc, 'logsource');
  if (e === undefined) {
    issues.push({ pos: doc.pos, reason: 'logsource is missing' });
    return undefined;
  }
  if (e.value.kind !== 'map') {
    issues.push({
      pos: e.value.pos,
      reason: 'logsource must be a map (category, product, service, definition)',
    });
    return undefined;
  }
  const ls: LogSource = {};
  for (const key of ['product', 'category', 'service', 'definition'] as const) {
    const v = optionalText(e.value, key, issues);
    if (v !== undefined) ls[key] = v;
  }
  if (ls.product === undefined && ls.category === undefined && ls.service === undefined) {
    issues.push({ pos: e.value.pos, reason: 'logsource needs at least one of category, product, service' });
  }
  return ls;
}
