/**
 * The `vigil` command line, end to end with real processes: config, tokens, offline ingest and
 * search on a data directory, the same commands through a running server, the first-start
 * welcome, and the demo day. Each group works in its own temp data directory.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import {
  type CliResult,
  runVigil,
  type ServerProcess,
  startVigilServer,
  testScratch,
} from '../helpers/cli.ts';
import { waitFor } from '../helpers/vigil.ts';

const { fresh, servers } = testScratch();

const ndjson = (s: string): Record<string, unknown>[] =>
  s
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as Record<string, unknown>);

/** `--top` output: "     <count>  <value>" per line. */
const topCounts = (s: string): Record<string, number> =>
  Object.fromEntries(
    s
      .split('\n')
      .filter((l) => l.trim() !== '')
      .map((l) => {
        const m = /^\s*(\d+)\s{2}(.*)$/.exec(l);
        if (!m) throw new Error(`not a --top line: ${JSON.stringify(l)}`);
        return [m[2], Number(m[1])];
      }),
  );

const ok = (r: CliResult, what: string) => expect(r.code, `${what} failed:\n${r.stderr}`).toBe(0);
const WIDE = ['--from', 'now-30d', '--to', 'now+1d'];
/** The users of the Azure sign-ins the ingest test sends (user.name is the UPN). */
const AZURE_USERS = { 'ann@example.com': 1, 'bo@example.com': 1, 'cy@example.com': 1 };

/** Timestamps a minute ago, in the shapes the formats use (RFC 3164 has no year and no zone). */
const at = new Date(Date.now() - 60_000);
const iso = at.toISOString();
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const rfc3164Time = `${MONTHS[at.getUTCMonth()]} ${String(at.getUTCDate()).padStart(2, ' ')} ${iso.slice(11, 19)}`;

describe('vigil config --show', () => {
  const dataDir = fresh('vigil-cli-config-');
  let plain: CliResult;
  let port: CliResult;
  let bad: CliResult;
  let secret: CliResult;
  beforeAll(async () => {
    // Config commands touch no files, so they can run side by side.
    [plain, port, bad, secret] = await Promise.all([
      runVigil(['config', '--show'], { dataDir }),
      runVigil(['config', '--show'], { dataDir, env: { VIGIL_PORT: '9999' } }),
      runVigil(['config', '--show'], { dataDir, env: { VIGIL_PORT: 'abc' } }),
      runVigil(['config', '--show'], {
        dataDir,
        env: { VIGIL_SERVER__TLS: JSON.stringify({ certFile: 'a', keyFile: 'b', keyPassphrase: 'hunter2' }) },
      }),
    ]);
  });

  it('prints the defaults as YAML, with the --data directory', () => {
    ok(plain, 'config --show');
    const c = parseYaml(plain.stdout) as {
      dataDir: string;
      server: { port: number; host: string };
      syslog: { port: number };
      store: { retentionDays: number };
    };
    expect(c.dataDir).toBe(dataDir);
    expect(c.server).toMatchObject({ port: 8470, host: '127.0.0.1' });
    expect(c.syslog.port).toBe(5514);
    expect(c.store.retentionDays).toBe(30);
  });

  it('reflects VIGIL_PORT', () => {
    ok(port, 'config --show with VIGIL_PORT');
    expect((parseYaml(port.stdout) as { server: { port: number } }).server.port).toBe(9999);
  });

  it('exits 2 for a bad value, naming the setting', () => {
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/server\.port/);
    expect(bad.stdout).toBe('');
  });

  it('masks secrets', () => {
    ok(secret, 'config --show with TLS');
    expect(secret.stdout).not.toContain('hunter2');
    const tls = (parseYaml(secret.stdout) as { server: { tls: Record<string, string> } }).server.tls;
    expect(tls).toEqual({ certFile: 'a', keyFile: 'b', keyPassphrase: '********' });
  });
});

describe('vigil token', () => {
  const dataDir = fresh('vigil-cli-token-');

  it('creates tokens (plain and --json), lists prefixes only, revokes by id', async () => {
    const [plain, bad] = await Promise.all([
      runVigil(['token', 'create', '--source', 'fw'], { dataDir }),
      runVigil(['token', 'create', '--source', 'a b'], { dataDir }),
    ]);
    ok(plain, 'token create');
    const token = plain.stdout.trim();
    expect(token).toMatch(/^vgi_[A-Za-z0-9_-]{20,}$/);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--source/);

    const json = await runVigil(['token', 'create', '--source', 'fw2', '--json'], { dataDir });
    ok(json, 'token create --json');
    const created = JSON.parse(json.stdout) as { id: string; token: string; source: string };
    expect(created).toMatchObject({ source: 'fw2', token: expect.stringMatching(/^vgi_/) });
    expect(created.token).not.toBe(token);

    const revoke = await runVigil(['token', 'revoke', created.id], { dataDir });
    ok(revoke, 'token revoke');
    expect(revoke.stdout).toContain(created.id);

    const [list, again] = await Promise.all([
      runVigil(['token', 'list'], { dataDir }),
      runVigil(['token', 'revoke', created.id], { dataDir }),
    ]);
    ok(list, 'token list');
    const lines = list.stdout.trim().split('\n');
    expect(lines).toHaveLength(2);
    const fw = lines.find((l) => l.includes('source=fw '));
    const fw2 = lines.find((l) => l.includes('source=fw2 '));
    expect(fw).toContain(token.slice(0, 10));
    expect(fw).not.toContain('REVOKED');
    expect(fw2?.startsWith(created.id)).toBe(true);
    expect(fw2).toContain('REVOKED');
    expect(list.stdout).not.toContain(token);
    expect(list.stdout).not.toContain(created.token);
    expect(again.code, 'revoking twice is refused').toBe(2);
    expect(again.stderr).toMatch(/no active token/);
  }, 90_000);
});

describe('ingest, search and dead letters on a data directory, then through a running server', () => {
  const dataDir = fresh('vigil-cli-data-');
  const inputs = fresh('vigil-cli-input-');
  const mixed = join(inputs, 'mixed.log');
  const gz = join(inputs, 'archive.log.gz');
  const trail = join(inputs, 'trail.json');
  const azure = join(inputs, 'azure-eventhub.ndjson');
  const iis = join(inputs, 'u_ex261122.log');
  const cef = join(inputs, 'firewall-cef.log');
  const garbage = 'this is not CEF at all';
  let offlineDeadLetters: Record<string, unknown>[] = [];

  beforeAll(() => {
    writeFileSync(
      mixed,
      [
        JSON.stringify({
          '@timestamp': iso,
          host: { name: 'web-01' },
          user: { name: 'alice' },
          message: 'json one',
        }),
        JSON.stringify({ '@timestamp': iso, 'host.name': 'web-01', 'user.name': 'bob', message: 'json two' }),
        `<34>${rfc3164Time} web-01 sshd[123]: Failed password for root from 198.51.100.7 port 22 ssh2`,
        `<165>1 ${iso} web-01 app 42 ID47 [exampleSDID@32473 iut="3"] user alice logged in`,
        'CEF:0|Security|threatmanager|1.0|100|worm successfully stopped|10|src=10.0.0.1 dst=2.1.2.2 spt=1232 suser=dave',
        '',
      ].join('\n'),
    );
    writeFileSync(
      gz,
      gzipSync(
        [
          JSON.stringify({
            '@timestamp': iso,
            'host.name': 'web-gz',
            'user.name': 'gzuser',
            message: 'from the archive',
          }),
          `<13>1 ${iso} web-gz cron - - - archived line`,
          '',
        ].join('\n'),
      ),
    );
    const record = (eventName: string, ip: string) => ({
      eventVersion: '1.08',
      eventTime: iso.replace(/\.\d+Z$/, 'Z'),
      eventSource: 'signin.amazonaws.com',
      eventName,
      awsRegion: 'us-east-1',
      sourceIPAddress: ip,
      userIdentity: { type: 'IAMUser', userName: 'eve' },
    });
    writeFileSync(
      trail,
      JSON.stringify(
        { Records: [record('ConsoleLogin', '203.0.113.5'), record('GetSessionToken', '203.0.113.6')] },
        null,
        2,
      ),
    );
    // Azure diagnostic settings write one {"records":[...]} envelope per line (Event Hub capture)
    const signIn = (user: string) => ({
      time: iso,
      resourceId: '/tenants/0f1e2d3c/providers/Microsoft.aadiam',
      operationName: 'Sign-in activity',
      category: 'SignInLogs',
      tenantId: '0f1e2d3c',
      resultType: '50126',
      callerIpAddress: '198.51.100.7',
      properties: { userPrincipalName: user, appDisplayName: 'Azure Portal', status: { errorCode: 50126 } },
    });
    writeFileSync(
      azure,
      `${JSON.stringify({ records: [signIn('ann@example.com'), signIn('bo@example.com')] })}\n` +
        `${JSON.stringify({ records: [signIn('cy@example.com')] })}\n`,
    );
    // an IIS log with its own field list (not IIS's default order), as IIS writes it
    const day = iso.slice(0, 10);
    const clock = iso.slice(11, 19);
    writeFileSync(
      iis,
      '#Software: Microsoft Internet Information Services 10.0\r\n#Version: 1.0\r\n' +
        `#Date: ${day} 00:00:00\r\n#Fields: date time c-ip cs-method cs-uri-stem cs-uri-query sc-status\r\n` +
        `${day} ${clock} 198.51.100.23 GET /owa/auth/logon.aspx - 200\r\n` +
        `${day} ${clock} 198.51.100.23 POST /autodiscover/autodiscover.json a=1 404\r\n`,
    );
    writeFileSync(
      cef,
      `CEF:0|Northwind|EdgeWall|3.2|100|Connection allowed|3|src=10.10.1.58 act=allow\n${garbage}\n`,
    );
  });

  it('ingests mixed formats, a .gz file, a CloudTrail file, Azure envelopes (split into records) and an IIS log with a summary on stderr', async () => {
    const r = await runVigil(['ingest', mixed, gz, trail, azure, iis, '--format', 'auto'], { dataDir });
    ok(r, 'ingest');
    // 5 mixed lines + 2 archived lines + 2 CloudTrail records (not 1 line for the whole file)
    // + 3 Azure sign-ins (not 2 envelopes) + 2 IIS requests (its 4 directives are no events)
    expect(r.stderr).toMatch(/ingested 14 events from 5 file\(s\) into the data directory/);
    expect(r.stdout).toBe('');
  });

  it('reads the IIS lines by their #Fields: directive', async () => {
    const r = await runVigil(
      ['search', '--count', 'event.dataset:iis.access http.response.status_code:404 url.query:a=1', ...WIDE],
      {
        dataDir,
      },
    );
    ok(r, 'search --count iis');
    expect(r.stdout.trim()).toBe('1');
  });

  it('finds the Azure sign-ins as Azure events, one per record', async () => {
    const r = await runVigil(
      ['search', '--count', 'event.dataset:azure.signinlogs event.outcome:failure', ...WIDE],
      {
        dataDir,
      },
    );
    ok(r, 'search --count azure');
    expect(r.stdout.trim()).toBe('3');
  });

  it('exits 2 naming a file that does not exist, before sending anything', async () => {
    const missing = join(inputs, 'missing.log');
    const r = await runVigil(['ingest', missing, mixed], { dataDir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`cannot read ${missing}`);
    expect(r.stderr).not.toMatch(/\n\s+at /); // a message, not a stack trace
  });

  it('keeps a line that is not CEF as a dead letter with the reason and the raw text', async () => {
    ok(await runVigil(['ingest', cef, '--format', 'cef'], { dataDir }), 'ingest --format cef');
    const r = await runVigil(['dead-letters', '--json'], { dataDir });
    ok(r, 'dead-letters');
    offlineDeadLetters = ndjson(r.stdout);
    expect(offlineDeadLetters).toHaveLength(1);
    const d = offlineDeadLetters[0]!;
    expect(d).toMatchObject({ source: 'firewall-cef', raw: garbage, reason: expect.stringMatching(/CEF/) });
    expect(Buffer.from(String(d.rawBase64), 'base64').toString('utf8')).toBe(garbage);
  });

  it('search --json prints the matching events as NDJSON', async () => {
    const r = await runVigil(['search', 'host.name:web-01 OR host.name:web-gz', ...WIDE, '--json'], {
      dataDir,
    });
    ok(r, 'search --json');
    const events = ndjson(r.stdout);
    expect(events).toHaveLength(6);
    for (const e of events) expect(e['vigil.tenant']).toBe('default');
    const web01 = events.filter((e) => e['host.name'] === 'web-01');
    for (const e of web01) expect(e['vigil.source']).toBe('mixed');
    expect(web01.map((e) => e['vigil.format']).sort()).toEqual(['json', 'json', 'rfc3164', 'rfc5424']);
    const ssh = web01.find((e) => e['vigil.format'] === 'rfc3164');
    expect(ssh).toMatchObject({
      'process.name': 'sshd',
      'process.pid': 123,
      message: expect.stringContaining('Failed password'),
    });
    expect(String(ssh?.['@timestamp']).slice(0, 19)).toBe(iso.slice(0, 19));
    expect(web01.find((e) => e.message === 'json one')).toMatchObject({ 'user.name': 'alice' });
    // The .gz file's lines, named after the file without its suffixes.
    const archived = events.filter((e) => e['host.name'] === 'web-gz');
    expect(archived.map((e) => e.message).sort()).toEqual(['archived line', 'from the archive']);
    for (const e of archived) expect(e['vigil.source']).toBe('archive');
  });

  it('search --count prints the number of matches', async () => {
    const r = await runVigil(['search', '--count', 'host.name:web-01', ...WIDE], { dataDir });
    ok(r, 'search --count');
    expect(r.stdout.trim()).toBe('4');
  });

  it('search --top prints value counts (CloudTrail records are separate events)', async () => {
    const r = await runVigil(['search', '--top', 'user.name', ...WIDE], { dataDir });
    ok(r, 'search --top');
    expect(topCounts(r.stdout)).toEqual({ ...AZURE_USERS, eve: 2, alice: 1, bob: 1, dave: 1, gzuser: 1 });
  });

  describe('with vigil serve running on the same data directory', () => {
    let server: ServerProcess;
    const live = join(inputs, 'live.log');
    beforeAll(async () => {
      server = await startVigilServer(dataDir, ['--port', '0', '--no-syslog', '--log-level', 'warn']);
      servers.push(server);
      writeFileSync(
        live,
        `${JSON.stringify({ '@timestamp': iso, 'host.name': 'web-live', 'user.name': 'zoe', message: 'sent while serving' })}\n` +
          `<38>1 ${iso} web-live sshd 7 - - Accepted publickey for zoe\n`,
      );
    });

    it('vigil ingest sends through the server, and vigil search finds it through the server', async () => {
      const r = await runVigil(['ingest', live], { dataDir });
      ok(r, 'ingest through the server');
      expect(r.stderr).toContain(
        `ingested 2 events from 1 file(s) into the running server at ${server.info.url}`,
      );
      // Acknowledged means durable in the journal; the worker stores it moments later.
      const found = await waitFor(
        async () => {
          const s = await runVigil(['search', 'host.name:web-live', ...WIDE, '--json'], { dataDir });
          ok(s, 'search through the server');
          const events = ndjson(s.stdout);
          return events.length === 2 ? events : undefined;
        },
        30_000,
        'the ingested events to be searchable',
      );
      expect(found.map((e) => e['vigil.format']).sort()).toEqual(['json', 'rfc5424']);
      for (const e of found) expect(e).toMatchObject({ 'vigil.source': 'live', 'host.name': 'web-live' });

      // Events stored before the server started, and dead letters, are served in the same shapes.
      const [count, top, dead] = await Promise.all([
        runVigil(['search', '--count', 'host.name:web-01', ...WIDE], { dataDir }),
        runVigil(['search', '--top', 'user.name', ...WIDE], { dataDir }),
        runVigil(['dead-letters', '--json'], { dataDir }),
      ]);
      ok(count, 'count through the server');
      expect(count.stdout.trim()).toBe('4');
      ok(top, 'top through the server');
      expect(topCounts(top.stdout)).toEqual({
        ...AZURE_USERS,
        eve: 2,
        alice: 1,
        bob: 1,
        dave: 1,
        gzuser: 1,
        zoe: 1,
      });
      ok(dead, 'dead-letters through the server');
      expect(ndjson(dead.stdout)).toEqual(offlineDeadLetters);
    }, 120_000);

    it('a second vigil serve on the same data directory fails with a clear message', async () => {
      const r = await runVigil(['serve', '--port', '0', '--no-syslog', '--log-level', 'warn'], { dataDir });
      expect(r.code).not.toBe(0);
      expect(r.code).not.toBeNull();
      expect(r.stderr).toContain(`another Vigil (pid ${server.info.pid}) is serving this data directory`);
      expect(server.child.exitCode, 'the first server keeps running').toBeNull();
    });

    it('SIGTERM stops the server with exit 0, removes run/server.json, and keeps what it stored', async () => {
      expect(await server.stop('SIGTERM')).toBe(0);
      expect(existsSync(join(dataDir, 'run', 'server.json'))).toBe(false);
      const r = await runVigil(['search', '--count', 'host.name:web-live', ...WIDE], { dataDir });
      ok(r, 'offline search after the server stopped');
      expect(r.stdout.trim()).toBe('2');
    });
  });
});

const onPath = (tool: string) => spawnSync('sh', ['-c', `command -v ${tool}`]).status === 0;

describe('vigil serve on an empty data directory', () => {
  it('prints a welcome with the URL, a token, a working curl line and working logger lines', async () => {
    const dataDir = fresh('vigil-cli-welcome-');
    const server = await startVigilServer(dataDir, [
      '--port',
      '0',
      '--syslog-port',
      '0',
      '--log-level',
      'warn',
    ]);
    servers.push(server);
    await server.waitForStdout(/See data at once/);
    const out = server.stdout();
    const url = /console and API: (\S+)/.exec(out)?.[1];
    expect(url).toBe(server.info.url);
    const token = /^\s+(vgi_\S+)$/m.exec(out)?.[1];
    expect(token).toMatch(/^vgi_/);
    const curl = /^\s+(curl .*)$/m.exec(out)?.[1] ?? '';
    expect(curl).toContain(`${url}/services/collector/event`);
    expect(curl).toContain(`Authorization: Splunk ${token}`);
    // With --syslog-port 0, UDP and TCP get different free ports: a logger line for each.
    const { udpPort, tcpPort } = server.info.syslog;
    expect(udpPort).toBeGreaterThan(0);
    expect(tcpPort).toBeGreaterThan(0);
    const loggers = out
      .split('\n')
      .filter((l) => /^\s+logger /.test(l))
      .map((l) => l.trim());
    const ports = loggers.map((l) => Number(/-P (\d+)/.exec(l)?.[1]));
    expect(ports.sort(), `logger lines for ports ${udpPort} and ${tcpPort} in:\n${out}`).toEqual(
      [udpPort, tcpPort].sort(),
    );
    for (const l of loggers) expect(l).toMatch(/^logger -n 127\.0\.0\.1 -P \d+ .*"hello from logger"/);

    // Run the printed lines as a user would paste them (when the tools are installed).
    const expected: Record<string, number> = {};
    if (onPath('curl')) {
      const r = spawnSync('sh', ['-c', curl], { encoding: 'utf8', timeout: 30_000 });
      expect(r.stdout).toMatch(/"code":0/);
      expected.curl = 1;
    }
    if (onPath('logger')) {
      for (const l of loggers) {
        const r = spawnSync('sh', ['-c', l], { encoding: 'utf8', timeout: 30_000 });
        expect(r.status, `${l}: ${r.stderr}`).toBe(0);
      }
      expected.logger = loggers.length;
    }
    const adminKey = readFileSync(join(dataDir, 'secrets', 'admin.key'), 'utf8').trim();
    for (const [tool, n] of Object.entries(expected)) {
      const q = encodeURIComponent(`message:"hello from ${tool}"`);
      await waitFor(
        async () => {
          const res = await fetch(`${url}/api/v1/events/count?q=${q}&from=now-1h&to=now%2B1h`, {
            headers: { authorization: `Bearer ${adminKey}` },
          });
          return ((await res.json()) as { count: number }).count === n;
        },
        30_000,
        `${n} event(s) sent by ${tool}`,
      );
    }
    expect(await server.stop('SIGTERM')).toBe(0);
  }, 90_000);
});

describe('vigil demo', () => {
  const dataDir = fresh('vigil-cli-demo-');
  const DAY = ['--from', 'now-2d', '--to', 'now+1d'];

  it('replays a synthetic day offline', async () => {
    const r = await runVigil(['demo', '--scale', '0.05', '--log-level', 'warn'], {
      dataDir,
      timeoutMs: 90_000,
    });
    ok(r, 'demo');
    expect(r.stderr).toMatch(/replayed \d+ demo events into the data directory/);
  }, 120_000);

  // One query per family, on fields its parser produces (not only the dataset name).
  it.each([
    ['windows', 'event.code:4625'],
    ['syslog', 'event.dataset:syslog process.name:sshd'],
    ['zeek', 'event.dataset:zeek.conn destination.port:*'],
    ['suricata', 'event.dataset:suricata.eve suricata.eve.event_type:alert'],
    ['cloudtrail', 'event.dataset:aws.cloudtrail event.action:ConsoleLogin'],
    ['cef', 'event.dataset:cef observer.vendor:*'],
  ])('search --count finds the %s family (%s)', async (_family, query) => {
    const r = await runVigil(['search', '--count', query, ...DAY], { dataDir });
    ok(r, `search --count ${query}`);
    expect(Number(r.stdout.trim())).toBeGreaterThan(0);
  });
});
