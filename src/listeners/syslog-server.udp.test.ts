/** Syslog over UDP, on a real socket: one datagram per message, per-peer batches, limits, drops when full. */
import { createSocket } from 'node:dgram';
import { afterEach, describe, expect, it } from 'vitest';
import { type SyslogListeners, startSyslogListeners } from './syslog-server.ts';
import { sendUdp, until } from './test-helpers.ts';
import { TestSink } from './test-sink.ts';

let listeners: SyslogListeners | undefined;
afterEach(async () => {
  await listeners?.close();
  listeners = undefined;
});

async function start(sink: TestSink, maxMessageBytes = 1024): Promise<number> {
  listeners = await startSyslogListeners({ udpPort: 0, source: 'fw', tenant: 't1', sink, maxMessageBytes });
  expect(listeners.tcpPort).toBeUndefined();
  return listeners.udpPort!;
}

describe('UDP listener', () => {
  it('delivers each datagram as one message, with the batch metadata', async () => {
    const sink = new TestSink();
    const port = await start(sink);
    const client = createSocket('udp4');
    await new Promise<void>((resolve) => client.bind(0, '127.0.0.1', () => resolve()));
    const msgs = [
      '<13>Jan  1 00:00:00 host app: one\n',
      '<13>Jan  1 00:00:00 host app: two\r\n',
      '<13>three\0',
    ];
    for (const m of msgs) {
      await new Promise<void>((resolve) => client.send(m, port, '127.0.0.1', () => resolve()));
    }
    await sink.waitFor('3 events', () => sink.eventCount === 3);
    expect(sink.events).toEqual([
      '<13>Jan  1 00:00:00 host app: one',
      '<13>Jan  1 00:00:00 host app: two',
      '<13>three',
    ]);
    for (const b of sink.batches) {
      expect(b).toMatchObject({ source: 'fw', tenant: 't1', format: 'syslog' });
      expect(b.meta).toEqual({
        'observer.ingress.transport': 'udp',
        'log.source.address': '127.0.0.1',
        'log.source.port': client.address().port,
      });
      expect(typeof b.received).toBe('number');
    }
    client.close();
  });

  it('keeps LFs inside a datagram: a multi-line message stays one event', async () => {
    const sink = new TestSink();
    const port = await start(sink);
    await sendUdp(port, ['<11>app: Traceback\n  at line 1\n  at line 2\n']);
    await sink.waitFor('1 event', () => sink.eventCount === 1);
    expect(sink.events).toEqual(['<11>app: Traceback\n  at line 1\n  at line 2']);
  });

  it('rejects a datagram over maxMessageBytes with its first bytes; the next one still arrives', async () => {
    const sink = new TestSink();
    const port = await start(sink, 100);
    await sendUdp(port, ['X'.repeat(150), '<13>small']);
    await sink.waitFor(
      '1 event and 1 rejection',
      () => sink.eventCount === 1 && sink.rejections.length === 1,
    );
    expect(sink.events).toEqual(['<13>small']);
    const r = sink.rejections[0]!;
    expect(r.reason).toMatch(
      /^datagram of 150 bytes exceeds the limit of 100 bytes \(udp from 127\.0\.0\.1:\d+\)$/,
    );
    expect(Buffer.from(r.raw).toString()).toBe('X'.repeat(150));
    expect(r).toMatchObject({ source: 'fw', tenant: 't1' });
  });

  it('marks messages that are not valid UTF-8 instead of dropping them', async () => {
    const sink = new TestSink();
    const port = await start(sink);
    await sendUdp(port, [Buffer.from([0x3c, 0x31, 0x33, 0x3e, 0xc3, 0x28])]);
    await sink.waitFor('1 event', () => sink.eventCount === 1);
    expect(sink.events).toEqual(['<13>\uFFFD(']);
    expect(sink.batches[0]!.meta?.['vigil.decode_error']).toBe('invalid UTF-8 replaced with U+FFFD');
    expect(listeners!.stats().invalidUtf8).toBe(1);
  });

  it('drops and counts messages while the sink is full (UDP cannot push back), then delivers again', async () => {
    const sink = new TestSink();
    const port = await start(sink);
    sink.fill();
    await sendUdp(port, ['<13>lost 1', '<13>lost 2']);
    await until('2 dropped datagrams', () => listeners!.stats().udpDropped === 2);
    expect(sink.batches).toEqual([]);
    sink.resume();
    await sendUdp(port, ['<13>kept']);
    await sink.waitFor('1 event', () => sink.eventCount === 1);
    expect(sink.events).toEqual(['<13>kept']);
    await until('the submit to be counted', () => listeners!.stats().eventsSubmitted === 1);
    expect(listeners!.stats()).toMatchObject({ udpDatagrams: 3, udpDropped: 2, eventsSubmitted: 1 });
  });
});
