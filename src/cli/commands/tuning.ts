/**
 * `vigil suppress`, `vigil suppressions list|revoke` and `vigil risk`: tuning the alert stream
 * through the running server's API. A suppression needs a reason, an owner and a lifetime (at most
 * 90 days); the risk leaderboard lists the entities with the highest decayed risk.
 */
import type { Command } from 'commander';
import { ENTITY_TYPES } from '../../alerts/entities.ts';
import { err, out } from '../context.ts';
import { enc, query, socClient } from './soc-client.ts';
import { ago, intFlag, oneOf, parseEntity, parseSpan, shortId, table } from './soc-format.ts';
import type { EntityRisk, Suppression } from './soc-types.ts';

export function suppressionTable(items: readonly Suppression[], now = Date.now()): string[] {
  return table(
    [
      { header: 'ID' },
      { header: 'RULE' },
      { header: 'ENTITY', max: 40 },
      { header: 'STATE' },
      { header: 'EXPIRES' },
      { header: 'HITS', align: 'right' },
      { header: 'LAST HIT' },
      { header: 'OWNER', max: 24 },
      { header: 'REASON', max: 60 },
    ],
    items.map((s) => [
      shortId(s.id),
      s.ruleId,
      s.entity ? `${s.entity.type}:${s.entity.value}` : '(any)',
      s.active ? 'active' : s.revokedAt ? 'revoked' : 'expired',
      ago(s.expiresAt, now),
      String(s.hits),
      ago(s.lastHitAt, now),
      s.owner,
      s.reason,
    ]),
  );
}

export function riskTable(items: readonly EntityRisk[], now = Date.now()): string[] {
  return table(
    [
      { header: 'SCORE', align: 'right' },
      { header: 'TYPE' },
      { header: 'VALUE', max: 60 },
      { header: 'ALERTS', align: 'right' },
      { header: 'LAST ALERT' },
    ],
    items.map((r) => [r.score.toFixed(1), r.type, r.value, String(r.alerts), ago(r.lastAlertAt, now)]),
  );
}

export function tuningCommand(program: Command): void {
  const client = () => socClient(program);

  program
    .command('suppress <rule-id>')
    .description('stop a rule (optionally for one entity) from raising alerts for a while; hits are counted')
    .requiredOption('--reason <text>', 'why these detections are noise')
    .requiredOption('--owner <who>', 'who answers for the suppression (a person or a team)')
    .requiredOption('--for <span>', 'how long: e.g. 12h, 7d, 2w (at most 90 days)')
    .option('--entity <type=value>', `only for this entity (${ENTITY_TYPES.join(', ')}), e.g. host=ws-01`)
    .option('--json', 'print the suppression as JSON')
    .action(
      async (
        ruleId: string,
        flags: { reason: string; owner: string; for: string; entity?: string; json?: boolean },
      ) => {
        const expiresAt = new Date(Date.now() + parseSpan(flags.for, '--for')).toISOString();
        const s = await client().json<Suppression>('POST', '/api/v1/suppressions', {
          ruleId,
          reason: flags.reason,
          owner: flags.owner,
          expiresAt,
          ...(flags.entity ? { entity: parseEntity(flags.entity, '--entity') } : {}),
        });
        if (flags.json) out(JSON.stringify(s));
        else
          out(
            `suppressed rule ${s.ruleId}${s.entity ? ` for ${s.entity.type}:${s.entity.value}` : ''} until ${s.expiresAt} (${s.id})`,
          );
      },
    );

  const suppressions = program.command('suppressions').description('suppressions of rules');
  suppressions
    .command('list')
    .description('list suppressions (active ones unless --all), newest first')
    .option('--all', 'also expired and revoked ones')
    .option('--rule <id>', 'of one rule')
    .option('--limit <n>', 'most to print (1-1000)', '200')
    .option('--json', 'one JSON object per suppression')
    .action(async (flags: { all?: boolean; rule?: string; limit: string; json?: boolean }) => {
      const r = await client().json<{ items: Suppression[] }>(
        'GET',
        `/api/v1/suppressions${query({
          state: flags.all ? 'all' : 'active',
          ruleId: flags.rule,
          limit: intFlag(flags.limit, '--limit', 1, 1000),
        })}`,
      );
      if (flags.json) for (const s of r.items) out(JSON.stringify(s));
      else if (r.items.length === 0) out(flags.all ? 'no suppressions' : 'no active suppressions');
      else for (const line of suppressionTable(r.items)) out(line);
    });

  suppressions
    .command('revoke <id>')
    .description('revoke a suppression: new detections of its rule raise alerts again')
    .action(async (id: string) => {
      const c = client();
      let full = id;
      if (id.length < 36) {
        const all = (
          await c.json<{ items: Suppression[] }>('GET', '/api/v1/suppressions?state=all&limit=1000')
        ).items;
        const matches = all.filter((s) => s.id.startsWith(id));
        if (matches.length === 1) full = matches[0]!.id;
      }
      await c.json('DELETE', `/api/v1/suppressions/${enc(full)}`);
      out(`revoked suppression ${full}`);
    });

  program
    .command('risk')
    .description('the riskiest entities by decayed risk score')
    .option('--type <type>', ENTITY_TYPES.join(', '))
    .option('--limit <n>', 'most entities to print (1-500)', '20')
    .option('--json', 'one JSON object per entity')
    .action(async (flags: { type?: string; limit: string; json?: boolean }) => {
      const r = await client().json<{ items: EntityRisk[] }>(
        'GET',
        `/api/v1/entities/risk${query({
          type: flags.type ? oneOf(flags.type, ENTITY_TYPES, '--type') : undefined,
          limit: intFlag(flags.limit, '--limit', 1, 500),
        })}`,
      );
      if (flags.json) for (const e of r.items) out(JSON.stringify(e));
      else if (r.items.length === 0) out('no entity has any risk yet');
      else for (const line of riskTable(r.items)) out(line);
      if (!flags.json && r.items.length > 0)
        err(`${r.items.length} entities; \`vigil alerts list --entity type:value\` shows an entity's alerts`);
    });
}
