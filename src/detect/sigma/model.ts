/**
 * The typed model of parsed Sigma documents: detection rules, correlation rules and filters, with
 * their searches, values (wildcards, placeholders, regexes, CIDRs) and condition trees. The parse
 * stage produces these; matching and SQL compilation consume them. Nothing here does I/O.
 */
import type { ModifierName } from './modifiers.ts';

export type Modifier = ModifierName;

/** One part of a string value: literal text, a wildcard, or (with `expand`) a `%placeholder%`. */
export type StringPart = string | { wildcard: '*' | '?' } | { placeholder: string };

export type SigmaValue =
  /** A string; `*`/`?` are wildcards unless escaped, and placeholders exist only with `expand`. */
  | { kind: 'string'; parts: StringPart[] }
  | { kind: 'number'; value: number }
  | { kind: 'boolean'; value: boolean }
  | { kind: 'null' }
  /** The `re` modifier's pattern, kept verbatim (flags are the `i`/`m`/`s` modifiers). */
  | { kind: 're'; pattern: string }
  /** The `cidr` modifier's network; `network` is the text before the `/`. */
  | { kind: 'cidr'; network: string; prefix: number; version: 4 | 6 }
  /** The `fieldref` modifier's referenced field name. */
  | { kind: 'fieldref'; field: string };

export interface DetectionItem {
  /** The field name, or null for a keyword search (matches anywhere in the event). */
  field: string | null;
  modifiers: Modifier[];
  /** OR-ed, or AND-ed with the `all` modifier. */
  values: SigmaValue[];
  line: number;
}

export type Search =
  /** A list of maps (OR) of field items (AND); a single map is a list of one. */
  | { kind: 'maps'; maps: DetectionItem[][]; line: number }
  /** A list of keywords: one item with `field: null`. */
  | { kind: 'keywords'; item: DetectionItem; line: number };

export type ConditionNode =
  | { kind: 'search'; name: string }
  | { kind: 'not'; operand: ConditionNode }
  | { kind: 'and'; operands: ConditionNode[] }
  | { kind: 'or'; operands: ConditionNode[] }
  /** `1 of x*` / `all of x*` / `1 of them`; `matches` lists the resolved search names in order. */
  | { kind: 'of'; quantifier: 'one' | 'all'; pattern: string; matches: string[] };

export interface Detection {
  searches: Map<string, Search>;
  /** One or more conditions, OR-ed. */
  condition: ConditionNode[];
  /** The legacy `timeframe` (e.g. `30s`), kept as written. */
  timeframe?: string;
}

export interface LogSource {
  product?: string;
  category?: string;
  service?: string;
  definition?: string;
}

export type Status = 'stable' | 'test' | 'experimental' | 'deprecated' | 'unsupported';
export type Level = 'informational' | 'low' | 'medium' | 'high' | 'critical';
export type RelationType = 'derived' | 'obsolete' | 'merged' | 'renamed' | 'similar';

export interface Related {
  id: string;
  type: RelationType;
}

/** Metadata shared by rules, correlations and filters. */
export interface SigmaMeta {
  id?: string;
  name?: string;
  title: string;
  status?: Status;
  level?: Level;
  description?: string;
  author?: string;
  /** `YYYY-MM-DD` (a `YYYY/MM/DD` date is normalized). */
  date?: string;
  modified?: string;
  references: string[];
  tags: string[];
  falsepositives: string[];
  file: string;
  /** 1-based line of the document's first key. */
  line: number;
}

export interface SigmaRule extends SigmaMeta {
  logsource: LogSource;
  detection: Detection;
  fields: string[];
  related: Related[];
}

export type CorrelationType =
  | 'event_count'
  | 'value_count'
  | 'value_sum'
  | 'value_avg'
  | 'value_percentile'
  | 'temporal'
  | 'temporal_ordered';

export type CompareOp = 'gt' | 'gte' | 'lt' | 'lte' | 'eq' | 'neq';

export interface CorrelationCondition {
  /** The AND-ed comparisons (`gt: 100` + `lte: 200` is a range). */
  compare: { op: CompareOp; value: number }[];
  /** The aggregated field(s) of `value_*` correlations; empty otherwise. */
  fields: string[];
}

export interface SigmaCorrelation extends SigmaMeta {
  type: CorrelationType;
  /** Referenced rule ids or names, in order (the order matters for `temporal_ordered`). */
  rules: string[];
  groupBy: string[];
  timespan: { text: string; millis: number };
  /** Absent for `temporal`/`temporal_ordered` without a condition (all rules must match). */
  condition?: CorrelationCondition;
  /** alias -> (rule name -> field name). */
  aliases: Map<string, Map<string, string>>;
  generate: boolean;
}

export interface SigmaFilter extends SigmaMeta {
  logsource: LogSource;
  /** Ids or names of the rules the filter applies to. */
  rules: string[];
  detection: Detection;
}
