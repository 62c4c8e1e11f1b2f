/**
 * temporal_ordered: "the referenced rules match in the listed order within the timespan, per
 * group" (Sigma correlation specification, Ordered Temporal Proximity), with the specification's
 * complete example: a chain of an event_count correlation and a rule (many failed logons, then a
 * successful one), and what `generate` means for the rules and the correlation in the middle.
 */
import { describe, expect, it } from 'vitest';
import { FAILED_LOGON, failed, Harness, SUCCESSFUL_LOGON, success, sysmon } from './correlation.fixture.ts';

const CHAIN = (
  innerGenerate = '',
  outerGenerate = '',
) => `title: Correlation - Multiple Failed Logins Followed by Successful Login
id: b180ead8-d58f-40b2-ae54-c8940995b9b6
status: experimental
correlation:
    type: temporal_ordered
    rules:
        - multiple_failed_login
        - successful_logon
    group-by:
        - TargetUserName
    timespan: 10m
${outerGenerate}
level: high
---
title: Multiple failed logons
id: a8418a5a-5fc4-46b5-b23b-6c73beb19d41
name: multiple_failed_login
correlation:
    type: event_count
    rules:
        - failed_logon
    group-by:
        - TargetUserName
    timespan: 10m
    condition:
        gte: 3
${innerGenerate}
---
${FAILED_LOGON}
---
${SUCCESSFUL_LOGON}`;

const OUTER = 'b180ead8-d58f-40b2-ae54-c8940995b9b6';
const INNER = 'a8418a5a-5fc4-46b5-b23b-6c73beb19d41';
const FAILED_ID = '53ba33fd-3a50-4468-a5ef-c583635cfa92';
const SUCCESS_ID = '4d0a2c83-c62c-4ed4-b475-c7e23a9269b8';

describe('temporal_ordered', () => {
  it('fires on the specification example: the event_count match, then a successful logon', () => {
    const h = new Harness(CHAIN());
    expect(h.failed).toEqual([]);
    const out = h.sendAll([
      [failed('alice'), '10:00:00'],
      [failed('alice'), '10:01:00'],
      [failed('alice'), '10:02:00'],
      [success('bob'), '10:03:00'],
      [success('alice'), '10:04:00'],
    ]);
    expect(out.slice(0, 2)).toEqual([[], []]);
    // the middle correlation fires and feeds the outer one as a hit (it is not reported itself)
    expect(out[2]?.map((m) => [m.correlationId, m.value, m.report])).toEqual([[INNER, 3, false]]);
    expect(out[3]).toEqual([]);
    expect(out[4]?.map((m) => [m.correlationId, m.group, m.value, m.report, m.level])).toEqual([
      [OUTER, { TargetUserName: 'alice' }, 2, true, 'high'],
    ]);
    expect(out[4]?.[0]?.eventIds).toEqual(['e1', 'e2', 'e3', 'e5']);
    // generate: false (the default) everywhere: the single logons are not reported on their own
    expect(h.engine.reportsRule(FAILED_ID)).toBe(false);
    expect(h.engine.reportsRule(SUCCESS_ID)).toBe(false);
  });

  it('does not fire when the steps come in another order', () => {
    const h = new Harness(CHAIN());
    const out = h.sendAll([
      [success('alice'), '10:00:00'],
      [failed('alice'), '10:01:00'],
      [failed('alice'), '10:02:00'],
      [failed('alice'), '10:03:00'],
    ]);
    expect(out.map((m) => m.map((x) => x.correlationId))).toEqual([[], [], [], [INNER]]);
    // a successful logon after the failures completes the order
    expect(h.send(success('alice'), '10:05:00').map((m) => m.correlationId)).toEqual([OUTER]);
  });

  it('generate: true keeps the referenced rules (and the middle correlation) reported', () => {
    const inner = new Harness(CHAIN('    generate: true'));
    expect(inner.engine.reportsRule(FAILED_ID)).toBe(true);
    expect(inner.engine.reportsRule(SUCCESS_ID)).toBe(false);
    const outer = new Harness(CHAIN('', '    generate: true'));
    expect(outer.engine.reportsRule(FAILED_ID)).toBe(false);
    expect(outer.engine.reportsRule(SUCCESS_ID)).toBe(true);
    const out = outer.sendAll([
      [failed('alice'), '10:00:00'],
      [failed('alice'), '10:01:00'],
      [failed('alice'), '10:02:00'],
    ]);
    expect(out[2]?.map((m) => [m.correlationId, m.report])).toEqual([[INNER, true]]);
  });

  const STEPS = `title: Download, then execute, then connect
id: 0a1b2c3d-4e5f-4061-8273-94a5b6c7d8e9
correlation:
    type: temporal_ordered
    rules: [step_download, step_run, step_connect]
    group-by: [Computer]
    timespan: 5m
---
title: certutil download
name: step_download
logsource: {product: windows, category: process_creation}
detection:
    selection:
        Image|endswith: '\\certutil.exe'
    condition: selection
---
title: payload run from temp
name: step_run
logsource: {product: windows, category: process_creation}
detection:
    selection:
        Image|contains: '\\Temp\\'
    condition: selection
---
title: connection to port 4444
name: step_connect
logsource: {product: windows, category: network_connection}
detection:
    selection:
        DestinationPort: 4444
    condition: selection
`;
  const on = (e: Record<string, unknown>, computer = 'WS-07') => ({ ...e, 'winlog.computer_name': computer });
  const dl = () => on(sysmon(1, { Image: 'C:\\Windows\\System32\\certutil.exe' }));
  const run = () => on(sysmon(1, { Image: 'C:\\Users\\bob\\AppData\\Local\\Temp\\p.exe' }));
  const conn = () => on(sysmon(3, { DestinationPort: 4444, Image: 'C:\\x\\p.exe' }));

  it('follows three steps in order; a step out of order waits for the right one', () => {
    const h = new Harness(STEPS);
    expect(h.failed).toEqual([]);
    const out = h.sendAll([
      [dl(), '10:00:00'],
      [conn(), '10:01:00'], // too early: run has not happened yet
      [run(), '10:02:00'],
      [conn(), '10:03:00'],
    ]);
    expect(out.map((m) => m.map((x) => x.value))).toEqual([[], [], [], [3]]);
    expect(out[3]?.[0]?.firstTime).toBe(Date.parse('2026-03-01T10:00:00Z'));
  });

  it('needs the whole sequence within the timespan, counted from its first step', () => {
    const h = new Harness(STEPS);
    const out = h.sendAll([
      [dl(), '10:00:00'],
      [run(), '10:04:00'],
      [conn(), '10:06:00'], // 6 min after the download
      [dl(), '10:07:00'],
      [run(), '10:08:00'],
      [conn(), '10:09:00'],
    ]);
    expect(out.map((m) => m.length)).toEqual([0, 0, 0, 0, 0, 1]);
  });

  it('with a condition, fires on the first steps done in order', () => {
    const h = new Harness(STEPS.replace('timespan: 5m', 'timespan: 5m\n    condition:\n        gte: 2'));
    expect(h.failed).toEqual([]);
    const out = h.sendAll([
      [run(), '10:00:00'],
      [dl(), '10:01:00'],
      [run(), '10:02:00'],
    ]);
    expect(out.map((m) => m.map((x) => x.value))).toEqual([[], [], [2]]);
  });
});
