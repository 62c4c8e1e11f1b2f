/**
 * SOC metrics, SLAs, breach clocks and exports: MTTD/MTTA/MTTC/MTTR over a window, the SLA
 * policies (read; changed by administrators, audited), the clocks breached or at risk, the case
 * report (Markdown or a self-contained HTML page under a strict CSP), and alerts as OCSF
 * Detection Findings (a JSON array, or NDJSON for `Accept: application/x-ndjson`).
 */
import { z } from 'zod';
import { BadRequestError } from '../../core/errors.ts';
import { millisToIso } from '../../core/time.ts';
import { parseTimeExpression } from '../../core/time-range.ts';
import {
  caseReport,
  METRIC_GROUPS,
  type MetricGroup,
  ocsfFinding,
  ocsfFindings,
  SEVERITIES,
  setSlaPolicy,
  slaBreaches,
  slaPolicyList,
  socMetricsOf,
} from '../../workflow/soc.ts';
import { auditBy } from '../audit/context.ts';
import { type AnyRoute, defineRoute } from '../route.ts';
import type { WorkflowDeps } from '../workflow.ts';

const TAGS = ['soc'];
const ALERTS_READ = { kind: 'api', permission: 'alerts:read' } as const;
const PROBLEMS = { 400: 'problem', 404: 'problem' } as const;

/** The longest window a metrics or export request may cover. */
const MAX_WINDOW_DAYS = 400;
const TRIAGE_STATUSES = ['new', 'acknowledged', 'in_progress', 'escalated', 'closed'] as const;

const commaList = <T extends string>(allowed: readonly T[], what: string) =>
  z
    .string()
    .max(200)
    .transform((s, ctx) => {
      const items = [
        ...new Set(
          s
            .split(',')
            .map((x) => x.trim())
            .filter(Boolean),
        ),
      ];
      for (const i of items)
        if (!(allowed as readonly string[]).includes(i)) {
          ctx.addIssue({ code: 'custom', message: `${what} "${i}" is not one of ${allowed.join(', ')}` });
          return z.NEVER;
        }
      return items as T[];
    });

const timeText = z.string().max(64);

/** `since`/`until` (ISO, epoch, or now-30d) to an ISO window, checked to be in order and not too long. */
function windowOf(since: string | undefined, until: string | undefined, defaultSince: string) {
  const now = Date.now();
  const s = parseTimeExpression(since ?? defaultSince, now, 'since');
  const u = parseTimeExpression(until ?? 'now', now, 'until');
  if (s >= u)
    throw new BadRequestError(`since (${millisToIso(s)}) must be before until (${millisToIso(u)})`, 'since');
  if (u - s > MAX_WINDOW_DAYS * 86_400_000)
    throw new BadRequestError(
      `the window may span at most ${MAX_WINDOW_DAYS} days; narrow since/until`,
      'since',
    );
  return { since: millisToIso(s), until: millisToIso(u) };
}

const stats = z.object({
  count: z.number(),
  mean: z.number().nullable(),
  median: z.number().nullable(),
  p90: z.number().nullable(),
});
const metricSet = z.object({
  mttd: stats,
  mtta: stats,
  mttc: stats,
  mttr: stats,
  alerts: z.number(),
  cases: z.number(),
});
const metricsSchema = z.object({
  since: z.string(),
  until: z.string(),
  overall: metricSet,
  groups: z.record(z.string(), z.array(metricSet.extend({ key: z.string() }))),
  rules: z.array(
    z.object({
      ruleId: z.string(),
      title: z.string(),
      alerts: z.number(),
      detections: z.number(),
      open: z.number(),
      closed: z.number(),
      verdicts: z.record(z.string(), z.number()),
      falsePositiveRate: z.number().nullable(),
    }),
  ),
});
const policySchema = z.object({
  severity: z.enum(SEVERITIES),
  acknowledgeMinutes: z.number(),
  containMinutes: z.number(),
  resolveMinutes: z.number(),
  source: z.enum(['default', 'tenant']),
  updatedAt: z.string().nullable(),
});
const minutes = z.number().int().min(1).max(525_600);
const clockSchema = z.object({
  target: z.string(),
  minutes: z.number(),
  startedAt: z.string(),
  dueAt: z.string(),
  stoppedAt: z.string().nullable(),
  status: z.string(),
  breached: z.boolean(),
  remainingMs: z.number(),
});
const breachesSchema = z.object({
  generatedAt: z.string(),
  alerts: z.array(z.object({ alert: z.record(z.string(), z.unknown()), clock: clockSchema })),
  cases: z.array(z.object({ case: z.record(z.string(), z.unknown()), clock: clockSchema })),
  breachClocks: z.array(
    z.object({ case: z.record(z.string(), z.unknown()), clock: z.record(z.string(), z.unknown()) }),
  ),
  omitted: z.object({ alerts: z.number(), cases: z.number(), breachClocks: z.number() }),
});
const finding = z
  .object({
    class_uid: z.literal(2004),
    type_uid: z.number(),
    finding_info: z.record(z.string(), z.unknown()),
  })
  .passthrough()
  .describe('an OCSF Detection Finding');

const idParam = z.object({ id: z.string().min(1).max(256) });

export function socRoutes(deps: WorkflowDeps): AnyRoute[] {
  return [
    defineRoute({
      method: 'GET',
      url: '/api/v1/metrics/soc',
      summary:
        'SOC metrics: MTTD, MTTA, time to contain and MTTR (count, mean, median, p90 in seconds), by group',
      tags: TAGS,
      access: ALERTS_READ,
      query: z.object({
        since: timeText
          .optional()
          .describe('start (inclusive) of alert/case creation: ISO 8601, epoch, or now-30d (default)'),
        until: timeText.optional().describe('end (exclusive): default now'),
        groupBy: commaList(METRIC_GROUPS, 'group')
          .optional()
          .describe(`comma-separated groups (${METRIC_GROUPS.join(', ')}); default all`),
      }),
      responses: { 200: metricsSchema, ...PROBLEMS },
      handler: ({ query, tenants }) =>
        socMetricsOf(
          deps.db,
          tenants,
          windowOf(query.since, query.until, 'now-30d'),
          (query.groupBy as MetricGroup[] | undefined) ?? METRIC_GROUPS,
        ),
    }),
    defineRoute({
      method: 'GET',
      url: '/api/v1/sla/policies',
      summary:
        "SLA policies of the caller's tenants: minutes to acknowledge, contain and resolve per severity",
      tags: TAGS,
      access: ALERTS_READ,
      responses: {
        200: z.object({
          tenants: z.array(z.object({ tenant: z.string(), policies: z.array(policySchema) })),
        }),
      },
      handler: async ({ tenants }) => ({ tenants: await slaPolicyList(deps.db, tenants) }),
    }),
    defineRoute({
      method: 'PUT',
      url: '/api/v1/sla/policies/:severity',
      summary: "Set the tenant's SLA for one severity (overrides the default; audited as sla.update)",
      tags: TAGS,
      access: { kind: 'api', permission: 'settings:admin' },
      params: z.object({ severity: z.enum(SEVERITIES) }),
      body: z
        .object({ acknowledgeMinutes: minutes, containMinutes: minutes, resolveMinutes: minutes })
        .strict(),
      responses: { 200: z.object({ tenant: z.string(), policy: policySchema }), ...PROBLEMS },
      handler: async ({ params, body, tenants, tenant, principal, request }) => {
        const t = tenant();
        const policy = await setSlaPolicy(
          deps,
          tenants,
          t,
          params.severity,
          body,
          auditBy(principal, request),
        );
        return { tenant: t, policy };
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/v1/sla/breaches',
      summary:
        'SLA clocks breached or at risk (alerts to acknowledge, cases to contain or resolve) and breach-notification clocks',
      tags: TAGS,
      access: ALERTS_READ,
      query: z.object({ limit: z.coerce.number().int().min(1).max(5000).default(500) }),
      responses: { 200: breachesSchema },
      handler: ({ query, tenants }) => slaBreaches(deps.db, tenants, { limit: query.limit }),
    }),
    defineRoute({
      method: 'GET',
      url: '/api/v1/cases/:id/report',
      summary: 'The case report as Markdown or as a self-contained HTML page (no scripts, strict CSP)',
      tags: TAGS,
      access: { kind: 'api', permission: 'cases:read' },
      params: idParam,
      query: z.object({ format: z.enum(['markdown', 'html']).default('markdown') }),
      responses: { 200: 'text/markdown or text/html', ...PROBLEMS },
      handler: async ({ params, query, tenants, reply }) => {
        const r = await caseReport(deps.db, tenants, params.id, query.format);
        return reply
          .header('content-security-policy', r.csp ?? "default-src 'none'; frame-ancestors 'none'; sandbox")
          .header('content-disposition', `inline; filename="${r.filename}"`)
          .header('x-content-type-options', 'nosniff')
          .type(r.contentType)
          .send(r.body);
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/v1/alerts/ocsf',
      summary:
        'Alerts created or changed in a window as OCSF Detection Findings (JSON array; NDJSON with Accept: application/x-ndjson)',
      tags: TAGS,
      access: ALERTS_READ,
      query: z.object({
        since: timeText.optional().describe('changed at or after: ISO 8601, epoch, or now-24h (default)'),
        until: timeText.optional().describe('changed before: default now'),
        status: commaList(TRIAGE_STATUSES, 'status').optional().describe('comma-separated triage statuses'),
        limit: z.coerce.number().int().min(1).max(10_000).default(1000),
      }),
      responses: { 200: z.array(finding), ...PROBLEMS },
      handler: async ({ query, tenants, request, reply }) => {
        const findings = await ocsfFindings(deps.db, tenants, {
          ...windowOf(query.since, query.until, 'now-24h'),
          limit: query.limit,
          ...(query.status ? { status: query.status } : {}),
        });
        if (String(request.headers.accept ?? '').includes('application/x-ndjson'))
          return reply
            .type('application/x-ndjson')
            .send(findings.map((f) => `${JSON.stringify(f)}\n`).join(''));
        return findings;
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/v1/alerts/:id/ocsf',
      summary: 'One alert as an OCSF Detection Finding',
      tags: TAGS,
      access: ALERTS_READ,
      params: idParam,
      responses: { 200: finding, ...PROBLEMS },
      handler: ({ params, tenants }) => ocsfFinding(deps.db, tenants, params.id),
    }),
  ];
}
