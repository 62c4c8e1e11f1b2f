import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../core/errors.ts';
import { loadConfig, maskSecrets } from './load.ts';

const tmp = () => mkdtempSync(join(tmpdir(), 'vigil-config-'));

describe('configuration', () => {
  it('has working defaults with no file and no environment', () => {
    const c = loadConfig({ env: {} });
    expect(c.server.port).toBe(8470);
    expect(c.syslog.port).toBe(5514);
    expect(c.store.retentionDays).toBe(30);
    expect(c.dataDir.endsWith('vigil-data')).toBe(true);
  });

  it('reads a YAML file, then environment overrides, then explicit overrides', () => {
    const dir = tmp();
    const file = join(dir, 'vigil.yaml');
    writeFileSync(file, 'server:\n  port: 9000\nstore:\n  retentionDays: 7\nsyslog:\n  port: 1514\n');
    const c = loadConfig({
      file,
      env: { VIGIL_STORE__RETENTION_DAYS: '14', VIGIL_SYSLOG_PORT: '2514' },
      overrides: { 'syslog.port': 3514 },
    });
    expect(c.server.port).toBe(9000);
    expect(c.store.retentionDays).toBe(14);
    expect(c.syslog.port).toBe(3514);
  });

  it('finds vigil.yaml in the data directory', () => {
    const dir = tmp();
    writeFileSync(join(dir, 'vigil.yaml'), 'log:\n  level: warn\n');
    expect(loadConfig({ env: { VIGIL_DATA: dir } }).log.level).toBe('warn');
  });

  it('names the key and the reason for a bad value', () => {
    expect(() => loadConfig({ env: { VIGIL_PORT: 'eighty' } })).toThrowError(
      /server\.port: Invalid input: expected number/,
    );
    try {
      loadConfig({ env: { VIGIL_PORT: '70000' } });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      expect((e as ConfigError).location).toBe('server.port');
    }
  });

  it('rejects unknown settings by name', () => {
    const dir = tmp();
    const file = join(dir, 'c.yaml');
    writeFileSync(file, 'store:\n  retentionDayz: 3\n');
    expect(() => loadConfig({ file, env: {} })).toThrowError(/store: unknown setting\(s\) retentionDayz/);
  });

  it('rejects a file that is not YAML or not a mapping', () => {
    const dir = tmp();
    const file = join(dir, 'c.yaml');
    writeFileSync(file, '- a\n- b\n');
    expect(() => loadConfig({ file, env: {} })).toThrowError(/mapping of settings/);
    writeFileSync(file, 'a: [\n');
    expect(() => loadConfig({ file, env: {} })).toThrowError(/not valid YAML/);
  });

  it('masks secrets when shown', () => {
    const c = loadConfig({
      env: {},
      overrides: { 'server.tls': { certFile: 'c.pem', keyFile: 'k.pem', keyPassphrase: 'hunter2' } },
    });
    const shown = JSON.stringify(maskSecrets(c));
    expect(shown).not.toContain('hunter2');
    expect(shown).toContain('********');
    expect(shown).toContain('c.pem');
  });
});
