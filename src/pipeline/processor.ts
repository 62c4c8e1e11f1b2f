/**
 * Turns journal records into what the event store commits: parsed, normalized events with
 * Vigil's metadata, and dead letters for what could not be parsed. A plain function over a batch:
 * no I/O, so it is tested directly and run inside the pipeline worker.
 */
import { F } from '../core/event.ts';
import { millisToIso } from '../core/time.ts';
import { parseEvent } from '../ingest/index.ts';
import type { ParseContext } from '../ingest/types.ts';
import type { DeadLetter, StoredEvent } from '../store/events/index.ts';
import { decodeEntry } from './entry.ts';
import type { JournalRecord } from './journal.ts';

export interface ProcessOptions {
  assumeTimeZone: string;
}

export interface SourceCounts {
  stored: number;
  rejected: number;
}

export interface Processed {
  events: StoredEvent[];
  deadLetters: DeadLetter[];
  counts: Record<string, SourceCounts>;
}

/** A stable id from the journal position: replaying the same record yields the same ids. */
export function eventId(record: JournalRecord, index: number): string {
  return `${record.at.segment.toString(36)}-${record.at.offset.toString(36)}-${index.toString(36)}`;
}

export function processRecords(records: readonly JournalRecord[], opts: ProcessOptions): Processed {
  const events: StoredEvent[] = [];
  const deadLetters: DeadLetter[] = [];
  const counts: Record<string, SourceCounts> = {};
  const count = (source: string): SourceCounts => {
    let c = counts[source];
    if (!c) {
      c = { stored: 0, rejected: 0 };
      counts[source] = c;
    }
    return c;
  };

  for (const record of records) {
    const entry = decodeEntry(record.payload);
    if (entry.kind === 'rejection') {
      const r = entry.rejection;
      deadLetters.push({
        id: eventId(record, 0),
        received: millisToIso(r.received),
        tenant: r.tenant,
        source: r.source,
        reason: r.reason,
        raw: r.raw,
      });
      count(r.source).rejected++;
      continue;
    }
    const { batch } = entry;
    const ingested = millisToIso(batch.received);
    const ctx: ParseContext = { received: batch.received, assumeTimeZone: opts.assumeTimeZone };
    if (batch.meta) ctx.meta = batch.meta;
    const c = count(batch.source);
    for (let i = 0; i < batch.events.length; i++) {
      const raw = batch.events[i] as string;
      const id = eventId(record, i);
      const outcome = parseEvent(raw, batch.format, ctx);
      if (!outcome.ok) {
        deadLetters.push({
          id,
          received: ingested,
          tenant: batch.tenant,
          source: batch.source,
          reason: outcome.reason,
          raw: Buffer.from(raw),
        });
        c.rejected++;
        continue;
      }
      const event = outcome.event;
      event[F.tenant] = batch.tenant;
      event[F.source] = batch.source;
      event[F.ingested] = ingested;
      events.push({ id, event });
      c.stored++;
    }
  }
  return { events, deadLetters, counts };
}
