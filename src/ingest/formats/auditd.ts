/**
 * Linux audit records (auditd's /var/log/audit/audit.log, RAW or ENRICHED log_format, with or
 * without `node=`), bare or behind a syslog header (audisp-syslog / rsyslog imfile forward them as
 * the syslog MSG; the kernel's printk form `audit: type=1300 audit(…): …` too). The line format is
 * read by auditd-record.ts, values decoded by auditd-values.ts, ECS fields by auditd-ecs.ts.
 *
 * One line is one event. The records of one audit event (SYSCALL, EXECVE, CWD, PATH…, PROCTITLE,
 * sharing `msg=audit(…:SERIAL)`) are NOT joined: that would need state across lines and batches
 * (records arrive apart, interleaved, some never), and a journal entry must give the same event
 * on replay. So Sigma's auditd rules, which test one record each (`type: EXECVE` with `a0`…,
 * `type: SYSCALL` with `exe`/`SYSCALL`, `type: PATH` with `name`), see exactly what they were
 * written for; `event.sequence` (the serial) and `@timestamp` tie the records of an event.
 *
 * Fields:
 * - `auditd.message_type` (`SYSCALL`; a numeric type is named, `UNKNOWN[n]` otherwise),
 *   `auditd.sequence` and `event.sequence` (serial), `auditd.result` (`success`/`fail`).
 * - `auditd.data.<key>`: every key/value of the record under its own name (nested `msg='…'` pairs
 *   and ENRICHED upper-case names included), quotes removed, hex-encoded strings decoded (EXECVE
 *   arguments, `name`, `exe`, `proctitle`…; rules in auditd-values.ts), the hex as written kept in
 *   `auditd.encoded.<key>`. Repeated keys become lists. Words that are not pairs: `auditd.text`.
 * - `auditd.data.SYSCALL`: when the record has no ENRICHED `SYSCALL`, the name of `syscall` on its
 *   `arch` (x86_64, aarch64) is filled in, as auditd's enrichment would have written it, so rules
 *   naming syscalls work on RAW logs too.
 * - `@timestamp` from `audit(SECONDS.MILLIS:…)`; `host.name` from `node=` (else the syslog
 *   HOSTNAME); `host.os.type: linux`; `event.module: auditd`, `event.dataset: auditd.log`,
 *   `event.kind: event`, `event.action` the lower-cased type; `vigil.format: auditd`.
 * - `message`: for EXECVE the decoded command line (so keyword rules read the arguments even when
 *   auditd hex-encoded them), else the record body as written (the ENRICHED part left out).
 * - Behind a syslog header, the header's `process.name`/`process.pid` (the forwarder, e.g.
 *   audisp-syslog) are dropped: they stay in `log.syslog.appname`/`procid`, and `process.*` are
 *   the audited process's.
 * - ECS fields: see auditd-ecs.ts.
 * A line whose head is not an audit record is rejected with the reason; the body is read
 * leniently (never rejected).
 */
import { millisToIso } from '../../core/time.ts';
import type { ParseContext, ParseOutcome, VigilEvent } from '../types.ts';
import { setAuditEcs, syscallOf } from './auditd-ecs.ts';
import { readBody, readHead } from './auditd-record.ts';
import { recordValues } from './auditd-values.ts';
import { type PayloadFinder, parseSyslogPayload } from './syslog-payload.ts';
import { FieldNames, lineEnd } from './syslog-scan.ts';

const DATA = new FieldNames('auditd.data.');
const ENCODED = new FieldNames('auditd.encoded.');

const fail = (reason: string): { ok: false; reason: string } => ({ ok: false, reason: `auditd: ${reason}` });

function skipBlanks(raw: string, pos: number, end: number): number {
  let i = pos;
  while (i < end && (raw.charCodeAt(i) === 0x20 || raw.charCodeAt(i) === 0x09)) i++;
  return i;
}

/**
 * Where an audit record starts in [pos, end): at `pos`, or after the kernel's `[ 12.345] ` uptime
 * and/or `audit: ` prefix; -1 when no record head (see auditd-record.ts) is there.
 */
export function auditdPayloadAt(raw: string, pos: number, end: number): number {
  let i = skipBlanks(raw, pos, end);
  if (raw.charCodeAt(i) === 0x5b /* [ */) {
    const close = raw.indexOf(']', i);
    if (close < 0 || close > i + 20 || close >= end) return -1;
    i = skipBlanks(raw, close + 1, end);
  }
  if (raw.startsWith('audit: ', i)) i = skipBlanks(raw, i + 7, end);
  if (!raw.startsWith('type=', i) && !raw.startsWith('node=', i)) return -1;
  return readHead(raw, i, end).ok ? i : -1;
}

const FINDER: PayloadFinder = {
  name: 'auditd',
  expected: 'an audit record ("type=… msg=audit(SECONDS.MILLIS:SERIAL): …")',
  at: auditdPayloadAt,
};

/**
 * Reads the audit record at [start, end) of `raw` and writes it into `event`, which already
 * carries `@timestamp`, `event.original` and any syslog header fields. Nothing is written when the
 * record is rejected. Used by parseAuditd and parseSyslog.
 */
export function mergeAuditd(
  raw: string,
  start: number,
  end: number,
  _ctx: ParseContext,
  event: VigilEvent,
): ParseOutcome {
  const read = readHead(raw, start, end);
  if (!read.ok) return fail(read.reason);
  const { head } = read;
  const body = readBody(raw, head.bodyStart, end);
  const values = recordValues(head.type, body);

  delete event['process.name'];
  delete event['process.pid'];
  event['@timestamp'] = millisToIso(head.timeMs);
  event['vigil.format'] = 'auditd';
  event['event.module'] = 'auditd';
  event['event.dataset'] = 'auditd.log';
  event['event.kind'] = 'event';
  event['event.action'] = head.type.toLowerCase();
  event['event.sequence'] = head.serial;
  event['host.os.type'] = 'linux';
  if (head.node !== null) event['host.name'] = head.node;
  event['auditd.message_type'] = head.type;
  event['auditd.sequence'] = head.serial;
  for (const [key, value] of values.data) event[DATA.of(key)] = value;
  for (const [key, hex] of values.encoded) event[ENCODED.of(key)] = hex;
  if (head.type === 'SYSCALL' && !values.data.has('SYSCALL')) {
    const name = syscallOf(values);
    if (name !== null) event['auditd.data.SYSCALL'] = name;
  }
  if (body.text.length > 0) event['auditd.text'] = body.text.join(' ');
  setAuditEcs(event, head.type, values);
  const result = event['event.outcome'];
  if (result !== undefined) event['auditd.result'] = result === 'success' ? 'success' : 'fail';
  const gs = raw.indexOf('\x1d', head.bodyStart);
  const bodyEnd = gs < 0 || gs > end ? end : gs;
  const command = event['process.command_line'];
  if (head.type === 'EXECVE' && typeof command === 'string') event.message = command;
  else if (bodyEnd > head.bodyStart) event.message = raw.slice(head.bodyStart, bodyEnd).trimEnd();
  return { ok: true, event };
}

/** Parses one audit record line, bare or behind a syslog header (see the file comment). */
export function parseAuditd(raw: string, ctx: ParseContext): ParseOutcome {
  const end = lineEnd(raw);
  const i = skipBlanks(raw, 0, end);
  if (raw.startsWith('type=', i) || raw.startsWith('node=', i)) {
    // a bare record: its own reason when the head is wrong (not "or a syslog header")
    return mergeAuditd(raw, i, end, ctx, { '@timestamp': millisToIso(ctx.received), 'event.original': raw });
  }
  return parseSyslogPayload(raw, ctx, FINDER, mergeAuditd);
}
