import { describe, expect, it } from 'vitest';
import { BadRequestError } from '../../core/errors.ts';
import { eventTime, microsToIso, msToMicros } from './rows.ts';

const at = (ts: unknown) => ({ id: 'e', event: { '@timestamp': ts as string } });

describe('event time', () => {
  it.each<[string, string, bigint, string]>([
    ['2026-11-22T16:56:54.123Z', '2026-11-22T16:56:54.123Z', 1795366614123000n, '2026-11-22'],
    ['2026-11-22T16:56:54.123456Z', '2026-11-22T16:56:54.123456Z', 1795366614123456n, '2026-11-22'],
    ['2026-11-22T16:56:54.123000Z', '2026-11-22T16:56:54.123Z', 1795366614123000n, '2026-11-22'],
    ['2026-11-22T16:56:54Z', '2026-11-22T16:56:54.000Z', 1795366614000000n, '2026-11-22'],
    ['2026-11-23T01:00:00+02:00', '2026-11-22T23:00:00.000Z', 1795388400000000n, '2026-11-22'],
    ['2024-02-29T23:59:59.999999Z', '2024-02-29T23:59:59.999999Z', 1709251199999999n, '2024-02-29'],
  ])('%s is %s', (text, iso, micros, day) => {
    expect(eventTime(at(text), 0)).toEqual({ iso, micros, day });
  });

  it.each(['2026-02-30T00:00:00.000Z', '2026-11-22T24:00:00.000Z', 'now', 1795366614, null])(
    'rejects %j',
    (value) => {
      expect(() => eventTime(at(value), 3)).toThrow(BadRequestError);
    },
  );

  it('converts between ms and µs exactly', () => {
    expect(msToMicros(1795366614123.456)).toBe(1795366614123456n);
    expect(microsToIso(1795366614123456n)).toBe('2026-11-22T16:56:54.123456Z');
    expect(microsToIso(1795366614123000n)).toBe('2026-11-22T16:56:54.123Z');
  });
});
