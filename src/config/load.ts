/**
 * Loads the effective configuration: schema defaults, then the YAML file, then `VIGIL_*`
 * environment variables, then explicit overrides (CLI flags). Errors name the key and the reason.
 */
import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { z } from 'zod';
import { ConfigError } from '../core/errors.ts';
import { configSchema, SECRET_PATHS, type VigilConfig } from './schema.ts';

type Tree = { [key: string]: unknown };

/** Short names the README and the issue promise, on top of the generic `VIGIL_SECTION__KEY`. */
const ENV_ALIASES: Record<string, string> = {
  VIGIL_DATA: 'dataDir',
  VIGIL_HOST: 'server.host',
  VIGIL_PORT: 'server.port',
  VIGIL_SYSLOG_PORT: 'syslog.port',
  VIGIL_SYSLOG_TLS_PORT: 'syslog.tlsPort',
  VIGIL_LOG_LEVEL: 'log.level',
  VIGIL_RETENTION_DAYS: 'store.retentionDays',
};

export interface LoadOptions {
  /** Path of a YAML config file; default `$VIGIL_CONFIG`, else `<dataDir>/vigil.yaml` when it exists. */
  file?: string;
  env?: NodeJS.ProcessEnv;
  /** Dotted-path overrides from the command line, applied last (e.g. `{ 'server.port': 9000 }`). */
  overrides?: Record<string, unknown>;
}

export function loadConfig(opts: LoadOptions = {}): VigilConfig {
  const env = opts.env ?? process.env;
  const tree: Tree = {};
  const fromEnv = envTree(env);
  const overrides: Tree = {};
  for (const [path, value] of Object.entries(opts.overrides ?? {})) {
    if (value !== undefined) setPath(overrides, path, value);
  }
  const dataDirHint = (overrides.dataDir ?? fromEnv.dataDir) as string | undefined;
  const file = opts.file ?? env.VIGIL_CONFIG ?? defaultFile(dataDirHint);
  if (file) deepMerge(tree, readYaml(file));
  deepMerge(tree, fromEnv);
  deepMerge(tree, overrides);
  const result = configSchema.safeParse(tree);
  if (!result.success) throw configErrorFrom(result.error, file);
  const config = result.data;
  config.dataDir = resolve(config.dataDir);
  return config;
}

function defaultFile(dataDir: string | undefined): string | undefined {
  const candidate = join(resolve(dataDir ?? './vigil-data'), 'vigil.yaml');
  return existsSync(candidate) ? candidate : undefined;
}

function readYaml(file: string): Tree {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new ConfigError(`cannot read config file ${file}: ${(e as Error).message}`);
  }
  let doc: unknown;
  try {
    doc = parseYaml(text);
  } catch (e) {
    throw new ConfigError(`config file ${file} is not valid YAML: ${(e as Error).message}`);
  }
  if (doc === null || doc === undefined) return {};
  if (typeof doc !== 'object' || Array.isArray(doc)) {
    throw new ConfigError(`config file ${file} must hold a mapping of settings at its top level`);
  }
  return doc as Tree;
}

/** `VIGIL_STORE__RETENTION_DAYS=7` → `store.retentionDays = 7`; values parsed as JSON when they look like it. */
export function envTree(env: NodeJS.ProcessEnv): Tree {
  const tree: Tree = {};
  for (const [name, raw] of Object.entries(env)) {
    if (raw === undefined || !name.startsWith('VIGIL_') || name === 'VIGIL_CONFIG') continue;
    const path = ENV_ALIASES[name] ?? genericPath(name);
    if (path) setPath(tree, path, coerce(raw));
  }
  return tree;
}

function genericPath(name: string): string | undefined {
  if (!name.includes('__')) return undefined;
  return name
    .slice('VIGIL_'.length)
    .split('__')
    .map((part) => part.toLowerCase().replace(/_([a-z])/g, (_, c: string) => c.toUpperCase()))
    .join('.');
}

function coerce(raw: string): unknown {
  const t = raw.trim();
  if (/^-?\d+(\.\d+)?$/.test(t)) return Number(t);
  if (t === 'true' || t === 'false') return t === 'true';
  if (t.startsWith('{') || t.startsWith('[')) {
    try {
      return JSON.parse(t);
    } catch {
      return raw;
    }
  }
  return raw;
}

function setPath(tree: Tree, path: string, value: unknown): void {
  const parts = path.split('.');
  let node = tree;
  for (const part of parts.slice(0, -1)) {
    const next = node[part];
    if (typeof next !== 'object' || next === null) node[part] = {};
    node = node[part] as Tree;
  }
  node[parts[parts.length - 1] as string] = value;
}

function deepMerge(into: Tree, from: Tree): void {
  for (const [k, v] of Object.entries(from)) {
    const cur = into[k];
    if (isTree(v) && isTree(cur)) deepMerge(cur, v);
    else into[k] = v;
  }
}

function isTree(v: unknown): v is Tree {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function configErrorFrom(error: z.ZodError, file: string | undefined): ConfigError {
  const lines = error.issues.map((issue) => {
    const key = issue.path.join('.') || '(top level)';
    const message =
      issue.code === 'unrecognized_keys'
        ? `unknown setting(s) ${issue.keys.join(', ')}`
        : issue.code === 'invalid_key' // a record's key: say what is wrong with it
          ? `invalid name: ${issue.issues.map((i) => i.message).join('; ')}`
          : issue.message;
    return `${key}: ${message}`;
  });
  const where = file ? ` (file ${file}, and VIGIL_* environment variables)` : '';
  const first = error.issues[0]?.path.join('.');
  return new ConfigError(`invalid configuration${where}:\n  ${lines.join('\n  ')}`, first);
}

/** The effective config with secrets masked, for `vigil config --show`. */
export function maskSecrets(config: VigilConfig): Tree {
  const copy = JSON.parse(JSON.stringify(config)) as Tree;
  for (const path of SECRET_PATHS) {
    const parts = path.split('.');
    let node: unknown = copy;
    for (const part of parts.slice(0, -1)) node = isTree(node) ? node[part] : undefined;
    const last = parts[parts.length - 1] as string;
    if (isTree(node) && node[last] !== undefined) node[last] = '********';
  }
  return copy;
}

/** Resolves a path from the config relative to the data directory when it is not absolute. */
export function dataPath(config: VigilConfig, ...parts: string[]): string {
  const joined = join(...parts);
  return isAbsolute(joined) ? joined : join(config.dataDir, joined);
}
