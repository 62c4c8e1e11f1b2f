import { describe, expect, it } from 'vitest';
import { tactics, techniques } from './tags.ts';

describe('ATT&CK tags', () => {
  const rule = {
    tags: [
      'attack.execution',
      'attack.t1059.001',
      'attack.t1059',
      'attack.T1059.001',
      'attack.lateral_movement',
      'attack.command-and-control',
      'attack.g0016',
      'attack.s0002',
      'cve.2021-44228',
      'detection.threat-hunting',
      'attack.t12',
      'attack.not-a-tactic',
      'tlp.amber',
    ],
  };

  it('reads techniques and sub-techniques, upper-cased and deduplicated', () => {
    expect(techniques(rule)).toEqual(['T1059.001', 'T1059']);
  });

  it('reads tactics, accepting the old underscore spelling', () => {
    expect(tactics(rule)).toEqual(['execution', 'lateral-movement', 'command-and-control']);
  });

  it('knows the tactics of ATT&CK releases newer than its data (v18: stealth, defense-impairment)', () => {
    expect(tactics({ tags: ['attack.stealth', 'attack.defense_impairment'] })).toEqual([
      'stealth',
      'defense-impairment',
    ]);
  });

  it("knows the ICS matrix's own tactics", () => {
    expect(tactics({ tags: ['attack.impair_process_control', 'attack.t0831'] })).toEqual([
      'impair-process-control',
    ]);
  });

  it('ignores groups, software, other namespaces and malformed ids', () => {
    expect(techniques({ tags: ['attack.g0016', 'attack.s0002', 'car.2016-04-005', 'attack.t12'] })).toEqual(
      [],
    );
    expect(tactics({ tags: ['d3fend.harden', 'attack.t1059', 'execution'] })).toEqual([]);
  });
});
