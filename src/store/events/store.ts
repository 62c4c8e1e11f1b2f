/**
 * Vigil's embedded event store on DuckDB: opening the file, the atomic commit (events, dead
 * letters, catalog counts and journal position in one transaction), retention by dropping whole
 * day tables, dead-letter listing and stats. Queries are delegated to queries.ts.
 */
import fs from 'node:fs';
import path from 'node:path';
import { type DuckDBAppender, type DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { BadRequestError, ConfigError, VigilError } from '../../core/errors.ts';
import { utcDay } from '../../core/time.ts';
import { Mutex, ReadPool } from './connections.ts';
import { decodeDeadLetterCursor, encodeDeadLetterCursor } from './cursor.ts';
import * as queries from './queries.ts';
import { appendDeadLetter, appendEvent, type EventTime, eventTime, microsToIso } from './rows.ts';
import { createDayTableSql, dayTable, META_TABLES_SQL, SCHEMA_VERSION } from './schema.ts';
import { checkTenants } from './scope.ts';
import { huntSigma } from './sigma/index.ts';
import { join, list, raw, sql } from './sql.ts';
import type {
  CommitBatch,
  DeadLetter,
  DeadLetterPage,
  EventStore,
  EventStoreOptions,
  Histogram,
  HuntRequest,
  HuntResult,
  JournalPosition,
  ScopeRequest,
  SearchRequest,
  SearchResult,
  StoredEvent,
  StoreStats,
  TopValue,
} from './types.ts';

const DAY_MS = 86_400_000;

export async function openEventStore(opts: EventStoreOptions): Promise<EventStore> {
  if (!Number.isInteger(opts.retentionDays) || opts.retentionDays < 1) {
    throw new ConfigError('retentionDays must be a whole number of days, at least 1', 'retentionDays');
  }
  const maxScanRows = opts.maxScanRows ?? 50_000_000;
  const timeoutMs = opts.queryTimeoutMs ?? 30_000;
  if (!(maxScanRows > 0) || !(timeoutMs > 0)) {
    throw new ConfigError('maxScanRows and queryTimeoutMs must be positive', 'maxScanRows');
  }
  fs.mkdirSync(path.dirname(path.resolve(opts.path)), { recursive: true });
  const instance = await DuckDBInstance.create(opts.path);
  try {
    const writer = await instance.connect();
    for (const ddl of META_TABLES_SQL) await writer.run(ddl);
    const version = (
      await writer.runAndReadAll(`SELECT value FROM vigil_meta WHERE key = 'schema'`)
    ).getRows();
    if (version.length === 0)
      await writer.run(`INSERT INTO vigil_meta VALUES ('schema', '${SCHEMA_VERSION}')`);
    else if (String(version[0]?.[0]) !== SCHEMA_VERSION) {
      throw new ConfigError(
        `event store ${opts.path} has schema ${String(version[0]?.[0])}, expected ${SCHEMA_VERSION}`,
      );
    }
    const days = (await writer.runAndReadAll('SELECT day FROM vigil_days'))
      .getRows()
      .map((r) => String(r[0]));
    const positions = (await writer.runAndReadAll('SELECT seq FROM vigil_position')).getRows();
    const readers: DuckDBConnection[] = [];
    for (let i = 0; i < (opts.readConnections ?? 2); i++) readers.push(await instance.connect());
    return new DuckEventStore(instance, writer, new ReadPool(readers, timeoutMs), {
      path: opts.path,
      retentionDays: opts.retentionDays,
      maxScanRows,
      days: new Set(days),
      hasPosition: positions.length > 0,
      seq: positions.length > 0 ? BigInt(positions[0]?.[0] as bigint) : 0n,
    });
  } catch (e) {
    instance.closeSync();
    throw e;
  }
}

interface StoreState {
  path: string;
  retentionDays: number;
  maxScanRows: number;
  /** Day tables that exist (committed). */
  days: Set<string>;
  hasPosition: boolean;
  /** Sequence number of the last commit (0 on a new store). */
  seq: bigint;
}

/** Appends `n` rows with one appender; on any error the appender is discarded. */
async function appendAll(
  conn: DuckDBConnection,
  table: string,
  n: number,
  row: (ap: DuckDBAppender, k: number) => void,
): Promise<void> {
  const ap = await conn.createAppender(table);
  try {
    for (let k = 0; k < n; k++) row(ap, k);
    ap.closeSync();
  } catch (e) {
    try {
      ap.clear();
      ap.closeSync();
    } catch {
      // the transaction is rolled back anyway
    }
    throw e;
  }
}

function checkPosition(p: unknown): JournalPosition {
  const pos = p as JournalPosition;
  if (
    typeof pos !== 'object' ||
    pos === null ||
    !Number.isSafeInteger(pos.segment) ||
    !Number.isSafeInteger(pos.offset) ||
    pos.segment < 0 ||
    pos.offset < 0
  ) {
    throw new BadRequestError('position must be { segment, offset } with non-negative integers', 'position');
  }
  return pos;
}

class DuckEventStore implements EventStore {
  private readonly writeLock = new Mutex();
  private closed = false;

  constructor(
    private readonly instance: DuckDBInstance,
    private readonly writer: DuckDBConnection,
    private readonly readers: ReadPool,
    private readonly state: StoreState,
  ) {}

  private ensureOpen(): void {
    if (this.closed) throw new VigilError('unavailable', 'the event store is closed');
  }

  async commit(batch: CommitBatch): Promise<void> {
    this.ensureOpen();
    const { events, deadLetters } = batch;
    if (!Array.isArray(events) || !Array.isArray(deadLetters)) {
      throw new BadRequestError('a commit needs events and deadLetters arrays');
    }
    const position = checkPosition(batch.position);
    const groups = new Map<string, { events: StoredEvent[]; times: EventTime[]; indexes: number[] }>();
    for (let i = 0; i < events.length; i++) {
      const stored = events[i] as StoredEvent;
      const time = eventTime(stored, i);
      let g = groups.get(time.day);
      if (!g) {
        g = { events: [], times: [], indexes: [] };
        groups.set(time.day, g);
      }
      g.events.push(stored);
      g.times.push(time);
      g.indexes.push(i);
    }
    await this.writeLock.run(async () => {
      this.ensureOpen();
      const w = this.writer;
      const seq = this.state.seq + 1n;
      await w.run('BEGIN TRANSACTION');
      try {
        for (const [day, g] of groups) {
          if (!this.state.days.has(day)) await w.run(createDayTableSql(day));
          await appendAll(w, dayTable(day), g.events.length, (ap, k) =>
            appendEvent(ap, g.events[k] as StoredEvent, g.times[k] as EventTime, g.indexes[k] as number, seq),
          );
        }
        if (deadLetters.length > 0) {
          await appendAll(w, 'vigil_dead_letters', deadLetters.length, (ap, k) =>
            appendDeadLetter(ap, deadLetters[k] as DeadLetter, k),
          );
        }
        for (const [day, g] of groups) {
          const q = this.state.days.has(day)
            ? sql`UPDATE vigil_days SET rows = rows + ${g.events.length} WHERE day = ${day}`
            : sql`INSERT INTO vigil_days VALUES (${day}, ${g.events.length})`;
          await w.run(q.text, [...q.params]);
        }
        const p = this.state.hasPosition
          ? sql`UPDATE vigil_position SET segment = ${position.segment}, "offset" = ${position.offset}, seq = ${seq}`
          : sql`INSERT INTO vigil_position VALUES (${position.segment}, ${position.offset}, ${seq})`;
        await w.run(p.text, [...p.params]);
        for (const [key, value] of Object.entries(batch.state ?? {})) {
          const q = sql`INSERT OR REPLACE INTO vigil_state VALUES (${key}, ${value})`;
          await w.run(q.text, [...q.params]);
        }
        await w.run('COMMIT');
      } catch (e) {
        await w.run('ROLLBACK').catch(() => undefined);
        throw e;
      }
      for (const day of groups.keys()) this.state.days.add(day);
      this.state.hasPosition = true;
      this.state.seq = seq;
    });
  }

  async position(): Promise<JournalPosition | null> {
    this.ensureOpen();
    return this.writeLock.run(async () => {
      const rows = (
        await this.writer.runAndReadAll('SELECT segment, "offset" FROM vigil_position')
      ).getRows();
      const r = rows[0];
      return r ? { segment: Number(r[0]), offset: Number(r[1]) } : null;
    });
  }

  async readState(key: string): Promise<string | null> {
    this.ensureOpen();
    return this.writeLock.run(async () => {
      const q = sql`SELECT value FROM vigil_state WHERE key = ${key}`;
      const r = (await this.writer.runAndReadAll(q.text, [...q.params])).getRows()[0];
      return r ? String(r[0]) : null;
    });
  }

  private limits(): queries.QueryLimits {
    return { maxScanRows: this.state.maxScanRows };
  }

  async search(req: SearchRequest): Promise<SearchResult> {
    this.ensureOpen();
    return this.readers.use((s) => queries.search(s, req, this.limits()));
  }

  async count(req: ScopeRequest): Promise<number> {
    this.ensureOpen();
    return this.readers.use((s) => queries.count(s, req, this.limits()));
  }

  async topValues(req: ScopeRequest, field: string, limit?: number): Promise<TopValue[]> {
    this.ensureOpen();
    return this.readers.use((s) => queries.topValues(s, req, field, limit, this.limits()));
  }

  async histogram(req: ScopeRequest, buckets?: number): Promise<Histogram> {
    this.ensureOpen();
    return this.readers.use((s) => queries.histogram(s, req, buckets, this.limits()));
  }

  async huntSigma(req: HuntRequest): Promise<HuntResult> {
    this.ensureOpen();
    return this.readers.use((s) => huntSigma(s, req, this.limits()));
  }

  async deadLetters(opts: {
    tenants: readonly string[];
    limit?: number;
    cursor?: string;
  }): Promise<DeadLetterPage> {
    this.ensureOpen();
    const tenants = checkTenants(opts?.tenants);
    const limit = opts.limit ?? 100;
    if (!Number.isInteger(limit) || limit < 1 || limit > 10_000) {
      throw new BadRequestError('limit must be an integer from 1 to 10000', 'limit');
    }
    const cursor = opts.cursor ? decodeDeadLetterCursor(opts.cursor) : null;
    const after = cursor
      ? sql` AND (epoch_us(received) < ${cursor.received} OR (epoch_us(received) = ${cursor.received} AND id < ${cursor.id}))`
      : sql``;
    const rows = await this.readers.use((s) =>
      s.rows(
        sql`SELECT id, epoch_us(received), tenant, source, reason, raw FROM vigil_dead_letters WHERE tenant IN ${list(tenants)}${after} ORDER BY received DESC, id DESC LIMIT ${limit + 1}`,
      ),
    );
    const more = rows.length > limit;
    const page = rows.slice(0, limit);
    const items = page.map(
      (r): DeadLetter => ({
        id: String(r[0]),
        received: microsToIso(r[1] as bigint),
        tenant: String(r[2]),
        source: String(r[3]),
        reason: String(r[4]),
        raw: new Uint8Array((r[5] as { bytes: Uint8Array }).bytes),
      }),
    );
    const last = page[page.length - 1];
    return {
      items,
      nextCursor:
        more && last ? encodeDeadLetterCursor({ received: last[1] as bigint, id: String(last[0]) }) : null,
    };
  }

  async applyRetention(now: number = Date.now()): Promise<{ droppedDays: string[] }> {
    this.ensureOpen();
    const cutoffMs = now - this.state.retentionDays * DAY_MS;
    const cutoffDay = utcDay(cutoffMs);
    return this.writeLock.run(async () => {
      const drop = [...this.state.days].filter((d) => d < cutoffDay).sort();
      const w = this.writer;
      await w.run('BEGIN TRANSACTION');
      try {
        for (const day of drop) await w.run(`DROP TABLE IF EXISTS ${dayTable(day)}`);
        await w.run('DELETE FROM vigil_days WHERE day < ?', [cutoffDay]);
        await w.run('DELETE FROM vigil_dead_letters WHERE received < ?::TIMESTAMP', [
          `${cutoffDay} 00:00:00`,
        ]);
        await w.run('COMMIT');
      } catch (e) {
        await w.run('ROLLBACK').catch(() => undefined);
        throw e;
      }
      for (const day of drop) this.state.days.delete(day);
      return { droppedDays: drop };
    });
  }

  /**
   * Events per day of `tenants` (days without any of theirs left out), and the size of the store
   * (one file for every tenant). Counted from the day tables, filtered by tenant: the catalog's
   * per-day counts cover every tenant.
   */
  async stats(tenants: readonly string[]): Promise<StoreStats> {
    this.ensureOpen();
    const scope = checkTenants(tenants);
    const rows = await this.readers.use(async (s) => {
      const days = (await s.rows(sql`SELECT day FROM vigil_days WHERE rows > 0 ORDER BY day`)).map((r) =>
        String(r[0]),
      );
      if (days.length === 0) return [];
      const counts = days.map(
        (d) => sql`SELECT ${d} AS day, count(*) AS n FROM ${raw(dayTable(d))} WHERE tenant IN ${list(scope)}`,
      );
      return s.rows(sql`SELECT day, n FROM (${join(counts, ' UNION ALL ')}) WHERE n > 0 ORDER BY day`);
    });
    const days = rows.map(([day, n]) => ({ day: String(day), events: Number(n) }));
    const size = (p: string): number => {
      try {
        return fs.statSync(p).size;
      } catch {
        return 0;
      }
    };
    return {
      days,
      totalEvents: days.reduce((sum, d) => sum + d.events, 0),
      bytes: size(this.state.path) + size(`${this.state.path}.wal`),
    };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.writeLock.run(async () => undefined);
    await this.readers.close();
    this.writer.closeSync();
    this.instance.closeSync();
  }
}
