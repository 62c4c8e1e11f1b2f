/** `vigil config --show`: the effective configuration, secrets masked. */
import type { Command } from 'commander';
import { stringify } from 'yaml';
import { maskSecrets } from '../../config/index.ts';
import { commandContext, type GlobalFlags, out } from '../context.ts';

export function configCommand(program: Command): void {
  program
    .command('config')
    .description('show the effective configuration (defaults, file, VIGIL_* environment, flags)')
    .option('--show', 'print the effective configuration with secrets masked', true)
    .option('--json', 'print JSON instead of YAML')
    .action((opts: { json?: boolean }) => {
      const { config } = commandContext(program.opts<GlobalFlags>());
      const shown = maskSecrets(config);
      out(opts.json ? JSON.stringify(shown, null, 2) : stringify(shown).trimEnd());
    });
}
