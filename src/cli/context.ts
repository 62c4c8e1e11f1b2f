/** What every command needs: the effective config (file, env, flags) and a logger. */
import { type LoadOptions, loadConfig, type VigilConfig } from '../config/index.ts';
import { createLogger, type Logger } from '../ops/index.ts';

export interface GlobalFlags {
  data?: string;
  config?: string;
  logLevel?: string;
}

export function commandContext(
  flags: GlobalFlags,
  overrides: Record<string, unknown> = {},
): { config: VigilConfig; logger: Logger } {
  const opts: LoadOptions = { overrides: { dataDir: flags.data, 'log.level': flags.logLevel, ...overrides } };
  if (flags.config) opts.file = flags.config;
  const config = loadConfig(opts);
  return { config, logger: createLogger(config.log.level) };
}

/** Prints to stdout (results) — logs and progress go to stderr. */
export const out = (s: string) => process.stdout.write(`${s}\n`);
export const err = (s: string) => process.stderr.write(`${s}\n`);
