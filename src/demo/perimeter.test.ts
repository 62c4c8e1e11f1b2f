import { describe, expect, it } from 'vitest';
import { cefLine, leefMail } from './perimeter.ts';
import { rfc5424 } from './syslog.ts';
import { unescapedPipes } from './testing.ts';

const T = Date.UTC(2026, 10, 22, 8, 1, 2, 345);

describe('CEF lines', () => {
  it('carry a 3164 header at the event second, a 7-field header and rt in epoch ms', () => {
    const line = cefLine(T, 'deny', [
      ['src', '192.0.2.1'],
      ['dpt', 3389],
    ]);
    expect(line).toMatch(
      /^<\d+>Nov 22 08:01:02 fw-edge01 CEF:0\|Northwind\|EdgeWall\|3\.2\|101\|Connection denied\|5\|/,
    );
    const cef = line.slice(line.indexOf('CEF:'));
    const header = cef.slice(0, cef.indexOf('rt='));
    expect(unescapedPipes(header)).toBe(7);
    expect(cef).toContain(`rt=${T} src=192.0.2.1 dpt=3389`);
  });

  it('escapes = and backslashes in extension values', () => {
    const line = cefLine(T, 'portScan', [['msg', 'a=b c\\d']]);
    expect(line).toContain('msg=a\\=b c\\\\d');
  });
});

describe('LEEF 2.0 lines', () => {
  it('declare ^ as delimiter and never let values break it', () => {
    const p = leefMail(Date.UTC(2026, 10, 22, 8, 1, 2), {
      id: 'MAIL_DELIVERED',
      src: '192.0.2.10',
      sender: 'a@b.example',
      recipient: 'c@northwindlabs.co.uk',
      subject: 'hi ^ there\nyou',
      attachments: [],
      messageId: '<x@b.example>',
      size: 10,
      verdict: 'clean',
      sev: 1,
    });
    const raw = p.render({ recordId: () => 0 }).raw;
    expect(raw).toMatch(
      /^<\d+>Nov 22 08:01:02 mailguard-01 LEEF:2\.0\|Northwind\|MailGuard\|4\.1\|MAIL_DELIVERED\|\^\|/,
    );
    const attrs = raw.slice(raw.indexOf('|^|') + 3).split('^');
    expect(attrs.every((a) => /^\w+=/.test(a))).toBe(true);
    expect(attrs).toContain('devTime=Nov 22 2026 08:01:02');
    expect(attrs).toContain('subject=hi   there you');
  });
});

describe('RFC 5424 lines', () => {
  it('escape quotes, backslashes and ] in structured data values', () => {
    const line = rfc5424(
      134,
      T,
      'app-01',
      'orders-api',
      '42',
      'X',
      { 'a@32473': { q: 'say "hi" [x] \\' } },
      'msg',
    );
    expect(line).toBe(
      '<134>1 2026-11-22T08:01:02.345Z app-01 orders-api 42 X [a@32473 q="say \\"hi\\" [x\\] \\\\"] msg',
    );
  });
});
