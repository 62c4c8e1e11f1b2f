import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from './log.ts';

describe('logs', () => {
  it('never writes tokens, passwords or authorization headers', () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _enc, cb) {
        lines.push(String(chunk));
        cb();
      },
    });
    const log = createLogger('info', sink);
    log.info({ req: { headers: { authorization: 'Splunk vgi_secret1' } } }, 'request');
    log.info({ token: 'vgi_secret2', user: { password: 'hunter2' } }, 'created');
    log.info(
      { tls: { passphrase: 'tls-pass-1' }, oidc: { clientSecret: 'oidc-sec-2' }, secret: 'top-3' },
      'config',
    );
    log.info({ req: { query: { token: 'vgi_secret4' } } }, 'hec request');
    const out = lines.join('');
    expect(out).not.toMatch(/vgi_secret1|vgi_secret2|hunter2|tls-pass-1|oidc-sec-2|top-3|vgi_secret4/);
    expect(out).toContain('[redacted]');
  });
});
