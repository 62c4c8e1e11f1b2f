import { describe, expect, it } from 'vitest';
import { type DemoRecord, demoStories, generateDemoDay } from './index.ts';
import { wireProblem } from './testing.ts';

const DAY = '2026-11-22';
const START = Date.UTC(2026, 10, 22);
const END = START + 86_400_000;
const day = [...generateDemoDay({ seed: 11, day: DAY })];

const count = (rs: readonly DemoRecord[], f: (r: DemoRecord) => boolean): number => rs.filter(f).length;

describe('generateDemoDay: determinism', () => {
  it('gives exactly the same records for the same seed and day', () => {
    const again = [...generateDemoDay({ seed: 11, day: DAY })];
    expect(again.length).toBe(day.length);
    expect(again.map((r) => r.raw)).toEqual(day.map((r) => r.raw));
    expect(again.map((r) => r.time)).toEqual(day.map((r) => r.time));
  });

  it('gives a different day for a different seed', () => {
    const other = [...generateDemoDay({ seed: 12, day: DAY })];
    const mine = new Set(day.map((r) => r.raw));
    const shared = count(other, (r) => mine.has(r.raw));
    expect(shared / other.length).toBeLessThan(0.05);
  });

  it('rejects malformed options with a RangeError that says what is wrong', () => {
    expect(() => generateDemoDay({ day: '2026-02-30' }).next()).toThrow(/not a calendar date/);
    expect(() => generateDemoDay({ scale: -1 }).next()).toThrow(/scale/);
    expect(() => demoStories({ day: 'yesterday' })).toThrow(/day must look like/);
  });
});

describe('generateDemoDay: volume and mix at scale 1', () => {
  it('has about 20,000 records', () => {
    expect(day.length).toBeGreaterThan(17_000);
    expect(day.length).toBeLessThan(26_000);
  });

  it('has a sensible mix of every source family', () => {
    const expected: [DemoRecord['format'], number, number][] = [
      ['windows', 6_500, 11_000],
      ['syslog', 3_000, 5_500],
      ['zeek', 3_000, 5_500],
      ['suricata', 900, 2_400],
      ['cef', 1_200, 2_500],
      ['leef', 150, 400],
      ['cloudtrail', 400, 1_000],
      ['json', 300, 700],
    ];
    for (const [format, min, max] of expected) {
      const n = count(day, (r) => r.format === format);
      expect(n, format).toBeGreaterThan(min);
      expect(n, format).toBeLessThan(max);
    }
    const sources = new Set(day.map((r) => r.source));
    for (const s of [
      'windows-dc01',
      'windows-fs01',
      'windows-sql01',
      'windows-ws-003',
      'linux-syslog',
      'app-syslog',
    ]) {
      expect(sources.has(s), s).toBe(true);
    }
    for (const s of ['customer-portal', 'zeek', 'suricata', 'edgewall-fw', 'mailguard', 'aws-cloudtrail']) {
      expect(sources.has(s), s).toBe(true);
    }
  });

  it('ships Windows both as winlogbeat and as evtx_dump JSON', () => {
    expect(count(day, (r) => r.format === 'windows' && r.raw.startsWith('{"Event":'))).toBeGreaterThan(500);
    expect(count(day, (r) => r.format === 'windows' && r.raw.includes('"winlog":'))).toBeGreaterThan(5000);
  });

  it('is busier in office hours than at night', () => {
    const ws = day.filter((r) => r.source.startsWith('windows-ws-'));
    const perHour = (a: number, b: number) =>
      count(ws, (r) => r.time >= START + a * 3_600_000 && r.time < START + b * 3_600_000) / (b - a);
    expect(perHour(9, 17)).toBeGreaterThan(8 * perHour(0, 6));
  });

  it('scales the background with `scale` while the stories stay', () => {
    const half = [...generateDemoDay({ seed: 11, day: DAY, scale: 0.5 })];
    const stories = demoStories({ seed: 11, day: DAY });
    const inStory = (r: DemoRecord) => stories.some((s) => r.time >= s.start && r.time <= s.end);
    const bgFull = count(day, (r) => !inStory(r));
    const bgHalf = count(half, (r) => !inStory(r));
    expect(bgHalf / bgFull).toBeGreaterThan(0.43);
    expect(bgHalf / bgFull).toBeLessThan(0.57);
    expect(count(half, (r) => r.raw.includes('StopLogging'))).toBe(1);
  });
});

describe('generateDemoDay: time', () => {
  it('streams in time order, every record inside the day', () => {
    for (let i = 1; i < day.length; i++) {
      if ((day[i] as DemoRecord).time < (day[i - 1] as DemoRecord).time)
        throw new Error(`out of order at ${i}`);
    }
    expect(day.every((r) => r.time >= START && r.time < END)).toBe(true);
  });

  it('uses the 24h before `end` when the window does not start at midnight', () => {
    const end = Date.UTC(2026, 10, 22, 15, 30, 0, 250);
    const recs = [...generateDemoDay({ seed: 11, end, scale: 0.2 })];
    expect(recs.length).toBeGreaterThan(4000);
    expect(recs.every((r) => r.time >= end - 86_400_000 && r.time < end)).toBe(true);
    expect(recs.every((r, i) => i === 0 || r.time >= (recs[i - 1] as DemoRecord).time)).toBe(true);
    expect(recs.map(wireProblem).filter((p) => p !== null)).toEqual([]);
  });
});

describe('generateDemoDay: wire formats', () => {
  it('writes every record well-formed for its format, with its own time inside', () => {
    const problems = day
      .map((r) => ({ r, p: wireProblem(r) }))
      .filter((x) => x.p !== null)
      .slice(0, 5)
      .map((x) => `${x.p}: ${x.r.raw.slice(0, 160)}`);
    expect(problems).toEqual([]);
  });

  it('uses both syslog framings for Linux and apps (3164 and 5424 with structured data)', () => {
    expect(
      count(day, (r) => r.source === 'linux-syslog' && /^<\d+>[A-Z][a-z]{2} /.test(r.raw)),
    ).toBeGreaterThan(2000);
    expect(
      count(day, (r) => r.source === 'app-syslog' && /^<\d+>1 \S+ \S+ \S+ \S+ \S+ \[\w+@32473 /.test(r.raw)),
    ).toBeGreaterThan(500);
  });

  it('gives Windows record ids that are unique and grow with time per computer and channel', () => {
    const last = new Map<string, number>();
    for (const r of day.filter((x) => x.format === 'windows')) {
      const o = JSON.parse(r.raw) as {
        Event?: { System: { Computer: string; Channel: string; EventRecordID: number } };
        winlog?: { computer_name: string; channel: string; record_id: string };
      };
      const [key, id] = o.Event
        ? [`${o.Event.System.Computer}/${o.Event.System.Channel}`, o.Event.System.EventRecordID]
        : [`${o.winlog?.computer_name}/${o.winlog?.channel}`, Number(o.winlog?.record_id)];
      expect(id).toBeGreaterThan(last.get(key) ?? 0);
      last.set(key, id);
    }
    expect(last.size).toBeGreaterThan(60);
  });
});
