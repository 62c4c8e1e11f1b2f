/**
 * Starts Vigil's syslog listeners (UDP, TCP, TLS) and stops them gracefully.
 *
 * - Each listener is started only when its port is given; port 0 binds a free port, and the bound
 *   ports are returned.
 * - TCP and TLS use RFC 6587 framing (see syslog-framing.ts); UDP is one message per datagram (see
 *   udp-intake.ts). Metadata names are in syslog-batches.ts.
 * - Backpressure: while the sink is full every TCP/TLS socket is paused, and each connection holds
 *   at most one chunk in flight; a refused batch is kept and retried when the sink accepts again.
 * - `maxConnections` applies to each of the TCP and TLS listeners separately; extra connections are
 *   closed at once and counted in `connectionsRefused`.
 * - TLS: with `requestCert`, clients must present a certificate signed by `ca` (mutual TLS).
 * - `close()`: stops listening, hands over what was already read (waiting for in-flight submits;
 *   batches still waiting for a full sink are dropped and counted in `droppedOnClose`), then closes
 *   every socket.
 */
import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { type AddressInfo, createServer, type Server, type Socket } from 'node:net';
import { createServer as createTlsServer, type TLSSocket } from 'node:tls';
import { ConfigError } from '../core/errors.ts';
import type { Format } from '../core/event.ts';
import type { IngestSink } from '../pipeline/sink.ts';
import { newStats, type SyslogListenerStats } from './listener-stats.ts';
import { SinkGate } from './sink-gate.ts';
import { type BatchBase, peerMeta, SYSLOG_META, type Transport } from './syslog-batches.ts';
import { type ConnectionContext, SyslogConnection } from './syslog-connection.ts';
import { DEFAULT_MAX_FRAME_BYTES } from './syslog-framing.ts';
import { UdpIntake } from './udp-intake.ts';

export const DEFAULT_IDLE_TIMEOUT_MS = 10 * 60 * 1000;

export interface SyslogTlsOptions {
  cert: string | Buffer;
  key: string | Buffer;
  ca?: string | Buffer | (string | Buffer)[];
  /** Passphrase of an encrypted key. */
  passphrase?: string;
  /** Require and verify a client certificate (mutual TLS). */
  requestCert?: boolean;
}

export interface SyslogListenerOptions {
  /** Address to bind; default 127.0.0.1. */
  host?: string;
  udpPort?: number;
  tcpPort?: number;
  tlsPort?: number;
  tls?: SyslogTlsOptions;
  /** Largest message (frame or datagram) accepted; default 64 KiB. */
  maxMessageBytes?: number;
  /** Per TCP/TLS listener; unlimited when absent. */
  maxConnections?: number;
  /** Close TCP/TLS connections without data for this long; default 10 minutes. */
  idleTimeoutMs?: number;
  source: string;
  tenant: string;
  /** Default `syslog`. */
  format?: Format;
  sink: IngestSink;
  /** Socket errors, sink failures; default: ignored. */
  onError?: (e: unknown) => void;
}

export interface SyslogListeners {
  udpPort?: number;
  tcpPort?: number;
  tlsPort?: number;
  stats(): SyslogListenerStats;
  close(): Promise<void>;
}

export async function startSyslogListeners(opts: SyslogListenerOptions): Promise<SyslogListeners> {
  if (opts.tlsPort !== undefined && opts.tls === undefined) {
    throw new ConfigError('a TLS syslog port needs `tls.cert` and `tls.key`', 'tls');
  }
  const host = opts.host ?? '127.0.0.1';
  const onError = opts.onError ?? (() => {});
  const stats = newStats();
  const base: BatchBase = { source: opts.source, tenant: opts.tenant, format: opts.format ?? 'syslog' };
  const maxMessageBytes = opts.maxMessageBytes ?? DEFAULT_MAX_FRAME_BYTES;
  const connections = new Set<SyslogConnection>();
  const gate = new SinkGate(opts.sink, {
    onBlock: () => {
      for (const c of connections) c.pause();
    },
    onUnblock: () => {
      for (const c of connections) c.resumeIfIdle();
    },
  });
  const ctx: ConnectionContext = {
    sink: opts.sink,
    gate,
    stats,
    base,
    maxMessageBytes,
    idleTimeoutMs: opts.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS,
    onError,
    onDone: (c) => {
      if (connections.delete(c)) stats.connectionsActive--;
    },
  };
  let closing = false;
  const accept = (socket: Socket, transport: Transport, extra: Record<string, string> = {}) => {
    if (closing) {
      socket.destroy();
      return;
    }
    stats.connectionsAccepted++;
    stats.connectionsActive++;
    const meta = { ...peerMeta(transport, socket.remoteAddress, socket.remotePort), ...extra };
    connections.add(new SyslogConnection(socket, meta, ctx));
  };

  const servers: Server[] = [];
  /** Every raw socket (including TLS ones still in their handshake), to close what is left at the end. */
  const rawSockets = new Set<Socket>();
  const trackRaw = (server: Server) =>
    server.on('connection', (s: Socket) => {
      rawSockets.add(s);
      s.once('close', () => rawSockets.delete(s));
    });
  let udp: UdpSocket | undefined;
  const udpIntake = new UdpIntake({ sink: opts.sink, stats, base, maxMessageBytes, onError });
  const result: SyslogListeners = {
    stats: () => ({ ...stats }),
    close: async () => {
      if (closing) return;
      closing = true;
      const serversClosed = servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve())));
      if (udp !== undefined) await new Promise<void>((resolve) => udp!.close(() => resolve()));
      await udpIntake.drain();
      gate.close();
      await Promise.all([...connections].map((c) => c.shutdown()));
      for (const s of rawSockets) s.destroy();
      await Promise.all(serversClosed);
    },
  };

  try {
    if (opts.udpPort !== undefined) {
      const sock = createSocket(host.includes(':') ? 'udp6' : 'udp4');
      udp = sock;
      sock.on('message', (msg, rinfo) => udpIntake.onMessage(msg, rinfo));
      sock.on('error', onError);
      result.udpPort = await new Promise<number>((resolve, reject) => {
        sock.once('error', reject);
        sock.bind(opts.udpPort, host, () => {
          sock.off('error', reject);
          resolve(sock.address().port);
        });
      });
    }
    if (opts.tcpPort !== undefined) {
      const server = createServer((socket) => accept(socket, 'tcp'));
      trackRaw(server);
      result.tcpPort = await listen(server, opts.tcpPort, host, opts.maxConnections, stats, onError);
      servers.push(server);
    }
    if (opts.tlsPort !== undefined && opts.tls !== undefined) {
      const t = opts.tls;
      const server = createTlsServer(
        {
          cert: t.cert,
          key: t.key,
          ...(t.ca === undefined ? {} : { ca: t.ca }),
          ...(t.passphrase === undefined ? {} : { passphrase: t.passphrase }),
          requestCert: t.requestCert === true,
          rejectUnauthorized: t.requestCert === true,
        },
        (socket: TLSSocket) => accept(socket, 'tls', tlsMeta(socket)),
      );
      trackRaw(server);
      server.on('tlsClientError', (e) => {
        stats.tlsHandshakeErrors++;
        onError(e);
      });
      result.tlsPort = await listen(server, opts.tlsPort, host, opts.maxConnections, stats, onError);
      servers.push(server);
    }
  } catch (e) {
    await result.close();
    throw e;
  }
  return result;
}

function listen(
  server: Server,
  port: number,
  host: string,
  maxConnections: number | undefined,
  stats: SyslogListenerStats,
  onError: (e: unknown) => void,
): Promise<number> {
  if (maxConnections !== undefined) server.maxConnections = maxConnections;
  server.on('drop', () => {
    stats.connectionsRefused++;
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      server.on('error', onError);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

/** The verified client certificate's subject, when client certificates are required. */
function tlsMeta(socket: TLSSocket): Record<string, string> {
  if (!socket.authorized) return {};
  const cert = socket.getPeerCertificate();
  const subject = cert?.subject;
  if (subject === undefined || Object.keys(subject).length === 0) return {};
  const parts = Object.entries(subject).map(([k, v]) => `${k}=${Array.isArray(v) ? v.join('+') : String(v)}`);
  return { [SYSLOG_META.tlsSubject]: parts.join(', ') };
}
