/**
 * A pipeline batch that fails (here: a hook throws) is retried from the last stored position:
 * the acknowledged events of the failed batch are stored once, nothing is lost, and later events
 * keep flowing.
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestVigil, type TestVigil, waitFor } from '../helpers/vigil.ts';

let v: TestVigil;
beforeAll(async () => {
  const hook = pathToFileURL(resolve(import.meta.dirname, '..', 'fixtures', 'fail-once-hook.ts')).href;
  v = await startTestVigil({}, { hookModules: [hook] });
});
afterAll(async () => {
  await v?.close();
});

describe('pipeline batch failure', () => {
  it('retries the failed batch and stores it exactly once', async () => {
    const token = await v.token('restart');
    const send = (msg: string) =>
      v.http('/services/collector/event', {
        method: 'POST',
        body: JSON.stringify({ event: { message: msg } }),
        headers: { authorization: `Splunk ${token}` },
      });
    expect((await send('before ok')).status).toBe(200);
    expect((await send('fail-once please')).status).toBe(200);
    const count = (q: string) =>
      v.api<{ count: number }>(`/api/v1/events/count?q=${encodeURIComponent(q)}&from=now-1h&to=now%2B1h`);
    await waitFor(
      async () => (await count('fail-once')).count === 1,
      30_000,
      'the failed batch to be stored on retry',
    );
    expect((await send('after restart')).status).toBe(200);
    await waitFor(async () => (await count('after restart')).count === 1, 30_000, 'a later event');
    expect((await count('before ok')).count).toBe(1);
    expect((await count('fail-once')).count).toBe(1);
  });
});
