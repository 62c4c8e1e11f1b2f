/**
 * Every lint code with its severity and what it means: the one list the checks, the CLI report
 * and the documentation read. Codes are `sigma/<name>`; the families are the modules of this
 * folder (metadata, tags, detection, identity, mapping, performance).
 */
export type Severity = 'error' | 'warning' | 'info';

export const LINT_CODES = {
  // parse (documents.ts): what the Sigma parser refuses and no finer check explains
  'sigma/yaml': { severity: 'error', about: 'the file is not valid YAML' },
  'sigma/invalid': { severity: 'error', about: 'the Sigma parser refuses the document' },
  'sigma/unreadable': { severity: 'error', about: 'the file cannot be read' },
  // metadata.ts: the JSON schema's constraints on the metadata keys
  'sigma/missing-title': { severity: 'error', about: 'title is mandatory' },
  'sigma/title-length': { severity: 'error', about: 'title is at most 256 characters' },
  'sigma/missing-id': { severity: 'warning', about: 'a rule should have a UUID id' },
  'sigma/invalid-id': { severity: 'error', about: 'id is not a UUID' },
  'sigma/invalid-status': { severity: 'error', about: 'status is not one of the spec values' },
  'sigma/invalid-level': { severity: 'error', about: 'level is not one of the spec values' },
  'sigma/invalid-date': { severity: 'error', about: 'date/modified is not YYYY-MM-DD' },
  'sigma/date-format': { severity: 'warning', about: 'a YYYY/MM/DD date: the spec writes YYYY-MM-DD' },
  'sigma/modified-before-date': { severity: 'warning', about: 'modified is earlier than date' },
  'sigma/invalid-related': { severity: 'error', about: 'a related entry has no UUID id or no valid type' },
  'sigma/duplicate-item': {
    severity: 'warning',
    about: 'a list (tags, references, fields, falsepositives) repeats an item',
  },
  'sigma/schema': { severity: 'error', about: 'another constraint of the JSON schema (lengths, types)' },
  // tags.ts
  'sigma/invalid-tag': { severity: 'error', about: 'a tag is not `namespace.value` in lower case' },
  'sigma/unknown-tag': {
    severity: 'warning',
    about: 'a tag of a known namespace has a value the spec does not define',
  },
  'sigma/unknown-tag-namespace': { severity: 'info', about: 'a tag namespace the spec does not define' },
  // detection.ts
  'sigma/unknown-modifier': { severity: 'error', about: 'a value modifier the spec does not define' },
  'sigma/invalid-modifier-chain': {
    severity: 'error',
    about: 'modifiers that cannot be combined, or in the wrong order',
  },
  'sigma/missing-condition': { severity: 'error', about: 'detection has no condition' },
  'sigma/unknown-search': { severity: 'error', about: 'the condition names a search that does not exist' },
  'sigma/condition-syntax': { severity: 'error', about: 'the condition does not parse' },
  'sigma/unused-search': { severity: 'warning', about: 'a search the condition never uses' },
  // identity.ts (across the whole set)
  'sigma/duplicate-id': { severity: 'error', about: 'two documents share an id' },
  'sigma/duplicate-name': { severity: 'error', about: 'two documents share a name' },
  'sigma/unknown-rule-reference': {
    severity: 'warning',
    about: 'a correlation or filter names a rule not in the set',
  },
  // mapping.ts (the processing pipelines)
  'sigma/unknown-logsource': {
    severity: 'warning',
    about: 'no pipeline routes the logsource: Vigil skips the rule',
  },
  'sigma/unknown-field': {
    severity: 'error',
    about: 'no pipeline maps the field for the logsource: Vigil skips the rule',
  },
  'sigma/compile-failed': { severity: 'error', about: 'the engine cannot compile the rule' },
  // performance.ts
  'sigma/no-index-literal': {
    severity: 'warning',
    about: 'no literal for the rule index: evaluated for every event of its logsource',
  },
  'sigma/leading-wildcard': {
    severity: 'info',
    about: 'a leading wildcard on a huge field is the only literal of the rule',
  },
  'sigma/short-contains': { severity: 'warning', about: 'a contains value shorter than 3 characters' },
  'sigma/regex-no-literal': {
    severity: 'warning',
    about: 're with no literal text of 3+ characters to anchor on',
  },
} as const satisfies Record<string, { severity: Severity; about: string }>;

export type LintCode = keyof typeof LINT_CODES;

export function severityOf(code: LintCode): Severity {
  return LINT_CODES[code].severity;
}
