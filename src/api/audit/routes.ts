/** The audit trail: search it (newest first, tenant-scoped) and verify its hash chain. */
import { z } from 'zod';
import type { AuditTrailReport } from '../../access/index.ts';
import { AUDIT_ACTOR_KINDS, AUDIT_OUTCOMES, type StateDb, searchAudit } from '../../store/state/index.ts';
import { defineRoute } from '../route.ts';
import { seesGlobalAudit } from './context.ts';

const auditEntry = z.object({
  seq: z.number(),
  time: z.string(),
  tenant: z.string().nullable(),
  actor: z.object({
    kind: z.enum(AUDIT_ACTOR_KINDS),
    id: z.string().nullable(),
    name: z.string().nullable(),
  }),
  action: z.string(),
  target: z.object({ type: z.string(), id: z.string() }).nullable(),
  outcome: z.enum(AUDIT_OUTCOMES),
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
  before: z.unknown(),
  after: z.unknown(),
  details: z.unknown(),
  prevHash: z.string(),
  hash: z.string(),
});

const verifyReport = z.object({
  ok: z.boolean(),
  checked: z.number(),
  tip: z.object({ seq: z.number(), hash: z.string() }).nullable(),
  firstBad: z.object({ seq: z.number(), reason: z.string(), message: z.string() }).optional(),
  checkpoint: z.object({
    status: z.enum(['valid', 'missing', 'invalid']),
    seq: z.number().optional(),
    time: z.string().optional(),
    message: z.string(),
  }),
});

export interface AuditDeps {
  db: StateDb;
  /** Verifies the chain against the signed checkpoint (see `access/audit.ts`). */
  verify: () => Promise<AuditTrailReport>;
}

export function auditRoutes(deps: AuditDeps) {
  return [
    defineRoute({
      method: 'GET',
      url: '/api/v1/audit',
      summary: 'Search the audit trail: authentication events and changes of state, newest first',
      tags: ['audit'],
      access: { kind: 'api', permission: 'audit:read' },
      query: z.object({
        from: z.string().datetime({ offset: true }).optional().describe('inclusive, ISO 8601'),
        to: z.string().datetime({ offset: true }).optional().describe('exclusive, ISO 8601'),
        actor: z.string().max(256).optional().describe("the actor's id or name"),
        actorKind: z.enum(AUDIT_ACTOR_KINDS).optional(),
        action: z
          .string()
          .max(128)
          .optional()
          .describe('an action or a prefix of dotted words: `token` matches token.create and token.revoke'),
        targetType: z.string().max(64).optional(),
        targetId: z.string().max(256).optional(),
        outcome: z.enum(AUDIT_OUTCOMES).optional(),
        limit: z.coerce.number().int().min(1).max(1000).default(100),
        before: z.coerce
          .number()
          .int()
          .positive()
          .optional()
          .describe('seq of the last entry of the previous page'),
      }),
      responses: { 200: z.object({ items: z.array(auditEntry), nextBefore: z.number().nullable() }) },
      handler: async ({ query, tenants, principal }) => {
        const items = await searchAudit(deps.db, {
          tenants,
          includeGlobal: principal ? seesGlobalAudit(principal) : false,
          limit: query.limit,
          ...(query.from ? { from: new Date(query.from).toISOString() } : {}),
          ...(query.to ? { to: new Date(query.to).toISOString() } : {}),
          ...(query.actor ? { actor: query.actor } : {}),
          ...(query.actorKind ? { actorKind: query.actorKind } : {}),
          ...(query.action ? { actionPrefix: query.action } : {}),
          ...(query.targetType ? { targetType: query.targetType } : {}),
          ...(query.targetId ? { targetId: query.targetId } : {}),
          ...(query.outcome ? { outcome: query.outcome } : {}),
          ...(query.before !== undefined ? { before: query.before } : {}),
        });
        const last = items.at(-1);
        return { items, nextBefore: items.length === query.limit && last ? last.seq : null };
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/v1/audit/verify',
      summary: 'Verify the audit hash chain and its signed checkpoint (reports the first broken entry)',
      tags: ['audit'],
      access: { kind: 'api', permission: 'settings:admin' },
      responses: { 200: verifyReport },
      handler: () => deps.verify(),
    }),
  ];
}
