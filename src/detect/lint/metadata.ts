/**
 * The metadata keys against the Sigma JSON schemas and the spec: title (mandatory, at most 256
 * characters), id (a UUID), status and level (the spec's values), date and modified
 * (YYYY-MM-DD, a real day, modified not before date), related ids, lists without repeats, and
 * the schema's other lengths.
 */
import { entry, type Pos, type YNode } from '../sigma/ynode.ts';
import type { LintCode } from './codes.ts';
import { didYouMean } from './suggest.ts';
import { findingAt, type LintDocument, type LintFinding } from './types.ts';

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const STATUSES = ['stable', 'test', 'experimental', 'deprecated', 'unsupported'];
const LEVELS = ['informational', 'low', 'medium', 'high', 'critical'];
const RELATION_TYPES = ['derived', 'obsolete', 'merged', 'renamed', 'similar'];
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const SLASH_DATE = /^(\d{4})\/(\d{2})\/(\d{2})$/;

type Emit = (code: LintCode, pos: Pos, message: string) => void;

function scalarText(node: YNode): string | undefined {
  return node.kind === 'scalar' && node.value !== null ? String(node.value) : undefined;
}

function isRealDay(y: string, m: string, d: string): boolean {
  const t = new Date(Date.UTC(Number(y), Number(m) - 1, Number(d)));
  return (
    t.getUTCFullYear() === Number(y) && t.getUTCMonth() === Number(m) - 1 && t.getUTCDate() === Number(d)
  );
}

/** The date as YYYY-MM-DD when it is one (a slash date counts, with a warning). */
function checkDate(doc: LintDocument, key: 'date' | 'modified', emit: Emit): string | undefined {
  const e = entry(doc.node, key);
  if (e === undefined) return undefined;
  const v = scalarText(e.value);
  if (v === undefined) return undefined; // not a string: the parser reports it
  const strict = DATE.exec(v);
  const slash = strict === null ? SLASH_DATE.exec(v) : null;
  const m = strict ?? slash;
  if (m === null || !isRealDay(m[1] as string, m[2] as string, m[3] as string)) {
    emit('sigma/invalid-date', e.value.pos, `${key} "${v}" is not a date like 2024-05-31 (YYYY-MM-DD)`);
    return undefined;
  }
  const iso = `${m[1]}-${m[2]}-${m[3]}`;
  if (slash !== null) emit('sigma/date-format', e.value.pos, `${key} "${v}": write it ${iso} (YYYY-MM-DD)`);
  return iso;
}

function checkChoice(doc: LintDocument, key: 'status' | 'level', allowed: string[], emit: Emit): void {
  const e = entry(doc.node, key);
  if (e === undefined) return;
  const v = scalarText(e.value);
  if (v === undefined || allowed.includes(v)) return;
  const code = key === 'status' ? 'sigma/invalid-status' : 'sigma/invalid-level';
  emit(code, e.value.pos, `${key} "${v}" is not one of ${allowed.join(', ')}${didYouMean(v, allowed)}`);
}

function checkDuplicates(doc: LintDocument, key: string, emit: Emit): void {
  const e = entry(doc.node, key);
  if (e?.value.kind !== 'seq') return;
  const seen = new Set<string>();
  for (const item of e.value.items) {
    const v = scalarText(item);
    if (v === undefined) continue;
    if (seen.has(v)) emit('sigma/duplicate-item', item.pos, `${key} lists "${v}" twice`);
    seen.add(v);
  }
}

function checkLength(doc: LintDocument, key: string, max: number, emit: Emit): void {
  const e = entry(doc.node, key);
  const v = e === undefined ? undefined : scalarText(e.value);
  if (e !== undefined && v !== undefined && v.length > max) {
    emit('sigma/schema', e.value.pos, `${key} is ${v.length} characters long; the limit is ${max}`);
  }
}

function checkRelated(doc: LintDocument, emit: Emit): void {
  const e = entry(doc.node, 'related');
  if (e?.value.kind !== 'seq') return;
  for (const item of e.value.items) {
    const id = entry(item, 'id');
    const type = entry(item, 'type');
    const idText = id === undefined ? undefined : scalarText(id.value);
    const typeText = type === undefined ? undefined : scalarText(type.value);
    if (id === undefined || idText === undefined || !UUID.test(idText)) {
      emit('sigma/invalid-related', id?.value.pos ?? item.pos, `related id "${idText ?? ''}" is not a UUID`);
    }
    if (typeText === undefined || !RELATION_TYPES.includes(typeText)) {
      emit(
        'sigma/invalid-related',
        type?.value.pos ?? item.pos,
        `related type "${typeText ?? ''}" is not one of ${RELATION_TYPES.join(', ')}${typeText === undefined ? '' : didYouMean(typeText, RELATION_TYPES)}`,
      );
    }
  }
}

function checkShortItems(doc: LintDocument, key: string, emit: Emit): void {
  const e = entry(doc.node, key);
  if (e === undefined) return;
  const items = e.value.kind === 'seq' ? e.value.items : [e.value];
  for (const item of items) {
    const v = scalarText(item);
    if (v !== undefined && v.trim().length < 2) {
      emit('sigma/schema', item.pos, `an item of ${key} must be at least 2 characters ("${v}")`);
    }
  }
}

export function checkMetadata(doc: LintDocument): LintFinding[] {
  const out: LintFinding[] = [];
  const emit: Emit = (code, pos, message) => out.push(findingAt(doc, code, pos, message));
  const title = entry(doc.node, 'title');
  const titleText = title === undefined ? undefined : scalarText(title.value);
  if (title === undefined) emit('sigma/missing-title', doc.node.pos, 'title is missing');
  else if (titleText !== undefined && titleText.trim() === '')
    emit('sigma/missing-title', title.value.pos, 'title is empty');
  else if (titleText !== undefined && titleText.length > 256) {
    emit(
      'sigma/title-length',
      title.value.pos,
      `title is ${titleText.length} characters long; the limit is 256`,
    );
  }
  const id = entry(doc.node, 'id');
  if (id === undefined) emit('sigma/missing-id', doc.node.pos, 'id is missing: give the rule a UUID (v4)');
  else {
    const v = scalarText(id.value);
    if (v !== undefined && !UUID.test(v)) emit('sigma/invalid-id', id.value.pos, `id "${v}" is not a UUID`);
  }
  checkChoice(doc, 'status', STATUSES, emit);
  checkChoice(doc, 'level', LEVELS, emit);
  const date = checkDate(doc, 'date', emit);
  const modified = checkDate(doc, 'modified', emit);
  if (date !== undefined && modified !== undefined && modified < date) {
    const pos = entry(doc.node, 'modified')?.value.pos ?? doc.node.pos;
    emit('sigma/modified-before-date', pos, `modified ${modified} is before date ${date}`);
  }
  checkRelated(doc, emit);
  for (const key of ['tags', 'references', 'fields', 'falsepositives']) checkDuplicates(doc, key, emit);
  checkLength(doc, 'name', 256, emit);
  checkLength(doc, 'taxonomy', 256, emit);
  checkLength(doc, 'description', 65535, emit);
  checkShortItems(doc, 'falsepositives', emit);
  checkShortItems(doc, 'scope', emit);
  return out;
}
