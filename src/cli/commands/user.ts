/**
 * `vigil user create|list|reset-password|unlock|disable|enable|api-key`: local administration of
 * users and service accounts on the data directory (SQLite in WAL mode, safe beside a running
 * server). Whoever can run this owns the data directory, so it may manage every account; each
 * change is in the audit trail as done by `vigil cli`.
 */
import type { Command } from 'commander';
import {
  createOwnedApiKey,
  createServiceAccount,
  createUser,
  LOCAL_MANAGER,
  listAccounts,
  manageable,
  resetPassword,
  type UserView,
  unlockUser,
  updateAccount,
} from '../../access/index.ts';
import { openAuditedState } from '../../app/security.ts';
import type { VigilConfig } from '../../config/index.ts';
import { BadRequestError } from '../../core/errors.ts';
import type { StateDb } from '../../store/state/index.ts';
import { scopeOf } from '../../store/tenancy.ts';
import { commandContext, type GlobalFlags, out } from '../context.ts';

const collect = (v: string, all: string[]) => [...all, v];

async function readStdin(): Promise<string> {
  if (process.stdin.isTTY) throw new BadRequestError('--password-stdin reads the password from a pipe');
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  const pw = Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
  if (!pw) throw new BadRequestError('no password on standard input', '--password-stdin');
  return pw;
}

const line = (u: UserView) =>
  [
    u.username.padEnd(20),
    u.kind === 'service' ? 'service' : 'user   ',
    `roles=${u.roles.join(',')}`,
    `tenants=${u.tenants.join(',')}`,
    u.disabled ? 'DISABLED' : '',
    u.locked ? `LOCKED until ${u.lockedUntil}` : '',
    u.mustChangePassword ? 'must-change-password' : '',
  ]
    .filter(Boolean)
    .join('  ');

export function userCommand(program: Command): void {
  const user = program
    .command('user')
    .description('manage users and service accounts (local, on the data directory)');
  const withDb = async <T>(work: (db: StateDb, config: VigilConfig) => Promise<T>): Promise<T> => {
    const { config, logger } = commandContext(program.opts<GlobalFlags>());
    // The audited state: the audit rows written here move the signed head checkpoint too.
    const state = await openAuditedState(config, logger);
    try {
      return await work(state.db, config);
    } finally {
      await state.close();
    }
  };
  const policy = (config: VigilConfig) => ({ minLength: config.auth.minPasswordLength });

  user
    .command('create <name>')
    .description(
      'create a user (a one-time password is printed unless --password-stdin) or a service account',
    )
    .option(
      '--role <role>',
      'viewer, analyst, responder, detection_engineer, intel_analyst or admin (repeatable)',
      collect,
      [],
    )
    .option('--tenant <tenant>', 'tenant to grant (repeatable; default: the configured tenant)', collect, [])
    .option('--display-name <text>', 'the name shown in the console')
    .option('--password-stdin', 'read the password from standard input instead of generating one')
    .option('--service', 'a service account: no password, acts through API keys')
    .option('--json', 'print JSON')
    .action(
      async (
        name: string,
        opts: {
          role: string[];
          tenant: string[];
          displayName?: string;
          passwordStdin?: boolean;
          service?: boolean;
          json?: boolean;
        },
      ) => {
        if (opts.role.length === 0) throw new BadRequestError('give at least one --role', '--role');
        const password = opts.passwordStdin ? await readStdin() : undefined;
        await withDb(async (db, config) => {
          const input = {
            username: name,
            displayName: opts.displayName,
            roles: opts.role,
            tenants: opts.tenant.length > 0 ? opts.tenant : [config.tenant],
          };
          if (opts.service) {
            const u = await createServiceAccount(db, LOCAL_MANAGER, input);
            out(opts.json ? JSON.stringify({ user: u }) : `created service account ${line(u)}`);
            return;
          }
          const created = await createUser(
            db,
            LOCAL_MANAGER,
            // The operator typed this password deliberately; a generated one is changed at first sign-in.
            { ...input, password, mustChangePassword: password === undefined },
            policy(config),
          );
          if (opts.json) return out(JSON.stringify(created));
          out(`created user ${line(created.user)}`);
          if (created.oneTimePassword)
            out(`one-time password (shown only now; changed at first sign-in): ${created.oneTimePassword}`);
        });
      },
    );

  user
    .command('list')
    .description('list users and service accounts of the given tenants')
    .option('--tenant <tenant>', 'tenant (repeatable; default: the configured tenant)', collect, [])
    .option('--json', 'print JSON')
    .action(async (opts: { tenant: string[]; json?: boolean }) => {
      await withDb(async (db, config) => {
        const tenants = scopeOf(opts.tenant.length > 0 ? opts.tenant : [config.tenant]);
        const all = [
          ...(await listAccounts(db, tenants, 'user')),
          ...(await listAccounts(db, tenants, 'service')),
        ];
        if (opts.json) return out(JSON.stringify({ users: all }));
        for (const u of all) out(line(u));
      });
    });

  user
    .command('reset-password <name>')
    .description('set a new password (one-time unless --password-stdin); unlocks and ends sessions')
    .option('--password-stdin', 'read the password from standard input instead of generating one')
    .action(async (name: string, opts: { passwordStdin?: boolean }) => {
      const password = opts.passwordStdin ? await readStdin() : undefined;
      await withDb(async (db, config) => {
        const target = await manageable(db, LOCAL_MANAGER, name);
        const r = await resetPassword(db, LOCAL_MANAGER, target.id, password, policy(config));
        out(
          r.oneTimePassword
            ? `one-time password for ${target.username} (shown only now; changed at next sign-in): ${r.oneTimePassword}`
            : `password of ${target.username} set; it must be changed at next sign-in`,
        );
      });
    });

  user
    .command('unlock <name>')
    .description('lift a lockout after failed logins')
    .action(async (name: string) => {
      await withDb(async (db) => {
        const target = await manageable(db, LOCAL_MANAGER, name);
        out(`unlocked ${line(await unlockUser(db, LOCAL_MANAGER, target.id))}`);
      });
    });

  for (const [verb, disabled] of [
    ['disable', true],
    ['enable', false],
  ] as const) {
    user
      .command(`${verb} <name>`)
      .description(
        disabled ? 'disable an account (ends its sessions; its API keys stop working)' : 'enable an account',
      )
      .action(async (name: string) => {
        await withDb(async (db) => {
          const target = await manageable(db, LOCAL_MANAGER, name);
          out(`${verb}d ${line(await updateAccount(db, LOCAL_MANAGER, target.id, { disabled }))}`);
        });
      });
  }

  user
    .command('api-key <name>')
    .description('create an API key for a user or service account and print it (shown only once)')
    .option(
      '--scope <scope>',
      'a permission such as events:read (repeatable; at most the owner holds)',
      collect,
      [],
    )
    .option('--key-name <text>', 'a label for the key', 'cli')
    .option('--expires <iso>', 'expiry time (ISO 8601)')
    .action(async (name: string, opts: { scope: string[]; keyName: string; expires?: string }) => {
      await withDb(async (db, config) => {
        const target = await manageable(db, LOCAL_MANAGER, name);
        const created = await createOwnedApiKey(
          db,
          target.id,
          { name: opts.keyName, scopes: opts.scope, expiresAt: opts.expires ?? null },
          { apiKeyMaxDays: config.auth.apiKeyMaxDays },
          LOCAL_MANAGER,
        );
        out(created.token);
      });
    });
}
