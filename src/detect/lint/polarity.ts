/**
 * Which searches a rule needs to match: those its conditions use without a `not` above them
 * (`selection` in `selection and not filter`), in the order the conditions name them.
 */
import type { ConditionNode, SigmaRule } from '../sigma/model.ts';

export interface SearchUse {
  /** Used at least once without a `not` above it. */
  positive: string[];
  /** Used only under a `not` (filters). */
  negative: string[];
}

export function searchUse(rule: SigmaRule): SearchUse {
  const positive: string[] = [];
  const negative: string[] = [];
  const add = (name: string, isPositive: boolean) => {
    const list = isPositive ? positive : negative;
    if (!list.includes(name)) list.push(name);
  };
  const walk = (n: ConditionNode, isPositive: boolean): void => {
    if (n.kind === 'search') add(n.name, isPositive);
    else if (n.kind === 'not') walk(n.operand, !isPositive);
    else if (n.kind === 'and' || n.kind === 'or') for (const o of n.operands) walk(o, isPositive);
    else for (const m of n.matches) add(m, isPositive);
  };
  for (const c of rule.detection.condition) walk(c, true);
  return { positive, negative: negative.filter((n) => !positive.includes(n)) };
}
