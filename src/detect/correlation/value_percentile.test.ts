/**
 * value_percentile. The specification's only example ("field: image, lte: 1": a process name that
 * makes up at most 1% of a computer's processes) reads the aggregate as the share, in %, of the
 * group's window hits that carry the current hit's value: a rarity detector. pySigma-style
 * conditions add `percentile: P` and compare the P-th percentile of a numeric field; the engine
 * does that when the model carries a `percentile` (our parser does not read it yet).
 */
import { describe, expect, it } from 'vitest';
import type { SigmaCorrelation } from '../sigma/model.ts';
import { parseSigmaDocument } from '../sigma/parse.ts';
import { at, Harness, pipelines, proxy, sysmon, UPLOAD } from './correlation.fixture.ts';
import { createCorrelationEngine } from './engine.ts';

const RARE = `title: A computer ran a process name seen in at most 1% of its processes
id: 3f2e1d0c-9b8a-4765-8432-10fedcba9876
correlation:
    type: value_percentile
    rules:
        - any_process
    group-by:
        - Computer
    timespan: 24h
    condition:
        field: Image
        lte: 1
---
title: Any process creation
name: any_process
logsource:
    product: windows
    category: process_creation
detection:
    selection:
        Image|endswith: '.exe'
    condition: selection
`;

const run = (image: string, computer = 'WS-07') => ({
  ...sysmon(1, { Image: image }),
  'winlog.computer_name': computer,
});

function time(i: number): string {
  const s = 8 * 3600 + i * 10;
  const p = (n: number) => String(n).padStart(2, '0');
  return `${p(Math.floor(s / 3600))}:${p(Math.floor(s / 60) % 60)}:${p(s % 60)}`;
}

describe('value_percentile (share of the current value, the specification example)', () => {
  it('fires for a value that makes up at most 1% of the group’s window', () => {
    const h = new Harness(RARE);
    expect(h.failed).toEqual([]);
    for (let i = 0; i < 150; i++) {
      const img = i % 3 === 0 ? 'C:\\Windows\\System32\\svchost.exe' : 'C:\\Windows\\explorer.exe';
      expect(h.send(run(img), time(i))).toEqual([]);
    }
    const out = h.send(run('C:\\Users\\bob\\AppData\\Local\\Temp\\x.exe'), time(150));
    expect(out.map((m) => [m.group, m.value.toFixed(3)])).toEqual([
      [{ Computer: 'WS-07' }, (100 / 151).toFixed(3)],
    ]);
    // another computer has its own window: there the same name is all it ran
    expect(h.send(run('C:\\Users\\bob\\AppData\\Local\\Temp\\x.exe', 'WS-08'), time(151))).toEqual([]);
  });

  it('does not fire for a value that is rare only because the window is still small', () => {
    const h = new Harness(RARE);
    for (let i = 0; i < 20; i++) h.send(run('C:\\Windows\\explorer.exe'), time(i));
    expect(h.send(run('C:\\Temp\\y.exe'), time(20))).toEqual([]); // 1 of 21: 4.8%
  });
});

describe('value_percentile with a percentile (pySigma style)', () => {
  const DOC = `title: Large uploads at the 90th percentile
id: 7a6b5c4d-3e2f-4a1b-9c8d-7e6f5a4b3c2d
correlation:
    type: value_percentile
    rules: [website_upload]
    group-by: [c-ip]
    timespan: 1h
    condition:
        field: cs-bytes
        gt: 8
---
${UPLOAD}`;

  function engineWith(percentile: number) {
    const parsed = parseSigmaDocument(DOC, 'mr_p90.yml');
    expect(parsed.errors).toEqual([]);
    const corr = parsed.correlations[0] as SigmaCorrelation;
    const condition = { ...(corr.condition as NonNullable<SigmaCorrelation['condition']>), percentile };
    const withP: SigmaCorrelation = { ...corr, condition };
    return createCorrelationEngine([withP], parsed.rules, pipelines);
  }

  it('compares the nearest-rank percentile of the window’s values', () => {
    const { engine, failed } = engineWith(90);
    expect(failed).toEqual([]);
    const values: number[] = [];
    for (let v = 1; v <= 10; v++) {
      const out = engine.observe({
        ruleId: '2c1e6a1f-0d4b-4f43-9f7e-7a3c1b2d4e5f',
        eventId: `u${v}`,
        time: at(`10:0${v - 1}:00`),
        event: proxy('10.0.0.5', 'a.example', v),
        tenant: 'acme',
      });
      values.push(...out.map((m) => m.value));
      if (out.length > 0) expect(v).toBe(9); // 9 values: the 9th smallest is 9 > 8
    }
    expect(values).toEqual([9]);
  });

  it('refuses a percentile outside 0..100', () => {
    expect(engineWith(120).failed.map((f) => f.reason)).toEqual(['percentile 120 is not between 0 and 100']);
  });
});
