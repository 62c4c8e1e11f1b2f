/**
 * Syslog over TCP on real sockets: RFC 6587 framings, splits at any byte, limits and resync,
 * truncation, metadata, maxConnections, idle timeout and graceful close.
 */
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { type SyslogListenerOptions, type SyslogListeners, startSyslogListeners } from './syslog-server.ts';
import { closed, connectTcp, until, writeChunks } from './test-helpers.ts';
import { TestSink } from './test-sink.ts';

let listeners: SyslogListeners | undefined;
afterEach(async () => {
  await listeners?.close();
  listeners = undefined;
});

async function start(sink: TestSink, extra: Partial<SyslogListenerOptions> = {}): Promise<number> {
  listeners = await startSyslogListeners({ tcpPort: 0, source: 'net', tenant: 't1', sink, ...extra });
  return listeners.tcpPort!;
}

/** Sends `chunks` on one connection, each as its own read on the server, then closes. */
async function sendSeparately(port: number, chunks: Buffer[]): Promise<void> {
  const s = await connectTcp(port);
  s.setNoDelay(true);
  let sent = listeners!.stats().bytesReceived;
  for (const c of chunks) {
    if (c.length === 0) continue;
    await writeChunks(s, [c], false);
    sent += c.length;
    await until(`server to read ${sent} bytes`, () => listeners!.stats().bytesReceived >= sent);
  }
  await writeChunks(s, [], true);
}

const octet = (m: string) => `${Buffer.byteLength(m)} ${m}`;

describe('TCP listener framing', () => {
  it('reads octet-counted frames', async () => {
    const sink = new TestSink();
    const port = await start(sink);
    const s = await connectTcp(port);
    const msgs = [
      '<34>1 2024-05-01T10:00:00Z host su - ID47 - failed for root',
      '<13>1 - - - - - - two\nlines',
    ];
    await writeChunks(s, [msgs.map(octet).join('')]);
    await sink.waitFor('2 events', () => sink.eventCount === 2);
    expect(sink.events).toEqual(msgs);
    expect(sink.batches[0]!.meta).toEqual({
      'observer.ingress.transport': 'tcp',
      'log.source.address': '127.0.0.1',
      'log.source.port': s.localPort,
    });
    expect(sink.batches[0]).toMatchObject({ source: 'net', tenant: 't1', format: 'syslog' });
  });

  it('reads LF, CRLF and NUL terminated frames', async () => {
    const sink = new TestSink();
    const port = await start(sink, { format: 'rfc3164' });
    const s = await connectTcp(port);
    await writeChunks(s, ['<13>Jan  1 00:00:00 h a: one\n<13>two\r\n<13>three\0<13>four\n']);
    await sink.waitFor('4 events', () => sink.eventCount === 4);
    expect(sink.events).toEqual(['<13>Jan  1 00:00:00 h a: one', '<13>two', '<13>three', '<13>four']);
    expect(sink.batches[0]!.format).toBe('rfc3164');
  });

  it('reads both framings mixed on one connection, in order', async () => {
    const sink = new TestSink();
    const port = await start(sink);
    const s = await connectTcp(port);
    await writeChunks(s, [`<13>a\n${octet('<13>b')}<13>c\n`, octet('<13>d'), '<13>e\n']);
    await sink.waitFor('5 events', () => sink.eventCount === 5);
    expect(sink.events).toEqual(['<13>a', '<13>b', '<13>c', '<13>d', '<13>e']);
  });

  const stream = Buffer.from(`<13>a\n${octet('<13>bé')}<13>c\r\n${octet('<13>d\nd')}<13>e`);
  const expected = ['<13>a', '<13>bé', '<13>c', '<13>d\nd', '<13>e'];

  it('gives the same messages for a stream split at every byte boundary', async () => {
    const sink = new TestSink();
    const port = await start(sink);
    for (let i = 1; i < stream.length; i++) {
      await sendSeparately(port, [stream.subarray(0, i), stream.subarray(i)]);
    }
    const n = (stream.length - 1) * expected.length;
    await sink.waitFor(`${n} events`, () => sink.eventCount === n);
    for (let i = 0; i < n; i += expected.length)
      expect(sink.events.slice(i, i + expected.length)).toEqual(expected);
  });

  it('property: any set of split points over a real connection gives the same messages', async () => {
    const sink = new TestSink();
    const port = await start(sink);
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(fc.integer({ min: 1, max: stream.length - 1 }), { maxLength: 6 }),
        async (points) => {
          const before = sink.eventCount;
          const cuts = [0, ...points.sort((a, b) => a - b), stream.length];
          await sendSeparately(
            port,
            cuts.slice(1).map((end, k) => stream.subarray(cuts[k]!, end)),
          );
          await sink.waitFor('the stream', () => sink.eventCount >= before + expected.length);
          expect(sink.events.slice(before)).toEqual(expected);
        },
      ),
      { numRuns: Math.min(Number(process.env.FUZZ_RUNS ?? 40), 200) },
    );
  });
});

describe('TCP listener limits', () => {
  it('rejects an oversized frame and still delivers the next message on the same connection', async () => {
    const sink = new TestSink();
    const port = await start(sink, { maxMessageBytes: 64 });
    const s = await connectTcp(port);
    const bigLine = `<13>${'L'.repeat(200)}\n`;
    const bigOctet = octet(`<13>${'O'.repeat(100)}`);
    await writeChunks(s, [bigLine, '<13>after line\n', bigOctet, octet('<13>after octet')]);
    await sink.waitFor(
      '2 events and 2 rejections',
      () => sink.eventCount === 2 && sink.rejections.length === 2,
    );
    expect(sink.events).toEqual(['<13>after line', '<13>after octet']);
    const [r1, r2] = sink.rejections;
    expect(r1!.reason).toBe(
      `frame of 204 bytes exceeds the limit of 64 bytes (non-transparent) (tcp from 127.0.0.1:${s.localPort})`,
    );
    expect(Buffer.from(r1!.raw).toString()).toBe(bigLine.slice(0, -1));
    expect(r2!.reason).toMatch(/^frame of 104 bytes exceeds the limit of 64 bytes \(octet-counted\)/);
    expect(r2).toMatchObject({ source: 'net', tenant: 't1' });
    expect(listeners!.stats().rejected).toBe(2);
  });

  it('rejects a frame truncated by the connection closing', async () => {
    const sink = new TestSink();
    const port = await start(sink);
    const s = await connectTcp(port);
    await writeChunks(s, [`${octet('<13>whole')}10 <13>`]);
    await sink.waitFor(
      '1 event and 1 rejection',
      () => sink.eventCount === 1 && sink.rejections.length === 1,
    );
    expect(sink.events).toEqual(['<13>whole']);
    expect(sink.rejections[0]!.reason).toMatch(/^truncated frame: expected 10 bytes, got 4 \(tcp from /);
    expect(Buffer.from(sink.rejections[0]!.raw).toString()).toBe('<13>');
  });

  it('delivers an unterminated last LF frame at close', async () => {
    const sink = new TestSink();
    const port = await start(sink);
    const s = await connectTcp(port);
    await writeChunks(s, ['<13>one\n<13>no newline']);
    await sink.waitFor('2 events', () => sink.eventCount === 2);
    expect(sink.events).toEqual(['<13>one', '<13>no newline']);
  });

  it('refuses connections over maxConnections', async () => {
    const sink = new TestSink();
    const port = await start(sink, { maxConnections: 2 });
    const a = await connectTcp(port);
    const b = await connectTcp(port);
    await until('2 active connections', () => listeners!.stats().connectionsActive === 2);
    const c = await connectTcp(port);
    await closed(c);
    expect(listeners!.stats()).toMatchObject({ connectionsRefused: 1, connectionsActive: 2 });
    await writeChunks(a, ['<13>from a\n']);
    await writeChunks(b, ['<13>from b\n']);
    await sink.waitFor('2 events', () => sink.eventCount === 2);
    expect(sink.events.sort()).toEqual(['<13>from a', '<13>from b']);
  });

  it('closes an idle connection after idleTimeoutMs, keeping its last unterminated frame', async () => {
    const sink = new TestSink();
    const port = await start(sink, { idleTimeoutMs: 100 });
    const s = await connectTcp(port);
    await writeChunks(s, ['<13>said something'], false);
    await closed(s);
    await sink.waitFor('1 event', () => sink.eventCount === 1);
    expect(sink.events).toEqual(['<13>said something']);
    expect(listeners!.stats()).toMatchObject({ connectionsIdleClosed: 1, connectionsActive: 0 });
  });
});

describe('TCP listener failures', () => {
  it('closes the connection and reports the error when the sink fails for another reason than overload', async () => {
    const sink = new TestSink();
    const errors: unknown[] = [];
    const port = await start(sink, { onError: (e) => errors.push(e) });
    const broken = new Error('disk on fire');
    sink.failNextSubmit(broken);
    const s = await connectTcp(port);
    s.write('<13>lost\n');
    await closed(s);
    expect(errors).toContain(broken);
    expect(listeners!.stats()).toMatchObject({ submitErrors: 1, eventsSubmitted: 0 });
    const again = await connectTcp(port);
    await writeChunks(again, ['<13>next connection works\n']);
    await sink.waitFor('1 event', () => sink.eventCount === 1);
    expect(sink.events).toEqual(['<13>next connection works']);
  });
});

describe('TCP listener shutdown', () => {
  it('close() hands over what was read, closes client sockets, and unsubscribes from the sink', async () => {
    const sink = new TestSink();
    const port = await start(sink);
    expect(sink.subscribers).toBe(1);
    const s = await connectTcp(port);
    const text = '<13>before close\n<13>partial';
    await writeChunks(s, [text], false);
    await until('the server to read', () => listeners!.stats().bytesReceived === text.length);
    const l = listeners!;
    listeners = undefined;
    await l.close();
    await closed(s);
    expect(sink.events).toEqual(['<13>before close', '<13>partial']);
    expect(sink.subscribers).toBe(0);
    await expect(connectTcp(port)).rejects.toThrow(/ECONNREFUSED/);
  });

  it('fails to start on a port in use, naming the error', async () => {
    const sink = new TestSink();
    const port = await start(sink);
    await expect(startSyslogListeners({ tcpPort: port, source: 's', tenant: 't', sink })).rejects.toThrow(
      /EADDRINUSE/,
    );
    expect(sink.subscribers).toBe(1);
  });
});
