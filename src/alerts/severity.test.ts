import { describe, expect, it } from 'vitest';
import { attackOf, confidenceOf, severityOf, severityPoints } from './severity.ts';

describe('severity from the Sigma level', () => {
  it('maps the five levels one to one, and no level (or an unknown one) to medium', () => {
    expect(['informational', 'low', 'medium', 'high', 'critical'].map(severityOf)).toEqual([
      'informational',
      'low',
      'medium',
      'high',
      'critical',
    ]);
    expect(severityOf('HIGH')).toBe('high');
    expect(severityOf(null)).toBe('medium');
    expect(severityOf('urgent')).toBe('medium');
  });

  it('gives points 1, 5, 15, 40, 80', () => {
    expect(
      ['informational', 'low', 'medium', 'high', 'critical'].map((s) => severityPoints(severityOf(s))),
    ).toEqual([1, 5, 15, 40, 80]);
  });
});

describe('confidence from the rule status', () => {
  it('stable 0.9, test 0.75, experimental 0.5, deprecated and unsupported 0.4, none 0.6; correlations 0.9 whatever their status', () => {
    expect(confidenceOf('sigma', 'stable')).toBe(0.9);
    expect(confidenceOf('sigma', 'test')).toBe(0.75);
    expect(confidenceOf('sigma', 'experimental')).toBe(0.5);
    expect(confidenceOf('sigma', null)).toBe(0.6);
    expect(confidenceOf('sigma', 'deprecated')).toBe(0.4);
    expect(confidenceOf('sigma', 'Unsupported')).toBe(0.4);
    expect(confidenceOf('sigma', 'deprecated')).toBeLessThan(confidenceOf('sigma', 'experimental'));
    expect(confidenceOf('sigma', 'made-up')).toBe(0.6);
    expect(confidenceOf('correlation', 'experimental')).toBe(0.9);
  });
});

describe('ATT&CK from tags', () => {
  it('reads techniques and sub-techniques, and tactics with _ or -', () => {
    expect(
      attackOf([
        'attack.credential_access',
        'attack.t1003.001',
        'attack.T1059',
        'attack.execution',
        'attack.command-and-control',
        'attack.g0007',
        'attack.s0002',
        'cve.2021-44228',
        'attack.t1003.001',
      ]),
    ).toEqual({
      tactics: ['execution', 'credential-access', 'command-and-control'],
      techniques: ['T1003.001', 'T1059'],
    });
  });

  it("reads the tactics of ATT&CK v18 (defense-evasion's successors), in kill-chain order", () => {
    expect(attackOf(['attack.defense-impairment', 'attack.stealth', 'attack.t1562.001']).tactics).toEqual([
      'stealth',
      'defense-impairment',
    ]);
  });

  it('ignores look-alikes', () => {
    expect(attackOf(['attack.t12', 'attack.t1003.1', 'xattack.execution', 'attack.'])).toEqual({
      tactics: [],
      techniques: [],
    });
  });
});
