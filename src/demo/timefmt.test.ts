import { describe, expect, it } from 'vitest';
import {
  cloudTrailStamp,
  evtxStamp,
  isoMillis,
  leefStamp,
  rfc3164Stamp,
  suricataStamp,
  sysmonStamp,
  zeekTs,
} from './timefmt.ts';

const T = Date.UTC(2026, 10, 22, 8, 1, 2, 123);

describe('wire-format timestamps', () => {
  it('writes each format in its own syntax, in UTC', () => {
    expect(isoMillis(T)).toBe('2026-11-22T08:01:02.123Z');
    expect(rfc3164Stamp(T)).toBe('Nov 22 08:01:02');
    expect(evtxStamp(T)).toBe('2026-11-22T08:01:02.1230000Z');
    expect(sysmonStamp(T)).toBe('2026-11-22 08:01:02.123');
    expect(suricataStamp(T)).toBe('2026-11-22T08:01:02.123000+0000');
    expect(cloudTrailStamp(T)).toBe('2026-11-22T08:01:02Z');
    expect(zeekTs(T)).toBe(1795334462.123);
    expect(leefStamp(T)).toBe('Nov 22 2026 08:01:02');
  });

  it('space-pads single-digit days in RFC 3164', () => {
    expect(rfc3164Stamp(Date.UTC(2026, 0, 5, 23, 59, 59))).toBe('Jan  5 23:59:59');
  });
});
