/**
 * ATT&CK as Sigma tags name it: techniques (`attack.t1059.001`) and tactics
 * (`attack.lateral-movement`). The tactics are one list by which Vigil reads tactic tags, orders an
 * alert's tactics and the console's coverage matrix, and names tactics in exports (OCSF) and the
 * console. Short names are ATT&CK's `x_mitre_shortname`, as Sigma tags write them.
 *
 * The order is the kill chain of the Enterprise matrix, then the tactics only the ICS matrix has.
 * ATT&CK v18 split `defense-evasion` into `stealth` and `defense-impairment`; SigmaHQ tags use
 * both, older rules the one they replace, so all three are known. Vigil does not know the ids of
 * the two new ones: they have none, and never get one made up. Technique ids are not checked
 * against any ATT&CK release, so newer ones are read like the others.
 */

export interface AttackTactic {
  /** The short name (`lateral-movement`). */
  name: string;
  /** The tactic's id (`TA0008`), or null where Vigil does not know it. */
  id: string | null;
  /** The name ATT&CK shows (`Lateral Movement`). */
  title: string;
  /** The matrix the tactic is listed under here (a name both matrices use is Enterprise's). */
  matrix: 'enterprise' | 'ics';
  /** Replaced by a later ATT&CK release (shown where rules still use it). */
  superseded: boolean;
}

const tactic = (
  name: string,
  id: string | null,
  title: string,
  matrix: AttackTactic['matrix'] = 'enterprise',
  superseded = false,
): AttackTactic => ({ name, id, title, matrix, superseded });

export const ATTACK_TACTICS: readonly AttackTactic[] = [
  tactic('reconnaissance', 'TA0043', 'Reconnaissance'),
  tactic('resource-development', 'TA0042', 'Resource Development'),
  tactic('initial-access', 'TA0001', 'Initial Access'),
  tactic('execution', 'TA0002', 'Execution'),
  tactic('persistence', 'TA0003', 'Persistence'),
  tactic('privilege-escalation', 'TA0004', 'Privilege Escalation'),
  tactic('stealth', null, 'Stealth'),
  tactic('defense-impairment', null, 'Defense Impairment'),
  tactic('defense-evasion', 'TA0005', 'Defense Evasion', 'enterprise', true),
  tactic('credential-access', 'TA0006', 'Credential Access'),
  tactic('discovery', 'TA0007', 'Discovery'),
  tactic('lateral-movement', 'TA0008', 'Lateral Movement'),
  tactic('collection', 'TA0009', 'Collection'),
  tactic('command-and-control', 'TA0011', 'Command and Control'),
  tactic('exfiltration', 'TA0010', 'Exfiltration'),
  tactic('impact', 'TA0040', 'Impact'),
  tactic('evasion', 'TA0103', 'Evasion', 'ics'),
  tactic('inhibit-response-function', 'TA0107', 'Inhibit Response Function', 'ics'),
  tactic('impair-process-control', 'TA0106', 'Impair Process Control', 'ics'),
];

const BY_NAME: ReadonlyMap<string, AttackTactic> = new Map(ATTACK_TACTICS.map((t) => [t.name, t]));
const ORDER: ReadonlyMap<string, number> = new Map(ATTACK_TACTICS.map((t, i) => [t.name, i]));

/** The tactic of a short name (`lateral-movement`), if Vigil knows it. */
export function attackTactic(name: string): AttackTactic | undefined {
  return BY_NAME.get(name);
}

/**
 * The short name of the tactic a tag names (`attack.lateral-movement`, or the old spelling
 * `attack.lateral_movement`, in any case), or null when the tag names none.
 */
export function tacticOfTag(tag: string): string | null {
  const t = tag.trim().toLowerCase();
  if (!t.startsWith('attack.')) return null;
  const name = t.slice('attack.'.length).replaceAll('_', '-');
  return BY_NAME.has(name) ? name : null;
}

/** ATT&CK's name of a tactic (`command-and-control` → `Command and Control`); the name itself when unknown. */
export function tacticTitle(name: string): string {
  return BY_NAME.get(name)?.title ?? name;
}

const TECHNIQUE = /^attack\.(t\d{4}(?:\.\d{3})?)$/i;

/** The technique id a tag names (`attack.t1059.001` → `T1059.001`, in any case), or null. */
export function techniqueOfTag(tag: string): string | null {
  return TECHNIQUE.exec(tag.trim())?.[1]?.toUpperCase() ?? null;
}

/** Known tactics' short names sorted in kill-chain order, each once. */
export function inKillChainOrder(names: Iterable<string>): string[] {
  return [...new Set(names)]
    .filter((n) => ORDER.has(n))
    .sort((a, b) => (ORDER.get(a) as number) - (ORDER.get(b) as number));
}
