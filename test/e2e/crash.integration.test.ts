/**
 * The durability promise, tested with a real process: stream events over HEC, kill -9 the server
 * mid-stream, restart it, and check that every acknowledged event is searchable exactly once.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { request } from 'node:http';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createIngestToken } from '../../src/access/index.ts';
import { openStateDb } from '../../src/store/state/index.ts';
import { tempDir, waitFor } from '../helpers/vigil.ts';

const BIN = resolve(import.meta.dirname, '..', '..', 'bin', 'vigil.js');
const children: ChildProcess[] = [];
afterAll(() => {
  for (const c of children) c.kill('SIGKILL');
});

/** POST with node:http and a hard deadline: resolves with the status, or rejects when the server dies. */
function post(url: string, body: string, authorization: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { method: 'POST', headers: { authorization }, agent: false, timeout: 10_000 },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    req.end(body);
  });
}

/** Resolves once the child has exited (also when it already has: killed children keep exitCode null). */
function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((r) => child.once('exit', () => r()));
}

async function startServer(dataDir: string): Promise<{ child: ChildProcess; url: string }> {
  const info = join(dataDir, 'run', 'server.json');
  const child = spawn(
    process.execPath,
    [BIN, 'serve', '--data', dataDir, '--port', '0', '--no-syslog', '--log-level', 'warn'],
    {
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  children.push(child);
  const url = await waitFor(
    () => {
      if (!existsSync(info)) return undefined;
      const s = JSON.parse(readFileSync(info, 'utf8')) as { pid: number; url: string };
      return s.pid === child.pid ? s.url : undefined;
    },
    60_000,
    'server start',
  );
  return { child, url };
}

describe('crash safety', () => {
  it('loses no acknowledged event and stores none twice across kill -9', async () => {
    const dataDir = tempDir('vigil-crash-');
    const first = await startServer(dataDir);
    const db = await openStateDb({ path: join(dataDir, 'state.db') });
    const { token } = await createIngestToken(db, { tenant: 'default', source: 'crash' });
    await db.destroy();

    const acked: number[] = [];
    let seq = 0;
    let stop = false;
    const sender = async (url: string) => {
      while (!stop) {
        const batch = Array.from({ length: 40 }, () => seq++);
        const body = batch.map((n) => JSON.stringify({ event: { message: 'crash-run', seq: n } })).join('');
        try {
          if ((await post(`${url}/services/collector/event`, body, `Splunk ${token}`)) === 200)
            acked.push(...batch);
        } catch {
          // connection reset by the kill: these events were never acknowledged
        }
      }
    };
    const senders = [sender(first.url), sender(first.url), sender(first.url)];
    await waitFor(() => acked.length >= 2000, 60_000, 'some acknowledged events');
    first.child.kill('SIGKILL');
    stop = true;
    await Promise.all(senders);
    await exited(first.child);
    expect(acked.length).toBeGreaterThanOrEqual(2000);

    const second = await startServer(dataDir);
    const adminKey = readFileSync(join(dataDir, 'secrets', 'admin.key'), 'utf8').trim();
    const get = async <T>(path: string) => {
      const res = await fetch(second.url + path, {
        headers: { authorization: `Bearer ${adminKey}` },
        signal: AbortSignal.timeout(30_000),
      });
      if (!res.ok) throw new Error(`${res.status} ${await res.text()}`);
      return (await res.json()) as T;
    };
    const range = '&from=now-1d&to=now%2B1d';
    await waitFor(
      async () => {
        const { count } = await get<{ count: number }>(`/api/v1/events/count?q=crash-run${range}`);
        return count >= acked.length;
      },
      60_000,
      'replay of the journal',
    );
    const top = await get<{ values: { value: unknown; count: number }[] }>(
      `/api/v1/events/top?q=crash-run&field=seq&limit=1000${range}`,
    );
    expect(top.values[0]?.count, 'an event was stored twice').toBe(1);
    const { count } = await get<{ count: number }>(`/api/v1/events/count?q=crash-run${range}`);
    const present = new Set<number>();
    let cursor: string | null = null;
    do {
      const page: { events: { seq: number }[]; nextCursor: string | null } = await get(
        `/api/v1/events/search?q=crash-run&limit=10000${range}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      );
      for (const e of page.events) present.add(Number(e.seq));
      cursor = page.nextCursor;
    } while (cursor);
    expect(present.size, 'distinct seqs equal stored events: no duplicates').toBe(count);
    const missing = acked.filter((n) => !present.has(n));
    expect(missing, 'acknowledged events missing after the crash').toEqual([]);
    second.child.kill('SIGTERM');
    await exited(second.child);
  }, 240_000);
});
