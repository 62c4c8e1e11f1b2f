/** `detect.placeholders`: the values of Sigma's `expand` placeholders, as a config file gives them. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../core/errors.ts';
import { loadConfig } from './load.ts';
import { configSchema } from './schema.ts';

function fromYaml(yaml: string, env: NodeJS.ProcessEnv = {}) {
  const file = join(mkdtempSync(join(tmpdir(), 'vigil-config-')), 'vigil.yaml');
  writeFileSync(file, yaml);
  return loadConfig({ file, env });
}

function refusal(yaml: string): ConfigError {
  try {
    fromYaml(yaml);
  } catch (e) {
    if (e instanceof ConfigError) return e;
    throw e;
  }
  throw new Error('the configuration was accepted');
}

describe('detect.placeholders', () => {
  it('is empty by default', () => {
    expect(loadConfig({ env: {} }).detect.placeholders).toEqual({});
  });

  it('maps each placeholder name to its values, wildcards kept as written', () => {
    const c = fromYaml(
      "detect:\n  placeholders:\n    Administrators: [root, 'adm-*', 'svc_?']\n    Domain_Controllers_2:\n      - dc01\n",
    );
    expect(c.detect.placeholders).toEqual({
      Administrators: ['root', 'adm-*', 'svc_?'],
      Domain_Controllers_2: ['dc01'],
    });
  });

  it('can come from the environment as JSON', () => {
    const c = loadConfig({ env: { VIGIL_DETECT__PLACEHOLDERS: '{"Admins":["root","admin"]}' } });
    expect(c.detect.placeholders).toEqual({ Admins: ['root', 'admin'] });
  });

  it('refuses a name Sigma would not read as a placeholder, naming the setting', () => {
    const e = refusal('detect:\n  placeholders:\n    Domain-Admins: [x]\n');
    expect(e.location).toBe('detect.placeholders.Domain-Admins');
    expect(e.message).toMatch(/detect\.placeholders\.Domain-Admins: invalid name: .*letters, digits and _/);
    expect(refusal("detect:\n  placeholders:\n    'a b': [x]\n").location).toBe('detect.placeholders.a b');
  });

  it('refuses a placeholder without values, an empty value and a value that is not a list', () => {
    expect(refusal('detect:\n  placeholders:\n    Admins: []\n').message).toMatch(
      /detect\.placeholders\.Admins: a placeholder needs at least one value/,
    );
    expect(refusal("detect:\n  placeholders:\n    Admins: [root, '']\n").message).toMatch(
      /detect\.placeholders\.Admins\.1: a placeholder value is not empty/,
    );
    expect(refusal('detect:\n  placeholders:\n    Admins: root\n').location).toBe(
      'detect.placeholders.Admins',
    );
    expect(refusal('detect:\n  placeholders:\n    Admins: [1]\n').location).toBe(
      'detect.placeholders.Admins.0',
    );
  });

  it('is described like the other settings', () => {
    const detect = configSchema.shape.detect.unwrap().shape;
    expect(detect.placeholders.description).toMatch(/expand/);
  });
});
