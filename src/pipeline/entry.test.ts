import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FORMATS } from '../core/event.ts';
import { decodeEntry, encodeBatch, encodeRejection } from './entry.ts';
import type { RawBatch } from './sink.ts';

describe('journal entries', () => {
  it('round-trips a batch, including JSON events, unicode and empty strings', () => {
    const batch: RawBatch = {
      source: 'fw',
      tenant: 'acme',
      format: 'hec',
      received: 1763830614123,
      meta: { 'log.source.address': '10.0.0.1', 'log.source.port': 514 },
      events: ['{"event":"a \\"quoted\\" value"}', 'ünïcødé ✓ 🎉', ''],
    };
    expect(decodeEntry(encodeBatch(batch))).toEqual({ kind: 'batch', batch });
  });

  it('round-trips a rejection with its raw bytes', () => {
    const rejection = {
      source: 'udp',
      tenant: 't',
      received: 5,
      reason: 'too big',
      raw: new Uint8Array([0, 255, 10]),
    };
    const e = decodeEntry(encodeRejection(rejection));
    expect(e.kind).toBe('rejection');
    expect(e.kind === 'rejection' && Buffer.from(e.rejection.raw)).toEqual(Buffer.from([0, 255, 10]));
  });

  it('turns truncated or foreign payloads into rejections that keep the bytes', () => {
    const whole = encodeBatch({
      source: 's',
      tenant: 't',
      format: 'json',
      received: 1,
      events: ['{"a":1}', '{"b":2}'],
    });
    for (const bad of [whole.subarray(0, whole.length - 3), whole.subarray(0, 7), Buffer.from('{nope')]) {
      const e = decodeEntry(bad);
      expect(e.kind).toBe('rejection');
      expect(e.kind === 'rejection' && Buffer.from(e.rejection.raw).equals(bad)).toBe(true);
    }
  });

  it('property: any batch round-trips exactly', () => {
    fc.assert(
      fc.property(
        fc.record({
          source: fc.string(),
          tenant: fc.string(),
          format: fc.constantFrom(...FORMATS),
          received: fc.integer({ min: 0, max: 2 ** 47 }),
          events: fc.array(fc.string({ unit: 'grapheme' })),
        }),
        (batch) => {
          expect(decodeEntry(encodeBatch(batch))).toEqual({ kind: 'batch', batch });
        },
      ),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 300) },
    );
  });
});
