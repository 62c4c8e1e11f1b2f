/**
 * Helpers for the listener tests: real-socket clients, an event-loop barrier, and a throwaway
 * self-signed certificate made with the `openssl` CLI.
 */
import { execFileSync } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { mkdtempSync, readFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Sends each message as one datagram to 127.0.0.1:port, then closes the socket. */
export async function sendUdp(port: number, messages: (string | Buffer)[]): Promise<void> {
  const sock = createSocket('udp4');
  try {
    for (const m of messages) {
      await new Promise<void>((resolve, reject) =>
        sock.send(m, port, '127.0.0.1', (e) => (e ? reject(e) : resolve())),
      );
    }
  } finally {
    sock.close();
  }
}

export function connectTcp(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const s = connect(port, '127.0.0.1', () => {
      s.off('error', reject);
      // The server may reset the connection (close, limits); tests check outcomes via the sink.
      s.on('error', () => {});
      resolve(s);
    });
    s.once('error', reject);
  });
}

/** Writes the chunks one by one (each its own write, waiting for it to be flushed), then ends. */
export async function writeChunks(s: Socket, chunks: (string | Buffer)[], end = true): Promise<void> {
  for (const c of chunks) {
    await new Promise<void>((resolve, reject) => s.write(c, (e) => (e ? reject(e) : resolve())));
  }
  if (end) await new Promise<void>((resolve) => s.end(resolve));
}

/** Resolves when the socket has closed. */
export function closed(s: { once(ev: 'close', l: () => void): unknown; destroyed: boolean }): Promise<void> {
  return new Promise((resolve) => {
    if (s.destroyed) resolve();
    else s.once('close', () => resolve());
  });
}

/**
 * Lets the event loop run `rounds` full I/O cycles (UDP datagrams to ourselves, one at a time), so
 * that any readable socket in this process gets read meanwhile. An ordering barrier, not a sleep.
 */
export async function ioRoundtrips(rounds: number): Promise<void> {
  const sock = createSocket('udp4');
  await new Promise<void>((resolve) => sock.bind(0, '127.0.0.1', () => resolve()));
  const port = sock.address().port;
  try {
    for (let i = 0; i < rounds; i++) {
      await new Promise<void>((resolve) => {
        sock.once('message', () => resolve());
        sock.send('ping', port, '127.0.0.1');
      });
    }
  } finally {
    sock.close();
  }
}

export interface TestCert {
  dir: string;
  cert: Buffer;
  key: Buffer;
}

/** A self-signed certificate (default CN=localhost, also valid for 127.0.0.1), made with `openssl`. */
export function makeSelfSignedCert(cn = 'localhost'): TestCert {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-tls-'));
  const keyPath = join(dir, 'key.pem');
  const certPath = join(dir, 'cert.pem');
  try {
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-days',
        '2',
        '-keyout',
        keyPath,
        '-out',
        certPath,
        '-subj',
        `/CN=${cn}`,
        '-addext',
        'subjectAltName=DNS:localhost,IP:127.0.0.1',
      ],
      { stdio: 'pipe' },
    );
  } catch (e) {
    throw new Error(
      `could not make a test certificate with the openssl CLI (install it: apt-get install -y openssl, or run scripts/ensure-rsyslog.sh): ${String(e)}`,
    );
  }
  return { dir, cert: readFileSync(certPath), key: readFileSync(keyPath) };
}

/** Polls `condition` every few ms until it holds; fails after `timeoutMs` naming `what`. */
export async function until(what: string, condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
