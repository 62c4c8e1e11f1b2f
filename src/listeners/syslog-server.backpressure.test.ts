/**
 * Backpressure over real TCP sockets: while the sink is full or a batch is not yet durable the
 * server stops reading (the client's data piles up on its side), and afterwards every message
 * arrives exactly once and in order.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { type SyslogListeners, startSyslogListeners } from './syslog-server.ts';
import { connectTcp, ioRoundtrips, until } from './test-helpers.ts';
import { TestSink } from './test-sink.ts';

/** Node reads TCP in chunks of at most 64 KiB; one connection may hold one chunk in flight. */
const ONE_READ = 64 * 1024;

let listeners: SyslogListeners | undefined;
afterEach(async () => {
  await listeners?.close();
  listeners = undefined;
});

async function start(sink: TestSink): Promise<number> {
  listeners = await startSyslogListeners({ tcpPort: 0, source: 'bp', tenant: 't1', sink });
  return listeners.tcpPort!;
}

/** `count` numbered LF-framed messages, padded to about 100 bytes each, as one buffer. */
function numbered(count: number, from = 0): { wire: Buffer; texts: string[] } {
  const texts = Array.from(
    { length: count },
    (_, i) => `<13>msg ${String(from + i).padStart(8, '0')} ${'p'.repeat(80)}`,
  );
  return { wire: Buffer.from(texts.map((t) => `${t}\n`).join('')), texts };
}

describe('TCP backpressure', () => {
  it('stops reading while the sink is full and delivers everything exactly once, in order, after it resumes', async () => {
    const sink = new TestSink();
    const port = await start(sink);
    sink.fill();
    const client = await connectTcp(port);
    const { wire, texts } = numbered(160_000); // about 16 MB: far more than the socket buffers hold
    const flushed = new Promise<void>((resolve, reject) =>
      client.write(wire, (e) => (e ? reject(e) : resolve())),
    );
    client.end();

    await until('the server to find the sink full', () => listeners!.stats().sinkFullWaits >= 1);
    await ioRoundtrips(200); // give a server that kept reading every chance to do so
    const stats = listeners!.stats();
    expect(stats.bytesReceived).toBeLessThanOrEqual(ONE_READ);
    expect(sink.submitCalls).toBe(0);
    expect(sink.batches).toEqual([]);
    expect(client.writableLength).toBeGreaterThan(wire.length / 2);

    sink.resume();
    await flushed;
    await sink.waitFor('every message', () => sink.eventCount >= texts.length, 60_000);
    expect(sink.events.length).toBe(texts.length);
    expect(sink.events).toEqual(texts);
  });

  it('reads no more from a connection until its batch is durable (one chunk in flight)', async () => {
    const sink = new TestSink();
    const port = await start(sink);
    sink.holdSubmits();
    const client = await connectTcp(port);
    const { wire, texts } = numbered(80_000);
    const flushed = new Promise<void>((resolve, reject) =>
      client.write(wire, (e) => (e ? reject(e) : resolve())),
    );
    client.end();

    await sink.waitFor('the first submit', () => sink.submitCalls === 1);
    await ioRoundtrips(200);
    expect(sink.submitCalls).toBe(1);
    expect(listeners!.stats().bytesReceived).toBeLessThanOrEqual(ONE_READ);

    sink.releaseSubmits();
    await flushed;
    await sink.waitFor('every message', () => sink.eventCount >= texts.length, 60_000);
    expect(sink.events).toEqual(texts);
  });

  it('keeps a batch refused with OverloadedError and retries it when the sink accepts again', async () => {
    const sink = new TestSink();
    const port = await start(sink);
    sink.fillOnNextSubmit(); // `accepting` was true when checked, then the submit is refused
    const client = await connectTcp(port);
    client.write('<13>first\n');
    await sink.waitFor('the refused submit', () => sink.refused === 1);
    client.write('<13>second\n');
    await ioRoundtrips(50);
    expect(sink.batches).toEqual([]);
    sink.resume();
    client.end();
    await sink.waitFor('2 events', () => sink.eventCount === 2);
    expect(sink.events).toEqual(['<13>first', '<13>second']);
    expect(listeners!.stats().sinkFullWaits).toBe(1);
  });

  it('pauses every connection while the sink is full, and resumes them all', async () => {
    const sink = new TestSink();
    const port = await start(sink);
    const clients = await Promise.all([connectTcp(port), connectTcp(port), connectTcp(port)]);
    await until('3 connections', () => listeners!.stats().connectionsActive === 3);
    sink.fill();
    clients[0]!.write('<13>c0 a\n');
    await until('the server to find the sink full', () => listeners!.stats().sinkFullWaits >= 1);
    clients[1]!.write('<13>c1 a\n');
    clients[2]!.write('<13>c2 a\n');
    await ioRoundtrips(50);
    expect(listeners!.stats().bytesReceived).toBe(9); // only c0's message was read
    sink.resume();
    for (const [i, c] of clients.entries()) c.end(`<13>c${i} b\n`);
    await sink.waitFor('6 events', () => sink.eventCount === 6);
    for (const i of [0, 1, 2]) {
      expect(sink.events.filter((e) => e.startsWith(`<13>c${i} `))).toEqual([`<13>c${i} a`, `<13>c${i} b`]);
    }
  });

  it('close() does not wait for a full sink: the held batch is dropped and counted', async () => {
    const sink = new TestSink();
    const port = await start(sink);
    sink.fill();
    const client = await connectTcp(port);
    client.write('<13>one\n<13>two\n');
    await until('the server to find the sink full', () => listeners!.stats().sinkFullWaits >= 1);
    const l = listeners!;
    listeners = undefined;
    await l.close();
    expect(l.stats().droppedOnClose).toBe(2);
    expect(sink.batches).toEqual([]);
  });
});
