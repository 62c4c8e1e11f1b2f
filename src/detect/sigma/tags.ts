/**
 * Sigma tags read as ATT&CK: `attack.t1059.001` is technique `T1059.001`, `attack.execution` is the
 * tactic `execution` (the old `attack.lateral_movement` spelling is accepted). Unknown tags are kept
 * on the rule and simply ignored here; they never fail a load.
 */

/** ATT&CK tactic short names (as in ATT&CK's `x_mitre_shortname`) with their ids. */
export const ATTACK_TACTICS: Readonly<Record<string, string>> = {
  reconnaissance: 'TA0043',
  'resource-development': 'TA0042',
  'initial-access': 'TA0001',
  execution: 'TA0002',
  persistence: 'TA0003',
  'privilege-escalation': 'TA0004',
  'defense-evasion': 'TA0005',
  'credential-access': 'TA0006',
  discovery: 'TA0007',
  'lateral-movement': 'TA0008',
  collection: 'TA0009',
  exfiltration: 'TA0010',
  'command-and-control': 'TA0011',
  impact: 'TA0040',
};

/**
 * Tactics of ATT&CK releases newer than the bundled STIX data (v18 split `defense-evasion` into
 * these two; SigmaHQ tags already use them). Their ids are not in our data, so they carry none.
 */
export const NEWER_ATTACK_TACTICS: readonly string[] = ['stealth', 'defense-impairment'];

const TECHNIQUE = /^attack\.(t\d{4}(?:\.\d{3})?)$/i;

/** The ATT&CK technique ids of the tags (`T1059`, `T1059.001`), in order, without duplicates. */
export function techniques(rule: { tags: readonly string[] }): string[] {
  const out: string[] = [];
  for (const tag of rule.tags) {
    const m = TECHNIQUE.exec(tag.trim());
    const id = m?.[1]?.toUpperCase();
    if (id !== undefined && !out.includes(id)) out.push(id);
  }
  return out;
}

/** The ATT&CK tactic short names of the tags (`execution`, `lateral-movement`), without duplicates. */
export function tactics(rule: { tags: readonly string[] }): string[] {
  const out: string[] = [];
  for (const tag of rule.tags) {
    const t = tag.trim().toLowerCase();
    if (!t.startsWith('attack.')) continue;
    const name = t.slice('attack.'.length).replaceAll('_', '-');
    if ((name in ATTACK_TACTICS || NEWER_ATTACK_TACTICS.includes(name)) && !out.includes(name))
      out.push(name);
  }
  return out;
}
