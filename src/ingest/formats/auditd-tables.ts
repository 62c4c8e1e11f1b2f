/**
 * Lookup tables for auditd records: record type numbers to names (the kernel's printk form writes
 * `type=1300`, audit.log writes `type=SYSCALL`; names as libaudit spells them, from
 * `linux/audit.h` and libaudit.h), and syscall numbers to names for the two architectures most
 * logs come from (x86_64 and aarch64, from the kernel's unistd tables), so a record written
 * without auditd's enrichment still tells which syscall it was.
 */

/** A run of consecutive numbers from `start`; `-` marks an unassigned number. */
type Segment = readonly [start: number, names: string];

function table(segments: readonly Segment[]): ReadonlyMap<number, string> {
  const out = new Map<number, string>();
  for (const [start, names] of segments) {
    names.split(' ').forEach((name, i) => {
      if (name !== '-') out.set(start + i, name);
    });
  }
  return out;
}

const TYPES: readonly Segment[] = [
  [1005, 'USER LOGIN'],
  [
    1100,
    'USER_AUTH USER_ACCT USER_MGMT CRED_ACQ CRED_DISP USER_START USER_END USER_AVC ' +
      'USER_CHAUTHTOK USER_ERR CRED_REFR USYS_CONFIG USER_LOGIN USER_LOGOUT ADD_USER DEL_USER ' +
      'ADD_GROUP DEL_GROUP DAC_CHECK CHGRP_ID TEST TRUSTED_APP USER_SELINUX_ERR USER_CMD USER_TTY ' +
      'CHUSER_ID GRP_AUTH SYSTEM_BOOT SYSTEM_SHUTDOWN SYSTEM_RUNLEVEL SERVICE_START SERVICE_STOP ' +
      'GRP_MGMT GRP_CHAUTHTOK MAC_CHECK ACCT_LOCK ACCT_UNLOCK USER_DEVICE SOFTWARE_UPDATE',
  ],
  [
    1200,
    'DAEMON_START DAEMON_END DAEMON_ABORT DAEMON_CONFIG DAEMON_RECONFIG DAEMON_ROTATE ' +
      'DAEMON_RESUME DAEMON_ACCEPT DAEMON_CLOSE DAEMON_ERR',
  ],
  [
    1300,
    'SYSCALL - PATH IPC SOCKETCALL CONFIG_CHANGE SOCKADDR CWD - EXECVE - IPC_SET_PERM MQ_OPEN ' +
      'MQ_SENDRECV MQ_NOTIFY MQ_GETSETATTR KERNEL_OTHER FD_PAIR OBJ_PID TTY EOE BPRM_FCAPS CAPSET ' +
      'MMAP NETFILTER_PKT NETFILTER_CFG SECCOMP PROCTITLE FEATURE_CHANGE REPLACE KERN_MODULE ' +
      'FANOTIFY TIME_INJOFFSET TIME_ADJNTPVAL BPF EVENT_LISTENER URINGOP OPENAT2 DM_CTRL DM_EVENT',
  ],
  [
    1400,
    'AVC SELINUX_ERR AVC_PATH MAC_POLICY_LOAD MAC_STATUS MAC_CONFIG_CHANGE MAC_UNLBL_ALLOW ' +
      'MAC_CIPSOV4_ADD MAC_CIPSOV4_DEL MAC_MAP_ADD MAC_MAP_DEL MAC_IPSEC_ADDSA MAC_IPSEC_DELSA ' +
      'MAC_IPSEC_ADDSPD MAC_IPSEC_DELSPD MAC_IPSEC_EVENT MAC_UNLBL_STCADD MAC_UNLBL_STCDEL ' +
      'MAC_CALIPSO_ADD MAC_CALIPSO_DEL',
  ],
  [1700, 'ANOM_PROMISCUOUS ANOM_ABEND ANOM_LINK ANOM_CREAT'],
  [
    1800,
    'INTEGRITY_DATA INTEGRITY_METADATA INTEGRITY_STATUS INTEGRITY_HASH INTEGRITY_PCR ' +
      'INTEGRITY_RULE INTEGRITY_EVM_XATTR INTEGRITY_POLICY_RULE',
  ],
  [2000, 'KERNEL'],
];

const TYPE_NAMES = table(TYPES);

/** The record type name of a numeric type (`1300` → `SYSCALL`); `UNKNOWN[n]` as auditd writes it. */
export function typeName(n: number): string {
  return TYPE_NAMES.get(n) ?? `UNKNOWN[${n}]`;
}

const X86_64: readonly Segment[] = [
  [
    0,
    'read write open close stat fstat lstat poll lseek mmap mprotect munmap brk rt_sigaction ' +
      'rt_sigprocmask rt_sigreturn ioctl pread64 pwrite64 readv writev access pipe select ' +
      'sched_yield mremap msync mincore madvise shmget shmat shmctl dup dup2 pause nanosleep ' +
      'getitimer alarm setitimer getpid sendfile socket connect accept sendto recvfrom sendmsg ' +
      'recvmsg shutdown bind listen getsockname getpeername socketpair setsockopt getsockopt clone ' +
      'fork vfork execve exit wait4 kill uname semget semop semctl shmdt msgget msgsnd msgrcv ' +
      'msgctl fcntl flock fsync fdatasync truncate ftruncate getdents getcwd chdir fchdir rename ' +
      'mkdir rmdir creat link unlink symlink readlink chmod fchmod chown fchown lchown umask ' +
      'gettimeofday getrlimit getrusage sysinfo times ptrace getuid syslog getgid setuid setgid ' +
      'geteuid getegid setpgid getppid getpgrp setsid setreuid setregid getgroups setgroups ' +
      'setresuid getresuid setresgid getresgid getpgid setfsuid setfsgid getsid capget capset ' +
      'rt_sigpending rt_sigtimedwait rt_sigqueueinfo rt_sigsuspend sigaltstack utime mknod uselib ' +
      'personality ustat statfs fstatfs sysfs getpriority setpriority sched_setparam sched_getparam ' +
      'sched_setscheduler sched_getscheduler sched_get_priority_max sched_get_priority_min ' +
      'sched_rr_get_interval mlock munlock mlockall munlockall vhangup modify_ldt pivot_root ' +
      '_sysctl prctl arch_prctl adjtimex setrlimit chroot sync acct settimeofday mount umount2 ' +
      'swapon swapoff reboot sethostname setdomainname iopl ioperm create_module init_module ' +
      'delete_module get_kernel_syms query_module quotactl nfsservctl getpmsg putpmsg afs_syscall ' +
      'tuxcall security gettid readahead setxattr lsetxattr fsetxattr getxattr lgetxattr fgetxattr ' +
      'listxattr llistxattr flistxattr removexattr lremovexattr fremovexattr tkill time futex ' +
      'sched_setaffinity sched_getaffinity set_thread_area io_setup io_destroy io_getevents ' +
      'io_submit io_cancel get_thread_area lookup_dcookie epoll_create epoll_ctl_old epoll_wait_old ' +
      'remap_file_pages getdents64 set_tid_address restart_syscall semtimedop fadvise64 ' +
      'timer_create timer_settime timer_gettime timer_getoverrun timer_delete clock_settime ' +
      'clock_gettime clock_getres clock_nanosleep exit_group epoll_wait epoll_ctl tgkill utimes ' +
      'vserver mbind set_mempolicy get_mempolicy mq_open mq_unlink mq_timedsend mq_timedreceive ' +
      'mq_notify mq_getsetattr kexec_load waitid add_key request_key keyctl ioprio_set ioprio_get ' +
      'inotify_init inotify_add_watch inotify_rm_watch migrate_pages openat mkdirat mknodat ' +
      'fchownat futimesat newfstatat unlinkat renameat linkat symlinkat readlinkat fchmodat ' +
      'faccessat pselect6 ppoll unshare set_robust_list get_robust_list splice tee sync_file_range ' +
      'vmsplice move_pages utimensat epoll_pwait signalfd timerfd_create eventfd fallocate ' +
      'timerfd_settime timerfd_gettime accept4 signalfd4 eventfd2 epoll_create1 dup3 pipe2 ' +
      'inotify_init1 preadv pwritev rt_tgsigqueueinfo perf_event_open recvmmsg fanotify_init ' +
      'fanotify_mark prlimit64 name_to_handle_at open_by_handle_at clock_adjtime syncfs sendmmsg ' +
      'setns getcpu process_vm_readv process_vm_writev kcmp finit_module sched_setattr ' +
      'sched_getattr renameat2 seccomp getrandom memfd_create kexec_file_load bpf execveat ' +
      'userfaultfd membarrier mlock2 copy_file_range preadv2 pwritev2 pkey_mprotect pkey_alloc ' +
      'pkey_free statx io_pgetevents rseq',
  ],
  [
    424,
    'pidfd_send_signal io_uring_setup io_uring_enter io_uring_register open_tree move_mount ' +
      'fsopen fsconfig fsmount fspick pidfd_open clone3 close_range openat2 pidfd_getfd faccessat2 ' +
      'process_madvise epoll_pwait2 mount_setattr quotactl_fd landlock_create_ruleset ' +
      'landlock_add_rule landlock_restrict_self memfd_secret process_mrelease futex_waitv ' +
      'set_mempolicy_home_node',
  ],
];

const AARCH64: readonly Segment[] = [
  [
    0,
    'io_setup io_destroy io_submit io_cancel io_getevents setxattr lsetxattr fsetxattr getxattr ' +
      'lgetxattr fgetxattr listxattr llistxattr flistxattr removexattr lremovexattr fremovexattr ' +
      'getcwd lookup_dcookie eventfd2 epoll_create1 epoll_ctl epoll_pwait dup dup3 fcntl ' +
      'inotify_init1 inotify_add_watch inotify_rm_watch ioctl ioprio_set ioprio_get flock mknodat ' +
      'mkdirat unlinkat symlinkat linkat renameat umount2 mount pivot_root nfsservctl statfs ' +
      'fstatfs truncate ftruncate fallocate faccessat chdir fchdir chroot fchmod fchmodat fchownat ' +
      'fchown openat close vhangup pipe2 quotactl getdents64 lseek read write readv writev pread64 ' +
      'pwrite64 preadv pwritev sendfile pselect6 ppoll signalfd4 vmsplice splice tee readlinkat ' +
      'newfstatat fstat sync fsync fdatasync sync_file_range timerfd_create timerfd_settime ' +
      'timerfd_gettime utimensat acct capget capset personality exit exit_group waitid ' +
      'set_tid_address unshare futex set_robust_list get_robust_list nanosleep getitimer setitimer ' +
      'kexec_load init_module delete_module timer_create timer_gettime timer_getoverrun ' +
      'timer_settime timer_delete clock_settime clock_gettime clock_getres clock_nanosleep syslog ' +
      'ptrace sched_setparam sched_setscheduler sched_getscheduler sched_getparam sched_setaffinity ' +
      'sched_getaffinity sched_yield sched_get_priority_max sched_get_priority_min ' +
      'sched_rr_get_interval restart_syscall kill tkill tgkill sigaltstack rt_sigsuspend ' +
      'rt_sigaction rt_sigprocmask rt_sigpending rt_sigtimedwait rt_sigqueueinfo rt_sigreturn ' +
      'setpriority getpriority reboot setregid setgid setreuid setuid setresuid getresuid setresgid ' +
      'getresgid setfsuid setfsgid times setpgid getpgid getsid setsid getgroups setgroups uname ' +
      'sethostname setdomainname getrlimit setrlimit getrusage umask prctl getcpu gettimeofday ' +
      'settimeofday adjtimex getpid getppid getuid geteuid getgid getegid gettid sysinfo mq_open ' +
      'mq_unlink mq_timedsend mq_timedreceive mq_notify mq_getsetattr msgget msgctl msgrcv msgsnd ' +
      'semget semctl semtimedop semop shmget shmctl shmat shmdt socket socketpair bind listen ' +
      'accept connect getsockname getpeername sendto recvfrom setsockopt getsockopt shutdown ' +
      'sendmsg recvmsg readahead brk munmap mremap add_key request_key keyctl clone execve mmap ' +
      'fadvise64 swapon swapoff mprotect msync mlock munlock mlockall munlockall mincore madvise ' +
      'remap_file_pages mbind get_mempolicy set_mempolicy migrate_pages move_pages ' +
      'rt_tgsigqueueinfo perf_event_open accept4 recvmmsg',
  ],
  [
    260,
    'wait4 prlimit64 fanotify_init fanotify_mark name_to_handle_at open_by_handle_at ' +
      'clock_adjtime syncfs setns sendmmsg process_vm_readv process_vm_writev kcmp finit_module ' +
      'sched_setattr sched_getattr renameat2 seccomp getrandom memfd_create bpf execveat ' +
      'userfaultfd membarrier mlock2 copy_file_range preadv2 pwritev2 pkey_mprotect pkey_alloc ' +
      'pkey_free statx io_pgetevents rseq kexec_file_load',
  ],
  [
    424,
    'pidfd_send_signal io_uring_setup io_uring_enter io_uring_register open_tree move_mount ' +
      'fsopen fsconfig fsmount fspick pidfd_open clone3 close_range openat2 pidfd_getfd faccessat2 ' +
      'process_madvise epoll_pwait2 mount_setattr quotactl_fd landlock_create_ruleset ' +
      'landlock_add_rule landlock_restrict_self memfd_secret process_mrelease futex_waitv ' +
      'set_mempolicy_home_node',
  ],
];

/** `arch=` values (AUDIT_ARCH_*, lower-case hex as auditd writes them) → syscall table. */
const ARCHES: ReadonlyMap<string, readonly Segment[]> = new Map([
  ['c000003e', X86_64],
  ['c00000b7', AARCH64],
]);
const SYSCALLS = new Map<string, ReadonlyMap<number, string>>();

/** The name of syscall `number` on `arch` (`c000003e`, `59` → `execve`), or null when unknown. */
export function syscallName(arch: string, number: string): string | null {
  const segments = ARCHES.get(arch.toLowerCase());
  if (segments === undefined || !/^\d{1,4}$/.test(number)) return null;
  let names = SYSCALLS.get(arch.toLowerCase());
  if (names === undefined) {
    names = table(segments);
    SYSCALLS.set(arch.toLowerCase(), names);
  }
  return names.get(Number(number)) ?? null;
}
