import { describe, expect, it } from 'vitest';
import { checkDetection } from './detection.ts';
import { brief, docOf, rule } from './lint.fixture.ts';

const check = (detection: string) => checkDetection(docOf(rule({ detection })));

describe('detection checks (modifiers, condition, searches)', () => {
  it('finds nothing in a sound detection', () => {
    expect(
      check(
        "  sel:\n    Image|endswith|cased: 'x.exe'\n  filter:\n    User: a\n  condition: sel and not filter",
      ),
    ).toEqual([]);
  });

  it('points at an unknown modifier inside the key and suggests the known one', () => {
    const f = check('  sel:\n    CommandLine|contain|all:\n      - a\n      - b\n  condition: sel');
    expect(brief(f)).toEqual(['14:17 sigma/unknown-modifier']);
    expect(f[0]?.message).toBe(
      'unknown modifier "contain" in "CommandLine|contain|all" (did you mean "contains"?)',
    );
  });

  it('finds modifiers in every map of a list of maps, quoted keys included', () => {
    const f = check(
      "  sel:\n    - 'Image|endwith': x\n    - User|startswith: y\n      Foo|bas64: z\n  condition: sel",
    );
    expect(brief(f)).toEqual(['14:14 sigma/unknown-modifier', '16:11 sigma/unknown-modifier']);
  });

  it('refuses a chain of known modifiers that cannot go together', () => {
    const f = check('  sel:\n    CommandLine|contains|startswith: x\n  condition: sel');
    expect(brief(f)).toEqual(['14:17 sigma/invalid-modifier-chain']);
    expect(f[0]?.message).toContain('both position modifiers');
  });

  it('reports a condition naming a missing search at the name', () => {
    const f = check('  selection:\n    Image: x\n  condition: selection and not filter');
    expect(brief(f)).toEqual(['15:32 sigma/unknown-search']);
    expect(f[0]?.message).toContain('unknown search identifier "filter"');
  });

  it('reports a quoted condition at the right column, and patterns matching no search', () => {
    const f = check("  selection:\n    Image: x\n  condition: '1 of sel_*'");
    expect(brief(f)).toEqual(['15:20 sigma/unknown-search']);
  });

  it('reports syntax errors and a missing condition', () => {
    expect(brief(check('  selection:\n    Image: x\n  condition: selection and'))).toEqual([
      '15:27 sigma/condition-syntax',
    ]);
    expect(brief(check('  selection:\n    Image: x'))).toEqual(['13:3 sigma/missing-condition']);
  });

  it('warns on searches the condition never uses (1 of them skips _names)', () => {
    const f = check('  sel:\n    Image: x\n  unused:\n    User: y\n  condition: sel');
    expect(brief(f)).toEqual(['15:3 sigma/unused-search']);
    expect(f[0]?.severity).toBe('warning');
    expect(brief(check('  sel:\n    Image: x\n  other:\n    User: y\n  condition: 1 of them'))).toEqual([]);
    expect(brief(check('  sel:\n    Image: x\n  _helper:\n    User: y\n  condition: 1 of them'))).toEqual([
      '15:3 sigma/unused-search',
    ]);
    expect(
      brief(check('  sel:\n    Image: x\n  other:\n    User: y\n  condition:\n    - sel\n    - other')),
    ).toEqual([]);
  });

  it('checks a filter document, whose rules key is not a search', () => {
    const doc = docOf(`title: Filter admins
id: 2d1f3b2e-9a0c-4a59-9c3e-52b8a0f1c8d7
logsource:
  product: windows
filter:
  rules:
    - 929a690e-bef0-4204-a928-ef5e620d6fcc
  admins:
    User|startwith: adm
  condition: not admins
`);
    expect(brief(checkDetection(doc))).toEqual(['9:10 sigma/unknown-modifier']);
  });
});
