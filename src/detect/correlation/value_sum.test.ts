/**
 * value_sum: "the sum of a numeric field within the timespan, per group, compared with a limit"
 * (Sigma correlation specification, Value Sum): exfiltration as many uploads from one client.
 */
import { describe, expect, it } from 'vitest';
import { at, brief, Harness, proxy, UPLOAD } from './correlation.fixture.ts';

const doc = (condition: string) => `title: Possible exfiltration to a website
id: 6b0f2d7e-6c2f-4d3a-8f5e-1b2c3d4e5f60
correlation:
    type: value_sum
    rules:
        - website_upload
    group-by:
        - c-ip
    timespan: 1h
    condition:
        field: cs-bytes
${condition}
---
${UPLOAD}`;

const ID = '6b0f2d7e-6c2f-4d3a-8f5e-1b2c3d4e5f60';

describe('value_sum', () => {
  it('fires when the sum of the field in the window passes the limit', () => {
    const h = new Harness(doc('        gt: 1000000'));
    expect(h.failed).toEqual([]);
    const out = h.sendAll([
      [proxy('10.0.0.5', 'files.example', 400_000), '10:00:00'],
      [proxy('10.0.0.6', 'files.example', 900_000), '10:10:00'],
      [proxy('10.0.0.5', 'files.example', 400_000), '10:20:00'],
      [proxy('10.0.0.5', 'paste.example', 300_000), '10:30:00'],
    ]);
    expect(out.map(brief)).toEqual([
      [],
      [],
      [],
      [{ id: ID, group: { 'c-ip': '10.0.0.5' }, value: 1_100_000 }],
    ]);
    expect(out[3]?.[0]).toMatchObject({ eventIds: ['e1', 'e3', 'e4'], firstTime: at('10:00:00') });
  });

  it('subtracts what leaves the window', () => {
    const h = new Harness(doc('        gt: 1000000'));
    const out = h.sendAll([
      [proxy('10.0.0.5', 'a.example', 600_000), '10:00:00'],
      [proxy('10.0.0.5', 'a.example', 300_000), '10:30:00'],
      [proxy('10.0.0.5', 'a.example', 200_000), '11:00:01'], // 10:00 left: 500 000
      [proxy('10.0.0.5', 'a.example', 600_000), '11:10:00'], // 1 100 000
    ]);
    expect(out.map((m) => m.map((x) => x.value))).toEqual([[], [], [], [1_100_000]]);
  });

  it('takes numeric text, skips values that are not numbers', () => {
    const h = new Harness(doc('        gte: 3000'));
    const out = h.sendAll([
      [proxy('10.0.0.5', 'a.example', '2048'), '10:00:00'],
      [proxy('10.0.0.5', 'a.example', 'n/a'), '10:00:01'],
      [proxy('10.0.0.5', 'a.example', ''), '10:00:02'],
      [proxy('10.0.0.5', 'a.example', 1000), '10:00:03'],
    ]);
    expect(out.map((m) => m.map((x) => x.value))).toEqual([[], [], [], [3048]]);
    expect(h.engine.stats().skipped).toBe(2);
  });

  it('checks a range on the sum', () => {
    const h = new Harness(doc('        gte: 1000\n        lte: 2000'));
    const out = h.sendAll([
      [proxy('10.0.0.5', 'a.example', 5000), '10:00:00'], // above the range
      [proxy('10.0.0.7', 'a.example', 800), '10:00:00'],
      [proxy('10.0.0.7', 'a.example', 800), '10:00:01'], // 1600: in the range
    ]);
    expect(out.map((m) => m.map((x) => x.value))).toEqual([[], [], [1600]]);
  });
});
