/** Syslog over TLS on a real socket, with a throwaway self-signed certificate (openssl CLI). */
import { rmSync } from 'node:fs';
import { connect, type TLSSocket } from 'node:tls';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type SyslogListeners, startSyslogListeners } from './syslog-server.ts';
import { closed, makeSelfSignedCert, type TestCert, until, writeChunks } from './test-helpers.ts';
import { TestSink } from './test-sink.ts';

let server: TestCert;
let client: TestCert;
let listeners: SyslogListeners | undefined;

beforeAll(() => {
  server = makeSelfSignedCert('localhost');
  client = makeSelfSignedCert('vigil-test-client');
});
afterAll(() => {
  for (const c of [server, client]) rmSync(c.dir, { recursive: true, force: true });
});
afterEach(async () => {
  await listeners?.close();
  listeners = undefined;
});

function connectTls(port: number, withClientCert: boolean): Promise<TLSSocket> {
  return new Promise((resolve, reject) => {
    const s = connect(
      {
        host: '127.0.0.1',
        port,
        ca: server.cert,
        servername: 'localhost',
        ...(withClientCert ? { cert: client.cert, key: client.key } : {}),
      },
      () => resolve(s),
    );
    s.once('error', reject);
  });
}

const octet = (m: string) => `${Buffer.byteLength(m)} ${m}`;

describe('TLS listener', () => {
  it('delivers octet-counted and LF-framed messages over TLS, marked as tls', async () => {
    const sink = new TestSink();
    listeners = await startSyslogListeners({
      tlsPort: 0,
      tls: { cert: server.cert, key: server.key },
      source: 'tls-src',
      tenant: 't1',
      sink,
    });
    const s = await connectTls(listeners.tlsPort!, false);
    await writeChunks(s, [octet('<13>1 2024-05-01T00:00:00Z h app - - - secret'), '<13>plain line\n']);
    await sink.waitFor('2 events', () => sink.eventCount === 2);
    expect(sink.events).toEqual(['<13>1 2024-05-01T00:00:00Z h app - - - secret', '<13>plain line']);
    expect(sink.batches[0]!.meta).toEqual({
      'observer.ingress.transport': 'tls',
      'log.source.address': '127.0.0.1',
      'log.source.port': s.localPort,
    });
  });

  it('with requestCert, accepts a client certificate signed by `ca` and records its subject', async () => {
    const sink = new TestSink();
    listeners = await startSyslogListeners({
      tlsPort: 0,
      tls: { cert: server.cert, key: server.key, ca: client.cert, requestCert: true },
      source: 'mtls',
      tenant: 't1',
      sink,
    });
    const s = await connectTls(listeners.tlsPort!, true);
    await writeChunks(s, ['<13>from a known client\n']);
    await sink.waitFor('1 event', () => sink.eventCount === 1);
    expect(sink.batches[0]!.meta?.['tls.client.subject']).toBe('CN=vigil-test-client');
  });

  it('with requestCert, refuses a client without a certificate', async () => {
    const sink = new TestSink();
    listeners = await startSyslogListeners({
      tlsPort: 0,
      tls: { cert: server.cert, key: server.key, ca: client.cert, requestCert: true },
      source: 'mtls',
      tenant: 't1',
      sink,
    });
    // TLS 1.3: the client's handshake completes before the server has checked the certificate.
    const s = await connectTls(listeners.tlsPort!, false).catch(() => undefined);
    if (s !== undefined) {
      s.on('error', () => {});
      s.write('<13>should not arrive\n');
      await closed(s);
    }
    await until('a handshake error', () => listeners!.stats().tlsHandshakeErrors === 1);
    expect(sink.batches).toEqual([]);
    expect(listeners.stats().connectionsAccepted).toBe(0);
  });

  it('refuses to start a TLS port without a certificate', async () => {
    await expect(
      startSyslogListeners({ tlsPort: 0, source: 's', tenant: 't', sink: new TestSink() }),
    ).rejects.toThrow(/needs `tls.cert` and `tls.key`/);
  });
});
