/**
 * Syslog into a real Vigil: UDP and TCP (both framings) become searchable ECS events; an oversized
 * frame and a truncated frame become dead letters with the reason, and the listener keeps serving.
 */
import { createSocket } from 'node:dgram';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestVigil, type TestVigil, waitFor } from '../helpers/vigil.ts';

let v: TestVigil;
const run = `sys-${Date.now()}`;
beforeAll(async () => {
  v = await startTestVigil({ 'syslog.maxMessageBytes': 2048 });
});
afterAll(async () => {
  await v?.close();
});

function tcp(data: string | Buffer): Promise<void> {
  return new Promise((resolve, reject) => {
    const s = connect(v.syslog.tcpPort!, '127.0.0.1', () => s.end(data));
    s.on('close', () => resolve());
    s.on('error', reject);
  });
}

const count = async (q: string) =>
  (await v.api<{ count: number }>(`/api/v1/events/count?q=${encodeURIComponent(q)}&from=now-2d&to=now%2B1d`))
    .count;

describe('syslog into Vigil', () => {
  it('stores UDP and TCP messages as ECS events', async () => {
    const udp = createSocket('udp4');
    await new Promise<void>((r) =>
      udp.send(
        `<34>1 2026-11-22T10:00:00.123Z gw1 sshd 42 - - udp ${run}`,
        v.syslog.udpPort!,
        '127.0.0.1',
        () => r(),
      ),
    );
    udp.close();
    const a = `<13>Nov 22 10:00:01 web-01 app[7]: lf ${run}\n`;
    const b = `<13>1 2026-11-22T10:00:02Z web-02 app 8 - - octet ${run}`;
    await tcp(a + `${Buffer.byteLength(b)} ${b}`);
    await waitFor(async () => (await count(run)) === 3, 20_000, 'three syslog events');
    const r = await v.api<{ events: Record<string, unknown>[] }>(
      `/api/v1/events/search?q=${encodeURIComponent(`udp ${run}`)}&from=now-2d&to=now%2B1d`,
    );
    expect(r.events[0]).toMatchObject({
      'host.name': 'gw1',
      'process.name': 'sshd',
      '@timestamp': '2026-11-22T10:00:00.123Z',
      'observer.ingress.transport': 'udp',
      'vigil.source': 'syslog',
    });
  });

  it('keeps oversized and truncated frames as dead letters and keeps serving', async () => {
    const big = `<13>Nov 22 10:00:03 h app: big-${run} ${'x'.repeat(3000)}`;
    await tcp(`${Buffer.byteLength(big)} ${big}6 <13>ok\n`);
    await tcp(`500 <13>Nov 22 10:00:04 h app: truncated-${run}`);
    const reasons = await waitFor(
      async () => {
        const d = await v.api<{ items: { reason: string; raw: string }[] }>('/api/v1/dead-letters?limit=200');
        const mine = d.items.filter((i) => i.raw.includes(run));
        return mine.length >= 2 ? mine.map((i) => i.reason) : undefined;
      },
      20_000,
      'two dead letters',
    );
    expect(reasons.join('\n')).toMatch(/exceeds the limit of 2048 bytes/);
    expect(reasons.join('\n')).toMatch(/truncated frame: expected 500 bytes/);
    await tcp(`<13>Nov 22 10:00:05 h app: after-${run}\n`);
    await waitFor(async () => (await count(`after-${run}`)) === 1, 20_000, 'a message after the bad frames');
  });
});
