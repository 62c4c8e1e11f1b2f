/** Suppressions, entity risk and per-rule tuning figures. */
import { z } from 'zod';
import { ENTITY_TYPES } from '../../alerts/entities.ts';
import { MAX_SUPPRESSION_DAYS, tuningService } from '../../workflow/tuning.ts';
import { auditBy } from '../audit/context.ts';
import { defineRoute } from '../route.ts';
import type { WorkflowDeps } from '../workflow.ts';

const entityRef = z.object({ type: z.string(), value: z.string() });

const suppression = z.object({
  id: z.string(),
  tenant: z.string(),
  ruleId: z.string(),
  entity: entityRef.nullable(),
  reason: z.string(),
  owner: z.string(),
  createdBy: z.string(),
  createdAt: z.string(),
  expiresAt: z.string(),
  revokedAt: z.string().nullable(),
  hits: z.number(),
  lastHitAt: z.string().nullable(),
  active: z.boolean(),
});

const severity = z.enum(['informational', 'low', 'medium', 'high', 'critical']);

const entityRisk = z.object({
  tenant: z.string(),
  type: z.string(),
  value: z.string(),
  score: z.number().describe('decayed to now'),
  alerts: z.number(),
  lastAlertAt: z.string(),
});

const entityAlert = z.object({
  id: z.string(),
  tenant: z.string(),
  title: z.string(),
  ruleId: z.string(),
  severity,
  status: z.string(),
  verdict: z.string().nullable(),
  count: z.number(),
  caseId: z.string().nullable(),
  firstSeen: z.string(),
  lastSeen: z.string(),
  createdAt: z.string(),
});

const ruleFigures = z.object({
  ruleId: z.string(),
  title: z.string(),
  alerts: z.number(),
  detections: z.number(),
  closed: z.number(),
  verdicts: z.object({
    true_positive: z.number(),
    benign_true_positive: z.number(),
    false_positive: z.number(),
    duplicate: z.number(),
  }),
  falsePositiveRate: z.number().nullable(),
  suppressedHits: z.number(),
  lastAlertAt: z.string().nullable(),
});

const text = (max: number) => z.string().trim().min(1).max(max);

export function tuningRoutes(deps: WorkflowDeps) {
  const tuning = tuningService(deps);
  return [
    defineRoute({
      method: 'GET',
      url: '/api/v1/suppressions',
      summary: 'List suppressions (active ones, or all with state=all), newest first',
      tags: ['alerts'],
      access: { kind: 'api', permission: 'alerts:read' },
      query: z.object({
        state: z.enum(['active', 'all']).default('active'),
        ruleId: z.string().max(256).optional(),
        limit: z.coerce.number().int().min(1).max(1000).default(200),
      }),
      responses: { 200: z.object({ items: z.array(suppression) }) },
      handler: async ({ query, tenants }) => ({
        items: await tuning.listSuppressions(tenants, {
          state: query.state,
          limit: query.limit,
          ...(query.ruleId ? { ruleId: query.ruleId } : {}),
        }),
      }),
    }),
    defineRoute({
      method: 'POST',
      url: '/api/v1/suppressions',
      summary: `Suppress a rule, optionally for one entity, until expiresAt (at most ${MAX_SUPPRESSION_DAYS} days)`,
      tags: ['alerts'],
      access: { kind: 'api', permission: 'alerts:write' },
      body: z
        .object({
          ruleId: text(256),
          entity: z
            .object({ type: z.enum(ENTITY_TYPES), value: text(1024) })
            .strict()
            .optional(),
          reason: text(2000).describe('why these detections are noise'),
          owner: text(200).describe('who answers for the suppression (a person or a team)'),
          expiresAt: z
            .string()
            .datetime({ offset: true })
            .describe(`at most ${MAX_SUPPRESSION_DAYS} days ahead`),
        })
        .strict(),
      responses: { 201: suppression, 400: 'problem' },
      handler: async ({ body, tenants, tenant, principal, request, reply }) => {
        const s = await tuning.createSuppression(
          tenants,
          tenant(),
          {
            ruleId: body.ruleId,
            reason: body.reason,
            owner: body.owner,
            expiresAt: body.expiresAt,
            entity: body.entity ?? null,
          },
          auditBy(principal, request),
        );
        reply.code(201);
        return s;
      },
    }),
    defineRoute({
      method: 'DELETE',
      url: '/api/v1/suppressions/:id',
      summary: 'Revoke a suppression: new detections of its rule make alerts again',
      tags: ['alerts'],
      access: { kind: 'api', permission: 'alerts:write' },
      params: z.object({ id: z.string().min(1).max(64) }),
      responses: { 204: 'revoked', 404: 'problem' },
      handler: async ({ params, tenants, principal, request, reply }) => {
        await tuning.revokeSuppression(tenants, params.id, auditBy(principal, request));
        return reply.code(204).send();
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/v1/entities/risk',
      summary: 'The riskiest entities (users, hosts, …) by decayed risk score',
      tags: ['alerts'],
      access: { kind: 'api', permission: 'alerts:read' },
      query: z.object({
        type: z.enum(ENTITY_TYPES).optional(),
        limit: z.coerce.number().int().min(1).max(500).default(50),
      }),
      responses: { 200: z.object({ items: z.array(entityRisk) }) },
      handler: async ({ query, tenants }) => ({
        items: await tuning.riskLeaderboard(tenants, {
          limit: query.limit,
          ...(query.type ? { type: query.type } : {}),
        }),
      }),
    }),
    defineRoute({
      method: 'GET',
      url: '/api/v1/entities/:type/:value',
      summary: 'One entity: its risk, its alerts (newest first) and the cases they are in',
      tags: ['alerts'],
      access: { kind: 'api', permission: 'alerts:read' },
      params: z.object({ type: z.enum(ENTITY_TYPES), value: z.string().min(1).max(1024) }),
      query: z.object({ limit: z.coerce.number().int().min(1).max(500).default(100) }),
      responses: {
        200: z.object({
          type: z.string(),
          value: z.string(),
          risk: z.array(entityRisk),
          alerts: z.array(entityAlert),
          caseIds: z.array(z.string()),
        }),
      },
      handler: ({ params, query, tenants }) =>
        tuning.entity(tenants, params.type, params.value, { limit: query.limit }),
    }),
    defineRoute({
      method: 'GET',
      url: '/api/v1/tuning/rules',
      summary: 'Per-rule alert volume, verdicts, false-positive rate and suppressed hits',
      tags: ['rules'],
      access: { kind: 'api', permission: 'rules:read' },
      query: z.object({
        since: z
          .string()
          .datetime({ offset: true })
          .optional()
          .describe('only alerts created at or after this time (ISO 8601)'),
        sort: z.enum(['volume', 'fp_rate']).default('volume'),
        limit: z.coerce.number().int().min(1).max(1000).default(200),
      }),
      responses: { 200: z.object({ items: z.array(ruleFigures) }) },
      handler: async ({ query, tenants }) => ({
        items: await tuning.ruleTuning(tenants, {
          sort: query.sort,
          limit: query.limit,
          ...(query.since ? { since: new Date(query.since).toISOString() } : {}),
        }),
      }),
    }),
  ];
}
