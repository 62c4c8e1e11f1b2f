/**
 * Ingest over real HTTP into a real Vigil (journal, worker, DuckDB, SQLite): Splunk HEC, Elastic
 * _bulk and NDJSON, their error answers, dead letters, and search over what was stored.
 */
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestVigil, type TestVigil, waitFor } from '../helpers/vigil.ts';

let v: TestVigil;
let token: string;
const run = `run-${Date.now()}`;

beforeAll(async () => {
  v = await startTestVigil({ 'ingest.maxEventBytes': 4096 });
  token = await v.token('hec-test');
});
afterAll(async () => {
  await v?.close();
});

const hec = (body: string | Buffer, headers: Record<string, string> = {}) =>
  v.http('/services/collector/event', {
    method: 'POST',
    body,
    headers: { authorization: `Splunk ${token}`, ...headers },
  });

interface Search {
  events: Record<string, unknown>[];
  nextCursor: string | null;
}
const search = (q: string, extra = '') =>
  v.api<Search>(`/api/v1/events/search?q=${encodeURIComponent(q)}&from=now-30d&to=now%2B1d${extra}`);

async function searchUntil(q: string, n: number): Promise<Search> {
  return waitFor(
    async () => {
      const r = await search(q);
      return r.events.length >= n ? r : undefined;
    },
    20_000,
    `${n} events for ${q}`,
  );
}

describe('Splunk HEC', () => {
  it('accepts concatenated envelopes, stores them normalized, and answers like HEC', async () => {
    const now = Date.now() / 1000;
    const body =
      JSON.stringify({
        time: now,
        host: 'web-01',
        sourcetype: 'syslog',
        event: `<38>Nov 22 08:01:02 web-01 sshd[2211]: Accepted publickey for deploy ${run}`,
      }) +
      JSON.stringify({
        time: now,
        host: 'app-02',
        event: { message: `login ok ${run}`, user: { name: 'alice' } },
        fields: { env: 'prod' },
      });
    const res = await hec(body);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ text: 'Success', code: 0 });
    const r = await searchUntil(run, 2);
    const byHost = Object.fromEntries(r.events.map((e) => [String(e['host.name']), e]));
    expect(byHost['app-02']).toMatchObject({
      'user.name': 'alice',
      'labels.env': 'prod',
      'vigil.source': 'hec-test',
    });
    expect(byHost['web-01']).toMatchObject({ 'process.name': 'sshd', 'vigil.source': 'hec-test' });
    expect(String(byHost['web-01']?.['event.original'])).toContain('Accepted publickey');
  });

  it('accepts raw lines with a sourcetype, and gzip bodies', async () => {
    const lines = `CEF:0|Northwind|EdgeWall|3.2|100|blocked ${run}-raw|5|src=203.0.113.9 dst=10.0.0.5 dpt=22\n`;
    const res = await v.http('/services/collector/raw?sourcetype=cef', {
      method: 'POST',
      body: gzipSync(lines),
      headers: { authorization: `Splunk ${token}`, 'content-encoding': 'gzip' },
    });
    expect(res.status).toBe(200);
    const r = await searchUntil(`source.ip:203.0.113.0/24 ${run}-raw`, 1);
    expect(r.events[0]).toMatchObject({ 'destination.port': 22, 'vigil.format': 'cef' });
  });

  it('answers health', async () => {
    const res = await v.http('/services/collector/health');
    expect(await res.json()).toEqual({ text: 'HEC is healthy', code: 17 });
  });

  it.each([
    ['no token', undefined, '{"event":"x"}', 401, { text: 'Token is required', code: 2 }],
    ['a wrong token', 'Splunk vgi_wrong', '{"event":"x"}', 403, { text: 'Invalid token', code: 4 }],
    [
      'garbage JSON',
      null,
      '{"event":"ok"}{"event": nope}',
      400,
      { text: 'Invalid data format', code: 6, 'invalid-event-number': 1 },
    ],
    [
      'a missing event field',
      null,
      '{"host":"a"}',
      400,
      { text: 'Event field is required', code: 12, 'invalid-event-number': 0 },
    ],
    [
      'a blank event',
      null,
      '{"event":""}',
      400,
      { text: 'Event field cannot be blank', code: 13, 'invalid-event-number': 0 },
    ],
    ['no data', null, '', 400, { text: 'No data', code: 5 }],
    [
      'a truncated body',
      null,
      '{"event":"abc',
      400,
      { text: 'Invalid data format', code: 6, 'invalid-event-number': 0 },
    ],
  ])('refuses %s with HEC status and body', async (_name, auth, body, status, reply) => {
    const headers: Record<string, string> = {};
    if (auth) headers.authorization = auth;
    else if (auth === null) headers.authorization = `Splunk ${token}`;
    const res = await v.http('/services/collector/event', { method: 'POST', body, headers });
    expect(res.status).toBe(status);
    expect(await res.json()).toEqual(reply);
  });

  it('keeps invalid UTF-8 as a dead letter and keeps serving', async () => {
    const bad = Buffer.concat([
      Buffer.from(`{"event":"${run}-utf8 `),
      Buffer.from([0xc3, 0x28, 0xff]),
      Buffer.from('"}'),
    ]);
    const res = await hec(bad);
    expect(res.status).toBe(400);
    const dl = await waitFor(
      async () => {
        const r = await v.api<{ items: { reason: string; rawBase64: string }[] }>(
          '/api/v1/dead-letters?limit=100',
        );
        return r.items.find((i) => Buffer.from(i.rawBase64, 'base64').includes(Buffer.from(`${run}-utf8`)));
      },
      20_000,
      'dead letter',
    );
    expect(dl.reason).toMatch(/UTF-8/);
    expect(Buffer.from(dl.rawBase64, 'base64').equals(bad)).toBe(true);
    expect((await hec(JSON.stringify({ event: 'still serving' }))).status).toBe(200);
  });
});

describe('Elastic _bulk', () => {
  it('stores index/create items and answers per item', async () => {
    const body = [
      JSON.stringify({ index: { _index: 'logs-app' } }),
      JSON.stringify({
        '@timestamp': new Date().toISOString(),
        message: `bulk one ${run}`,
        source: { ip: '10.1.2.3' },
      }),
      JSON.stringify({ create: { _index: 'logs-app', _id: 'abc' } }),
      JSON.stringify({
        '@timestamp': new Date().toISOString(),
        message: `bulk two ${run}`,
        event: { code: '4625' },
      }),
      JSON.stringify({ index: {} }),
      '{"message": not json',
      JSON.stringify({ delete: { _index: 'logs-app', _id: 'abc' } }),
      '',
    ].join('\n');
    const res = await v.http('/logs-app/_bulk', {
      method: 'POST',
      body,
      headers: {
        authorization: `Basic ${Buffer.from(`elastic:${token}`).toString('base64')}`,
        'content-type': 'application/x-ndjson',
      },
    });
    expect(res.status).toBe(200);
    const r = (await res.json()) as {
      errors: boolean;
      items: Record<string, { status: number; _id?: string; error?: { type: string } }>[];
    };
    expect(r.errors).toBe(true);
    expect(r.items.map((i) => Object.keys(i)[0])).toEqual(['index', 'create', 'index', 'delete']);
    expect(r.items.map((i) => Object.values(i)[0]?.status)).toEqual([201, 201, 400, 400]);
    expect(r.items[1]?.create?._id).toBe('abc');
    expect(r.items[2]?.index?.error?.type).toBe('document_parsing_exception');
    const found = await searchUntil(`message:*bulk* ${run}`, 2);
    expect(found.events.find((e) => e['source.ip'] === '10.1.2.3')).toMatchObject({
      'data_stream.name': 'logs-app',
    });
  });

  it('answers Elastic-style errors for bad credentials', async () => {
    const res = await v.http('/_bulk', {
      method: 'POST',
      body: '{"index":{}}\n{}\n',
      headers: { authorization: 'Bearer vgi_nope' },
    });
    expect(res.status).toBe(401);
    expect(((await res.json()) as { error: { type: string } }).error.type).toBe('security_exception');
  });
});

describe('NDJSON ingest and limits', () => {
  it('accepts lines with an API key, sends oversized events to dead letters', async () => {
    const big = JSON.stringify({ message: `${run}-big ${'x'.repeat(5000)}` });
    const body = [
      JSON.stringify({ message: `nd one ${run}-nd` }),
      big,
      `<13>Nov 22 10:00:00 host1 app: nd two ${run}-nd`,
    ].join('\n');
    const res = await v.http('/api/v1/ingest?format=auto&source=cli-test', {
      method: 'POST',
      body,
      headers: { authorization: `Bearer ${v.adminKey}` },
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ accepted: 2, deadLettered: 1 });
    const r = await searchUntil(`${run}-nd`, 2);
    expect(r.events.every((e) => e['vigil.source'] === 'cli-test')).toBe(true);
    const dl = await waitFor(async () => {
      const d = await v.api<{ items: { reason: string; raw: string }[] }>('/api/v1/dead-letters?limit=100');
      return d.items.find((i) => i.raw.includes(`${run}-big`));
    });
    expect(dl.reason).toMatch(/larger than the limit of 4096 bytes/);
  });

  it('gives the events the dataset the sender declares, over what the parser guessed', async () => {
    const body = [
      `2026-11-22 10:00:00,123 ERROR [main] o.a.c.Foo - ${run}-declared java.io.FileNotFoundException`,
      `<13>Nov 22 10:00:00 host1 app: ${run}-declared second line`,
    ].join('\n');
    const res = await v.http('/api/v1/ingest?format=auto&source=app-logs&dataset=jvm.application', {
      method: 'POST',
      body,
      headers: { authorization: `Bearer ${v.adminKey}` },
    });
    expect(res.status).toBe(200);
    const r = await searchUntil(`${run}-declared`, 2);
    for (const e of r.events)
      expect(e).toMatchObject({ 'event.dataset': 'jvm.application', 'event.module': 'jvm' });
    const bad = await v.http('/api/v1/ingest?format=auto&dataset=JVM', {
      method: 'POST',
      body: 'x',
      headers: { authorization: `Bearer ${v.adminKey}` },
    });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { detail: string }).detail).toMatch(/<module>\.<name>/);
  });

  it('refuses ingest tokens on the search API and unknown query syntax with a clear error', async () => {
    const asToken = await v.http('/api/v1/events/search', { headers: { authorization: `Bearer ${token}` } });
    expect(asToken.status).toBe(401);
    const bad = await v.http('/api/v1/events/search?q=(unclosed', {
      headers: { authorization: `Bearer ${v.adminKey}` },
    });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { detail: string }).detail).toMatch(/\)/);
  });
});

describe('search API', () => {
  it('pages with a cursor, counts, tops and histograms', async () => {
    const lines = Array.from({ length: 25 }, (_, i) =>
      JSON.stringify({ message: `page ${run}-p`, n: i, user: { name: i % 2 ? 'bob' : 'carol' } }),
    );
    await v.http('/api/v1/ingest?source=pager', {
      method: 'POST',
      body: lines.join('\n'),
      headers: { authorization: `Bearer ${v.adminKey}` },
    });
    await searchUntil(`${run}-p`, 25);
    const seen = new Set<unknown>();
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: Search = await search(
        `${run}-p`,
        `&limit=10${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      );
      for (const e of page.events) seen.add(e.n);
      cursor = page.nextCursor;
      pages++;
    } while (cursor && pages < 10);
    expect(seen.size).toBe(25);
    expect(pages).toBe(3);
    const q = encodeURIComponent(`${run}-p`);
    expect(await v.api(`/api/v1/events/count?q=${q}&from=now-1d&to=now%2B1d`)).toEqual({ count: 25 });
    const top = await v.api<{ values: { value: unknown; count: number }[] }>(
      `/api/v1/events/top?q=${q}&field=user.name&from=now-1d&to=now%2B1d`,
    );
    expect(top.values).toEqual(
      [
        { value: 'bob', count: 12 },
        { value: 'carol', count: 13 },
      ].sort((a, b) => b.count - a.count),
    );
    const h = await v.api<{ buckets: { count: number }[] }>(
      `/api/v1/events/histogram?q=${q}&from=now-1h&to=now%2B1h&buckets=12`,
    );
    expect(h.buckets.reduce((n, b) => n + b.count, 0)).toBe(25);
  });
});

describe('operations', () => {
  it('serves OpenAPI 3.1 generated from the routes, health, readiness and metrics', async () => {
    const doc = (await (await v.http('/api/openapi.json')).json()) as {
      openapi: string;
      paths: Record<string, unknown>;
    };
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/services/collector/event', '/_bulk', '/api/v1/events/search', '/metrics']),
    );
    expect((await v.http('/healthz')).status).toBe(200);
    expect((await v.http('/readyz')).status).toBe(200);
    expect((await v.http('/metrics')).status).toBe(401);
    const m = await (await v.http('/metrics', { headers: { authorization: `Bearer ${v.adminKey}` } })).text();
    expect(m).toMatch(/vigil_events_in_total\{source="hec-test",transport="http"\} \d+/);
    expect(m).toMatch(/vigil_events_stored_total\{source="hec-test"\} \d+/);
    expect(m).toContain('vigil_pipeline_backlog_bytes');
    expect(m).toContain('vigil_pipeline_batch_seconds_bucket');
  });
});
