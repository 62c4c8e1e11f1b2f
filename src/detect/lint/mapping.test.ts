import { describe, expect, it } from 'vitest';
import { brief, docOf, pipelines, rule } from './lint.fixture.ts';
import { checkMapping } from './mapping.ts';

const check = (opts: Parameters<typeof rule>[0]) => checkMapping(docOf(rule(opts)), pipelines());

describe('mapping checks (the pipelines)', () => {
  it('compiles a rule whose logsource is routed and whose fields are mapped', () => {
    const r = check({});
    expect(r.findings).toEqual([]);
    expect(r.compiled?.id).toBe('929a690e-bef0-4204-a928-ef5e620d6fcc');
  });

  it('warns on a logsource no pipeline routes, at the logsource key, with the near routed value', () => {
    const r = check({ logsource: '  product: windows\n  category: process_creaton' });
    expect(brief(r.findings)).toEqual(['9:1 sigma/unknown-logsource']);
    expect(r.findings[0]?.severity).toBe('warning');
    expect(r.findings[0]?.message).toContain('did you mean category "process_creation"?');
    expect(r.compiled).toBeUndefined();
    const foreign = check({ logsource: '  category: firewall' });
    expect(brief(foreign.findings)).toEqual(['9:1 sigma/unknown-logsource']);
  });

  it('refuses a field no pipeline maps for the logsource, at the field, with the near name', () => {
    const r = check({
      detection: '  sel:\n    Imagee|endswith: x.exe\n    CommandLine: y\n  condition: sel',
    });
    expect(brief(r.findings)).toEqual(['14:5 sigma/unknown-field']);
    expect(r.findings[0]?.severity).toBe('error');
    expect(r.findings[0]?.message).toContain('did you mean "Image"?');
    expect(r.findings[0]?.message).toContain('windows/process_creation');
  });

  it('checks fieldref targets too, and a field valid for one logsource but not another', () => {
    const ref = check({ detection: '  sel:\n    User|fieldref: TargetUsr\n  condition: sel' });
    expect(brief(ref.findings)).toEqual(['14:20 sigma/unknown-field']); // at the referenced name
    const fileEvent = check({
      logsource: '  product: windows\n  category: file_event',
      detection: "  sel:\n    TargetFilename|endswith: '.dll'\n    CommandLine|contains: x\n  condition: sel",
    });
    expect(brief(fileEvent.findings)).toEqual(['15:5 sigma/unknown-field']);
  });

  it('reports what else keeps the engine from compiling the rule', () => {
    const r = check({ detection: "  sel:\n    CommandLine|expand: '%admins%'\n  condition: sel" });
    expect(brief(r.findings)).toEqual(['14:5 sigma/compile-failed']);
    expect(r.findings[0]?.message).toContain('placeholder %admins%');
  });

  it('compiles a rule using `expand` with the configured placeholder values (detect.placeholders)', () => {
    const doc = docOf(rule({ detection: "  sel:\n    CommandLine|expand: '%admins%'\n  condition: sel" }));
    const r = checkMapping(doc, pipelines(), { placeholders: { admins: ['whoami *'] } });
    expect(r.findings).toEqual([]);
    expect(r.compiled).toBeDefined();
    expect(checkMapping(doc, pipelines()).findings[0]?.message).toContain('set detect.placeholders.admins');
  });

  it('says nothing about a document the parser refused', () => {
    const r = checkMapping(
      docOf(rule({ detection: '  sel:\n    Imagee: x\n  condition: nope' })),
      pipelines(),
    );
    expect(r).toEqual({ findings: [], compiled: undefined });
  });
});
