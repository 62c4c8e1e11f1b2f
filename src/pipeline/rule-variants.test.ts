/**
 * The variants of a library rule that tenants run: their own copy or the global rule, with the
 * filters live detection folds in for each (global ones for all, a tenant's own for it).
 */
import { describe, expect, it } from 'vitest';
import { loadPipelines } from '../detect/index.ts';
import type { RuleDoc } from './messages.ts';
import { ruleVariants } from './rule-variants.ts';

const pipelines = loadPipelines();

const rule = (tenant: string | null, image: string): RuleDoc => ({
  id: 'whoami',
  tenant,
  kind: 'rule',
  file: tenant === null ? 'builtin:rules/starter/whoami.yml' : `import:${tenant}.zip/whoami.yml`,
  line: 1,
  text: `title: Whoami
id: whoami
logsource: {product: windows, category: process_creation}
detection:
  selection: {Image|endswith: '${image}'}
  condition: selection
`,
});

const filter = (id: string, tenant: string | null, user: string, rules = '[whoami]'): RuleDoc => ({
  id,
  tenant,
  kind: 'filter',
  file: `filters/${id}.yml`,
  line: 1,
  text: `title: Not ${user}
id: ${id}
logsource: {product: windows, category: process_creation}
filter:
  rules: ${rules}
  selection: {User: '${user}'}
  condition: not selection
`,
});

const searchNames = (r: { detection: { searches: Map<string, unknown> } }) => [
  ...r.detection.searches.keys(),
];

describe('ruleVariants', () => {
  it('gives every tenant the global rule with the global filters folded in, as one variant', () => {
    const r = ruleVariants(
      'whoami',
      [rule(null, '\\whoami.exe')],
      [filter('f-svc', null, 'svc')],
      ['acme', 'globex'],
      pipelines,
    );
    if (!('variants' in r)) throw new Error(r.error.reason);
    expect(r.variants).toHaveLength(1);
    expect(r.variants[0]).toMatchObject({ tenants: ['acme', 'globex'], filters: ['f-svc'] });
    expect(searchNames(r.variants[0]!.rule)).toEqual(['selection', '__filter1_selection']);
  });

  it('splits tenants whose own filters or own copy make them run it differently', () => {
    const r = ruleVariants(
      'whoami',
      [rule(null, '\\whoami.exe'), rule('initech', '\\whoami2.exe')],
      [filter('f-svc', null, 'svc'), filter('f-bob', 'acme', 'bob')],
      ['acme', 'globex', 'initech'],
      pipelines,
    );
    if (!('variants' in r)) throw new Error(r.error.reason);
    expect(r.variants.map((v) => [v.tenants, v.filters, v.doc.tenant])).toEqual([
      [['acme'], ['f-svc', 'f-bob'], null],
      [['globex'], ['f-svc'], null],
      [['initech'], ['f-svc'], 'initech'],
    ]);
  });

  it("folds the global filters first, then the tenant's own, as live detection does, whatever order they come in", () => {
    const r = ruleVariants(
      'whoami',
      [rule(null, '\\whoami.exe')],
      [filter('f-bob', 'acme', 'bob'), filter('f-svc', null, 'svc')],
      ['acme'],
      pipelines,
    );
    if (!('variants' in r)) throw new Error(r.error.reason);
    expect(r.variants.map((v) => v.filters)).toEqual([['f-svc', 'f-bob']]);
  });

  it('folds only the filters that name the rule (or every rule), and leaves out tenants without the rule', () => {
    const r = ruleVariants(
      'whoami',
      [rule('acme', '\\whoami.exe')],
      [filter('f-other', null, 'svc', '[some-other-rule]'), filter('f-all', null, 'backup', '[any]')],
      ['acme', 'globex'],
      pipelines,
    );
    if (!('variants' in r)) throw new Error(r.error.reason);
    expect(r.variants.map((v) => [v.tenants, v.filters])).toEqual([[['acme'], ['f-all']]]);
  });

  it('refuses an id that names a filter, with its file and line', () => {
    const r = ruleVariants('f-svc', [{ ...filter('f-svc', null, 'svc'), line: 7 }], [], ['acme'], pipelines);
    expect(r).toEqual({
      error: expect.objectContaining({
        line: 7,
        reason: 'rule f-svc is a filter; a hunt runs a detection rule',
      }),
    });
  });
});
