/**
 * Sigma tags read as ATT&CK: `attack.t1059.001` is technique `T1059.001`, `attack.execution` is the
 * tactic `execution` (the old `attack.lateral_movement` spelling is accepted; the tactics are
 * core/attack.ts's). Unknown tags are kept on the rule and simply ignored here; they never fail a
 * load.
 */
import { tacticOfTag, techniqueOfTag } from '../../core/attack.ts';

/** The ATT&CK technique ids of the tags (`T1059`, `T1059.001`), in order, without duplicates. */
export function techniques(rule: { tags: readonly string[] }): string[] {
  const out: string[] = [];
  for (const tag of rule.tags) {
    const id = techniqueOfTag(tag);
    if (id !== null && !out.includes(id)) out.push(id);
  }
  return out;
}

/** The ATT&CK tactic short names of the tags (`execution`, `lateral-movement`), without duplicates. */
export function tactics(rule: { tags: readonly string[] }): string[] {
  const out: string[] = [];
  for (const tag of rule.tags) {
    const name = tacticOfTag(tag);
    if (name !== null && !out.includes(name)) out.push(name);
  }
  return out;
}
