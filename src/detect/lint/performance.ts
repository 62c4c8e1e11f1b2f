/**
 * Patterns that make a rule slow in Vigil's engine, read from the typed rule and what the
 * compiler made of it (its `required` atoms feed the rule index): a rule with no literal for the
 * index (evaluated for every event of its logsource); a leading wildcard on a huge field (command
 * lines, script blocks, messages) when nothing else narrows the rule; `contains` values shorter
 * than 3 characters; `re` patterns with no literal text to anchor on.
 */
import type { CompiledRule, LiteralAtom } from '../engine/types.ts';
import { mapField, type Pipelines } from '../pipelines/index.ts';
import type { DetectionItem, SigmaRule, SigmaValue } from '../sigma/model.ts';
import { entry } from '../sigma/ynode.ts';
import { columnOf } from './mapping.ts';
import { searchUse } from './polarity.ts';
import { regexLiteral } from './regex.ts';
import { findingAt, type LintDocument, type LintFinding } from './types.ts';

/** Event fields that hold long free text: a scan of them costs the most. */
const HUGE =
  /(?:^|\.)(?:CommandLine|ParentCommandLine|command_line|ScriptBlockText|script_block_text|Payload|ContextInfo|message|original)$/;
const KEYWORD_TARGETS = ['message', 'event.original'];

export function isHugeField(eventField: string): boolean {
  return HUGE.test(eventField);
}

function targetsOf(item: DetectionItem, doc: LintDocument, pipelines: Pipelines): string[] {
  if (item.field === null) return KEYWORD_TARGETS;
  const rule = doc.rule;
  return rule === undefined ? [] : (mapField(pipelines, rule.logsource, item.field) ?? []);
}

/** A string value matched as a substring: `contains`, a keyword, or `*text*`. */
function isContains(item: DetectionItem, v: SigmaValue & { kind: 'string' }): boolean {
  const mods = item.modifiers;
  if (mods.includes('base64') || mods.includes('base64offset')) return false;
  if (mods.includes('contains')) return true;
  if (item.field === null && !mods.includes('startswith') && !mods.includes('endswith')) return true;
  const first = v.parts[0];
  const last = v.parts[v.parts.length - 1];
  return typeof first === 'object' && 'wildcard' in first && typeof last === 'object' && 'wildcard' in last;
}

function hasLeadingWildcard(item: DetectionItem, v: SigmaValue): boolean {
  if (v.kind !== 'string') return false;
  const mods = item.modifiers;
  if (mods.includes('base64') || mods.includes('base64offset')) return false;
  if (mods.includes('contains') || mods.includes('endswith')) return true;
  if (item.field === null && !mods.includes('startswith')) return true;
  const first = v.parts[0];
  return typeof first === 'object' && 'wildcard' in first;
}

/** Shorter than 3 characters and plain ASCII (a rare character such as an emoji is selective on its own). */
function isShortLiteral(literal: string): boolean {
  return literal.length < 3 && /^[\x20-\x7e]*$/.test(literal);
}

function longestLiteral(v: SigmaValue & { kind: 'string' }): string {
  return v.parts
    .filter((p): p is string => typeof p === 'string')
    .reduce((a, b) => (b.length > a.length ? b : a), '');
}

/** Whether the index can only find the rule by scanning huge fields (or cannot find it at all). */
function onlyHugeLiterals(required: readonly LiteralAtom[] | null): boolean {
  return required === null || required.every((a) => a.kind !== 'eq' && isHugeField(a.field));
}

/** The items of the searches the rule needs to match (negated filters left out). */
function positiveItems(rule: SigmaRule): DetectionItem[] {
  const names = new Set(searchUse(rule).positive);
  const out: DetectionItem[] = [];
  for (const [name, s] of rule.detection.searches) {
    if (!names.has(name)) continue;
    if (s.kind === 'keywords') out.push(s.item);
    else for (const m of s.maps) out.push(...m);
  }
  return out;
}

function fieldName(item: DetectionItem): string {
  return item.field ?? 'keyword';
}

export function checkPerformance(
  doc: LintDocument,
  compiled: CompiledRule | undefined,
  pipelines: Pipelines,
): LintFinding[] {
  const rule = doc.rule;
  if (rule === undefined || compiled === undefined) return [];
  const out: LintFinding[] = [];
  const at = (item: DetectionItem) => ({
    line: item.line,
    column: columnOf(doc, item.line, item.field ?? ''),
  });
  if (compiled.required === null) {
    const d = entry(doc.node, 'detection');
    out.push(
      findingAt(
        doc,
        'sigma/no-index-literal',
        d?.keyPos ?? doc.node.pos,
        'no search gives the rule index a literal text to look for: the rule is evaluated for every event of its logsource',
      ),
    );
  }
  const items = positiveItems(rule);
  const shortLiteral = items.some(
    (item) =>
      item.field !== null &&
      !item.modifiers.includes('neq') &&
      !targetsOf(item, doc, pipelines).some(isHugeField) &&
      item.values.some((v) => v.kind === 'string' && longestLiteral(v) !== ''),
  );
  const narrowless = !shortLiteral && onlyHugeLiterals(compiled.required);
  for (const item of items) {
    const huge = narrowless && item.field !== null && targetsOf(item, doc, pipelines).some(isHugeField);
    if (huge && item.values.some((v) => hasLeadingWildcard(item, v))) {
      out.push(
        findingAt(
          doc,
          'sigma/leading-wildcard',
          at(item),
          `${fieldName(item)} is searched with a leading wildcard and the rule has no literal on a shorter field, so every ${fieldName(item)} of the logsource is scanned; add a condition on a short field (Image, OriginalFileName, ParentImage...)`,
        ),
      );
    }
    const short = item.values.flatMap((v) =>
      v.kind === 'string' && isContains(item, v) && isShortLiteral(longestLiteral(v))
        ? [longestLiteral(v)]
        : [],
    );
    if (short.length > 0) {
      const shown = short.slice(0, 5).map((l) => (l === '' ? '(only wildcards)' : JSON.stringify(l)));
      const more = short.length > 5 ? ` and ${short.length - 5} more` : '';
      out.push(
        findingAt(
          doc,
          'sigma/short-contains',
          at(item),
          `${fieldName(item)} contains ${shown.join(', ')}${more}: values shorter than 3 characters match almost every event and cannot narrow the rule index`,
        ),
      );
    }
    for (const v of item.values) {
      if (v.kind !== 're') continue;
      const lit = regexLiteral(v.pattern);
      if (lit.length < 3) {
        out.push(
          findingAt(
            doc,
            'sigma/regex-no-literal',
            at(item),
            `${fieldName(item)}|re ${JSON.stringify(v.pattern)} has no literal text of 3 or more characters that every match contains${lit === '' ? '' : ` (only ${JSON.stringify(lit)})`}: the regex runs on every value`,
          ),
        );
      }
    }
  }
  return out;
}
