/**
 * When the pipeline falls behind, ingest refuses instead of buffering in memory: HEC answers 503
 * with Retry-After, health and readiness say so, and intake resumes once the backlog is stored.
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestVigil, type TestVigil, waitFor } from '../helpers/vigil.ts';

let v: TestVigil;
let token: string;
beforeAll(async () => {
  const hook = pathToFileURL(resolve(import.meta.dirname, '..', 'fixtures', 'slow-hook.ts')).href;
  v = await startTestVigil({ 'ingest.maxBacklogBytes': 1 }, { hookModules: [hook] });
  token = await v.token('bp');
});
afterAll(async () => {
  await v?.close();
});

const send = (n: number) =>
  v.http('/services/collector/event', {
    method: 'POST',
    body: JSON.stringify({ event: `backpressure ${n}` }),
    headers: { authorization: `Splunk ${token}` },
  });

describe('backpressure', () => {
  it('answers 503 with Retry-After while the backlog is full, then accepts again', async () => {
    expect((await send(1)).status).toBe(200);
    const refused = await send(2);
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(await refused.json()).toEqual({ text: 'Server is busy', code: 9 });
    expect((await v.http('/services/collector/health')).status).toBe(503);
    expect((await v.http('/readyz')).status).toBe(503);
    await waitFor(async () => (await send(3)).status === 200, 30_000, 'intake to resume');
    const stored = await waitFor(
      async () => {
        const r = await v.api<{ count: number }>(
          '/api/v1/events/count?q=backpressure&from=now-1h&to=now%2B1h',
        );
        return r.count === 2 ? r.count : undefined;
      },
      30_000,
      'both accepted events stored',
    );
    expect(stored).toBe(2);
  });
});

describe('per-token rate limit', () => {
  it('answers 429 with Retry-After past the burst, per token, and keeps other tokens flowing', async () => {
    const limited = await startTestVigil({ 'ingest.tokenRateEps': 1, 'ingest.tokenBurst': 5 });
    try {
      const a = await limited.token('a');
      const b = await limited.token('b');
      const post = (token: string, n: number) =>
        limited.http('/services/collector/event', {
          method: 'POST',
          body: Array.from({ length: n }, (_, i) => JSON.stringify({ event: `rate ${i}` })).join(''),
          headers: { authorization: `Splunk ${token}` },
        });
      expect((await post(a, 5)).status).toBe(200);
      const refused = await post(a, 1);
      expect(refused.status).toBe(429);
      expect(refused.headers.get('retry-after')).toMatch(/^\d+$/);
      expect(await refused.json()).toEqual({ text: 'Server is busy', code: 9 });
      expect((await post(b, 5)).status).toBe(200);
    } finally {
      await limited.close();
    }
  });
});
