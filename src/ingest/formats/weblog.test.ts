/**
 * The weblog parser as a specification. Sample lines are Elastic's apache/nginx/iis integration
 * test logs (https://github.com/elastic/integrations, packages/apache/data_stream/access/_dev/test/
 * pipeline/test-access-basic.log, .../nginx/data_stream/access/.../test-access.log,
 * .../iis/data_stream/access/.../test-iis-access.log, the error logs beside them), and the formats
 * documented at https://httpd.apache.org/docs/2.4/logs.html,
 * https://nginx.org/en/docs/http/ngx_http_log_module.html and
 * https://learn.microsoft.com/en-us/windows/win32/http/w3c-logging.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { VigilEvent } from '../../core/event.ts';
import type { ParseContext } from '../types.ts';
import { parseWeblog, weblogFileReader } from './weblog.ts';

const ctx: ParseContext = { received: Date.UTC(2026, 10, 22, 12), assumeTimeZone: 'UTC' };

function ok(raw: string, c: ParseContext = ctx): VigilEvent {
  const out = parseWeblog(raw, c);
  if (!out.ok) throw new Error(`expected an event, got: ${out.reason}`);
  return out.event;
}

function reason(raw: string, c: ParseContext = ctx): string {
  const out = parseWeblog(raw, c);
  if (out.ok) throw new Error(`expected a rejection, got ${JSON.stringify(out.event)}`);
  return out.reason;
}

const CHROME =
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_12_0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/54.0.2840.59 Safari/537.36';

describe('Combined / Common Log Format (Apache, nginx)', () => {
  it('maps a Combined line to ECS and keeps the values under their W3C names', () => {
    const line = `67.43.156.13 - - [25/Oct/2016:14:49:34 +0200] "GET /favicon.ico?v=2 HTTP/1.1" 404 571 "http://localhost:8080/" "${CHROME}"`;
    const ev = ok(`${line}\n`);
    expect(ev).toMatchObject({
      '@timestamp': '2016-10-25T12:49:34.000Z',
      'event.original': `${line}\n`,
      message: line,
      'vigil.format': 'weblog',
      'event.kind': 'event',
      'event.module': 'weblog',
      'event.dataset': 'weblog.access',
      'event.category': ['web'],
      'event.type': ['access', 'error'],
      'event.outcome': 'failure',
      'source.ip': '67.43.156.13',
      'http.request.method': 'GET',
      'url.original': '/favicon.ico?v=2',
      'url.path': '/favicon.ico',
      'url.query': 'v=2',
      'http.version': '1.1',
      'http.response.status_code': 404,
      'http.response.body.bytes': 571,
      'http.request.referrer': 'http://localhost:8080/',
      'user_agent.original': CHROME,
      'weblog.c-ip': '67.43.156.13',
      'weblog.cs-method': 'GET',
      'weblog.cs-uri-stem': '/favicon.ico',
      'weblog.cs-uri-query': 'v=2',
      'weblog.sc-status': '404',
      'weblog.cs-referer': 'http://localhost:8080/',
      'weblog.cs-user-agent': CHROME,
    });
    // `-` is "no value": no ident, no user
    expect(ev['weblog.ident']).toBeUndefined();
    expect(ev['user.name']).toBeUndefined();
  });

  it('reads a Common line with an IPv6 client, an ident and a user', () => {
    const ev = ok('::1 - - [26/Dec/2016:16:16:29 +0200] "GET /favicon.ico HTTP/1.1" 404 209');
    expect(ev['source.ip']).toBe('::1');
    expect(ev['http.response.body.bytes']).toBe(209);
    expect(ev['user_agent.original']).toBeUndefined();
    const frank = ok(
      '127.0.0.1 user-identity frank [10/Oct/2000:13:55:36 -0700] "GET /apache_pb.gif HTTP/1.0" 200 2326',
    );
    expect(frank).toMatchObject({
      '@timestamp': '2000-10-10T20:55:36.000Z',
      'user.name': 'frank',
      'weblog.ident': 'user-identity',
      'event.outcome': 'success',
      'event.type': ['access'],
    });
  });

  it('takes a vhost:port prefix as Apache vhost_combined', () => {
    const ev = ok(
      '127.0.1.1:80 127.0.0.1 - - [13/Nov/2023:10:44:31 +0000] "GET / HTTP/1.1" 200 483 "-" "curl/8.5.0"',
    );
    expect(ev).toMatchObject({
      'event.dataset': 'apache.access',
      'event.module': 'apache',
      'destination.ip': '127.0.1.1',
      'destination.port': 80,
      'source.ip': '127.0.0.1',
      'weblog.vhost': '127.0.1.1',
    });
    expect(
      ok('www.example.com:443 192.0.2.1 - - [13/Nov/2023:10:44:31 +0000] "GET / HTTP/1.1" 200 1'),
    ).toMatchObject({
      'destination.domain': 'www.example.com',
      'destination.port': 443,
    });
  });

  it('keeps a request that is not METHOD target HTTP/x.y only as weblog.request', () => {
    const tls = ok(
      '127.0.0.1 - - [13/Nov/2023:10:44:31 +0000] "\\x16\\x03\\x03\\x01\\x8f\\x01" 400 483 "-" "-"',
    );
    expect(tls['weblog.request']).toBe('\\x16\\x03\\x03\\x01\\x8f\\x01');
    expect(tls['http.request.method']).toBeUndefined();
    expect(tls['url.original']).toBeUndefined();
    const dash = ok('::1 - - [26/Dec/2016:16:16:48 +0200] "-" 408 -');
    expect(dash['weblog.request']).toBeUndefined();
    expect(dash['http.response.body.bytes']).toBeUndefined();
    expect(dash['http.response.status_code']).toBe(408);
    const xss = ok(
      '127.0.0.1 - - [13/Nov/2023:10:44:01 +0000] "<SCRIPT>NXSSTEST</SCRIPT> / HTTP/1.1" 400 3386 "-" "-"',
    );
    expect(xss['http.request.method']).toBeUndefined();
    expect(xss.message).toContain('<SCRIPT>NXSSTEST</SCRIPT>');
  });

  it('reads HTTP/0.9 requests and a forward proxy’s absolute-form target', () => {
    const old = ok('10.0.0.1 - - [22/Nov/2026:10:00:00 +0000] "GET /index.html" 200 10');
    expect(old['url.original']).toBe('/index.html');
    expect(old['http.version']).toBeUndefined();
    const proxy = ok(
      '10.0.0.1 - - [22/Nov/2026:10:00:00 +0000] "GET http://example.com:8080/a?b=c HTTP/1.1" 200 10',
    );
    expect(proxy).toMatchObject({
      'url.original': 'http://example.com:8080/a?b=c',
      'url.domain': 'example.com:8080',
      'url.path': '/a',
      'url.query': 'b=c',
    });
  });

  it('undoes the escapes of quoted values: \\" and \\\\ (Apache), \\x22 (nginx); keeps other bytes as written', () => {
    const ev = ok(
      '10.0.0.1 - - [22/Nov/2026:10:00:00 +0000] "GET /q?a=\\x22x\\x22 HTTP/1.1" 200 1 "-" "say \\"hi\\" \\\\ \\xC3\\xA9"',
    );
    expect(ev['url.query']).toBe('a="x"');
    expect(ev['user_agent.original']).toBe('say "hi" \\ \\xC3\\xA9');
  });

  it('reads what comes after the user agent: X-Forwarded-For, a request time, anything else kept', () => {
    const main = ok(
      '203.0.113.9 - bob [22/Nov/2026:10:00:00 +0100] "GET / HTTP/1.1" 200 5 "-" "curl/8.0" "198.51.100.1, 10.0.0.1" 0.012',
    );
    expect(main).toMatchObject({
      'weblog.cs-x-forwarded-for': '198.51.100.1, 10.0.0.1',
      'weblog.request-time': '0.012',
      'event.duration': 12_000_000,
    });
    const pair = ok(
      '89.160.20.112 - - [29/May/2017:19:02:48 +0000] "GET / HTTP/1.1" 200 612 "-" "curl/7.79.1" X-Forwarded-For="10.0.0.2,10.0.0.1" upstream=a',
    );
    expect(pair['weblog.cs-x-forwarded-for']).toBe('10.0.0.2,10.0.0.1');
    expect(pair['weblog.extra.0']).toBe('upstream=a');
    // an integer may be µs (%D) or s (%T): kept, not turned into a duration
    expect(
      ok('127.0.0.1 - - [22/May/2024:08:21:14 +0300] "GET / HTTP/1.1" 400 226 98')['event.duration'],
    ).toBeUndefined();
  });

  it('keeps + in a Combined user agent (only IIS writes spaces as +)', () => {
    const ev = ok(
      '66.249.66.1 - - [22/Nov/2026:10:00:00 +0000] "GET / HTTP/1.1" 200 1 "-" "Googlebot/2.1+(+http://www.google.com/bot.html)"',
    );
    expect(ev['user_agent.original']).toBe('Googlebot/2.1+(+http://www.google.com/bot.html)');
  });

  it('follows the server a source names in meta (event.module)', () => {
    const line = '10.0.0.1 - - [22/Nov/2026:10:00:00 +0000] "GET / HTTP/1.1" 502 157 "-" "curl/8.0"';
    const ev = ok(line, { ...ctx, meta: { 'event.module': 'nginx' } });
    expect(ev['event.dataset']).toBe('nginx.access');
    expect(ev['event.outcome']).toBe('failure');
    expect(ok(line, { ...ctx, meta: { 'event.module': 'tomcat' } })['event.dataset']).toBe('weblog.access');
  });

  it('turns down lines that are not access lines, saying what is missing', () => {
    expect(reason('hello world')).toMatch(/no " \[" before the timestamp/);
    expect(reason('1.2.3.4 - - [30/Feb/2026:10:00:00 +0000] "GET / HTTP/1.1" 200 1')).toMatch(
      /unreadable timestamp/,
    );
    expect(reason('1.2.3.4 - - [22/Nov/2026:10:00:00 +0000] "GET / HTTP/1.1 200 1')).toMatch(/not closed/);
    expect(reason('1.2.3.4 - - [22/Nov/2026:10:00:00 +0000] "GET / HTTP/1.1" OK 1')).toMatch(
      /no status code/,
    );
    expect(reason('a b c d e [22/Nov/2026:10:00:00 +0000] "GET /" 200 1')).toMatch(/3 fields/);
    expect(reason('  \n')).toMatch(/empty/);
  });
});

describe('W3C Extended (IIS)', () => {
  const IIS =
    '2018-01-01 08:09:10 127.0.0.1 GET / q=100 80 - 67.43.156.13 Mozilla/5.0+(Windows+NT+6.1;+Win64;+x64;+rv:57.0)+Gecko/20100101+Firefox/57.0 - 200 0 0 123';

  it('reads a line sent with its directives before it (as vigil ingest sends IIS files)', () => {
    const line = '2026-11-22 10:11:12 203.0.113.9 GET /owa/auth.owa 401';
    const event = ok(
      `#Software: Microsoft Internet Information Services 10.0\n#Fields: date time c-ip cs-method cs-uri-stem sc-status\n${line}`,
    );
    expect(event).toMatchObject({
      'event.dataset': 'iis.access',
      'source.ip': '203.0.113.9',
      'url.path': '/owa/auth.owa',
      'http.response.status_code': 401,
      'event.original': line,
    });
    expect(reason('#Fields: \n2026-11-22 10:11:12 x')).toMatch(/#Fields/);
  });

  it("reads a line alone in IIS's default field order", () => {
    expect(ok(IIS)).toMatchObject({
      '@timestamp': '2018-01-01T08:09:10.000Z',
      'event.dataset': 'iis.access',
      'event.module': 'iis',
      'source.ip': '67.43.156.13',
      'destination.ip': '127.0.0.1',
      'destination.port': 80,
      'http.request.method': 'GET',
      'url.original': '/?q=100',
      'url.path': '/',
      'url.query': 'q=100',
      'http.response.status_code': 200,
      'event.duration': 123_000_000,
      'user_agent.original': 'Mozilla/5.0 (Windows NT 6.1; Win64; x64; rv:57.0) Gecko/20100101 Firefox/57.0',
      'weblog.cs-user-agent': 'Mozilla/5.0+(Windows+NT+6.1;+Win64;+x64;+rv:57.0)+Gecko/20100101+Firefox/57.0',
      'weblog.sc-win32-status': '0',
    });
  });

  it('reads a file with its #Fields: directive, repeated mid-file, and names headers as Sigma does', () => {
    const reader = weblogFileReader();
    expect(reader.read('#Software: Microsoft Internet Information Services 10.0', ctx)).toBeNull();
    expect(reader.read('#Version: 1.0', ctx)).toBeNull();
    expect(reader.read('#Date: 2026-11-22 00:00:00', ctx)).toBeNull();
    expect(
      reader.read(
        '#Fields: date time s-sitename s-computername s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs-version cs(User-Agent) cs(Cookie) cs(Referer) cs-host sc-status sc-substatus sc-win32-status sc-bytes cs-bytes time-taken',
        ctx,
      ),
    ).toBeNull();
    const out = reader.read(
      '2026-11-22 10:11:12.1234567 W3SVC1 WEB-01 10.0.0.5 POST /owa/auth.owa - 443 CORP\\alice 203.0.113.9 HTTP/1.1 Mozilla/5.0+(Windows+NT+10.0) - https://mail.example.com/owa/ mail.example.com 302 0 0 512 2048 31\r\n',
      ctx,
    );
    if (out === null || !out.ok) throw new Error(JSON.stringify(out));
    expect(out.event).toMatchObject({
      '@timestamp': '2026-11-22T10:11:12.123456Z',
      'event.dataset': 'iis.access',
      'host.name': 'WEB-01',
      'user.name': 'CORP\\alice',
      'http.version': '1.1',
      'url.domain': 'mail.example.com',
      'http.request.referrer': 'https://mail.example.com/owa/',
      'http.response.bytes': 512,
      'http.request.bytes': 2048,
      'weblog.cs-referer': 'https://mail.example.com/owa/',
      'weblog.s-sitename': 'W3SVC1',
      'weblog.cs-host': 'mail.example.com',
    });
    expect(out.event['weblog.cs-cookie']).toBeUndefined();
    expect(reader.read('#Fields: date time cs-method cs-uri-stem sc-status', ctx)).toBeNull();
    const after = reader.read('2026-11-22 10:11:13 GET "/a b" 200', ctx);
    expect(after?.ok && after.event['url.path']).toBe('/a b');
  });

  it('is weblog.access when the file does not say it is IIS, and reports a value count that does not fit', () => {
    const reader = weblogFileReader();
    reader.read('#Fields: date time c-ip cs-method cs-uri-stem sc-status', ctx);
    const out = reader.read('2026-11-22 10:11:12 192.0.2.1 GET /x 200', ctx);
    expect(out?.ok && out.event['event.dataset']).toBe('weblog.access');
    const bad = reader.read('2026-11-22 10:11:12 192.0.2.1 GET /x', ctx);
    expect(bad?.ok === false && bad.reason).toMatch(/has 5 values but its #Fields: directive names 6/);
    expect(reader.read('#Fields:', ctx)).toEqual({ ok: false, reason: expect.stringMatching(/0 fields/) });
  });

  it('turns a directive read alone down, and a file reader reads CLF lines too', () => {
    expect(reason('#Fields: date time s-ip cs-method')).toMatch(/file reader/);
    const out = weblogFileReader().read(
      '10.0.0.1 - - [22/Nov/2026:10:00:00 +0000] "GET / HTTP/1.1" 200 1',
      ctx,
    );
    expect(out?.ok && out.event['url.path']).toBe('/');
  });
});

describe('error logs', () => {
  it('reads Apache 2.4 error lines (module, pid, tid, client, AH code)', () => {
    const line =
      "[Thu Jun 27 06:58:09.169510 2019] [include:warn] [pid 15934:tid 140] [client 89.160.20.156:12345] AH01374: mod_include: Options +Includes (or IncludesNoExec) wasn't set";
    expect(ok(line)).toMatchObject({
      '@timestamp': '2019-06-27T06:58:09.169510Z',
      'event.dataset': 'apache.error',
      'event.type': ['error'],
      'log.level': 'warn',
      'apache.error.module': 'include',
      'process.pid': 15934,
      'process.thread.id': 140,
      'source.ip': '89.160.20.156',
      'source.port': 12345,
      'error.code': 'AH01374',
      message: "AH01374: mod_include: Options +Includes (or IncludesNoExec) wasn't set",
      'event.original': line,
    });
  });

  it('reads Apache 2.2 lines and the ISO form, in the assumed zone unless the line has one', () => {
    const berlin = { ...ctx, assumeTimeZone: 'Europe/Berlin' };
    expect(
      ok(
        '[Mon Dec 26 16:22:08 2016] [error] [client 192.168.33.1] File does not exist: /var/www/favicon.ico',
        berlin,
      ),
    ).toMatchObject({
      '@timestamp': '2016-12-26T15:22:08.000Z',
      'log.level': 'error',
      'source.ip': '192.168.33.1',
      message: 'File does not exist: /var/www/favicon.ico',
    });
    expect(
      ok(
        '[2025-07-22 15:45:51.323610 +0200] [core:notice] [pid 1:tid 139958433106048] AH00094: Command line',
        berlin,
      )['@timestamp'],
    ).toBe('2025-07-22T13:45:51.323610Z');
    expect(
      reason('[Mon Dec 26 16:22:08 2016] [error] x', { ...ctx, assumeTimeZone: 'Mars/Olympus' }),
    ).toMatch(/unknown time zone/);
  });

  it('reads nginx error lines (pid#tid, connection, client)', () => {
    const line =
      '2016/10/25 14:49:34 [error] 54053#0: *1 open() "/usr/local/Cellar/nginx/1.10.2_1/html/favicon.ico" failed (2: No such file or directory), client: 127.0.0.1, server: localhost, request: "GET /favicon.ico HTTP/1.1", host: "localhost:8080"';
    expect(ok(line)).toMatchObject({
      '@timestamp': '2016-10-25T14:49:34.000Z',
      'event.dataset': 'nginx.error',
      'event.module': 'nginx',
      'log.level': 'error',
      'process.pid': 54053,
      'process.thread.id': 0,
      'nginx.error.connection_id': 1,
      'source.ip': '127.0.0.1',
    });
    expect(
      ok('2026/11/22 10:15:02 [alert] 1021#1021: worker process 1022 exited on signal 6 (core dumped)')
        .message,
    ).toBe('worker process 1022 exited on signal 6 (core dumped)');
  });
});

describe('parseWeblog on any input', () => {
  it('property: never throws; every event has the contract fields', () => {
    const piece = fc.constantFrom(
      ' ',
      '-',
      '"',
      '\\',
      '[',
      ']',
      '22/Nov/2026:10:00:00 +0000',
      'GET /a?b',
      'HTTP/1.1',
      '200',
      '#Fields:',
      '2026-11-22',
      '10:00:00',
    );
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.array(piece).map((a) => a.join('')),
        ),
        (s) => {
          const out = parseWeblog(s, ctx);
          if (out.ok) {
            expect(out.event['event.original']).toBe(s);
            expect(out.event['vigil.format']).toBe('weblog');
            expect(typeof out.event['@timestamp']).toBe('string');
          } else expect(out.reason.length).toBeGreaterThan(5);
        },
      ),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 300) },
    );
  });
});
