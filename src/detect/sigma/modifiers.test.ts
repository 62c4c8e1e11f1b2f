import { describe, expect, it } from 'vitest';
import { convertValue } from './detection.ts';
import { checkModifiers, MODIFIER_NAMES } from './modifiers.ts';

describe('modifier chains', () => {
  it('knows every modifier of Sigma 2.1', () => {
    expect([...MODIFIER_NAMES].sort()).toEqual(
      [
        'contains',
        'startswith',
        'endswith',
        'all',
        'base64',
        'base64offset',
        'utf16le',
        'utf16be',
        'utf16',
        'wide',
        'windash',
        're',
        'i',
        'm',
        's',
        'cidr',
        'exists',
        'expand',
        'fieldref',
        'gt',
        'gte',
        'lt',
        'lte',
        'cased',
        'neq',
        'minute',
        'hour',
        'day',
        'week',
        'month',
        'year',
      ].sort(),
    );
  });

  it.each([
    [[]],
    [['contains']],
    [['startswith']],
    [['endswith']],
    [['contains', 'all']],
    [['all', 'contains']],
    [['contains', 'windash']],
    [['endswith', 'windash']],
    [['base64']],
    [['base64', 'contains']],
    [['base64offset', 'contains']],
    [['wide', 'base64offset', 'contains']],
    [['utf16le', 'base64']],
    [['utf16be', 'base64offset', 'contains']],
    [['utf16', 'base64']],
    [['re']],
    [['re', 'i']],
    [['re', 'i', 'm', 's']],
    [['re', 'all']],
    [['cidr']],
    [['cidr', 'neq']],
    [['exists']],
    [['expand']],
    [['contains', 'expand']],
    [['fieldref']],
    [['fieldref', 'neq']],
    [['fieldref', 'startswith']],
    [['gt']],
    [['gte']],
    [['lt']],
    [['lte']],
    [['cased']],
    [['contains', 'cased']],
    [['neq']],
    [['contains', 'neq']],
    [['minute']],
    [['hour', 'gte']],
    [['day']],
    [['week']],
    [['month', 'lt']],
    [['year', 'neq']],
  ])('accepts %j', (mods) => {
    expect(checkModifiers(mods)).toEqual({ ok: true, modifiers: mods });
  });

  it.each([
    [['contain'], 'unknown modifier "contain"'],
    [['regex'], 'unknown modifier "regex"'],
    [['contains', ''], 'empty modifier name'],
    [['contains', 'contains'], '"contains" is given twice'],
    [['contains', 'endswith'], '"contains" and "endswith" are both position modifiers'],
    [['i'], '"i" is a regular-expression flag and must follow "re"'],
    [['m', 're'], '"m" is a regular-expression flag and must follow "re"'],
    [['contains', 's'], '"s" is a regular-expression flag'],
    [['re', 'contains'], '"contains" cannot be combined with "re"'],
    [['exists', 'all'], '"all" cannot be combined with "exists" (allowed with it: no other modifier)'],
    [['cidr', 'contains'], '"contains" cannot be combined with "cidr"'],
    [['fieldref', 'base64'], '"base64" cannot be combined with "fieldref"'],
    [['gt', 'lt'], 'both comparison modifiers'],
    [['gt', 'contains'], '"contains" cannot be combined with "gt"'],
    [['gte', 'hour'], '"hour" must come before "gte"'],
    [['hour', 'day'], 'both time-part modifiers'],
    [['hour', 'contains'], '"contains" cannot be combined with "hour"'],
    [['base64', 'base64offset', 'contains'], 'both base64 modifiers'],
    [['base64offset'], '"base64offset" must be followed by "contains"'],
    [['contains', 'base64offset'], '"base64offset" must be followed by "contains"'],
    [['contains', 'base64'], '"contains" must come after "base64"'],
    [['base64', 'wide'], '"wide" must come before "base64"'],
    [['wide', 'utf16le'], 'both UTF-16 encoding modifiers'],
  ])('rejects %j: %s', (mods, reason) => {
    const r = checkModifiers(mods);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toContain(reason);
  });
});

describe('values under modifiers', () => {
  it.each([
    ['exists true', true, ['exists'], { kind: 'boolean', value: true }],
    ['a number', 4624, [], { kind: 'number', value: 4624 }],
    ['a number under contains becomes text', 42, ['contains'], { kind: 'string', parts: ['42'] }],
    ['a boolean', false, [], { kind: 'boolean', value: false }],
    ['null', null, [], { kind: 'null' }],
    ['a regex', '^a.*b$', ['re'], { kind: 're', pattern: '^a.*b$' }],
    ['a regex with an inline PCRE flag', '(?i)evil', ['re'], { kind: 're', pattern: '(?i)evil' }],
    ['a cidr', '10.0.0.0/8', ['cidr'], { kind: 'cidr', network: '10.0.0.0', prefix: 8, version: 4 }],
    ['a fieldref', 'SourceUser', ['fieldref'], { kind: 'fieldref', field: 'SourceUser' }],
    ['a comparison', 1.5, ['gte'], { kind: 'number', value: 1.5 }],
    ['an hour', 23, ['hour'], { kind: 'number', value: 23 }],
    [
      'an expanded placeholder',
      '%Admins%',
      ['expand'],
      { kind: 'string', parts: [{ placeholder: 'Admins' }] },
    ],
  ] as const)('%s', (_n, raw, mods, value) => {
    expect(convertValue(raw, [...mods], false)).toEqual(value);
  });

  it.each([
    ['exists with a string', 'yes', ['exists'], '"exists" takes true or false'],
    ['gt with a string', '5', ['gt'], '"gt" needs a number'],
    ['hour out of range', 24, ['hour'], '"hour" values are whole numbers from 0 to 23'],
    ['month zero', 0, ['month'], '"month" values are whole numbers from 1 to 12'],
    ['an invalid regex', 'a(b', ['re'], 'invalid regular expression'],
    ['an invalid cidr', '300.0.0.0/8', ['cidr'], 'is not a CIDR network'],
    ['null with a modifier', null, ['contains'], 'null takes no modifiers'],
    ['a boolean under contains', true, ['contains'], 'a boolean cannot take the modifiers "contains"'],
    ['an empty fieldref', '', ['fieldref'], '"fieldref" needs a field name'],
  ] as const)('rejects %s', (_n, raw, mods, reason) => {
    expect(convertValue(raw, [...mods], false)).toContain(reason);
  });

  it('rejects field-only modifiers on keywords', () => {
    expect(convertValue(true, ['exists'], true)).toContain('"exists" needs a field name');
    expect(convertValue(3, ['gt'], true)).toContain('needs a field name');
  });
});
