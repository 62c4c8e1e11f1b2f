import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LOCAL_CLI_ACTOR, NO_CLIENT, setSecret } from '../access/index.ts';
import { loadConfig } from '../config/index.ts';
import { createLogger } from '../ops/index.ts';
import { openAuditedState, readTlsFiles } from './security.ts';

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of closers.splice(0)) await c();
});

async function state() {
  const dataDir = mkdtempSync(join(tmpdir(), 'vigil-security-'));
  const config = loadConfig({ env: {}, overrides: { dataDir } });
  const s = await openAuditedState(config, createLogger('silent'));
  closers.push(() => s.close());
  return { dataDir, ...s };
}

describe('readTlsFiles', () => {
  it('names the setting and the file it cannot read, and how to make one', async () => {
    const s = await state();
    await expect(
      readTlsFiles({ certFile: join(s.dataDir, 'nope.crt'), keyFile: 'k' }, 'server.tls', s),
    ).rejects.toThrow(/server\.tls\.certFile: cannot read .*nope\.crt.*vigil certs dev/);
  });

  it('resolves a secret:<name> passphrase, and names the setting when the secret is missing', async () => {
    const s = await state();
    const cert = join(s.dataDir, 'c.pem');
    writeFileSync(cert, 'PEM');
    const files = { certFile: cert, keyFile: cert, keyPassphrase: 'secret:tls.key' };
    await expect(readTlsFiles(files, 'syslog.tls', s)).rejects.toThrow(
      /syslog\.tls\.keyPassphrase refers to secret "tls\.key", which does not exist/,
    );
    await setSecret(
      s.db,
      s.keyring,
      { tenant: null, name: 'tls.key', value: 'pw' },
      {
        actor: LOCAL_CLI_ACTOR,
        client: NO_CLIENT,
      },
    );
    expect(await readTlsFiles(files, 'syslog.tls', s)).toMatchObject({ passphrase: 'pw' });
  });
});
