/**
 * ATT&CK coverage of the enabled rules, from their tags (`attack.t1059.001` a technique,
 * `attack.execution` a tactic, read by src/detect/sigma/tags.ts): tactics in the order of the
 * Enterprise matrix (v18: `stealth` and `defense-impairment` where `defense-evasion` was; the
 * tactics are src/core/attack.ts's), each with the techniques its rules name and the rules
 * themselves. A technique whose rules name no tactic is listed apart.
 */
import type { RuleSummary } from '../../api/types.ts';
import { ATTACK_TACTICS, attackTactic, tactics, tacticTitle, techniques } from '../../shared.ts';

/** The tactics shown whether or not a rule names them: the Enterprise matrix's current ones. */
const ALWAYS = ATTACK_TACTICS.filter((t) => t.matrix === 'enterprise' && !t.superseded).map((t) => t.name);

export interface CoverageRule {
  id: string;
  title: string;
  level: string | null;
}

export interface CoverageCell {
  technique: string;
  rules: CoverageRule[];
}

export interface CoverageColumn {
  tactic: string;
  name: string;
  /** `TA0002`; null for tactics newer than Vigil's ATT&CK data. */
  id: string | null;
  techniques: CoverageCell[];
}

export interface Coverage {
  columns: CoverageColumn[];
  /** Techniques of rules that name no tactic. */
  unmapped: CoverageCell[];
  /** Enabled rules considered (filters are left out: they match nothing themselves). */
  rules: number;
  /** Of those, rules with no ATT&CK technique tag. */
  withoutTechnique: number;
  /** Distinct techniques covered. */
  techniques: number;
}

const byTechnique = (a: CoverageCell, b: CoverageCell) => a.technique.localeCompare(b.technique);

export function buildCoverage(all: readonly RuleSummary[]): Coverage {
  const rules = all.filter((r) => r.enabled && r.kind !== 'filter');
  const cells = new Map<string, Map<string, CoverageRule[]>>();
  const unmapped = new Map<string, CoverageRule[]>();
  const seen = new Set<string>();
  let withoutTechnique = 0;
  for (const r of rules) {
    const techs = techniques(r);
    if (techs.length === 0) {
      withoutTechnique++;
      continue;
    }
    const tacs = tactics(r);
    const rule = { id: r.id, title: r.title, level: r.level };
    for (const t of techs) {
      seen.add(t);
      if (tacs.length === 0) unmapped.set(t, [...(unmapped.get(t) ?? []), rule]);
      for (const tac of tacs) {
        const column = cells.get(tac) ?? new Map<string, CoverageRule[]>();
        column.set(t, [...(column.get(t) ?? []), rule]);
        cells.set(tac, column);
      }
    }
  }
  // a superseded tactic (v18's defense-evasion) or one of the ICS matrix only where rules name it
  const shown = ATTACK_TACTICS.map((t) => t.name).filter((t) => ALWAYS.includes(t) || cells.has(t));
  const columns = shown.map((tactic) => ({
    tactic,
    name: tacticTitle(tactic),
    id: attackTactic(tactic)?.id ?? null,
    techniques: [...(cells.get(tactic) ?? new Map()).entries()]
      .map(([technique, list]) => ({ technique, rules: list }))
      .sort(byTechnique),
  }));
  return {
    columns,
    unmapped: [...unmapped.entries()]
      .map(([technique, list]) => ({ technique, rules: list }))
      .sort(byTechnique),
    rules: rules.length,
    withoutTechnique,
    techniques: seen.size,
  };
}
