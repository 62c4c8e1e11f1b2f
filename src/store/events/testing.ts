/**
 * Helpers for the event store's tests: a fresh store in a temp directory and event builders.
 * Not used by production code.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { VigilEvent } from '../../core/event.ts';
import { openEventStore } from './store.ts';
import type { EventStore, EventStoreOptions, StoredEvent } from './types.ts';

export function tempStorePath(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-'));
  return path.join(dir, 'events.duckdb');
}

export function removeStoreFiles(file: string): void {
  fs.rmSync(path.dirname(file), { recursive: true, force: true });
}

export async function openTempStore(
  opts: Partial<EventStoreOptions> = {},
): Promise<{ store: EventStore; file: string; cleanup: () => Promise<void> }> {
  const file = opts.path ?? tempStorePath();
  const store = await openEventStore({ retentionDays: 30, ...opts, path: file });
  return {
    store,
    file,
    cleanup: async () => {
      await store.close();
      removeStoreFiles(file);
    },
  };
}

/** A stored event with the fields every event has, plus `fields`. */
export function makeEvent(id: string, timestamp: string, fields: VigilEvent = {}): StoredEvent {
  return {
    id,
    event: {
      '@timestamp': timestamp,
      'vigil.tenant': 't1',
      'vigil.source': 'test',
      'vigil.ingested': '2026-11-22T17:00:00.000Z',
      'vigil.format': 'json',
      'event.original': `original of ${id}`,
      ...fields,
    },
  };
}

/** What search returns for a committed event: the event plus `vigil.id`. */
export function asReturned(e: StoredEvent): VigilEvent {
  return { ...e.event, 'vigil.id': e.id };
}
