/** Setup lines name this server, the token and the source, and quote what the shell would split. */
import { describe, expect, it } from 'vitest';
import { setupLines } from './setup-lines.ts';

describe('setupLines', () => {
  const lines = Object.fromEntries(
    setupLines({ origin: 'https://vigil.example.com:8470', token: 'vgi_abc', source: "fw's" }).map((l) => [
      l.id,
      l.text,
    ]),
  );
  it('forwards syslog to the host over TCP with octet counting', () => {
    expect(lines.rsyslog).toContain('target="vigil.example.com" port="5514" protocol="tcp"');
    expect(lines.rsyslog).toContain('TCP_Framing="octet-counted"');
  });
  it('sends HEC, _bulk and NDJSON with the token to this origin', () => {
    expect(lines.hec).toMatch(
      /^curl -s https:\/\/vigil\.example\.com:8470\/services\/collector\/event -H 'Authorization: Splunk vgi_abc'/,
    );
    expect(lines.hec).toContain(`hello from fw'\\''s`);
    expect(lines.bulk).toContain("https://vigil.example.com:8470/_bulk -H 'Authorization: Bearer vgi_abc'");
    expect(lines.bulk).toContain(`'{"create":{}}'`);
    expect(lines.ndjson).toContain(
      "'https://vigil.example.com:8470/api/v1/ingest?format=auto' -H 'Authorization: Bearer vgi_abc'",
    );
  });
});
