/**
 * Why a rule did or did not match one event, for people reading a failed sample: whether the
 * event is in the rule's logsource (and the values the routing looked at), which searches
 * matched and with which fields, and the first item of the first needed search that the event
 * fails, next to the event's values for it.
 */

import { describeLogsource } from '../engine/compile.ts';
import { compileSearch } from '../engine/condition.ts';
import { compileItem, type ItemContext } from '../engine/item.ts';
import type { CompiledRule, CompileOptions, EventRecord, MatchedField } from '../engine/types.ts';
import { searchUse } from '../lint/polarity.ts';
import {
  conditionFields,
  evaluateCondition,
  keywordFields,
  mapField,
  type Pipelines,
} from '../pipelines/index.ts';
import type { DetectionItem, SigmaRule, SigmaValue } from '../sigma/model.ts';
import { printSigmaString } from '../sigma/values.ts';

export interface SearchOutcome {
  name: string;
  /** Whether the condition needs it to match (false: a filter used under `not`). */
  needed: boolean;
  matched: boolean;
  fields: MatchedField[];
}

export interface UnmatchedItem {
  search: string;
  /** The item as written: `CommandLine|contains`. */
  item: string;
  values: string[];
  /** The event fields the item reads, with the event's values (absent ones left out). */
  eventFields: MatchedField[];
}

export interface Explanation {
  /** False when the event is outside the rule's logsource (then nothing else is evaluated). */
  inLogsource: boolean;
  logsource: string;
  /** The fields the logsource routing reads. */
  routedOn: string[];
  /** Those of them the event has, with its values. */
  routingFields: MatchedField[];
  searches: SearchOutcome[];
  firstUnmatched?: UnmatchedItem;
}

function valueText(v: SigmaValue): string {
  switch (v.kind) {
    case 'string':
      return printSigmaString(v.parts);
    case 'number':
    case 'boolean':
      return String(v.value);
    case 'null':
      return 'null';
    case 're':
      return v.pattern;
    case 'cidr':
      return `${v.network}/${v.prefix}`;
    default:
      return v.field;
  }
}

function present(event: EventRecord, fields: readonly string[]): MatchedField[] {
  return fields
    .filter((f) => event[f] !== undefined && event[f] !== null)
    .map((f) => ({ field: f, value: event[f] }));
}

function itemsOf(rule: SigmaRule, search: string): DetectionItem[] {
  const s = rule.detection.searches.get(search);
  if (s === undefined) return [];
  return s.kind === 'keywords' ? [s.item] : s.maps.flat();
}

/** Explains `compiled` (the compiled form of `rule`, with the same `opts`) on `event`. */
export function explainMatch(
  rule: SigmaRule,
  compiled: CompiledRule,
  event: EventRecord,
  pipelines: Pipelines,
  opts: CompileOptions = {},
): Explanation {
  const logsource = describeLogsource(rule.logsource);
  const routedOn = conditionFields(compiled.logsourceCondition);
  const routingFields = present(event, routedOn);
  const inLogsource = evaluateCondition(compiled.logsourceCondition, event);
  const out: Explanation = { inLogsource, logsource, routedOn, routingFields, searches: [] };
  if (!inLogsource) return out;
  const keywords = keywordFields(pipelines, rule.logsource);
  const ctx: ItemContext = {
    placeholders: opts.placeholders ?? {},
    mapField: (name) => mapField(pipelines, rule.logsource, name) ?? `field "${name}" is not mapped`,
    keywordFields: keywords,
  };
  const use = searchUse(rule);
  for (const name of [...use.positive, ...use.negative]) {
    const search = rule.detection.searches.get(name);
    if (search === undefined) continue;
    const c = compileSearch(search, ctx);
    const fields: MatchedField[] = [];
    const matched = c.ok && c.matcher.test(event, fields);
    out.searches.push({ name, needed: use.positive.includes(name), matched, fields: matched ? fields : [] });
  }
  const first = out.searches.find((s) => s.needed && !s.matched);
  if (first === undefined) return out;
  for (const item of itemsOf(rule, first.name)) {
    const c = compileItem(item, ctx);
    if (c.ok && c.matcher.test(event, null)) continue;
    const targets = item.field === null ? keywords : (mapField(pipelines, rule.logsource, item.field) ?? []);
    out.firstUnmatched = {
      search: first.name,
      item: [item.field ?? 'keywords', ...item.modifiers].join('|'),
      values: item.values.map(valueText),
      eventFields: present(event, targets),
    };
    break;
  }
  return out;
}
