/**
 * Background syslog of the ten Linux servers (RFC 3164, 'linux-syslog'): cron jobs, systemd
 * timers, admins and the deploy account logging in with keys from the bastion or CI, sudo, UFW
 * blocks and internet SSH guessing on the two exposed hosts, audit records, nginx errors.
 */
import { LINUX_ADMINS, LINUX_HOSTS, type LinuxHost, linuxHost, NOISE_IPS } from './entities.ts';
import {
  audit,
  cron,
  line,
  logindNewSession,
  sshAccepted,
  sshClosedPreauth,
  sshFailed,
  sshInvalidUser,
  sshSessionClosed,
  sshSessionOpened,
  sudo,
  sudoClosed,
  systemdUnit,
  ufwBlock,
  uidOf,
} from './linux-lines.ts';
import { activityStream } from './merge.ts';
import type { Rng } from './random.ts';
import { arrivals, type DayWindow, SECOND, serverProfile, wholeSeconds } from './schedule.ts';
import { pri } from './syslog.ts';
import type { Pending } from './types.ts';

const CRON_JOBS: Readonly<Record<LinuxHost['role'], readonly string[]>> = {
  web: [
    '/usr/bin/certbot -q renew',
    'test -x /usr/sbin/anacron || { cd / && run-parts --report /etc/cron.daily; }',
  ],
  app: ['/opt/orders/bin/rotate-uploads.sh', '/usr/local/bin/queue-depth-report'],
  db: ['/opt/backup/pg_dump_nightly.sh >> /var/log/pg_dump.log 2>&1', 'psql -c "VACUUM ANALYZE" orders'],
  ci: ['/usr/local/bin/prune-runners --older-than 24h', 'docker system prune -f --filter "until=48h"'],
  monitoring: ['/usr/local/bin/blackbox-sync', 'command -v debian-sa1 > /dev/null && debian-sa1 1 1'],
  bastion: ['command -v debian-sa1 > /dev/null && debian-sa1 1 1'],
  backup: ['/opt/restic/bin/restic-forget.sh', 'rsync -a /srv/nwbackup/ /mnt/offsite/'],
};

const UNITS: readonly (readonly [string, string])[] = [
  ['logrotate.service', 'Rotate log files'],
  ['apt-daily.service', 'Daily apt download activities'],
  ['sysstat-collect.service', 'system activity accounting tool'],
  ['man-db.service', 'Daily man-db regeneration'],
  ['fwupd-refresh.service', 'Refresh fwupd metadata and update motd'],
  ['motd-news.service', 'Message of the Day'],
  ['phpsessionclean.service', 'Clean PHP session files'],
];

const SUDO_COMMANDS: readonly string[] = [
  '/usr/bin/systemctl restart nginx',
  '/usr/bin/journalctl -u orders-api --since today',
  '/usr/bin/apt-get upgrade -y',
  '/usr/bin/tail -n 200 /var/log/syslog',
  '/usr/bin/docker ps',
  '/usr/bin/systemctl status postgresql',
];

const GUESSED_USERS = [
  'admin',
  'test',
  'oracle',
  'ubuntu',
  'user',
  'git',
  'postgres',
  'ftpuser',
  'pi',
  'guest',
];

const fingerprint = (rng: Rng): string => rng.base62(43);

function adminLogin(rng: Rng, t: number, host: LinuxHost): Pending[] {
  const pid = rng.int(1000, 60000);
  const isDeploy = host.role !== 'bastion' && rng.chance(0.35);
  const user = isDeploy ? 'deploy' : rng.pick(LINUX_ADMINS);
  const from =
    host.role === 'bastion'
      ? `10.30.0.${rng.int(10, 60)}`
      : isDeploy
        ? linuxHost('ci-01').ip
        : linuxHost('bastion-01').ip;
  const port = rng.int(32768, 60999);
  const session = rng.int(100, 9000);
  const stay = (isDeploy ? rng.int(5, 90) : rng.int(60, 2400)) * SECOND;
  const out = [
    sshAccepted(t, host.name, pid, user, from, port, 'publickey', fingerprint(rng)),
    sshSessionOpened(t, host.name, pid, user),
    logindNewSession(t, host.name, session, user),
  ];
  if (isDeploy) {
    const svc = host.role === 'web' ? 'nginx' : 'orders-api';
    const at = t + rng.int(2, 4) * SECOND;
    out.push(
      ...sudo(at, host.name, 'deploy', 'unknown', '/home/deploy', `/usr/bin/systemctl restart ${svc}`),
      sudoClosed(at + SECOND, host.name),
    );
  }
  out.push(sshSessionClosed(t + stay, host.name, pid, user));
  return out;
}

function adminSudo(rng: Rng, t: number, host: LinuxHost): Pending[] {
  const user = rng.pick(LINUX_ADMINS);
  const tty = `pts/${rng.int(0, 3)}`;
  return [
    ...sudo(t, host.name, user, tty, `/home/${user}`, rng.pick(SUDO_COMMANDS)),
    sudoClosed(t + rng.int(1, 20) * SECOND, host.name),
  ];
}

function internetGuessing(rng: Rng, t: number, host: LinuxHost): Pending[] {
  const ip = rng.pick(NOISE_IPS);
  const out: Pending[] = [];
  let at = t;
  for (let i = rng.int(1, 3); i > 0; i--) {
    const pid = rng.int(1000, 60000);
    const port = rng.int(32768, 65000);
    const root = rng.chance(0.3);
    const user = root ? 'root' : rng.pick(GUESSED_USERS);
    if (!root) out.push(sshInvalidUser(at, host.name, pid, user, ip, port));
    out.push(sshFailed(at + 2 * SECOND, host.name, pid, user, ip, port, !root));
    out.push(sshClosedPreauth(at + 3 * SECOND, host.name, pid, user, ip, port, !root));
    at += rng.int(4, 15) * SECOND;
  }
  return out;
}

function auditRecord(rng: Rng, t: number, host: LinuxHost): Pending[] {
  const user = rng.pick([...LINUX_ADMINS, 'root']);
  const ms = t + rng.int(0, 999);
  const serial = rng.int(1000, 900000);
  const body = rng.chance(0.5)
    ? `pid=${rng.int(1000, 60000)} uid=0 auid=4294967295 ses=4294967295 subj=unconfined msg='op=PAM:accounting grantors=pam_unix acct="root" exe="/usr/sbin/cron" hostname=? addr=? terminal=cron res=success'`
    : `pid=${rng.int(1000, 60000)} uid=0 auid=${uidOf(user)} ses=${rng.int(1, 900)} subj=unconfined msg='op=PAM:session_open grantors=pam_limits,pam_unix acct="${user}" exe="/usr/sbin/sshd" hostname=10.20.1.5 addr=10.20.1.5 terminal=ssh res=success'`;
  return [audit(t, host.name, ms, serial, rng.chance(0.5) ? 'USER_ACCT' : 'USER_START', body)];
}

function nginxError(rng: Rng, t: number, host: LinuxHost): Pending[] {
  const d = new Date(t);
  const stamp = `${d.getUTCFullYear()}/${String(d.getUTCMonth() + 1).padStart(2, '0')}/${String(d.getUTCDate()).padStart(2, '0')} ${d.toISOString().slice(11, 19)}`;
  const path = rng.pick(['/wp-login.php', '/.env', '/phpmyadmin/index.php', '/.git/config', '/cgi-bin/luci']);
  const pid = 1000 + (host.ip.length % 10);
  const msg = `${stamp} [error] ${pid}#${pid}: *${rng.int(1000, 999999)} open() "/var/www/portal${path}" failed (2: No such file or directory), client: ${rng.pick(NOISE_IPS)}, server: portal.northwindlabs.co.uk, request: "GET ${path} HTTP/1.1", host: "198.51.100.10"`;
  return [line(t, host.name, pri('local4', 'err'), 'nginx', null, msg)];
}

function act(rng: Rng, t: number): Pending[] {
  const host = rng.pick(LINUX_HOSTS);
  const exposed = LINUX_HOSTS.filter((h) => h.sshExposed);
  const kind = rng.weighted([
    ['cron', 30],
    ['systemd', 14],
    ['login', 8],
    ['sudo', 8],
    ['guess', 10],
    ['ufw', 6],
    ['audit', 8],
    ['nginx', 3],
    ['chrony', 3],
  ] as const);
  switch (kind) {
    case 'cron':
      return cron(
        t,
        host.name,
        rng.int(1000, 60000),
        host.role === 'db' ? 'postgres' : 'root',
        rng.pick(CRON_JOBS[host.role]),
        rng.int(0, 30) * SECOND,
      );
    case 'systemd': {
      const [unit, desc] = rng.pick(UNITS);
      return systemdUnit(t, host.name, unit ?? 'logrotate.service', desc ?? '', rng.int(0, 12) * SECOND);
    }
    case 'login':
      return adminLogin(rng, t, host);
    case 'sudo':
      return adminSudo(rng, t, host);
    case 'guess':
      return internetGuessing(rng, t, rng.pick(exposed));
    case 'ufw': {
      const h = rng.pick(exposed);
      return [
        ufwBlock(
          t,
          h.name,
          rng.int(100000, 4000000) + rng.next(),
          rng.pick(NOISE_IPS),
          h.ip,
          rng.int(1024, 65000),
          rng.pick([23, 25, 3389, 5900, 8080, 6379, 9200]),
        ),
      ];
    }
    case 'audit':
      return auditRecord(rng, t, host);
    case 'nginx':
      return nginxError(rng, t, rng.pick(LINUX_HOSTS.filter((h) => h.role === 'web')));
    case 'chrony':
      return [
        line(
          t,
          host.name,
          pri('daemon', 'info'),
          'chronyd',
          533,
          `Selected source 10.20.0.10 (dc01.northwind.local)`,
        ),
      ];
  }
}

export function linuxStream(rng: Rng, window: DayWindow, scale: number): Iterable<Pending> {
  return activityStream(
    wholeSeconds(arrivals(rng, window, 950 * scale, serverProfile)),
    (t) => act(rng, t),
    window.end,
  );
}
