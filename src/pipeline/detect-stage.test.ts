import { describe, expect, it } from 'vitest';
import { parseEvent } from '../ingest/index.ts';
import type { StoredEvent } from '../store/events/index.ts';
import { DetectStage, TIME_SAMPLE } from './detect-stage.ts';
import type { Finding } from './hooks.ts';
import type { RuleDoc } from './messages.ts';

const rule = (id: string, image: string) => `title: Runs ${image}
id: ${id}
level: high
tags: [attack.execution]
logsource: {product: windows, category: process_creation}
detection:
  selection: {Image|endswith: '\\${image}'}
  condition: selection
`;

const doc = (id: string, image: string, extra: Partial<RuleDoc> = {}): RuleDoc => ({
  id,
  tenant: null,
  kind: 'rule',
  file: `builtin:rules/starter/${id}.yml`,
  line: 1,
  text: rule(id, image),
  ...extra,
});

let seq = 0;
function event(image: string, tenant: string, at = '2026-11-22T10:00:00.000Z'): StoredEvent {
  const raw = JSON.stringify({
    '@timestamp': at,
    winlog: {
      channel: 'Microsoft-Windows-Sysmon/Operational',
      event_id: '1',
      event_data: { Image: `C:\\x\\${image}` },
    },
  });
  const r = parseEvent(raw, 'windows', { received: Date.parse(at), assumeTimeZone: 'UTC' });
  if (!r.ok) throw new Error(r.reason);
  return { id: `e${++seq}`, event: { ...r.event, 'vigil.tenant': tenant, 'vigil.source': 'wlb' } };
}

async function detect(stage: DetectStage, events: StoredEvent[]): Promise<Finding[]> {
  const out: Finding[] = [];
  await stage.hooks.detect?.(events, (f) => out.push(f));
  return out;
}

/** The stage's detect hook is synchronous. */
function run(stage: DetectStage, events: StoredEvent[]): Finding[] {
  const out: Finding[] = [];
  void stage.hooks.detect?.(events, (f) => out.push(f));
  return out;
}

describe('DetectStage', () => {
  it('loads a rule set, reports what failed with the file and the line of the original file, and matches', async () => {
    const stage = new DetectStage();
    const bad = rule('bad', 'x.exe').replace('Image|endswith', 'NoSuchField|endswith');
    const r = stage.load({
      version: 3,
      docs: [doc('a', 'whoami.exe'), doc('bad', 'x', { text: bad, line: 20 })],
    });
    expect(r).toMatchObject({ version: 3, loaded: 1, correlations: 0, filters: 0 });
    expect(r.failed).toEqual([
      {
        ruleId: 'bad',
        tenant: null,
        file: 'builtin:rules/starter/bad.yml',
        line: 26,
        column: 1,
        reason: expect.stringContaining('field "NoSuchField" is not known'),
      },
    ]);
    const f = await detect(stage, [event('whoami.exe', 'acme'), event('calc.exe', 'acme')]);
    expect(f.map((x) => [x.ruleId, x.tenant, x.title, x.level])).toEqual([
      ['a', 'acme', 'Runs whoami.exe', 'high'],
    ]);
    expect(f[0]!.id).toBe(`a|${f[0]!.eventIds[0]}`);
  });

  it("a tenant's rule fires only on that tenant's events; a global rule skips tenants with their own copy", async () => {
    const stage = new DetectStage();
    stage.load({
      version: 1,
      docs: [
        doc('g', 'whoami.exe', { exceptTenants: ['globex'] }),
        doc('g', 'whoami.exe', { tenant: 'globex', file: 'import:x/g.yml' }),
        doc('t', 'calc.exe', { tenant: 'acme' }),
      ],
    });
    const f = await detect(stage, [
      event('whoami.exe', 'acme'),
      event('whoami.exe', 'globex'),
      event('calc.exe', 'acme'),
      event('calc.exe', 'globex'),
    ]);
    expect(f.map((x) => `${x.ruleId}@${x.tenant}`)).toEqual(['g@acme', 'g@globex', 't@acme']);
  });

  it('counts hits and the latest hit per rule and tenant, handed out once per batch', async () => {
    const stage = new DetectStage();
    stage.load({ version: 1, docs: [doc('a', 'whoami.exe')] });
    await detect(stage, [
      event('whoami.exe', 'acme', '2026-11-22T10:00:02.000Z'),
      event('whoami.exe', 'acme', '2026-11-22T10:00:01.000Z'),
      event('whoami.exe', 'globex', '2026-11-22T09:00:00.000Z'),
    ]);
    expect(stage.takeStats()).toEqual([
      { ruleId: 'a', tenant: 'acme', hits: 2, ms: 0, lastHitAt: '2026-11-22T10:00:02.000Z' },
      { ruleId: 'a', tenant: 'globex', hits: 1, ms: 0, lastHitAt: '2026-11-22T09:00:00.000Z' },
    ]);
    expect(stage.takeStats()).toEqual([]);
  });

  it('swaps the whole set on load: a rule left out stops matching, a new one starts', async () => {
    const stage = new DetectStage();
    stage.load({ version: 1, docs: [doc('a', 'whoami.exe')] });
    expect(await detect(stage, [event('whoami.exe', 'acme')])).toHaveLength(1);
    stage.load({ version: 2, docs: [doc('b', 'calc.exe')] });
    expect(await detect(stage, [event('whoami.exe', 'acme')])).toHaveLength(0);
    expect((await detect(stage, [event('calc.exe', 'acme')])).map((x) => x.ruleId)).toEqual(['b']);
    expect(stage.version).toBe(2);
  });

  it('keeps correlations and filters parsed (not evaluated), and counts them', () => {
    const stage = new DetectStage();
    const correlation = `title: Many
id: c1
correlation: {type: event_count, rules: [a], group-by: [host.name], timespan: 5m, condition: {gte: 3}}
`;
    const filter = `title: Not on the build server
id: f1
logsource: {product: windows, category: process_creation}
filter:
  rules: [a]
  selection: {ComputerName: build-01}
  condition: not selection
`;
    const r = stage.load({
      version: 1,
      docs: [
        doc('a', 'whoami.exe'),
        doc('c1', '', { kind: 'correlation', text: correlation }),
        doc('f1', '', { kind: 'filter', text: filter, tenant: 'acme' }),
      ],
    });
    expect(r).toMatchObject({ loaded: 1, correlations: 1, filters: 1, failed: [] });
    expect(stage.correlations.size).toBe(1);
  });

  it('estimates the time spent per rule from a sample of the events', () => {
    const stage = new DetectStage();
    stage.load({ version: 1, docs: [doc('a', 'whoami.exe')] });
    const events = Array.from({ length: TIME_SAMPLE * 4 }, () => event('whoami.exe', 'acme'));
    run(stage, events);
    const [stat] = stage.takeStats();
    expect(stat).toMatchObject({ ruleId: 'a', tenant: 'acme', hits: TIME_SAMPLE * 4 });
    expect(stat?.ms).toBeGreaterThan(0);
  });

  it("folds a tenant's filter into a global rule for that tenant only", () => {
    const stage = new DetectStage();
    const filter = `title: Not on the build server
id: f1
logsource: {product: windows, category: process_creation}
filter:
  rules: [a]
  selection: {ComputerName: build-01}
  condition: not selection
`;
    stage.load({
      version: 1,
      docs: [doc('a', 'whoami.exe'), doc('f1', '', { kind: 'filter', text: filter, tenant: 'acme' })],
    });
    const onHost = (tenant: string, host: string) => {
      const e = event('whoami.exe', tenant);
      return { ...e, event: { ...e.event, 'host.name': host, 'winlog.computer_name': host } };
    };
    const found = run(stage, [
      onHost('acme', 'build-01'),
      onHost('acme', 'ws-7'),
      onHost('globex', 'build-01'),
    ]);
    expect(found.map((f) => [f.tenant, f.ruleId])).toEqual([
      ['acme', 'a'],
      ['globex', 'a'],
    ]);
    expect(found[0]?.eventIds).toHaveLength(1);
  });

  it('feeds rule hits to correlations, which report their own findings and keep state across a restore', () => {
    const correlation = `title: Many whoami
id: c1
level: critical
correlation: {type: event_count, rules: [a], group-by: [ComputerName], timespan: 5m, condition: {gte: 3}}
`;
    const payload = {
      version: 1,
      docs: [doc('a', 'whoami.exe'), doc('c1', '', { kind: 'correlation' as const, text: correlation })],
    };
    const at = (m: number) => `2026-11-22T10:0${m}:00.000Z`;
    const onHost = (host: string, m: number) => {
      const e = event('whoami.exe', 'acme', at(m));
      return { ...e, event: { ...e.event, 'host.name': host, 'winlog.computer_name': host } };
    };
    const stage = new DetectStage();
    expect(stage.load(payload)).toMatchObject({ loaded: 1, failed: [] });
    // `generate` is false by default: the rule only feeds the correlation.
    expect(run(stage, [onHost('ws-1', 0), onHost('ws-1', 1), onHost('ws-2', 1)])).toEqual([]);
    const committed = stage.correlations.takeSnapshot();
    expect(committed).not.toBeNull();

    // A fresh worker restores the committed windows: the third hit on ws-1 fires.
    const restarted = new DetectStage();
    restarted.load(payload);
    restarted.correlations.restore(committed);
    const third = run(restarted, [onHost('ws-1', 2)]);
    const fired = third.find((f) => f.kind === 'correlation');
    expect(fired).toMatchObject({ ruleId: 'c1', tenant: 'acme', level: 'critical', title: 'Many whoami' });
    expect(fired?.eventIds).toHaveLength(3);
    expect(fired?.matched).toContainEqual({ field: 'ComputerName', value: 'ws-1' });
    // Replaying the same batch on the same committed state gives the same finding id.
    const again = new DetectStage();
    again.load(payload);
    again.correlations.restore(committed);
    expect(run(again, [onHost('ws-1', 2)]).find((f) => f.kind === 'correlation')?.id).toBe(fired?.id);
  });

  it("reports a rule's own detections too when its correlation says generate: true", () => {
    const correlation = `title: Many whoami
id: c1
correlation: {type: event_count, rules: [a], group-by: [ComputerName], timespan: 5m, condition: {gte: 2}, generate: true}
`;
    const stage = new DetectStage();
    stage.load({
      version: 1,
      docs: [doc('a', 'whoami.exe'), doc('c1', '', { kind: 'correlation', text: correlation })],
    });
    const onWs1 = () => {
      const e = event('whoami.exe', 'acme');
      return { ...e, event: { ...e.event, 'winlog.computer_name': 'ws-1' } };
    };
    const found = run(stage, [onWs1(), onWs1()]);
    expect(found.map((f) => f.kind)).toEqual(['sigma', 'correlation', 'sigma']);
    expect(stage.takeStats()).toContainEqual(expect.objectContaining({ ruleId: 'a', hits: 2 }));
  });
});

describe('DetectStage with placeholders (detect.placeholders)', () => {
  const adminsRule = `title: Process run by an administrator
id: admins
level: medium
logsource: {product: windows, category: process_creation}
detection:
  selection: {User|expand: '%Admins%'}
  condition: selection
`;
  const admins = doc('admins', '', { text: adminsRule });

  function runBy(user: string, tenant = 'acme'): StoredEvent {
    const raw = JSON.stringify({
      '@timestamp': '2026-11-22T10:00:00.000Z',
      winlog: {
        channel: 'Microsoft-Windows-Sysmon/Operational',
        event_id: '1',
        event_data: { Image: 'C:\\x\\cmd.exe', User: user },
      },
    });
    const r = parseEvent(raw, 'windows', { received: Date.now(), assumeTimeZone: 'UTC' });
    if (!r.ok) throw new Error(r.reason);
    return { id: `e${++seq}`, event: { ...r.event, 'vigil.tenant': tenant, 'vigil.source': 'wlb' } };
  }

  it("loads a rule using `expand` with the payload's values and fires on each of them", () => {
    const stage = new DetectStage();
    const r = stage.load({
      version: 1,
      docs: [admins],
      placeholders: { Admins: ['CORP\\root', 'CORP\\adm-*'] },
    });
    expect(r).toMatchObject({ loaded: 1, failed: [] });
    const found = run(stage, [runBy('CORP\\root'), runBy('CORP\\jane'), runBy('CORP\\adm-bob', 'globex')]);
    expect(found.map((f) => [f.ruleId, f.tenant, f.matched])).toEqual([
      ['admins', 'acme', [{ field: 'winlog.event_data.User', value: 'CORP\\root' }]],
      ['admins', 'globex', [{ field: 'winlog.event_data.User', value: 'CORP\\adm-bob' }]],
    ]);
  });

  it('reports a rule whose placeholder has no values as failed, naming the setting, and runs the others', () => {
    const stage = new DetectStage();
    const r = stage.load({
      version: 1,
      docs: [admins, doc('a', 'whoami.exe')],
      placeholders: { Other: ['x'] },
    });
    expect(r.loaded).toBe(1);
    expect(r.failed).toEqual([
      {
        ruleId: 'admins',
        tenant: null,
        file: 'builtin:rules/starter/admins.yml',
        line: 6,
        column: 1,
        reason:
          'search "selection": field "User": placeholder %Admins% has no configured values (set detect.placeholders.Admins)',
      },
    ]);
  });

  it('compiles the unchanged rules again when a new set brings other values', () => {
    const stage = new DetectStage();
    stage.load({ version: 1, docs: [admins], placeholders: { Admins: ['CORP\\root'] } });
    expect(run(stage, [runBy('CORP\\root')])).toHaveLength(1);
    stage.load({ version: 2, docs: [admins], placeholders: { Admins: ['CORP\\jane'] } });
    expect(run(stage, [runBy('CORP\\root'), runBy('CORP\\jane')]).map((f) => f.matched[0]?.value)).toEqual([
      'CORP\\jane',
    ]);
    expect(stage.load({ version: 3, docs: [admins] }).failed.map((f) => f.ruleId)).toEqual(['admins']);
  });

  it("folds a tenant's filter into a rule using `expand`, compiled with the same values", () => {
    const filter = `title: Not the backup admin
id: f1
logsource: {product: windows, category: process_creation}
filter:
  rules: [admins]
  selection: {User: 'CORP\\adm-backup'}
  condition: not selection
`;
    const stage = new DetectStage();
    const r = stage.load({
      version: 1,
      docs: [admins, doc('f1', '', { kind: 'filter', text: filter, tenant: 'acme' })],
      placeholders: { Admins: ['CORP\\adm-*'] },
    });
    expect(r).toMatchObject({ loaded: 1, failed: [] });
    const found = run(stage, [
      runBy('CORP\\adm-backup'),
      runBy('CORP\\adm-bob'),
      runBy('CORP\\adm-backup', 'globex'),
    ]);
    expect(found.map((f) => [f.tenant, f.matched[0]?.value])).toEqual([
      ['acme', 'CORP\\adm-bob'],
      ['globex', 'CORP\\adm-backup'],
    ]);
  });
});
