/**
 * Tuning the alert stream: suppressions (create, list, revoke), entity risk (leaderboard, the
 * entity page) and per-rule figures. The services the routes call: they take the caller's
 * `TenantScope`, and for changes who makes them (`AuditBy` of `src/access/audit.ts`, structurally).
 */
import type { VigilConfig } from '../config/index.ts';
import { type EntityPage, type EntityRisk, entityPage, riskLeaderboard } from '../store/state/entity-risk.ts';
import type { ChangeBy, StateDb } from '../store/state/index.ts';
import { type RuleTuning, type RuleTuningSort, ruleTuning } from '../store/state/rule-tuning.ts';
import {
  type AuditSource,
  createSuppression,
  listSuppressions,
  type NewSuppression,
  revokeSuppression,
  type Suppression,
} from '../store/state/suppressions.ts';
import type { TenantScope } from '../store/tenancy.ts';
import type { LiveFeed } from './live.ts';

export type { EntityAlert, EntityPage, EntityRisk } from '../store/state/entity-risk.ts';
export type { RuleTuning, RuleTuningSort, Verdict } from '../store/state/rule-tuning.ts';
export { MAX_SUPPRESSION_DAYS, type Suppression } from '../store/state/suppressions.ts';

/** Who acts and from where (the shape of `AuditBy` in `src/access/audit.ts`). */
/** Who acts (an `AuditBy` of the access layer). */
export type ActingAs = ChangeBy;

export interface TuningDeps {
  db: StateDb;
  live: LiveFeed | null;
  alerts: VigilConfig['alerts'];
}

export interface TuningService {
  listSuppressions(
    scope: TenantScope,
    opts: { state: 'active' | 'all'; ruleId?: string; limit?: number },
  ): Promise<Suppression[]>;
  createSuppression(
    scope: TenantScope,
    tenant: string,
    input: Omit<NewSuppression, 'tenant'>,
    by: ActingAs,
  ): Promise<Suppression>;
  revokeSuppression(scope: TenantScope, id: string, by: ActingAs): Promise<Suppression>;
  riskLeaderboard(scope: TenantScope, opts: { type?: string; limit: number }): Promise<EntityRisk[]>;
  entity(scope: TenantScope, type: string, value: string, opts: { limit: number }): Promise<EntityPage>;
  ruleTuning(
    scope: TenantScope,
    opts: { since?: string; sort?: RuleTuningSort; limit?: number },
  ): Promise<RuleTuning[]>;
}

export function tuningService(deps: TuningDeps): TuningService {
  const halfLife = deps.alerts.riskHalfLifeHours;
  const publish = (action: string, s: Suppression) =>
    deps.live?.publish({
      topic: 'suppression',
      action,
      tenant: s.tenant,
      id: s.id,
      summary: { ruleId: s.ruleId, entity: s.entity, expiresAt: s.expiresAt, active: s.active },
    });
  return {
    listSuppressions: (scope, opts) => listSuppressions(deps.db, scope, opts),
    async createSuppression(scope, tenant, input, by) {
      const s = await createSuppression(deps.db, scope, { ...input, tenant }, auditSource(by));
      publish('suppression.created', s);
      return s;
    },
    async revokeSuppression(scope, id, by) {
      const s = await revokeSuppression(deps.db, scope, id, auditSource(by));
      publish('suppression.revoked', s);
      return s;
    },
    riskLeaderboard: (scope, opts) => riskLeaderboard(deps.db, scope, opts, new Date(), halfLife),
    entity: (scope, type, value, opts) =>
      entityPage(deps.db, scope, { type, value }, opts, new Date(), halfLife),
    ruleTuning: (scope, opts) => ruleTuning(deps.db, scope, opts),
  };
}

function auditSource(by: ActingAs): AuditSource {
  return {
    actor: by.actor,
    ip: by.client.ip?.slice(0, 64) ?? null,
    userAgent: by.client.userAgent?.slice(0, 256) ?? null,
  };
}
