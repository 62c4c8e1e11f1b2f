/**
 * Connection discipline for the event store: commits are serialized through one write
 * connection (a Mutex), and queries borrow one of a few read connections, each query running
 * in its own read transaction (a consistent snapshot of catalog and day tables) under a
 * deadline enforced with `interrupt()`.
 */
import type { DuckDBConnection, DuckDBValue } from '@duckdb/node-api';
import { QueryTooBroadError, VigilError } from '../../core/errors.ts';
import type { Frag } from './sql.ts';

/** Runs async sections one at a time, in call order. */
export class Mutex {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(fn: () => Promise<T>): Promise<T> {
    const result = this.tail.then(fn, fn);
    this.tail = result.catch(() => undefined);
    return result;
  }
}

/** One query's use of a read connection. */
export class ReadSession {
  timedOut = false;

  constructor(private readonly conn: DuckDBConnection) {}

  /** Rows of a statement (values as DuckDB returns them: bigint for BIGINT, ...). */
  async rows(frag: Frag): Promise<DuckDBValue[][]> {
    if (this.timedOut) throw new Error('query timed out');
    const reader = await this.conn.runAndReadAll(frag.text, [...frag.params]);
    return reader.getRows();
  }
}

export class ReadPool {
  private readonly idle: DuckDBConnection[];
  private readonly waiting: ((c: DuckDBConnection) => void)[] = [];

  constructor(
    readonly connections: readonly DuckDBConnection[],
    private readonly timeoutMs: number,
  ) {
    this.idle = [...connections];
  }

  private acquire(): Promise<DuckDBConnection> {
    const conn = this.idle.pop();
    if (conn) return Promise.resolve(conn);
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private release(conn: DuckDBConnection): void {
    const next = this.waiting.shift();
    if (next) next(conn);
    else this.idle.push(conn);
  }

  /** Runs `fn` in a read transaction; a QueryTooBroadError when it exceeds the deadline. */
  async use<T>(fn: (s: ReadSession) => Promise<T>): Promise<T> {
    const conn = await this.acquire();
    const session = new ReadSession(conn);
    const timer = setTimeout(() => {
      session.timedOut = true;
      conn.interrupt();
    }, this.timeoutMs);
    try {
      await conn.run('BEGIN TRANSACTION');
      const result = await fn(session);
      await conn.run('COMMIT');
      return result;
    } catch (e) {
      await conn.run('ROLLBACK').catch(() => undefined);
      if (session.timedOut) {
        throw new QueryTooBroadError(
          `query timed out after ${this.timeoutMs / 1000} s; narrow the time range or add a filter on an indexed field`,
        );
      }
      if (e instanceof VigilError) throw e;
      throw new VigilError(
        'internal',
        `event store query failed: ${e instanceof Error ? e.message : String(e)}`,
        {
          cause: e,
        },
      );
    } finally {
      clearTimeout(timer);
      this.release(conn);
    }
  }

  /** Waits for running queries, then closes every read connection. */
  async close(): Promise<void> {
    const all = await Promise.all(this.connections.map(() => this.acquire()));
    for (const c of all) c.closeSync();
  }
}
