/**
 * value_avg: "the average of a numeric field within the timespan, per group, compared with a
 * limit" (Sigma correlation specification, Value Average).
 */
import { describe, expect, it } from 'vitest';
import { brief, Harness, proxy, UPLOAD } from './correlation.fixture.ts';

const DOC = `title: Suspicious average upload size
id: 9d1c2b3a-4e5f-4a6b-8c7d-0e1f2a3b4c5d
correlation:
    type: value_avg
    rules:
        - website_upload
    group-by:
        - c-ip
        - cs-host
    timespan: 24h
    condition:
        field: cs-bytes
        gt: 500
---
${UPLOAD}`;

const ID = '9d1c2b3a-4e5f-4a6b-8c7d-0e1f2a3b4c5d';

describe('value_avg', () => {
  it('fires when the average of the window passes the limit', () => {
    const h = new Harness(DOC);
    expect(h.failed).toEqual([]);
    const out = h.sendAll([
      [proxy('10.0.0.5', 'a.example', 100), '01:00:00'],
      [proxy('10.0.0.5', 'a.example', 700), '02:00:00'], // 400
      [proxy('10.0.0.5', 'b.example', 900), '02:00:00'], // another group: 900
      [proxy('10.0.0.5', 'a.example', 1000), '03:00:00'], // 600
    ]);
    expect(out.map(brief)).toEqual([
      [],
      [],
      [{ id: ID, group: { 'c-ip': '10.0.0.5', 'cs-host': 'b.example' }, value: 900 }],
      [{ id: ID, group: { 'c-ip': '10.0.0.5', 'cs-host': 'a.example' }, value: 600 }],
    ]);
  });

  it('averages only what is in the window', () => {
    const h = new Harness(DOC.replace('timespan: 24h', 'timespan: 1h'));
    const out = h.sendAll([
      [proxy('10.0.0.5', 'a.example', 100), '01:00:00'],
      [proxy('10.0.0.5', 'a.example', 100), '01:30:00'],
      [proxy('10.0.0.5', 'a.example', 1000), '02:00:00'], // 400 with all three
      [proxy('10.0.0.5', 'a.example', 600), '02:20:00'], // 01:00 left: (100+1000+600)/3 = 566.67
    ]);
    expect(out.map((m) => m.map((x) => Math.round(x.value)))).toEqual([[], [], [], [567]]);
  });
});
