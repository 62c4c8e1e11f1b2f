import { describe, expect, it } from 'vitest';
import { epochSecondsToIso, pickTime, receivedIso, timeValueToIso, zoneOffsetMinutes } from './json-time.ts';

describe('timeValueToIso', () => {
  it.each([
    ['2026-11-22T10:00:00Z', '2026-11-22T10:00:00.000Z'],
    ['2026-11-22T10:00:00.123456+0000', '2026-11-22T10:00:00.123456Z'],
    ['2026-11-22T12:00:00+02:00', '2026-11-22T10:00:00.000Z'],
    ['2026-11-22 10:00:00', '2026-11-22T10:00:00.000Z'],
    [1795341600, '2026-11-22T10:00:00.000Z'],
    [1795341600123, '2026-11-22T10:00:00.123Z'],
    [1795341600123456, '2026-11-22T10:00:00.123456Z'],
    [1795341600123000000, '2026-11-22T10:00:00.123Z'],
    ['1795341600.5', '2026-11-22T10:00:00.500Z'],
    ['1795341600123', '2026-11-22T10:00:00.123Z'],
    ['/Date(1795341600123)/', '2026-11-22T10:00:00.123Z'],
    [' 2026-11-22T10:00:00Z', '2026-11-22T10:00:00.000Z'],
  ])('reads %j', (input, expected) => {
    expect(timeValueToIso(input, 'UTC')).toBe(expected);
  });

  it.each([[''], ['soon'], [12], [0.25], ['42'], [true], [null], [{}], ['2026-13-01'], [Number.NaN], [-5]])(
    'does not take %j for a time',
    (input) => {
      expect(timeValueToIso(input, 'UTC')).toBeNull();
    },
  );

  it('reads zone-less text in the assumed zone, fixed or IANA, and keeps explicit zones', () => {
    expect(timeValueToIso('2026-11-22 10:00:00', '+02:00')).toBe('2026-11-22T08:00:00.000Z');
    expect(timeValueToIso('2026-07-01 10:00:00', 'Europe/Berlin')).toBe('2026-07-01T08:00:00.000Z');
    expect(timeValueToIso('2026-01-15 10:00:00', 'Europe/Berlin')).toBe('2026-01-15T09:00:00.000Z');
    expect(timeValueToIso('2026-01-15T10:00:00Z', 'Europe/Berlin')).toBe('2026-01-15T10:00:00.000Z');
    expect(timeValueToIso('2026-01-15 10:00:00', 'Not/AZone')).toBe('2026-01-15T10:00:00.000Z');
  });
});

describe('time helpers', () => {
  it('gives zone offsets for fixed offsets and IANA names at an instant', () => {
    expect(zoneOffsetMinutes('UTC', 0)).toBe(0);
    expect(zoneOffsetMinutes('-05:30', 0)).toBe(-330);
    expect(zoneOffsetMinutes('America/New_York', Date.UTC(2026, 0, 10))).toBe(-300);
    expect(zoneOffsetMinutes('America/New_York', Date.UTC(2026, 6, 10))).toBe(-240);
  });

  it('reads epoch seconds with a microsecond fraction', () => {
    expect(epochSecondsToIso(1795341600.123456)).toBe('2026-11-22T10:00:00.123456Z');
    expect(epochSecondsToIso(-1)).toBeNull();
  });

  it('picks the first key whose value reads as a time', () => {
    const o = { time: 0.25, ts: 'later', date: '2026-11-22', timestamp: undefined };
    expect(pickTime(o, ['timestamp', 'time', 'ts', 'date'], 'UTC')).toBe('2026-11-22T00:00:00.000Z');
    expect(pickTime({}, ['time'], 'UTC')).toBeNull();
  });

  it('renders the receive time as canonical ISO', () => {
    expect(receivedIso(Date.UTC(2026, 10, 22, 10))).toBe('2026-11-22T10:00:00.000Z');
  });
});
