/**
 * Tags against the Sigma tags appendix: every tag is `namespace.value` in lower case (the JSON
 * schema's pattern), and the namespaces the appendix defines hold only its values: ATT&CK
 * techniques (`attack.t1059`, `attack.t1059.001`), groups, software, data sources, mitigations,
 * assets and tactic names (`attack.lateral-movement`); `car.2016-04-005`; `cve.2021-44228`;
 * `d3fend.d3-am`; `detection.threat-hunting`; `stp.3k`; `tlp.amber`.
 */
import { ATTACK_TACTICS } from '../../core/attack.ts';
import { entry } from '../sigma/ynode.ts';
import { closest } from './suggest.ts';
import { findingAt, type LintDocument, type LintFinding } from './types.ts';

const TAG = /^[a-z0-9_-]+\.[a-z0-9._-]+$/;
/** D3FEND artifacts are written in CamelCase by the appendix itself (`d3fend.d3f-WindowsNtOpenFile`). */
const D3FEND_TAG = /^d3fend\.[A-Za-z0-9._-]+$/;
/** ATT&CK's tactics (v18's stealth and defense-impairment, which SigmaHQ uses, among them). */
const TACTICS = ATTACK_TACTICS.map((t) => t.name);
const ATTACK_ID = /^(?:t\d{4}(?:\.\d{3})?|g\d{4}|s\d{4}|ds\d{4}|m\d{4}|a\d{4})$/;
const DETECTION = ['dfir', 'emerging-threats', 'threat-hunting'];
const TLP = ['red', 'amber', 'amber-strict', 'green', 'clear'];
const D3FEND_TACTICS = ['model', 'harden', 'detect', 'isolate', 'deceive', 'evict'];

/** Why a tag's value is not one its namespace defines, or null when it is fine (or not checked). */
export function tagProblem(namespace: string, value: string): string | null {
  switch (namespace) {
    case 'attack': {
      if (ATTACK_ID.test(value) || TACTICS.includes(value)) return null;
      const hint = closest(value.replaceAll('_', '-'), TACTICS);
      if (hint !== undefined) return `"attack.${value}" is not an ATT&CK tactic name; write "attack.${hint}"`;
      return `"attack.${value}" is neither an ATT&CK id (t1234, t1234.001, g1234, s1234, ds1234, m1234, a1234) nor a tactic name (${TACTICS.join(', ')})`;
    }
    case 'car':
      return /^\d{4}-\d{2}-\d{3}$/.test(value) ? null : `"car.${value}" is not a CAR id like car.2016-04-005`;
    case 'cve':
      return /^\d{4}[-.]\d{4,}$/.test(value) ? null : `"cve.${value}" is not a CVE id like cve.2021-44228`;
    case 'd3fend':
      return /^d3f?-[A-Za-z0-9-]+$/.test(value) || D3FEND_TACTICS.includes(value)
        ? null
        : `"d3fend.${value}" is not a D3FEND technique (d3-…), artifact (d3f-…) or tactic`;
    case 'detection':
      return DETECTION.includes(value) ? null : `"detection.${value}" is not one of ${DETECTION.join(', ')}`;
    case 'stp':
      return /^[1-5][auk]?$/.test(value)
        ? null
        : `"stp.${value}" is not a Summiting the Pyramid score like stp.3k`;
    case 'tlp': {
      if (TLP.includes(value)) return null;
      const hint = value === 'white' ? ' (TLP 2.0 renamed white to clear)' : '';
      return `"tlp.${value}" is not one of ${TLP.join(', ')}${hint}`;
    }
    default:
      return null;
  }
}

const NAMESPACES = new Set(['attack', 'car', 'cve', 'd3fend', 'detection', 'stp', 'tlp']);

export function checkTags(doc: LintDocument): LintFinding[] {
  const e = entry(doc.node, 'tags');
  if (e === undefined) return [];
  const items = e.value.kind === 'seq' ? e.value.items : [e.value];
  const out: LintFinding[] = [];
  for (const item of items) {
    if (item.kind !== 'scalar' || item.value === null) continue; // the parser reports non-strings
    const tag = String(item.value);
    if (!TAG.test(tag) && !D3FEND_TAG.test(tag)) {
      const lower = tag.toLowerCase().replaceAll(' ', '_');
      const hint = TAG.test(lower) ? `; write "${lower}"` : '';
      out.push(
        findingAt(
          doc,
          'sigma/invalid-tag',
          item.pos,
          `tag "${tag}" is not namespace.value in lower case${hint}`,
        ),
      );
      continue;
    }
    const dot = tag.indexOf('.');
    const namespace = tag.slice(0, dot);
    if (!NAMESPACES.has(namespace)) {
      out.push(
        findingAt(
          doc,
          'sigma/unknown-tag-namespace',
          item.pos,
          `tag namespace "${namespace}" is not one of the spec's (${[...NAMESPACES].join(', ')})`,
        ),
      );
      continue;
    }
    const problem = tagProblem(namespace, tag.slice(dot + 1));
    if (problem !== null) out.push(findingAt(doc, 'sigma/unknown-tag', item.pos, problem));
  }
  return out;
}
