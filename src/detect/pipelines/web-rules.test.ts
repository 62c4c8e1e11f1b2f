/**
 * SigmaHQ's web server rules (beside the project in ../shared/corpus/sigma; skipped when absent)
 * against the `web` pipeline and the weblog parser: every `category: webserver` and
 * `service: apache|nginx` rule compiles, and representative rules fire on realistic log lines
 * parsed by `parseWeblog` / `weblogFileReader` — and stay quiet on a near miss.
 *
 * The lines are shaped like Elastic's apache/nginx/iis integration test logs
 * (https://github.com/elastic/integrations, packages/{apache,nginx,iis}/data_stream/*\/_dev/test/pipeline)
 * with the attack strings each rule names.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { VigilEvent } from '../../core/event.ts';
import { parseWeblog, weblogFileReader } from '../../ingest/formats/weblog.ts';
import type { ParseContext } from '../../ingest/types.ts';
import { compileRules } from '../engine/compile.ts';
import { RuleSet } from '../engine/ruleset.ts';
import { loadSigmaDirectory } from '../sigma/load.ts';
import type { SigmaRule } from '../sigma/model.ts';
import { loadPipelines } from './index.ts';

const corpus = resolve(import.meta.dirname, '../../../../shared/corpus/sigma');
const ctx: ParseContext = { received: Date.UTC(2026, 10, 22, 12), assumeTimeZone: 'UTC' };

function isWebRule(r: SigmaRule): boolean {
  const ls = r.logsource;
  return ls.category === 'webserver' || ls.service === 'apache' || ls.service === 'nginx';
}

function webRules(dir: string): SigmaRule[] {
  return loadSigmaDirectory(join(corpus, dir)).rules.filter(isWebRule);
}

function event(line: string): VigilEvent {
  const out = parseWeblog(line, ctx);
  if (!out.ok) throw new Error(`expected an event, got: ${out.reason}`);
  return out.event;
}

/** IIS lines read as a file: IIS's directives, then the line. */
function iisEvent(line: string): VigilEvent {
  const reader = weblogFileReader();
  reader.read('#Software: Microsoft Internet Information Services 10.0', ctx);
  reader.read(
    '#Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status time-taken',
    ctx,
  );
  const out = reader.read(line, ctx);
  if (out === null || !out.ok) throw new Error(`expected an event, got: ${JSON.stringify(out)}`);
  return out.event;
}

const UA =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0 Safari/537.36';

describe.skipIf(!existsSync(corpus))(`SigmaHQ web server rules (${corpus}; skipped when absent)`, () => {
  const rules = [...webRules('rules/web'), ...webRules('rules-emerging-threats')];
  const { compiled, failed } = compileRules(rules, loadPipelines(), { placeholders: {} });
  const set = new RuleSet(compiled);
  const titles = (ev: VigilEvent): string[] => set.evaluate(ev).hits.map((h) => h.rule.title);

  it('compiles every webserver / apache / nginx rule of rules/ and rules-emerging-threats/', () => {
    expect(failed.map((f) => `${f.file}: ${f.reason}`)).toEqual([]);
    expect(rules.filter((r) => r.logsource.category === 'webserver').length).toBeGreaterThanOrEqual(13 + 70);
    expect(rules.filter((r) => r.logsource.service !== undefined).length).toBe(3);
    expect(compiled.length).toBe(rules.length);
  });

  it.each([
    [
      'Suspicious User-Agents Related To Recon Tools',
      `198.51.100.23 - - [22/Nov/2026:10:15:02 +0100] "GET /index.php?id=1 HTTP/1.1" 200 5120 "-" "sqlmap/1.8.11#stable (https://sqlmap.org)"`,
      `198.51.100.23 - - [22/Nov/2026:10:15:02 +0100] "GET /index.php?id=1 HTTP/1.1" 200 5120 "-" "${UA}"`,
    ],
    [
      'SQL Injection Strings In URI',
      '203.0.113.7 - - [22/Nov/2026:10:15:02 +0000] "GET /products.php?id=1%20UNION%20SELECT%20username,password%20FROM%20users HTTP/1.1" 200 812 "-" "curl/8.5.0"',
      // the same request answered 404 is filtered out by the rule
      '203.0.113.7 - - [22/Nov/2026:10:15:02 +0000] "GET /products.php?id=1%20UNION%20SELECT%20username,password%20FROM%20users HTTP/1.1" 404 153 "-" "curl/8.5.0"',
    ],
    [
      'Path Traversal Exploitation Attempts',
      '203.0.113.7 - - [22/Nov/2026:10:15:02 +0000] "GET /cgi-bin/.%2e/.%2e/../../../etc/passwd HTTP/1.1" 400 226 "-" "-"',
      '203.0.113.7 - - [22/Nov/2026:10:15:02 +0000] "GET /docs/etc/passwd.html HTTP/1.1" 200 226 "-" "-"',
    ],
    [
      'F5 BIG-IP iControl Rest API Command Execution - Webserver',
      '192.0.2.10 - admin [22/Nov/2026:10:15:02 +0000] "POST /mgmt/tm/util/bash HTTP/1.1" 200 95 "-" "python-requests/2.31.0"',
      '192.0.2.10 - admin [22/Nov/2026:10:15:02 +0000] "GET /mgmt/tm/util/bash HTTP/1.1" 200 95 "-" "python-requests/2.31.0"',
    ],
    [
      'Webshell ReGeorg Detection Via Web Logs',
      '192.0.2.66 - - [22/Nov/2026:10:15:02 +0000] "POST /uploads/tunnel.jsp?cmd=connect&target=10.0.0.5&port=3389 HTTP/1.1" 200 0 "-" "-"',
      // a browser (with a user agent and a referrer) posting the same parameters is not ReGeorg
      `192.0.2.66 - - [22/Nov/2026:10:15:02 +0000] "POST /uploads/tunnel.jsp?cmd=connect&target=10.0.0.5&port=3389 HTTP/1.1" 200 0 "https://app.example.com/" "${UA}"`,
    ],
    [
      'Source Code Enumeration Detection by Keyword',
      '203.0.113.50 - - [22/Nov/2026:10:15:02 +0000] "GET /.git/config HTTP/1.1" 200 92 "-" "Go-http-client/1.1"',
      '203.0.113.50 - - [22/Nov/2026:10:15:02 +0000] "GET /.github/index.html HTTP/1.1" 200 92 "-" "Go-http-client/1.1"',
    ],
    [
      'Apache Segmentation Fault',
      '[Sun Nov 22 10:15:02.123456 2026] [core:notice] [pid 1234:tid 140245] AH00052: child pid 5678 exit signal Segmentation fault (11)',
      '[Sun Nov 22 10:15:02.123456 2026] [core:notice] [pid 1234:tid 140245] AH00051: child pid 5678 exit signal Aborted (6), possible coredump in /etc/apache2',
    ],
    [
      'Nginx Core Dump',
      '2026/11/22 10:15:02 [alert] 1021#1021: worker process 1022 exited on signal 6 (core dumped)',
      '2026/11/22 10:15:02 [alert] 1021#1021: worker process 1022 exited on signal 9',
    ],
  ])('%s: fires on its line, not on the near miss', (title, hit, miss) => {
    expect(titles(event(hit))).toContain(title);
    expect(titles(event(miss))).not.toContain(title);
  });

  it('Successful IIS Shortname Fuzzing Scan on an IIS W3C line (stem and query logged apart)', () => {
    const scan = (status: number) =>
      `2026-11-22 10:15:02 10.0.0.5 GET /aspnet_client/*~1*/a.aspx - 443 - 203.0.113.9 Mozilla/5.0+(Windows+NT+10.0) - ${status} 0 0 15`;
    expect(titles(iisEvent(scan(200)))).toContain('Successful IIS Shortname Fuzzing Scan');
    expect(titles(iisEvent(scan(404)))).not.toContain('Successful IIS Shortname Fuzzing Scan');
  });

  it('Suspicious User-Agents also fires on IIS, whose user agents have + for spaces', () => {
    const line =
      '2026-11-22 10:15:02 10.0.0.5 GET / - 443 - 203.0.113.9 Mozilla/5.0+[en]+(IP.X.NET)+Fuzz+Faster+U+Fool+v2.1.0 - 404 0 2 1';
    expect(titles(iisEvent(line))).toContain('Suspicious User-Agents Related To Recon Tools');
  });

  it('routes error-log rules only to their own server', () => {
    const nginxLine = event(
      '2026/11/22 10:15:02 [alert] 1021#1021: worker process exit signal Segmentation fault',
    );
    expect(titles(nginxLine)).not.toContain('Apache Segmentation Fault');
  });
});
