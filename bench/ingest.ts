/**
 * Ingest benchmark: parser throughput per core against the bare JSON.parse ceiling on the same
 * events, and end to end HEC → stored on this machine. Writes bench/results/ingest.json.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createIngestToken } from '../src/access/index.ts';
import type { Format } from '../src/core/event.ts';
import { generateDemoDay } from '../src/demo/index.ts';
import { parseEvent } from '../src/ingest/index.ts';
import { openStateDb } from '../src/store/state/index.ts';
import { machine } from './machine.ts';

const ROOT = resolve(import.meta.dirname, '..');
const ctx = { received: Date.now(), assumeTimeZone: 'UTC' };

function corpus(): Record<string, string[]> {
  const by: Record<string, string[]> = { json: [], syslog: [], cef: [] };
  for (const r of generateDemoDay({ seed: 7, scale: 5, end: Date.UTC(2026, 10, 22) })) {
    if (r.raw.startsWith('{')) by.json!.push(r.raw);
    else if (r.format === 'cef' || r.raw.includes('CEF:')) by.cef!.push(r.raw);
    else if (r.format === 'syslog') by.syslog!.push(r.raw);
  }
  return by;
}

/** Events per second of `fn` over `items`, repeated until at least `minMs` elapsed. */
function rate(items: string[], fn: (s: string) => unknown, minMs = 3000): number {
  for (let i = 0; i < Math.min(items.length, 20000); i++) fn(items[i]!); // warm up
  let n = 0;
  const start = performance.now();
  while (performance.now() - start < minMs) {
    for (const s of items) fn(s);
    n += items.length;
  }
  return Math.round(n / ((performance.now() - start) / 1000));
}

async function e2eHec(
  events: string[],
  total: number,
): Promise<{ eps: number; bytesPerEvent: number; seconds: number }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'vigil-bench-'));
  const child = spawn(
    process.execPath,
    [
      join(ROOT, 'bin/vigil.js'),
      'serve',
      '--data',
      dataDir,
      '--port',
      '0',
      '--no-syslog',
      '--log-level',
      'warn',
    ],
    {
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  try {
    const info = join(dataDir, 'run', 'server.json');
    while (!existsSync(info)) await new Promise((r) => setTimeout(r, 100));
    const { url } = JSON.parse(readFileSync(info, 'utf8')) as { url: string };
    const db = await openStateDb({ path: join(dataDir, 'state.db') });
    const { token } = await createIngestToken(db, { tenant: 'default', source: 'bench' });
    await db.destroy();
    const adminKey = readFileSync(join(dataDir, 'secrets', 'admin.key'), 'utf8').trim();
    const perRequest = 1000;
    const bodies: { text: string; events: number }[] = [];
    for (let i = 0; i + perRequest <= events.length; i += perRequest) {
      const slice = events.slice(i, i + perRequest);
      bodies.push({
        text: slice.map((e) => `{"sourcetype":"_json","event":${e}}`).join('\n'),
        events: slice.length,
      });
    }
    let sent = 0;
    let next = 0;
    const start = performance.now();
    const worker = async () => {
      while (sent < total) {
        const body = bodies[next++ % bodies.length]!;
        sent += body.events;
        for (;;) {
          const res = await fetch(`${url}/services/collector/event`, {
            method: 'POST',
            body: body.text,
            headers: { authorization: `Splunk ${token}` },
          });
          await res.arrayBuffer();
          if (res.status === 200) break;
          await new Promise((r) => setTimeout(r, 200));
        }
      }
    };
    await Promise.all([worker(), worker(), worker(), worker()]);
    for (;;) {
      const res = await fetch(`${url}/api/v1/stats`, { headers: { authorization: `Bearer ${adminKey}` } });
      const s = (await res.json()) as { totalEvents: number };
      if (s.totalEvents >= sent) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const seconds = (performance.now() - start) / 1000;
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    const bytes = statSync(join(dataDir, 'events.duckdb')).size;
    return { eps: Math.round(sent / seconds), bytesPerEvent: Math.round(bytes / sent), seconds };
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
  }
}

export async function runIngestBench(): Promise<Record<string, unknown>> {
  const by = corpus();
  const parse = (format: Format) => (s: string) => {
    const r = parseEvent(s, format, ctx);
    if (!r.ok) throw new Error(`bench corpus event rejected: ${r.reason}`);
  };
  const jsonCeiling = rate(by.json!, (s) => JSON.parse(s));
  const jsonEps = rate(by.json!, parse('json'));
  const syslogEps = rate(by.syslog!, parse('syslog'));
  const cefEps = by.cef!.length ? rate(by.cef!, parse('cef')) : 0;
  const total = Number(process.env.BENCH_E2E_EVENTS ?? 300_000);
  const e2e = await e2eHec(by.json!, total);
  const result = {
    benchmark: 'ingest',
    at: new Date().toISOString(),
    machine: machine(),
    corpus: {
      json_events: by.json!.length,
      syslog_events: by.syslog!.length,
      cef_events: by.cef!.length,
      source: 'vigil demo generator, seed 7',
    },
    json_parse_ceiling_eps: jsonCeiling,
    json_eps_per_core: jsonEps,
    json_vs_ceiling: Number((jsonEps / jsonCeiling).toFixed(3)),
    syslog_eps_per_core: syslogEps,
    cef_eps_per_core: cefEps,
    e2e_hec_eps: e2e.eps,
    e2e_hec_events: total,
    e2e_hec_seconds: Number(e2e.seconds.toFixed(2)),
    store_bytes_per_event: e2e.bytesPerEvent,
    targets: { json_vs_ceiling: 0.25, syslog_eps_per_core: 200_000, e2e_hec_eps: 50_000 },
  };
  writeFileSync(join(ROOT, 'bench', 'results', 'ingest.json'), `${JSON.stringify(result, null, 2)}\n`);
  return result;
}
