import { describe, expect, it } from 'vitest';
import {
  ATTACK_TACTICS,
  attackTactic,
  inKillChainOrder,
  tacticOfTag,
  tacticTitle,
  techniqueOfTag,
} from './attack.ts';

describe('ATT&CK tactics', () => {
  it('lists each tactic once, with its id, ATT&CK name and matrix', () => {
    const names = ATTACK_TACTICS.map((t) => t.name);
    expect(new Set(names).size).toBe(names.length);
    expect(attackTactic('command-and-control')).toEqual({
      name: 'command-and-control',
      id: 'TA0011',
      title: 'Command and Control',
      matrix: 'enterprise',
      superseded: false,
    });
    expect(attackTactic('impair-process-control')).toMatchObject({ id: 'TA0106', matrix: 'ics' });
    expect(attackTactic('not-a-tactic')).toBeUndefined();
  });

  it("knows ATT&CK v18's split of defense-evasion, without making up ids it does not know", () => {
    expect(attackTactic('defense-evasion')).toMatchObject({ id: 'TA0005', superseded: true });
    expect(attackTactic('stealth')).toMatchObject({ id: null, title: 'Stealth', superseded: false });
    expect(attackTactic('defense-impairment')).toMatchObject({ id: null, title: 'Defense Impairment' });
  });

  it('reads the tactic a tag names, in either spelling and any case', () => {
    expect(tacticOfTag('attack.lateral_movement')).toBe('lateral-movement');
    expect(tacticOfTag(' Attack.Command-And-Control ')).toBe('command-and-control');
    expect(tacticOfTag('attack.inhibit-response-function')).toBe('inhibit-response-function');
    for (const tag of [
      'attack.t1059',
      'attack.g0016',
      'execution',
      'xattack.execution',
      'attack.',
      'tlp.red',
    ])
      expect(tacticOfTag(tag)).toBeNull();
  });

  it('names a tactic as ATT&CK does, an unknown one by its short name', () => {
    expect(tacticTitle('command-and-control')).toBe('Command and Control');
    expect(tacticTitle('defense-impairment')).toBe('Defense Impairment');
    expect(tacticTitle('not-a-tactic')).toBe('not-a-tactic');
  });

  it('reads the technique a tag names, upper-cased', () => {
    expect(techniqueOfTag(' attack.t1059.001 ')).toBe('T1059.001');
    expect(techniqueOfTag('attack.T1003')).toBe('T1003');
    for (const tag of ['attack.t12', 'attack.t1003.1', 'attack.execution', 'xattack.t1059', 'attack.g0016'])
      expect(techniqueOfTag(tag)).toBeNull();
  });

  it('orders tactics along the kill chain, each once, dropping unknown names', () => {
    expect(inKillChainOrder(['impact', 'execution', 'nope', 'reconnaissance', 'execution'])).toEqual([
      'reconnaissance',
      'execution',
      'impact',
    ]);
  });
});
