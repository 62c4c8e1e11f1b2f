import { describe, expect, it } from 'vitest';
import { encodeBatch, encodeRejection } from './entry.ts';
import type { JournalRecord } from './journal.ts';
import { processRecords } from './processor.ts';

const rec = (payload: Buffer, offset: number): JournalRecord => ({
  payload,
  at: { segment: 1, offset },
  next: { segment: 1, offset: offset + payload.length + 8 },
});
const received = Date.UTC(2026, 10, 22, 10, 0, 0);

describe('pipeline processor', () => {
  it('parses each raw text, adds Vigil metadata, and derives ids from the journal position', () => {
    const records = [
      rec(
        encodeBatch({
          source: 'fw',
          tenant: 'acme',
          format: 'auto',
          received,
          meta: { 'observer.ingress.transport': 'tcp' },
          events: [
            '<13>Nov 22 09:59:58 gw1 sshd[7]: Failed password for root from 203.0.113.5 port 22 ssh2',
            '{"message":"hi"}',
          ],
        }),
        0,
      ),
    ];
    const out = processRecords(records, { assumeTimeZone: 'UTC' });
    expect(out.deadLetters).toEqual([]);
    expect(out.events.map((e) => e.id)).toEqual(['1-0-0', '1-0-1']);
    expect(out.events[0]!.event).toMatchObject({
      'vigil.tenant': 'acme',
      'vigil.source': 'fw',
      'vigil.ingested': '2026-11-22T10:00:00.000Z',
      'host.name': 'gw1',
      'observer.ingress.transport': 'tcp',
    });
    expect(out.counts).toEqual({ fw: { stored: 2, rejected: 0 } });
    expect(processRecords(records, { assumeTimeZone: 'UTC' }).events.map((e) => e.id)).toEqual([
      '1-0-0',
      '1-0-1',
    ]);
  });

  it('turns unparseable texts and rejections into dead letters with reasons and raw bytes', () => {
    const raw = new Uint8Array([0xff, 0xfe, 0x41]);
    const out = processRecords(
      [
        rec(
          encodeBatch({ source: 'cef', tenant: 't', format: 'cef', received, events: ['not a cef line'] }),
          0,
        ),
        rec(encodeRejection({ source: 'udp', tenant: 't', received, reason: 'frame too large', raw }), 100),
        rec(Buffer.from('{broken'), 200),
      ],
      { assumeTimeZone: 'UTC' },
    );
    expect(out.events).toEqual([]);
    expect(out.deadLetters.map((d) => [d.source, d.reason])).toEqual([
      ['cef', expect.stringMatching(/CEF/)],
      ['udp', 'frame too large'],
      ['unknown', 'journal entry is not JSON'],
    ]);
    expect(Buffer.from(out.deadLetters[0]!.raw).toString()).toBe('not a cef line');
    expect(Buffer.from(out.deadLetters[1]!.raw)).toEqual(Buffer.from(raw));
    expect(out.counts).toMatchObject({ cef: { stored: 0, rejected: 1 }, udp: { stored: 0, rejected: 1 } });
  });
});
