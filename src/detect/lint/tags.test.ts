import { describe, expect, it } from 'vitest';
import { brief, docOf, rule } from './lint.fixture.ts';
import { checkTags, tagProblem } from './tags.ts';

const tags = (...list: string[]) => rule({ head: `tags:\n${list.map((t) => `  - ${t}`).join('\n')}` });
const check = (...list: string[]) => brief(checkTags(docOf(tags(...list))));

describe('tag checks (Sigma tags appendix)', () => {
  it('accepts every namespace form the appendix defines', () => {
    expect(
      check(
        'attack.t1059',
        'attack.t1059.001',
        'attack.g0016',
        'attack.s0002',
        'attack.ds0009',
        'attack.m1042',
        'attack.a0001',
        'attack.lateral-movement',
        'attack.stealth',
        'attack.defense-impairment',
        'car.2016-04-005',
        'cve.2021-44228',
        'd3fend.d3-am',
        'd3fend.d3f-WindowsNtOpenFile',
        'detection.threat-hunting',
        'stp.3k',
        'stp.4',
        'tlp.amber-strict',
      ),
    ).toEqual([]);
  });

  it('refuses tags that are not namespace.value in lower case (the JSON schema pattern)', () => {
    const f = checkTags(docOf(tags('attack.T1059', 'nonamespace', 'Attack Execution')));
    expect(brief(f)).toEqual(['7:5 sigma/invalid-tag', '8:5 sigma/invalid-tag', '9:5 sigma/invalid-tag']);
    expect(f[0]?.message).toContain('write "attack.t1059"');
    expect(f[0]?.severity).toBe('error');
  });

  it('warns on values a known namespace does not define, with the fix when it is clear', () => {
    const f = checkTags(
      docOf(tags('attack.lateral_movement', 'attack.t12345', 'tlp.white', 'detection.hunting', 'cve.log4j')),
    );
    expect(brief(f)).toEqual([
      '7:5 sigma/unknown-tag',
      '8:5 sigma/unknown-tag',
      '9:5 sigma/unknown-tag',
      '10:5 sigma/unknown-tag',
      '11:5 sigma/unknown-tag',
    ]);
    expect(f[0]?.message).toContain('write "attack.lateral-movement"');
    expect(f[2]?.message).toContain('renamed white to clear');
    expect(f[0]?.severity).toBe('warning');
  });

  it('notes a namespace the spec does not know as info', () => {
    const f = checkTags(docOf(tags('mycompany.team-red')));
    expect(brief(f)).toEqual(['7:5 sigma/unknown-tag-namespace']);
    expect(f[0]?.severity).toBe('info');
  });

  it('tagProblem checks each namespace', () => {
    expect(tagProblem('car', '2016-04-005')).toBeNull();
    expect(tagProblem('car', 'CAR-2016-04-005')).toMatch(/not a CAR id/);
    expect(tagProblem('stp', '6')).toMatch(/Summiting the Pyramid/);
    expect(tagProblem('other', 'anything')).toBeNull();
  });
});
