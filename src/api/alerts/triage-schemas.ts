/** The alert queue's and triage's API shapes (zod): inputs the routes validate, outputs they document. */
import { z } from 'zod';
import { ALERT_STATUSES, TRIAGE_ACTIONS, VERDICTS } from '../../alerts/triage.ts';
import {
  ALERT_SORTS,
  MAX_ALERT_PAGE,
  MAX_BULK_ALERTS,
  MAX_COMMENT_CHARS,
  SAVED_VIEW_KINDS,
} from '../../workflow/triage.ts';

const SEVERITIES = ['informational', 'low', 'medium', 'high', 'critical'] as const;

/** A comma-separated list of enum values in a query string (`status=new,acknowledged`). */
function csv<T extends readonly [string, ...string[]]>(values: T, what: string) {
  return z
    .string()
    .max(512)
    .optional()
    .transform((s, ctx) => {
      if (s === undefined || s.trim() === '') return undefined;
      const items = [
        ...new Set(
          s
            .split(',')
            .map((x) => x.trim())
            .filter(Boolean),
        ),
      ];
      const bad = items.filter((x) => !(values as readonly string[]).includes(x));
      if (bad.length > 0) {
        ctx.addIssue({
          code: 'custom',
          message: `unknown ${what} ${bad.join(', ')}; use ${values.join(', ')}`,
        });
        return z.NEVER;
      }
      return items as T[number][];
    })
    .describe(`comma-separated: ${values.join(', ')}`);
}

export const alertListQuery = z.object({
  status: csv(ALERT_STATUSES, 'status'),
  severity: csv(SEVERITIES, 'severity'),
  rule: z.string().min(1).max(256).optional().describe('rule id'),
  assignee: z.string().min(1).max(256).optional().describe('a user id, `me`, or `none` (unassigned)'),
  entity: z
    .string()
    .max(1100)
    .regex(/^[a-z]+:.+$/s, 'an entity is type:value, e.g. host:ws-01')
    .optional()
    .describe('type:value, e.g. `user:alice`'),
  tactic: z
    .string()
    .regex(/^[a-z-]{1,64}$/, 'a tactic is an ATT&CK short name, e.g. credential-access')
    .optional(),
  technique: z
    .string()
    .regex(/^[Tt]\d{4}(\.\d{3})?$/, 'a technique is an ATT&CK id, e.g. T1003 or T1003.001')
    .optional()
    .describe('T1003 also finds its sub-techniques'),
  case: z.string().min(1).max(200).optional().describe('case id'),
  q: z.string().max(512).optional().describe('text in the title, rule id or entity values'),
  since: z.string().max(64).optional().describe('last seen at or after: ISO 8601, epoch, now-24h'),
  until: z.string().max(64).optional().describe('last seen before: ISO 8601, epoch, now'),
  sort: z.enum(ALERT_SORTS).default('newest'),
  limit: z.coerce.number().int().min(1).max(MAX_ALERT_PAGE).default(50),
  cursor: z.string().max(2048).optional(),
});
export type AlertListQuery = z.infer<typeof alertListQuery>;

export const alertParams = z.object({ id: z.string().min(1).max(200) });

const version = z
  .number()
  .int()
  .min(1)
  .describe('the version you read (a stale one gets 409 with currentVersion)');
const verdict = z.enum(VERDICTS).nullable().optional().describe('required to close');
const duplicateOf = z
  .string()
  .min(1)
  .max(200)
  .nullable()
  .optional()
  .describe('with verdict duplicate: the original alert');
const assignee = z
  .string()
  .min(1)
  .max(256)
  .nullable()
  .describe('a user id or name, `me`, or null to unassign');

export const versionBody = z.object({ version });
export const closeBody = z.object({ version, verdict, duplicateOf });
export const assignBody = z.object({ version, assignee });

export const bulkBody = z.object({
  action: z.enum(TRIAGE_ACTIONS),
  items: z
    .array(z.object({ id: z.string().min(1).max(200), version: version.optional() }))
    .min(1)
    .max(MAX_BULK_ALERTS)
    .describe('the alerts, each with the version you read (without: no version check)'),
  verdict,
  duplicateOf,
  assignee: assignee.optional(),
});
export type BulkBody = z.infer<typeof bulkBody>;

export const commentBody = z.object({
  body: z
    .string()
    .max(MAX_COMMENT_CHARS + 1000)
    .describe(`at most ${MAX_COMMENT_CHARS} characters`),
});

export const similarQuery = z.object({ limit: z.coerce.number().int().min(1).max(50).default(10) });

export const viewListQuery = z.object({ kind: z.enum(SAVED_VIEW_KINDS).optional() });
export const viewParams = z.object({ id: z.string().min(1).max(200) });
const viewQuery = z.record(z.string(), z.unknown()).describe('the filter, as the console saves it');
export const viewCreateBody = z.object({
  kind: z.enum(SAVED_VIEW_KINDS),
  name: z.string().min(1).max(200),
  query: viewQuery,
  shared: z.boolean().default(false).describe('every user of the tenant sees it'),
});
export const viewUpdateBody = z.object({
  name: z.string().min(1).max(200).optional(),
  query: viewQuery.optional(),
  shared: z.boolean().optional(),
});

// ---- outputs ----------------------------------------------------------------------------------

const entity = z.object({ type: z.string(), value: z.string() });

export const alertSchema = z.object({
  id: z.string(),
  tenant: z.string(),
  seq: z.number(),
  fingerprint: z.string(),
  kind: z.string(),
  ruleId: z.string(),
  title: z.string(),
  severity: z.enum(SEVERITIES),
  confidence: z.number(),
  tactics: z.array(z.string()),
  techniques: z.array(z.string()),
  entities: z.array(entity),
  source: z.string(),
  status: z.enum(ALERT_STATUSES),
  verdict: z.enum(VERDICTS).nullable(),
  duplicateOf: z.string().nullable().describe('the original alert, when closed as a duplicate'),
  assignee: z.string().nullable(),
  assigneeName: z.string().nullable(),
  caseId: z.string().nullable(),
  count: z.number(),
  detectionIds: z.array(z.string()),
  eventIds: z.array(z.string()),
  matched: z.array(z.object({ field: z.string(), value: z.unknown() })),
  sparkline: z.object({ start: z.string(), bucketMinutes: z.number(), counts: z.array(z.number()) }),
  firstSeen: z.string(),
  lastSeen: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  acknowledgedAt: z.string().nullable(),
  escalatedAt: z.string().nullable(),
  closedAt: z.string().nullable(),
  version: z.number(),
});

export const alertList = z.object({
  items: z.array(alertSchema),
  nextCursor: z.string().nullable(),
  counts: z.record(z.enum(ALERT_STATUSES), z.number()),
});

export const alertDetailSchema = z.object({
  alert: alertSchema,
  events: z
    .array(z.record(z.string(), z.unknown()))
    .describe('the matched events still stored, oldest first'),
  missingEventIds: z.array(z.string()).describe('matched events no longer in the event store'),
  eventsError: z.string().nullable(),
});

export const bulkResults = z.object({
  results: z.array(
    z.object({
      id: z.string(),
      outcome: z.enum(['ok', 'conflict', 'refused', 'not_found']),
      version: z.number().optional(),
      status: z.enum(ALERT_STATUSES).optional(),
      currentVersion: z.number().optional(),
      reason: z.string().optional(),
      field: z.string().optional(),
      message: z.string().optional(),
    }),
  ),
});

export const commentSchema = z.object({
  id: z.string(),
  tenant: z.string(),
  targetType: z.enum(['alert', 'case']),
  targetId: z.string(),
  authorId: z.string().nullable(),
  authorName: z.string(),
  body: z.string(),
  createdAt: z.string(),
});

export const commentList = z.object({ items: z.array(commentSchema) });

export const similarList = z.object({
  items: z.array(
    z.object({
      alert: alertSchema,
      reasons: z.array(z.enum(['fingerprint', 'rule_and_entity', 'title_and_entity'])),
      sharedEntities: z.array(entity),
    }),
  ),
});

export const viewSchema = z.object({
  id: z.string(),
  tenant: z.string(),
  ownerId: z.string(),
  kind: z.enum(SAVED_VIEW_KINDS),
  name: z.string(),
  query: z.record(z.string(), z.unknown()),
  shared: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export const viewList = z.object({ items: z.array(viewSchema) });
