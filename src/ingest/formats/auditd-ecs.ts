/**
 * ECS fields of one audit record, from its decoded values (auditd-values.ts). Only what one record
 * says by itself (records of one event are not joined, see auditd.ts):
 * - `process.pid`/`process.parent.pid` (pid/ppid), `process.executable` (exe), `process.name`
 *   (comm), `process.working_directory` (cwd), `process.command_line` (EXECVE arguments joined
 *   with blanks, the decoded `proctitle`, or a USER_CMD `cmd`), `process.args` and
 *   `process.args_count` (EXECVE, in argument order; a record holding only the later arguments
 *   of a long command line, without `argc`, gives those it has).
 * - The user: kernel records name the acting user: `user.id` (uid), `user.audit.id` (auid, unless
 *   unset: 4294967295), `user.effective.id` (euid), `user.group.id` (gid), and with the ENRICHED
 *   format the names (`UID`, `AUID`, `EUID`, `GID`). User-space records naming an account (login,
 *   authentication, useradd: those with an `acct` or numeric `id`) give the account acted on:
 *   `user.name` from `acct`, `user.id` from `id`; the caller's uid stays in `auditd.data.uid`.
 * - `file.path` (PATH `name`) and `file.inode`; `source.ip` (user-space `addr` when an IP).
 * - `event.outcome` from `success=yes/no` (syscalls) or `res=success/failed` (user space).
 * - `event.category`/`event.type` only where the type says it: EXECVE and SYSCALL execve/execveat
 *   (process start), PATH with nametype CREATE/DELETE (file creation/deletion), logins, sessions,
 *   user-space authentication, account and group management, configuration changes.
 */
import { isIP } from 'node:net';
import type { VigilEvent } from '../../core/event.ts';
import { syscallName } from './auditd-tables.ts';
import { type RecordValues, valueAt } from './auditd-values.ts';

/** `[event.category, event.type]` by record type. */
const KINDS: Readonly<Record<string, readonly [string[], string[]]>> = {
  EXECVE: [['process'], ['start']],
  USER_AUTH: [['authentication'], ['info']],
  USER_LOGIN: [['authentication', 'session'], ['start']],
  USER_LOGOUT: [['session'], ['end']],
  USER_START: [['session'], ['start']],
  USER_END: [['session'], ['end']],
  ADD_USER: [['iam'], ['user', 'creation']],
  DEL_USER: [['iam'], ['user', 'deletion']],
  USER_MGMT: [['iam'], ['user', 'change']],
  USER_CHAUTHTOK: [['iam'], ['user', 'change']],
  ACCT_LOCK: [['iam'], ['user', 'change']],
  ACCT_UNLOCK: [['iam'], ['user', 'change']],
  ADD_GROUP: [['iam'], ['group', 'creation']],
  DEL_GROUP: [['iam'], ['group', 'deletion']],
  GRP_MGMT: [['iam'], ['group', 'change']],
  CONFIG_CHANGE: [['configuration'], ['change']],
  USYS_CONFIG: [['configuration'], ['change']],
  DAEMON_CONFIG: [['configuration'], ['change']],
};

const OUTCOMES: Readonly<Record<string, 'success' | 'failure'>> = {
  yes: 'success',
  success: 'success',
  '1': 'success',
  no: 'failure',
  failed: 'failure',
  fail: 'failure',
  '0': 'failure',
};

const UNSET_IDS = new Set(['4294967295', '-1']);

/** A value that says something (auditd writes `?`, `(null)`, `(none)` or `unset` for nothing). */
function known(v: string | undefined): v is string {
  return v !== undefined && v !== '' && v !== '?' && v !== '(null)' && v !== '(none)' && v !== 'unset';
}

function id(v: string | undefined): number | null {
  return v !== undefined && /^\d{1,10}$/.test(v) && !UNSET_IDS.has(v) ? Number(v) : null;
}

function setId(event: VigilEvent, field: string, v: string | undefined): void {
  const n = id(v);
  if (n !== null) event[field] = String(n);
}

function setName(event: VigilEvent, field: string, v: string | undefined): void {
  if (known(v)) event[field] = v;
}

/** EXECVE arguments a0…a(argc-1), or the run of aN it holds (from its lowest N) without argc. */
function execArgs(values: RecordValues): string[] {
  const argc = id(valueAt(values, 'argc'));
  const args: string[] = [];
  if (argc !== null) {
    for (let i = 0; i < argc && i < 10_000; i++) {
      const a = valueAt(values, `a${i}`);
      if (a === undefined) break;
      args.push(a);
    }
    return args;
  }
  let low = Number.POSITIVE_INFINITY;
  for (const k of values.data.keys()) if (/^a\d{1,5}$/.test(k)) low = Math.min(low, Number(k.slice(1)));
  for (let i = low; Number.isFinite(i); i++) {
    const a = valueAt(values, `a${i}`);
    if (a === undefined) break;
    args.push(a);
  }
  return args;
}

function setProcess(event: VigilEvent, type: string, values: RecordValues): void {
  const pid = id(valueAt(values, 'pid'));
  if (pid !== null) event['process.pid'] = pid;
  const ppid = id(valueAt(values, 'ppid'));
  if (ppid !== null) event['process.parent.pid'] = ppid;
  setName(event, 'process.executable', valueAt(values, 'exe'));
  setName(event, 'process.name', valueAt(values, 'comm'));
  setName(event, 'process.working_directory', valueAt(values, 'cwd'));
  if (type === 'EXECVE') {
    const args = execArgs(values);
    if (args.length > 0) {
      event['process.args'] = args;
      event['process.command_line'] = args.join(' ');
    }
    const argc = id(valueAt(values, 'argc'));
    if (argc !== null) event['process.args_count'] = argc;
  } else if (type === 'PROCTITLE') {
    setName(event, 'process.command_line', valueAt(values, 'proctitle'));
  } else if (type === 'USER_CMD') {
    setName(event, 'process.command_line', valueAt(values, 'cmd'));
  }
}

function setUser(event: VigilEvent, values: RecordValues): void {
  const acct = valueAt(values, 'acct');
  const target = id(valueAt(values, 'id'));
  if (known(acct) || target !== null) {
    if (known(acct)) event['user.name'] = acct;
    if (target !== null) event['user.id'] = String(target);
  } else {
    setId(event, 'user.id', valueAt(values, 'uid'));
    setName(event, 'user.name', valueAt(values, 'UID'));
  }
  setId(event, 'user.audit.id', valueAt(values, 'auid'));
  setName(event, 'user.audit.name', valueAt(values, 'AUID'));
  setId(event, 'user.effective.id', valueAt(values, 'euid'));
  setName(event, 'user.effective.name', valueAt(values, 'EUID'));
  setId(event, 'user.group.id', valueAt(values, 'gid'));
  setName(event, 'user.group.name', valueAt(values, 'GID'));
}

/** The syscall name: enriched `SYSCALL`, else from the arch's table; null when neither says. */
export function syscallOf(values: RecordValues): string | null {
  const named = valueAt(values, 'SYSCALL');
  if (named !== undefined) return named;
  const arch = valueAt(values, 'arch');
  const nr = valueAt(values, 'syscall');
  return arch === undefined || nr === undefined ? null : syscallName(arch, nr);
}

function setKind(event: VigilEvent, type: string, values: RecordValues): void {
  let kind = KINDS[type];
  if (type === 'SYSCALL') {
    const name = syscallOf(values);
    if (name === 'execve' || name === 'execveat') kind = [['process'], ['start']];
  } else if (type === 'PATH') {
    const nametype = valueAt(values, 'nametype');
    if (nametype === 'CREATE') kind = [['file'], ['creation']];
    else if (nametype === 'DELETE') kind = [['file'], ['deletion']];
  }
  if (kind !== undefined) {
    event['event.category'] = kind[0].slice();
    event['event.type'] = kind[1].slice();
  }
}

/** Writes the ECS fields of a record of type `type` (see the file comment). */
export function setAuditEcs(event: VigilEvent, type: string, values: RecordValues): void {
  setProcess(event, type, values);
  setUser(event, values);
  if (type === 'PATH') {
    setName(event, 'file.path', valueAt(values, 'name'));
    setName(event, 'file.inode', valueAt(values, 'inode'));
  }
  const addr = valueAt(values, 'addr');
  if (addr !== undefined && isIP(addr) !== 0) event['source.ip'] = addr;
  const outcome = OUTCOMES[(valueAt(values, 'success') ?? valueAt(values, 'res') ?? '').toLowerCase()];
  if (outcome !== undefined) event['event.outcome'] = outcome;
  setKind(event, type, values);
}
