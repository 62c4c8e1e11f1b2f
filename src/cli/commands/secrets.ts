/**
 * `vigil secrets set|list|delete|rotate`: secrets encrypted at rest on the data directory
 * (connector credentials, the OIDC client secret, a TLS key passphrase). A configuration value
 * `secret:<name>` refers to the global secret `<name>`. Values are read from standard input and
 * never printed or logged.
 */
import type { Command } from 'commander';
import {
  deleteSecret,
  LOCAL_CLI_ACTOR,
  listSecretNames,
  NO_CLIENT,
  reencryptSecrets,
  setSecret,
} from '../../access/index.ts';
import { openAuditedState } from '../../app/security.ts';
import type { VigilConfig } from '../../config/index.ts';
import { BadRequestError } from '../../core/errors.ts';
import type { Logger } from '../../ops/index.ts';
import { scopeOf } from '../../store/tenancy.ts';
import { commandContext, err, type GlobalFlags, out } from '../context.ts';

const by = { actor: LOCAL_CLI_ACTOR, client: NO_CLIENT };

async function readValue(): Promise<string> {
  if (process.stdin.isTTY) err('type the value, then Enter and Ctrl-D (it is not echoed back later)');
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  const value = Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
  if (!value)
    throw new BadRequestError(
      'no value on standard input (e.g. `printf %s "$VALUE" | vigil secrets set NAME`)',
    );
  return value;
}

export function secretsCommand(program: Command): void {
  const secrets = program
    .command('secrets')
    .description('secrets encrypted at rest; reference one in the config as secret:<name>');
  const withState = async <T>(
    work: (
      s: Awaited<ReturnType<typeof openAuditedState>>,
      ctx: { config: VigilConfig; logger: Logger },
    ) => Promise<T>,
  ): Promise<T> => {
    const ctx = commandContext(program.opts<GlobalFlags>());
    const state = await openAuditedState(ctx.config, ctx.logger);
    try {
      return await work(state, ctx);
    } finally {
      await state.close();
    }
  };

  secrets
    .command('set <name>')
    .description('store a secret; the value is read from standard input')
    .option('--tenant <tenant>', 'a secret of this tenant (default: global, usable as secret:<name>)')
    .action(async (name: string, opts: { tenant?: string }) => {
      const value = await readValue();
      await withState((s) => setSecret(s.db, s.keyring, { tenant: opts.tenant ?? null, name, value }, by));
      out(`stored secret ${name}${opts.tenant ? ` of tenant ${opts.tenant}` : ''}`);
    });

  secrets
    .command('list')
    .description('list secret names (never values)')
    .option('--json', 'one JSON object per line')
    .action(async (opts: { json?: boolean }) => {
      await withState(async (s, { config }) => {
        const rows = await listSecretNames(s.db, { tenants: scopeOf([config.tenant]), includeGlobal: true });
        for (const r of rows) {
          out(
            opts.json
              ? JSON.stringify(r)
              : `${r.name}  ${r.tenant ?? '(global)'}  key=${r.keyId}  updated=${r.updatedAt}`,
          );
        }
      });
    });

  secrets
    .command('delete <name>')
    .description('delete a secret')
    .option('--tenant <tenant>', 'a secret of this tenant (default: global)')
    .action(async (name: string, opts: { tenant?: string }) => {
      await withState((s) => deleteSecret(s.db, { tenant: opts.tenant ?? null, name }, by));
      out(`deleted secret ${name}`);
    });

  secrets
    .command('rotate')
    .description(
      'add a new master key to the key file and re-encrypt every secret with it (with VIGIL_SECRET_KEY: append the new key there first)',
    )
    .action(async () => {
      await withState(async (s) => {
        const added = s.keyring.fromEnv ? null : s.keyring.addKey();
        const r = await reencryptSecrets(s.db, s.keyring, by);
        if (added)
          out(`new master key ${added} added to ${s.keyring.origin} (older keys stay, to read backups)`);
        else
          out(`current master key from ${s.keyring.origin}: ${r.keyId} (append a new key there to rotate)`);
        out(`re-encrypted ${r.reencrypted} secret(s) with key ${r.keyId}`);
      });
    });
}
