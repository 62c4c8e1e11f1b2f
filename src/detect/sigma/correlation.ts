/**
 * Correlation rules (`correlation:` — event_count, value_count, value_sum/avg/percentile, temporal,
 * temporal_ordered) and filter rules (`filter:` — rules + selection + condition), parsed into typed
 * models with their requirements checked. Rule references are resolved later, at load.
 */
import { type Issue, parseDetection } from './detection.ts';
import { optionalText, textList } from './meta.ts';
import type {
  CompareOp,
  CorrelationCondition,
  CorrelationType,
  Detection,
  SigmaCorrelation,
  SigmaMeta,
} from './model.ts';
import { entry, type YNode } from './ynode.ts';

export const CORRELATION_TYPES: readonly CorrelationType[] = [
  'event_count',
  'value_count',
  'value_sum',
  'value_avg',
  'value_percentile',
  'temporal',
  'temporal_ordered',
];
const COMPARE_OPS: readonly CompareOp[] = ['gt', 'gte', 'lt', 'lte', 'eq', 'neq'];
const UNIT_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** `30s`, `5m`, `1h`, `7d` in milliseconds, or undefined. */
export function parseTimespan(text: string): number | undefined {
  const m = /^(\d+)([smhd])$/.exec(text);
  if (m === null) return undefined;
  const n = Number(m[1]);
  return n > 0 ? n * (UNIT_MS[m[2] as string] as number) : undefined;
}

type CorrelationBody = Omit<SigmaCorrelation, keyof SigmaMeta>;

export function parseCorrelation(node: YNode, issues: Issue[]): CorrelationBody | undefined {
  if (node.kind !== 'map') {
    issues.push({
      pos: node.pos,
      reason: 'correlation must be a map (type, rules, group-by, timespan, condition)',
    });
    return undefined;
  }
  const before = issues.length;
  const typeText = optionalText(node, 'type', issues);
  let type: CorrelationType | undefined;
  if (typeText === undefined) issues.push({ pos: node.pos, reason: 'correlation type is missing' });
  else if ((CORRELATION_TYPES as readonly string[]).includes(typeText)) type = typeText as CorrelationType;
  else {
    issues.push({
      pos: entry(node, 'type')?.value.pos ?? node.pos,
      reason: `correlation type "${typeText}" is not one of ${CORRELATION_TYPES.join(', ')}`,
    });
  }
  const rules = textList(node, 'rules', issues);
  if (rules.length === 0) issues.push({ pos: node.pos, reason: 'correlation needs rules (ids or names)' });
  const temporal = type === 'temporal' || type === 'temporal_ordered';
  if (temporal && rules.length === 1) {
    issues.push({
      pos: entry(node, 'rules')?.value.pos ?? node.pos,
      reason: `a ${type} correlation needs two or more rules`,
    });
  }
  const groupBy = textList(node, 'group-by', issues);
  const spanText = optionalText(node, 'timespan', issues);
  const millis = spanText === undefined ? undefined : parseTimespan(spanText);
  if (spanText === undefined) issues.push({ pos: node.pos, reason: 'correlation timespan is missing' });
  else if (millis === undefined) {
    issues.push({
      pos: entry(node, 'timespan')?.value.pos ?? node.pos,
      reason: `timespan "${spanText}" is not a duration like 30s, 5m, 1h or 1d`,
    });
  }
  const condEntry = entry(node, 'condition');
  const condition = condEntry === undefined ? undefined : parseCompare(condEntry.value, issues);
  if (condEntry === undefined && type !== undefined && !temporal) {
    issues.push({ pos: node.pos, reason: `a ${type} correlation needs a condition (like gte: 10)` });
  }
  if (condition !== undefined && type !== undefined) {
    const needsField = type.startsWith('value_');
    if (needsField && condition.fields.length === 0) {
      issues.push({
        pos: condEntry?.value.pos ?? node.pos,
        reason: `a ${type} correlation needs condition.field`,
      });
    } else if (!needsField && condition.fields.length > 0) {
      issues.push({
        pos: condEntry?.value.pos ?? node.pos,
        reason: `a ${type} correlation takes no condition.field`,
      });
    }
  }
  const aliases = parseAliases(entry(node, 'aliases')?.value, issues);
  const genNode = entry(node, 'generate')?.value;
  let generate = false;
  if (genNode !== undefined) {
    if (genNode.kind === 'scalar' && typeof genNode.value === 'boolean') generate = genNode.value;
    else issues.push({ pos: genNode.pos, reason: 'generate must be true or false' });
  }
  if (issues.length > before || type === undefined || spanText === undefined || millis === undefined)
    return undefined;
  const body: CorrelationBody = {
    type,
    rules,
    groupBy,
    timespan: { text: spanText, millis },
    aliases,
    generate,
  };
  if (condition !== undefined) body.condition = condition;
  return body;
}

function parseCompare(node: YNode, issues: Issue[]): CorrelationCondition | undefined {
  if (node.kind !== 'map') {
    issues.push({
      pos: node.pos,
      reason: 'a correlation condition is a map like {gte: 10} (with field: for value_*)',
    });
    return undefined;
  }
  const out: CorrelationCondition = { compare: [], fields: [] };
  for (const e of node.entries) {
    if (e.key === 'field') {
      out.fields = textList(node, 'field', issues);
      continue;
    }
    if (!(COMPARE_OPS as readonly string[]).includes(e.key)) {
      issues.push({
        pos: e.keyPos,
        reason: `"${e.key}" is not a condition operator (${COMPARE_OPS.join(', ')}, field)`,
      });
      continue;
    }
    if (e.value.kind !== 'scalar' || typeof e.value.value !== 'number') {
      issues.push({ pos: e.value.pos, reason: `condition ${e.key} needs a number` });
      continue;
    }
    out.compare.push({ op: e.key as CompareOp, value: e.value.value });
  }
  if (out.compare.length === 0) {
    issues.push({
      pos: node.pos,
      reason: 'a correlation condition needs a comparison (gt, gte, lt, lte, eq, neq)',
    });
    return undefined;
  }
  return out;
}

function parseAliases(node: YNode | undefined, issues: Issue[]): Map<string, Map<string, string>> {
  const out = new Map<string, Map<string, string>>();
  if (node === undefined || (node.kind === 'scalar' && node.value === null)) return out;
  if (node.kind !== 'map') {
    issues.push({ pos: node.pos, reason: 'aliases must map alias names to {rule name: field}' });
    return out;
  }
  for (const a of node.entries) {
    if (a.value.kind !== 'map' || a.value.entries.length === 0) {
      issues.push({ pos: a.value.pos, reason: `alias "${a.key}" must map rule names to field names` });
      continue;
    }
    const fields = new Map<string, string>();
    for (const r of a.value.entries) {
      const v = r.value;
      if (v.kind === 'scalar' && typeof v.value === 'string' && v.value !== '') fields.set(r.key, v.value);
      else issues.push({ pos: v.pos, reason: `alias "${a.key}" for rule "${r.key}" needs a field name` });
    }
    out.set(a.key, fields);
  }
  return out;
}

/** The `filter:` section of a filter rule: `rules` plus searches and a condition. */
export function parseFilter(
  node: YNode,
  issues: Issue[],
): { rules: string[]; detection: Detection } | undefined {
  if (node.kind !== 'map') {
    issues.push({ pos: node.pos, reason: 'filter must be a map (rules, searches, condition)' });
    return undefined;
  }
  const rules = textList(node, 'rules', issues);
  if (rules.length === 0)
    issues.push({ pos: node.pos, reason: 'filter needs rules (ids or names) to apply to' });
  const detection = parseDetection(node, issues, ['rules']);
  return detection === undefined || rules.length === 0 ? undefined : { rules, detection };
}
