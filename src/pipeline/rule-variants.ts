/**
 * The detection rule a library rule id stands for in each tenant, as live detection runs it (the
 * rules of `rule-scopes.ts`, read for one id): the tenant's own copy where it has one, else the
 * global rule, with the filters folded in that live detection folds in for that tenant (the global
 * filters and the tenant's own). Tenants that run the same document with the same filters share
 * one variant. A hunt by rule id runs a variant, so that it finds what live detection would have
 * found, not what the filters were written to leave out.
 */
import { applyFilters, type Pipelines, type SigmaRule } from '../detect/index.ts';
import { parseRuleDocument } from '../detect/library/index.ts';
import type { SigmaFilter } from '../detect/sigma/model.ts';
import type { RuleDoc } from './messages.ts';

export interface RuleVariant {
  /** The rule with the filters folded in (the parsed rule itself when none apply). */
  rule: SigmaRule;
  /** The tenants that run it (a subset of those asked for, in their order). */
  tenants: string[];
  /** The ids of the filter documents folded in, in the order they apply. */
  filters: string[];
  /** The document the rule comes from. */
  doc: RuleDoc;
}

/** The document does not hold a detection rule that parses. */
export interface RuleVariantError {
  doc: RuleDoc;
  line: number;
  column: number;
  reason: string;
}

/**
 * The variants of rule `id` for `tenants`, from the rule's versions (the global document and
 * tenants' own copies) and the filter documents that run. A tenant that sees no version of the
 * rule runs none and is left out; no variant at all is an empty list.
 */
export function ruleVariants(
  id: string,
  versions: readonly RuleDoc[],
  filterDocs: readonly RuleDoc[],
  tenants: readonly string[],
  pipelines: Pipelines,
): { variants: RuleVariant[] } | { error: RuleVariantError } {
  const filters: { doc: RuleDoc; filter: SigmaFilter }[] = [];
  for (const doc of filterDocs) {
    const p = parseRuleDocument({ file: doc.file, line: doc.line, text: doc.text });
    // a filter that does not parse is reported by the rule load; it folds into nothing
    if (p.ok && p.kind === 'filter') filters.push({ doc, filter: p.filter });
  }
  const parsed = new Map<RuleDoc, SigmaRule>();
  const byKey = new Map<string, RuleVariant>();
  const variants: RuleVariant[] = [];
  for (const tenant of tenants) {
    const doc =
      versions.find((v) => v.id === id && v.tenant === tenant) ??
      versions.find((v) => v.id === id && v.tenant === null);
    if (doc === undefined) continue;
    let rule = parsed.get(doc);
    if (rule === undefined) {
      const p = parseRuleDocument({ file: doc.file, line: doc.line, text: doc.text });
      if (!p.ok) return { error: { doc, line: p.line, column: p.column, reason: p.reason } };
      if (p.kind !== 'rule')
        return {
          error: {
            doc,
            line: doc.line,
            column: 1,
            reason: `rule ${id} is a ${p.kind}; a hunt runs a detection rule`,
          },
        };
      rule = p.rule;
      parsed.set(doc, rule);
    }
    // global filters first, then the tenant's own: the order live detection folds them in
    const theirs = [
      ...filters.filter((f) => f.doc.tenant === null),
      ...filters.filter((f) => f.doc.tenant === tenant),
    ];
    const outcome = applyFilters(
      [rule],
      theirs.map((f) => f.filter),
      pipelines,
    );
    const applied = outcome.applied.map((a) => theirs.find((f) => filterKeyOf(f.filter) === a.filter));
    const folded = applied.filter((f) => f !== undefined).map((f) => f.doc);
    const key = [doc, ...folded].map((d) => `${d.tenant ?? ''}/${d.id}`).join('\0');
    const known = byKey.get(key);
    if (known !== undefined) {
      known.tenants.push(tenant);
      continue;
    }
    const variant: RuleVariant = {
      rule: outcome.rules[0] ?? rule,
      tenants: [tenant],
      filters: folded.map((d) => d.id),
      doc,
    };
    byKey.set(key, variant);
    variants.push(variant);
  }
  return { variants };
}

/** How `applyFilters` names a filter in what it applied. */
function filterKeyOf(f: SigmaFilter): string {
  return f.id ?? f.name ?? f.title;
}
