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
    const out = lines.join('');
    expect(out).not.toMatch(/vgi_secret1|vgi_secret2|hunter2/);
    expect(out).toContain('[redacted]');
  });
});
