/** `vigil token create|list|revoke`: ingest tokens, one per source. The state store is SQLite in WAL mode, safe to use beside a running server. */
import type { Command } from 'commander';
import {
  createIngestTokenAudited,
  LOCAL_CLI_ACTOR,
  NO_CLIENT,
  revokeIngestTokenAudited,
} from '../../access/index.ts';
import { openAuditedState } from '../../app/security.ts';
import { BadRequestError, NotFoundError } from '../../core/errors.ts';
import { FORMATS, isFormat } from '../../core/event.ts';
import { listCredentials } from '../../store/state/index.ts';
import { scopeOf } from '../../store/tenancy.ts';
import { commandContext, type GlobalFlags, out } from '../context.ts';

export function tokenCommand(program: Command): void {
  const token = program.command('token').description('manage ingest tokens');
  const open = async () => {
    const { config, logger } = commandContext(program.opts<GlobalFlags>());
    return { config, ...(await openAuditedState(config, logger)) };
  };
  const by = { actor: LOCAL_CLI_ACTOR, client: NO_CLIENT };

  token
    .command('create')
    .description('create an ingest token for a source and print it (shown only once)')
    .requiredOption('--source <name>', 'source name the events are attributed to')
    .option('--name <name>', 'a label for the token')
    .option('--format <format>', `default format of the source (${FORMATS.join(', ')})`, 'auto')
    .option('--json', 'print JSON')
    .action(async (opts: { source: string; name?: string; format: string; json?: boolean }) => {
      if (!isFormat(opts.format))
        throw new BadRequestError(
          `unknown format "${opts.format}"; one of ${FORMATS.join(', ')}`,
          '--format',
        );
      if (!/^[A-Za-z0-9_.:-]{1,128}$/.test(opts.source)) {
        throw new BadRequestError('source names use letters, digits and _ . : - (at most 128)', '--source');
      }
      const { config, db, close } = await open();
      const t = await createIngestTokenAudited(
        db,
        {
          tenant: config.tenant,
          source: opts.source,
          format: opts.format,
          ...(opts.name ? { name: opts.name } : {}),
        },
        by,
      ).finally(close);
      out(opts.json ? JSON.stringify({ id: t.id, token: t.token, source: opts.source }) : t.token);
    });

  token
    .command('list')
    .description('list ingest tokens (never the secrets)')
    .action(async () => {
      const { config, db, close } = await open();
      for (const c of await listCredentials(db, scopeOf([config.tenant]), 'ingest')) {
        out(
          `${c.id}  ${c.prefix}…  source=${c.source}  created=${c.created_at}${c.revoked_at ? `  REVOKED ${c.revoked_at}` : ''}`,
        );
      }
      await close();
    });

  token
    .command('revoke <id>')
    .description('revoke an ingest token')
    .action(async (id: string) => {
      const { config, db, close } = await open();
      try {
        await revokeIngestTokenAudited(db, scopeOf([config.tenant]), id, by);
      } catch (e) {
        if (e instanceof NotFoundError) throw new BadRequestError(`no active token with id ${id}`);
        throw e;
      } finally {
        await close();
      }
      out(`revoked ${id}`);
    });
}
