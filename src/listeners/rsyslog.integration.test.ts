/**
 * Interoperability with a real sender: Debian's rsyslog. The test runs its own rsyslogd in the
 * foreground with its own configuration and work directory (no system inputs: no imuxsock, imklog
 * or imjournal, so /dev/log and /var/log are never touched). rsyslog receives messages on an imudp
 * input and forwards them to our listeners twice: over TCP with octet-counted framing and the
 * RFC 5424 template, and over UDP with the traditional (RFC 3164) template.
 *
 * rsyslogd is installed by scripts/ensure-rsyslog.sh when missing. If it cannot be, the test fails
 * under CI (process.env.CI) and is skipped elsewhere.
 */
import { type ChildProcess, execFileSync, spawn, spawnSync } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SyslogListeners, startSyslogListeners } from './syslog-server.ts';
import { sendUdp } from './test-helpers.ts';
import { TestSink } from './test-sink.ts';

const ENSURE_SCRIPT = resolve(import.meta.dirname, '../../scripts/ensure-rsyslog.sh');
const RUN = `r${process.pid}x${Date.now().toString(36)}`;

let unavailable: string | undefined;
let dir: string | undefined;
let rsyslogd: ChildProcess | undefined;
let rsyslogOutput = '';
let listeners: SyslogListeners | undefined;
let rsyslogPort = 0;
const sink = new TestSink();

function findRsyslogd(): string | undefined {
  const which = spawnSync('sh', ['-c', 'command -v rsyslogd'], { encoding: 'utf8' });
  const found = which.stdout.trim();
  if (which.status === 0 && found !== '') return found;
  return existsSync('/usr/sbin/rsyslogd') ? '/usr/sbin/rsyslogd' : undefined;
}

async function freeUdpPort(): Promise<number> {
  const s = createSocket('udp4');
  await new Promise<void>((r) => s.bind(0, '127.0.0.1', () => r()));
  const port = s.address().port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

function rsyslogConfig(workDir: string, inPort: number, tcpPort: number, udpPort: number): string {
  return [
    '# Vigil listener test: no system inputs (imuxsock, imklog, imjournal are not loaded).',
    `$WorkDirectory ${workDir}`,
    'global(net.enableDNS="off" parser.escapeControlCharactersOnReceive="off")',
    'module(load="imudp")',
    `input(type="imudp" address="127.0.0.1" port="${inPort}" ruleset="toVigil")`,
    'ruleset(name="toVigil") {',
    `  action(type="omfwd" target="127.0.0.1" port="${tcpPort}" protocol="tcp" TCP_Framing="octet-counted" template="RSYSLOG_SyslogProtocol23Format")`,
    `  action(type="omfwd" target="127.0.0.1" port="${udpPort}" protocol="udp" template="RSYSLOG_TraditionalForwardFormat")`,
    '}',
    '',
  ].join('\n');
}

/** Events received over one transport. */
function over(transport: 'tcp' | 'udp'): string[] {
  return sink.batches
    .filter((b) => b.meta?.['observer.ingress.transport'] === transport)
    .flatMap((b) => b.events);
}

const rfc5424 = (body: string) => `<165>1 2024-05-01T10:00:00.000Z webhost vigiltest 4242 ID47 - ${body}`;

beforeAll(async () => {
  const ensure = spawnSync('bash', [ENSURE_SCRIPT], { encoding: 'utf8' });
  const bin = findRsyslogd();
  if (ensure.status !== 0 || bin === undefined) {
    unavailable = `rsyslogd is not installed and scripts/ensure-rsyslog.sh could not install it: ${ensure.stderr.trim()}`;
    if (process.env.CI) throw new Error(unavailable);
    return;
  }
  dir = mkdtempSync(join(tmpdir(), 'vigil-rsyslog-'));
  listeners = await startSyslogListeners({ tcpPort: 0, udpPort: 0, source: 'rsyslog', tenant: 't1', sink });
  rsyslogPort = await freeUdpPort();
  const conf = join(dir, 'rsyslog.conf');
  writeFileSync(conf, rsyslogConfig(dir, rsyslogPort, listeners.tcpPort!, listeners.udpPort!));
  execFileSync(bin, ['-N1', '-f', conf], { stdio: 'pipe' }); // config check: fails loudly with rsyslog's message
  rsyslogd = spawn(bin, ['-n', '-f', conf, '-i', join(dir, 'rsyslog.pid')], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  rsyslogd.stdout?.on('data', (d: Buffer) => (rsyslogOutput += d.toString()));
  rsyslogd.stderr?.on('data', (d: Buffer) => (rsyslogOutput += d.toString()));

  // Ready once a probe sent to rsyslog comes out at our TCP listener.
  const deadline = Date.now() + 30_000;
  for (let i = 0; !over('tcp').some((e) => e.includes(`probe-${RUN}`)); i++) {
    if (rsyslogd.exitCode !== null)
      throw new Error(`rsyslogd exited (${rsyslogd.exitCode}): ${rsyslogOutput}`);
    if (Date.now() > deadline)
      throw new Error(`rsyslogd forwarded nothing within 30 s; its output: ${rsyslogOutput}`);
    await sendUdp(rsyslogPort, [rfc5424(`probe-${RUN}-${i}`)]);
    await sink
      .waitFor('a probe', () => over('tcp').some((e) => e.includes(`probe-${RUN}`)), 200)
      .catch(() => {});
  }
});

afterAll(async () => {
  const child = rsyslogd;
  if (child !== undefined && child.exitCode === null) {
    const exited = new Promise<void>((r) => child.once('exit', () => r()));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  }
  await listeners?.close();
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
});

describe('rsyslog forwarding to the Vigil listeners', () => {
  it('delivers every message exactly once over TCP (octet-counted RFC 5424) and UDP (RFC 3164)', async (ctx) => {
    if (unavailable !== undefined) ctx.skip();
    const bodies = Array.from({ length: 20 }, (_, i) => `hello ${RUN} #${i} user=alice`);
    bodies.push(`multi-line ${RUN}\nsecond line`); // one event only if the framing is octet counting
    const end = `end-${RUN}`;
    await sendUdp(rsyslogPort, [...bodies, end].map(rfc5424));

    // rsyslog keeps each action's order: once the end marker is in, every earlier copy is too.
    await sink.waitFor('the end marker over TCP and UDP', () =>
      [over('tcp'), over('udp')].every((events) => events.some((e) => e.includes(end))),
    );
    const tcp = over('tcp').filter((e) => e.includes(RUN) && !e.includes(`probe-${RUN}`));
    const udp = over('udp').filter((e) => e.includes(RUN) && !e.includes(`probe-${RUN}`));
    expect(tcp).toEqual([...bodies, end].map(rfc5424));
    expect(udp).toEqual([...bodies, end].map((b) => `<165>May  1 10:00:00 webhost vigiltest[4242] ${b}`));

    const tcpBatch = sink.batches.find((b) => b.meta?.['observer.ingress.transport'] === 'tcp')!;
    expect(tcpBatch.meta?.['log.source.address']).toBe('127.0.0.1');
    expect(tcpBatch).toMatchObject({ source: 'rsyslog', tenant: 't1', format: 'syslog' });
    expect(sink.rejections).toEqual([]);
  });
});
