import { describe, expect, it } from 'vitest';
import { generateDemoDay } from './index.ts';
import { wireProblem } from './testing.ts';
import type { DemoRecord } from './types.ts';

/** One record of each format/shape from a small day. */
function samples(): Map<string, DemoRecord> {
  const out = new Map<string, DemoRecord>();
  for (const r of generateDemoDay({ seed: 2, day: '2026-11-22', scale: 0.1 })) {
    const shape = r.format === 'windows' ? (r.raw.startsWith('{"Event"') ? 'evtx' : 'winlogbeat') : r.format;
    const key = r.format === 'syslog' ? `${shape}:${r.raw.includes('>1 ') ? '5424' : '3164'}` : shape;
    if (!out.has(key)) out.set(key, r);
  }
  return out;
}

describe('wireProblem (the checker the day-level tests rely on)', () => {
  const all = samples();

  it('has a sample of every format and shape and accepts them', () => {
    expect([...all.keys()].sort()).toEqual(
      [
        'cef',
        'cloudtrail',
        'evtx',
        'json',
        'leef',
        'suricata',
        'syslog:3164',
        'syslog:5424',
        'winlogbeat',
        'zeek',
      ].sort(),
    );
    for (const [k, r] of all) expect(wireProblem(r), k).toBeNull();
  });

  it('notices a time that does not match the text, in every format', () => {
    for (const [k, r] of all) expect(wireProblem({ ...r, time: r.time + 1000 }), k).not.toBeNull();
  });

  it('notices broken texts', () => {
    const cef = all.get('cef') as DemoRecord;
    expect(wireProblem({ ...cef, raw: cef.raw.replace('|EdgeWall|', '|Edge|Wall|') })).toMatch(
      /7 unescaped pipes/,
    );
    const zeek = all.get('zeek') as DemoRecord;
    expect(wireProblem({ ...zeek, raw: zeek.raw.slice(0, -1) })).toMatch(/invalid JSON/);
    const line = all.get('syslog:3164') as DemoRecord;
    expect(wireProblem({ ...line, raw: line.raw.replace(/^<\d+>/, '') })).toMatch(/RFC 3164/);
    const leef = all.get('leef') as DemoRecord;
    expect(wireProblem({ ...leef, raw: leef.raw.replace('^cat=', '^=') })).toMatch(/key=/);
  });
});
