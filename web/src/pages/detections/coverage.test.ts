/** ATT&CK coverage from the enabled rules' tags, and its Navigator layer (format 4.5). */
import { describe, expect, it } from 'vitest';
import type { RuleSummary } from '../../api/types.ts';
import { ATTACK_TACTICS } from '../../shared.ts';
import { buildCoverage } from './coverage.ts';
import { navigatorLayer } from './navigator-layer.ts';

let n = 0;
const rule = (tags: string[], extra: Partial<RuleSummary> = {}): RuleSummary => ({
  id: `r${++n}`,
  kind: 'rule',
  title: `Rule ${n}`,
  status: 'test',
  level: 'high',
  tags,
  scope: 'global',
  source: 'builtin:rules/starter',
  path: 'x.yml',
  enabled: true,
  createdAt: '',
  updatedAt: '',
  stats: { hits: 0, lastHitAt: null, timeMs: 0 },
  ...extra,
});

const RULES = [
  rule(['attack.execution', 'attack.t1059.001']),
  rule(['attack.execution', 'attack.persistence', 'attack.t1059.001', 'attack.t1053']),
  rule(['attack.t1003']), // no tactic
  rule(['attack.defense_evasion', 'attack.t1070']), // legacy spelling and tactic
  rule(['attack.execution', 'attack.t1204'], { enabled: false }),
  rule(['attack.execution', 'attack.t1204'], { kind: 'filter' }),
  rule(['tlp.green']),
];

describe('buildCoverage', () => {
  const c = buildCoverage(RULES);

  it('puts each technique under every tactic its rules name, with the rules, in matrix order', () => {
    const execution = c.columns.find((x) => x.tactic === 'execution');
    expect(execution).toMatchObject({ name: 'Execution', id: 'TA0002' });
    expect(execution?.techniques.map((t) => [t.technique, t.rules.map((r) => r.title)])).toEqual([
      ['T1053', ['Rule 2']],
      ['T1059.001', ['Rule 1', 'Rule 2']],
    ]);
    // Tags do not say which technique goes with which tactic: a rule's techniques go under all its tactics.
    expect(c.columns.find((x) => x.tactic === 'persistence')?.techniques.map((t) => t.technique)).toEqual([
      'T1053',
      'T1059.001',
    ]);
    const order = c.columns.map((x) => x.tactic);
    expect(order).toEqual(ATTACK_TACTICS.map((t) => t.name).filter((t) => order.includes(t)));
    expect(order).toContain('stealth');
    // the ICS matrix's own tactics only where a rule names one
    expect(order).not.toContain('inhibit-response-function');
    expect(
      buildCoverage([rule(['attack.inhibit-response-function', 'attack.t0816'])]).columns.find(
        (x) => x.tactic === 'inhibit-response-function',
      ),
    ).toMatchObject({ name: 'Inhibit Response Function', id: 'TA0107' });
  });

  it('shows the legacy defense-evasion column only when a rule uses it; lists techniques without a tactic apart', () => {
    expect(c.columns.find((x) => x.tactic === 'defense-evasion')?.techniques.map((t) => t.technique)).toEqual(
      ['T1070'],
    );
    expect(buildCoverage([RULES[0]!]).columns.some((x) => x.tactic === 'defense-evasion')).toBe(false);
    expect(c.unmapped.map((t) => t.technique)).toEqual(['T1003']);
  });

  it('counts only enabled detection rules, and those without a technique tag', () => {
    expect(c).toMatchObject({ rules: 5, withoutTechnique: 1, techniques: 4 });
    // every current Enterprise tactic is a column, named as ATT&CK names it
    expect(c.columns.find((x) => x.tactic === 'command-and-control')?.name).toBe('Command and Control');
    expect(c.columns.find((x) => x.tactic === 'stealth')?.name).toBe('Stealth');
  });
});

describe('navigatorLayer', () => {
  it('is a layer 4.5 for ATT&CK 18: a technique per tactic scored by rule count, and the ones without a tactic', () => {
    const layer = navigatorLayer(buildCoverage(RULES), { generatedAt: '2026-01-05T00:00:00Z' });
    expect(layer).toMatchObject({
      versions: { layer: '4.5', attack: '18' },
      domain: 'enterprise-attack',
      gradient: { minValue: 0, maxValue: 2 },
    });
    expect(layer.versions.navigator).toMatch(/^5\./);
    expect(layer.techniques).toContainEqual(
      expect.objectContaining({
        techniqueID: 'T1059.001',
        tactic: 'execution',
        score: 2,
        comment: 'Rule 1; Rule 2',
      }),
    );
    const unmapped = layer.techniques.find((t) => t.techniqueID === 'T1003');
    expect(unmapped).toMatchObject({ score: 1 });
    expect(unmapped && 'tactic' in unmapped).toBe(false);
    expect(JSON.parse(JSON.stringify(layer))).toEqual(layer);
  });
});
