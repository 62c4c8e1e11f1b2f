/** Starts a real Vigil (stores on a temp data directory, HTTP and syslog on free ports) for a test. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createIngestToken } from '../../src/access/index.ts';
import { type RunningVigil, startVigil } from '../../src/app/index.ts';
import { loadConfig } from '../../src/config/index.ts';
import { createLogger } from '../../src/ops/index.ts';
import { openStateDb } from '../../src/store/state/index.ts';

export interface TestVigil extends RunningVigil {
  dataDir: string;
  adminKey: string;
  token(source: string): Promise<string>;
  http(path: string, init?: RequestInit): Promise<Response>;
  /** GET an API path with the admin key and parse JSON. */
  api<T>(path: string): Promise<T>;
}

export function tempDir(prefix = 'vigil-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export async function startTestVigil(
  overrides: Record<string, unknown> = {},
  opts: { dataDir?: string; hookModules?: string[] } = {},
): Promise<TestVigil> {
  const dataDir = opts.dataDir ?? tempDir();
  const config = loadConfig({
    env: {},
    overrides: { dataDir, 'server.port': 0, 'syslog.port': 0, 'log.level': 'warn', ...overrides },
  });
  const vigil = await startVigil(config, createLogger('warn'), { hookModules: opts.hookModules ?? [] });
  const adminKey = vigil.firstRun.adminKey;
  const http = (path: string, init: RequestInit = {}) => fetch(vigil.url + path, init);
  return {
    ...vigil,
    dataDir,
    adminKey,
    http,
    async token(source: string) {
      const db = await openStateDb({ path: join(dataDir, 'state.db') });
      const t = await createIngestToken(db, { tenant: config.tenant, source });
      await db.destroy();
      return t.token;
    },
    async api<T>(path: string) {
      const res = await http(path, { headers: { authorization: `Bearer ${adminKey}` } });
      if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
      return (await res.json()) as T;
    },
  };
}

/** Polls `check` until it returns a value that is not undefined/false, or fails after `ms`. */
export async function waitFor<T>(
  check: () => Promise<T | undefined | false> | T | undefined | false,
  ms = 20_000,
  what = 'condition',
): Promise<T> {
  const deadline = Date.now() + ms;
  let last: unknown;
  for (;;) {
    try {
      const v = await check();
      if (v !== undefined && v !== false) return v as T;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * Sends `events` over HEC with an ingest token of `source` and waits until the store holds that
 * many events of the last day (a test that starts from an empty store).
 */
export async function ingestAndWait(v: TestVigil, source: string, events: readonly unknown[]): Promise<void> {
  const token = await v.token(source);
  const res = await v.http('/services/collector/event', {
    method: 'POST',
    headers: { authorization: `Splunk ${token}` },
    body: events.map((event) => JSON.stringify({ event })).join(''),
  });
  if (res.status !== 200) throw new Error(`HEC answered ${res.status}: ${await res.text()}`);
  await waitFor(
    async () =>
      (await v.api<{ count: number }>('/api/v1/events/count?from=now-1d')).count === events.length ||
      undefined,
    30_000,
    'the events to be stored',
  );
}
