import { describe, expect, it } from 'vitest';
import { brief, docOf, rule } from './lint.fixture.ts';
import { checkMetadata } from './metadata.ts';

const check = (text: string) => brief(checkMetadata(docOf(text)));

describe('metadata checks (JSON schema and spec)', () => {
  it('finds nothing in a complete rule', () => {
    expect(check(rule())).toEqual([]);
  });

  it('reports a missing title at the document, an over-long one at its value', () => {
    expect(check(rule().replace('title: Whoami Execution\n', ''))).toEqual(['1:1 sigma/missing-title']);
    expect(check(rule().replace('Whoami Execution', 'x'.repeat(257)))).toEqual(['1:8 sigma/title-length']);
    expect(check(rule().replace('Whoami Execution', 'x'.repeat(256)))).toEqual([]);
  });

  it('warns on a missing id and refuses an id that is not a UUID', () => {
    const noId = rule().replace(/id: .*\n/, '');
    expect(check(noId)).toEqual(['1:1 sigma/missing-id']);
    expect(check(rule().replace('929a690e-bef0-4204-a928-ef5e620d6fcc', 'my-rule-1'))).toEqual([
      '2:5 sigma/invalid-id',
    ]);
  });

  it('refuses a status or level outside the spec, suggesting the near one', () => {
    const f = checkMetadata(
      docOf(rule().replace('status: test', 'status: testing').replace('level: high', 'level: severe')),
    );
    expect(brief(f)).toEqual(['3:9 sigma/invalid-status', '4:8 sigma/invalid-level']);
    expect(f[0]?.message).toContain('did you mean "test"?');
    expect(f[0]?.severity).toBe('error');
  });

  it('checks dates: YYYY-MM-DD, a real day, the slash form warned, modified not before date', () => {
    expect(check(rule().replace('2024-01-02', '2024-13-02'))).toEqual(['5:7 sigma/invalid-date']);
    expect(check(rule().replace('2024-01-02', '2023-02-29'))).toEqual(['5:7 sigma/invalid-date']);
    expect(check(rule().replace('2024-01-02', '2024/01/02'))).toEqual(['5:7 sigma/date-format']);
    expect(check(rule().replace('date: 2024-01-02', 'date: 2024-01-02\nmodified: 2023-12-31'))).toEqual([
      '6:11 sigma/modified-before-date',
    ]);
  });

  it('checks related entries and repeated list items', () => {
    const head = 'related:\n  - id: not-a-uuid\n    type: derivd\ntags:\n  - attack.t1033\n  - attack.t1033';
    const f = checkMetadata(docOf(rule({ head })));
    expect(brief(f)).toEqual([
      '7:9 sigma/invalid-related',
      '8:11 sigma/invalid-related',
      '11:5 sigma/duplicate-item',
    ]);
    expect(f[1]?.message).toContain('did you mean "derived"?');
  });

  it('applies the schema lengths: falsepositives items of 2+ characters', () => {
    expect(check(rule({ head: 'falsepositives:\n  - x\n  - Admins' }))).toEqual(['7:5 sigma/schema']);
  });
});
