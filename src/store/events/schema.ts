/**
 * The event store's tables.
 *
 * Events live in one table per UTC day of `@timestamp` (`events_20261122`). Frequently searched
 * ("hot") fields are typed columns; the whole flattened event minus `event.original` is kept as
 * JSON text in `doc`, which is what searches return. A hot column holds the field's value when it
 * is a scalar of the column's type (or a one-element array of one); otherwise (a longer array, a
 * non-numeric port, ...) the column is NULL and the field's bit is set in `irregular`, telling
 * filters to look at `doc` for that row. IP columns have a numeric twin (`*_ip_num`, UHUGEINT,
 * IPv4 mapped to ::ffff:a.b.c.d) so CIDR filters are range predicates. `seq` is the number of the
 * commit that stored the row, so a paged search can pin a snapshot.
 */

export type ColumnKind = 'keyword' | 'text' | 'int' | 'ip' | 'time';

export interface HotColumn {
  field: string;
  column: string;
  kind: ColumnKind;
  /** Bit in `irregular` set when the field is present but not in the column; 0 = never. */
  bit: number;
}

export const HOT_COLUMNS: readonly HotColumn[] = [
  { field: 'vigil.id', column: 'id', kind: 'keyword', bit: 0 },
  { field: '@timestamp', column: 'ts', kind: 'time', bit: 0 },
  { field: 'vigil.tenant', column: 'tenant', kind: 'keyword', bit: 0 },
  { field: 'vigil.source', column: 'source', kind: 'keyword', bit: 0 },
  { field: 'vigil.ingested', column: 'ingested', kind: 'time', bit: 0 },
  { field: 'event.dataset', column: 'dataset', kind: 'keyword', bit: 1 },
  { field: 'event.category', column: 'category', kind: 'keyword', bit: 2 },
  { field: 'event.action', column: 'action', kind: 'keyword', bit: 4 },
  { field: 'event.outcome', column: 'outcome', kind: 'keyword', bit: 8 },
  { field: 'event.code', column: 'code', kind: 'keyword', bit: 16 },
  { field: 'host.name', column: 'host_name', kind: 'keyword', bit: 32 },
  { field: 'user.name', column: 'user_name', kind: 'keyword', bit: 64 },
  { field: 'source.ip', column: 'source_ip', kind: 'ip', bit: 128 },
  { field: 'source.port', column: 'source_port', kind: 'int', bit: 256 },
  { field: 'destination.ip', column: 'destination_ip', kind: 'ip', bit: 512 },
  { field: 'destination.port', column: 'destination_port', kind: 'int', bit: 1024 },
  { field: 'process.name', column: 'process_name', kind: 'keyword', bit: 2048 },
  { field: 'message', column: 'message', kind: 'text', bit: 4096 },
  { field: 'event.original', column: 'original', kind: 'text', bit: 8192 },
];

const BY_FIELD = new Map(HOT_COLUMNS.map((c) => [c.field, c]));

/** The typed column holding `field`, if it has one. */
export function hotColumn(field: string): HotColumn | undefined {
  return BY_FIELD.get(field);
}

/** Column order of a day table; the appender writes in exactly this order. */
export const EVENT_TABLE_COLUMNS = `
  id VARCHAR NOT NULL,
  ts TIMESTAMP NOT NULL,
  tenant VARCHAR NOT NULL,
  source VARCHAR NOT NULL,
  ingested TIMESTAMP,
  dataset VARCHAR,
  category VARCHAR,
  action VARCHAR,
  outcome VARCHAR,
  code VARCHAR,
  host_name VARCHAR,
  user_name VARCHAR,
  source_ip VARCHAR,
  source_ip_num UHUGEINT,
  source_port INTEGER,
  destination_ip VARCHAR,
  destination_ip_num UHUGEINT,
  destination_port INTEGER,
  process_name VARCHAR,
  message VARCHAR,
  original VARCHAR,
  irregular INTEGER NOT NULL,
  seq BIGINT NOT NULL,
  doc JSON NOT NULL`;

const DAY_RE = /^\d{4}-\d{2}-\d{2}$/;

/** `2026-11-22` to `events_20261122`. */
export function dayTable(day: string): string {
  if (!DAY_RE.test(day)) throw new Error(`not a day: ${day}`);
  return `events_${day.replaceAll('-', '')}`;
}

export function createDayTableSql(day: string): string {
  return `CREATE TABLE IF NOT EXISTS ${dayTable(day)} (${EVENT_TABLE_COLUMNS})`;
}

export const SCHEMA_VERSION = '1';

/** Bookkeeping tables, created when a store is opened. */
export const META_TABLES_SQL = [
  'CREATE TABLE IF NOT EXISTS vigil_meta (key VARCHAR NOT NULL, value VARCHAR NOT NULL)',
  // One row per day table with its row count, updated in the commit transaction.
  'CREATE TABLE IF NOT EXISTS vigil_days (day VARCHAR NOT NULL, rows BIGINT NOT NULL)',
  // At most one row: the journal position and sequence number of the last commit.
  'CREATE TABLE IF NOT EXISTS vigil_position (segment BIGINT NOT NULL, "offset" BIGINT NOT NULL, seq BIGINT NOT NULL)',
  // Pipeline state committed with the batches (e.g. correlation windows), by key.
  'CREATE TABLE IF NOT EXISTS vigil_state (key VARCHAR PRIMARY KEY, value VARCHAR NOT NULL)',
  `CREATE TABLE IF NOT EXISTS vigil_dead_letters (
     id VARCHAR NOT NULL, received TIMESTAMP NOT NULL, tenant VARCHAR NOT NULL,
     source VARCHAR NOT NULL, reason VARCHAR NOT NULL, raw BLOB NOT NULL)`,
];
