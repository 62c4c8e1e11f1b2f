/** The `vigil` command line: one program, subcommands in `commands/`, errors printed for people. */
import { Command } from 'commander';
import { VigilError } from '../core/errors.ts';
import { alertsCommand } from './commands/alerts.ts';
import { auditCommand } from './commands/audit.ts';
import { casesCommand } from './commands/cases.ts';
import { certsCommand } from './commands/certs.ts';
import { configCommand } from './commands/config.ts';
import { deadLettersCommand } from './commands/dead-letters.ts';
import { demoCommand } from './commands/demo.ts';
import { ingestCommand } from './commands/ingest.ts';
import { rulesCommand } from './commands/rules.ts';
import { searchCommand } from './commands/search.ts';
import { secretsCommand } from './commands/secrets.ts';
import { serveCommand } from './commands/serve.ts';
import { socCommand } from './commands/soc.ts';
import { tokenCommand } from './commands/token.ts';
import { tuningCommand } from './commands/tuning.ts';
import { userCommand } from './commands/user.ts';

export function buildProgram(): Command {
  const program = new Command('vigil')
    .description('Vigil — self-hosted security operations: ingest, search, detect, respond')
    .option('--data <dir>', 'data directory (env VIGIL_DATA; default ./vigil-data)')
    .option('--config <file>', 'YAML config file (env VIGIL_CONFIG; default <data>/vigil.yaml)')
    .option('--log-level <level>', 'fatal, error, warn, info, debug, trace or silent');
  for (const add of [
    serveCommand,
    configCommand,
    tokenCommand,
    userCommand,
    ingestCommand,
    searchCommand,
    deadLettersCommand,
    demoCommand,
    rulesCommand,
    alertsCommand,
    casesCommand,
    tuningCommand,
    socCommand,
    auditCommand,
    secretsCommand,
    certsCommand,
  ]) {
    add(program);
  }
  return program;
}

export async function main(argv: string[]): Promise<void> {
  try {
    await buildProgram().parseAsync(argv);
  } catch (e) {
    if (e instanceof VigilError) {
      process.stderr.write(`vigil: ${e.message}${e.location ? ` (${e.location})` : ''}\n`);
      process.exit(e.code === 'bad_config' || e.code === 'bad_request' ? 2 : 1);
    }
    throw e;
  }
}
