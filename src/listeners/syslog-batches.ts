/**
 * Turns deframed syslog messages into `RawBatch`es and frame rejections into `RawRejection`s,
 * and names the transport metadata the listeners attach.
 *
 * Metadata (ECS-style names, set on every event of a batch):
 * - `observer.ingress.transport`: `udp`, `tcp` or `tls`
 * - `log.source.address`: the peer's IP (IPv4-mapped IPv6 addresses are shown as plain IPv4)
 * - `log.source.port`: the peer's port
 * - `tls.client.subject`: the client certificate's subject, when TLS client certificates are required
 * - `vigil.decode_error`: set (to a description) on batches whose messages were not valid UTF-8 and
 *   were decoded with U+FFFD replacement characters; such messages get a batch of their own.
 */
import type { Format } from '../core/event.ts';
import type { RawBatch, RawRejection } from '../pipeline/sink.ts';
import type { SyslogFrame } from './syslog-framing.ts';

export const SYSLOG_META = {
  transport: 'observer.ingress.transport',
  address: 'log.source.address',
  port: 'log.source.port',
  tlsSubject: 'tls.client.subject',
  decodeError: 'vigil.decode_error',
} as const;

export const INVALID_UTF8_NOTE = 'invalid UTF-8 replaced with U+FFFD';

export type Transport = 'udp' | 'tcp' | 'tls';
export type BatchMeta = Record<string, string | number>;

/** What every batch of one listener shares. */
export interface BatchBase {
  source: string;
  tenant: string;
  format: Format;
}

/** `::ffff:10.0.0.1` → `10.0.0.1`; other addresses unchanged. */
export function normalizeAddress(address: string): string {
  return address.startsWith('::ffff:') && address.includes('.') ? address.slice(7) : address;
}

export function peerMeta(
  transport: Transport,
  address: string | undefined,
  port: number | undefined,
): BatchMeta {
  const meta: BatchMeta = { [SYSLOG_META.transport]: transport };
  if (address !== undefined) meta[SYSLOG_META.address] = normalizeAddress(address);
  if (port !== undefined) meta[SYSLOG_META.port] = port;
  return meta;
}

/**
 * Groups frames, in order, into batches: consecutive frames of equal UTF-8 validity share a batch,
 * and batches of invalid ones carry `vigil.decode_error`.
 */
export function framesToBatches(
  frames: SyslogFrame[],
  base: BatchBase,
  meta: BatchMeta,
  received: number,
): RawBatch[] {
  const batches: RawBatch[] = [];
  let current: { invalid: boolean; events: string[] } | undefined;
  const close = () => {
    if (current === undefined) return;
    const m = current.invalid ? { ...meta, [SYSLOG_META.decodeError]: INVALID_UTF8_NOTE } : { ...meta };
    batches.push({ ...base, received, meta: m, events: current.events });
  };
  for (const f of frames) {
    if (current === undefined || current.invalid !== f.invalidUtf8) {
      close();
      current = { invalid: f.invalidUtf8, events: [] };
    }
    current.events.push(f.text);
  }
  close();
  return batches;
}

export function toRejection(
  base: BatchBase,
  reason: string,
  raw: Uint8Array,
  received: number,
): RawRejection {
  return { source: base.source, tenant: base.tenant, received, reason, raw };
}
