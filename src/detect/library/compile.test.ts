/** A stored rule document compiled with the configured values of `expand`'s placeholders. */
import { describe, expect, it } from 'vitest';
import { loadPipelines } from '../pipelines/index.ts';
import { loadRuleDocument } from './compile.ts';

const pipelines = loadPipelines();

const ADMINS = `title: Process run by an administrator
id: 55555555-5555-4555-8555-555555555555
logsource: {product: windows, category: process_creation}
detection:
  selection:
    User|expand: '%Admins%'
  condition: selection
`;

const sysmon = (user: string) => ({
  'winlog.channel': 'Microsoft-Windows-Sysmon/Operational',
  'winlog.event_id': 1,
  'winlog.event_data.User': user,
});

describe('loadRuleDocument with placeholders (detect.placeholders)', () => {
  it('compiles a rule using a placeholder into a matcher of its values, wildcards included', () => {
    const loaded = loadRuleDocument({ file: 'import:x/admins.yml', line: 1, text: ADMINS }, pipelines, {
      placeholders: { Admins: ['CORP\\root', 'CORP\\adm-*'] },
    });
    expect(loaded).toMatchObject({ ok: true, kind: 'rule' });
    if (!loaded.ok || loaded.kind !== 'rule') return;
    expect(loaded.rule.match(sysmon('CORP\\root'))).not.toBeNull();
    expect(loaded.rule.match(sysmon('CORP\\adm-jane'))).not.toBeNull();
    expect(loaded.rule.match(sysmon('CORP\\jane'))).toBeNull();
  });

  it('refuses a placeholder without values at its line, naming the setting to set', () => {
    for (const placeholders of [undefined, { Others: ['x'] }]) {
      const loaded = loadRuleDocument(
        { file: 'import:x/admins.yml', line: 10, text: ADMINS },
        pipelines,
        placeholders ? { placeholders } : {},
      );
      expect(loaded).toEqual({
        ok: false,
        stage: 'compile',
        line: 15,
        column: 1,
        reason:
          'search "selection": field "User": placeholder %Admins% has no configured values (set detect.placeholders.Admins)',
      });
    }
  });
});
