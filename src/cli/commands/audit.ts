/**
 * `vigil audit verify|search|checkpoint`: the audit trail on the data directory (SQLite in WAL
 * mode, safe beside a running server). `verify` exits 1 when the chain or its checkpoint is broken.
 */
import type { Command } from 'commander';
import {
  type AuditTrailReport,
  type Keyring,
  LOCAL_CLI_ACTOR,
  NO_CLIENT,
  resetCheckpoint,
  verifyAuditTrail,
} from '../../access/index.ts';
import { dataPaths } from '../../app/index.ts';
import { loadKeyring, openAuditedState } from '../../app/security.ts';
import type { VigilConfig } from '../../config/index.ts';
import { BadRequestError, errorMessage } from '../../core/errors.ts';
import {
  AUDIT_OUTCOMES,
  type AuditOutcome,
  type AuditRecord,
  openStateDb,
  searchAudit,
  verifyAudit,
} from '../../store/state/index.ts';
import { scopeOf } from '../../store/tenancy.ts';
import { commandContext, type GlobalFlags, out } from '../context.ts';

export function auditCommand(program: Command): void {
  const audit = program.command('audit').description('the audit trail: verify its hash chain, search it');
  const context = (dataDir?: string) =>
    commandContext({ ...program.opts<GlobalFlags>(), ...(dataDir ? { data: dataDir } : {}) });

  audit
    .command('verify')
    .description('recompute the hash chain and check the signed checkpoint; exit code 1 when broken')
    .option('--data-dir <dir>', 'data directory (same as the global --data)')
    .option('--json', 'print the report as JSON')
    .action(async (opts: { dataDir?: string; json?: boolean }) => {
      const { config } = context(opts.dataDir);
      const report = await verify(config);
      if (opts.json) out(JSON.stringify(report));
      else for (const line of describe(report)) out(line);
      if (!report.ok) process.exitCode = 1;
    });

  audit
    .command('search')
    .description('list audit entries, newest first')
    .option('--action <prefix>', 'an action or its prefix (token matches token.create)')
    .option('--actor <id-or-name>', "the actor's id or name")
    .option('--outcome <outcome>', AUDIT_OUTCOMES.join(', '))
    .option('--from <iso>', 'from this time (inclusive)')
    .option('--to <iso>', 'until this time (exclusive)')
    .option('--limit <n>', 'most entries', '50')
    .option('--json', 'one JSON object per line')
    .action(async (opts: SearchFlags) => {
      const { config } = context();
      const db = await openStateDb({ path: dataPaths(config.dataDir).state });
      try {
        const items = await searchAudit(db, searchQuery(config, opts));
        for (const r of items) out(opts.json ? JSON.stringify(r) : line(r));
      } finally {
        await db.destroy();
      }
    });

  audit
    .command('checkpoint')
    .description('after investigating a reported problem: sign a new checkpoint at the current head')
    .action(async () => {
      const { config, logger } = context();
      const state = await openAuditedState(config, logger);
      try {
        const c = await resetCheckpoint(state.db, state.keyring, dataPaths(config.dataDir).auditHead, {
          actor: LOCAL_CLI_ACTOR,
          client: NO_CLIENT,
        });
        out(`new audit checkpoint at entry #${c.seq} (key ${c.keyId})`);
      } finally {
        await state.close();
      }
    });
}

async function verify(config: VigilConfig): Promise<AuditTrailReport> {
  const db = await openStateDb({ path: dataPaths(config.dataDir).state });
  try {
    let keyring: Keyring;
    try {
      keyring = loadKeyring(config, { create: false });
    } catch (e) {
      // Without the key the checkpoint cannot be authenticated: check the chain alone, and fail.
      const chain = await verifyAudit(db);
      return {
        ...chain,
        ok: false,
        checkpoint: { status: 'invalid', message: `cannot check the checkpoint: ${errorMessage(e)}` },
      };
    }
    return await verifyAuditTrail(db, keyring, dataPaths(config.dataDir).auditHead);
  } finally {
    await db.destroy();
  }
}

function describe(r: AuditTrailReport): string[] {
  const lines: string[] = [];
  if (r.firstBad) {
    lines.push(`audit trail BROKEN at entry #${r.firstBad.seq}: ${r.firstBad.reason}`);
    lines.push(`  ${r.firstBad.message}`);
    lines.push(`  ${r.checked} earlier entr${r.checked === 1 ? 'y' : 'ies'} verified`);
  } else if (r.ok) {
    lines.push(`audit trail OK: ${r.checked} entries, hash chain intact`);
  } else {
    lines.push(
      `audit trail NOT VERIFIED: ${r.checked} entries chain correctly, but the checkpoint is unusable`,
    );
  }
  lines.push(`  checkpoint: ${r.checkpoint.message}`);
  if (r.ok && r.tip && r.checkpoint.seq !== undefined && r.tip.seq > r.checkpoint.seq) {
    lines.push(`  entries after #${r.checkpoint.seq} are not covered by a checkpoint yet`);
  }
  return lines;
}

interface SearchFlags {
  action?: string;
  actor?: string;
  outcome?: string;
  from?: string;
  to?: string;
  limit: string;
  json?: boolean;
}

function searchQuery(config: VigilConfig, f: SearchFlags): Parameters<typeof searchAudit>[1] {
  const limit = Number(f.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > 10_000)
    throw new BadRequestError('--limit is a whole number from 1 to 10000', '--limit');
  if (f.outcome && !(AUDIT_OUTCOMES as readonly string[]).includes(f.outcome))
    throw new BadRequestError(`--outcome is one of ${AUDIT_OUTCOMES.join(', ')}`, '--outcome');
  const time = (v: string | undefined, flag: string) => {
    if (v === undefined) return undefined;
    const t = Date.parse(v);
    if (Number.isNaN(t)) throw new BadRequestError(`${flag} is not an ISO 8601 time`, flag);
    return new Date(t).toISOString();
  };
  const from = time(f.from, '--from');
  const to = time(f.to, '--to');
  // The local operator owns the data directory: the configured tenant and system-wide entries.
  return {
    tenants: scopeOf([config.tenant]),
    includeGlobal: true,
    limit,
    ...(from ? { from } : {}),
    ...(to ? { to } : {}),
    ...(f.action ? { actionPrefix: f.action } : {}),
    ...(f.actor ? { actor: f.actor } : {}),
    ...(f.outcome ? { outcome: f.outcome as AuditOutcome } : {}),
  };
}

function line(r: AuditRecord): string {
  const actor = `${r.actor.kind}:${r.actor.name ?? r.actor.id ?? '-'}`;
  const target = r.target ? `${r.target.type}:${r.target.id}` : '-';
  return [
    `#${r.seq}`,
    r.time,
    r.outcome.padEnd(7),
    r.action,
    actor,
    target,
    r.ip ?? '-',
    r.tenant ?? '(global)',
  ].join('  ');
}
