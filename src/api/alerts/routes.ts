/**
 * The alert queue and triage: list and read alerts (with their matched events), acknowledge,
 * start, close (with a verdict), reopen and assign one alert or many, comments, similar alerts,
 * and saved views. Every change names the `version` the caller read: a stale one answers 409
 * with `currentVersion`.
 */
import type { FastifyRequest } from 'fastify';
import { clientFields, type Principal, permissionsOf } from '../../access/index.ts';
import { BadRequestError } from '../../core/errors.ts';
import {
  alertComments,
  alertDetail,
  alertQueue,
  bulkTriageAlerts,
  changeView,
  commentOnAlert,
  removeView,
  savedViews,
  saveView,
  similarTo,
  type TriageCaller,
  type TriageDeps,
  type TriageRequest,
  type TriageResult,
  triageAlert,
} from '../../workflow/triage.ts';
import { auditBy } from '../audit/context.ts';
import { type AnyRoute, defineRoute } from '../route.ts';
import type { WorkflowDeps } from '../workflow.ts';
import {
  type AlertListQuery,
  alertDetailSchema,
  alertList,
  alertListQuery,
  alertParams,
  alertSchema,
  assignBody,
  type BulkBody,
  bulkBody,
  bulkResults,
  closeBody,
  commentBody,
  commentList,
  commentSchema,
  similarList,
  similarQuery,
  versionBody,
  viewCreateBody,
  viewList,
  viewListQuery,
  viewParams,
  viewSchema,
  viewUpdateBody,
} from './triage-schemas.ts';

const TAGS = ['alerts'];
const READ = { kind: 'api', permission: 'alerts:read' } as const;
const WRITE = { kind: 'api', permission: 'alerts:write' } as const;
const PROBLEMS = {
  400: 'problem',
  404: 'no such alert in your tenants',
  409: 'stale version (currentVersion)',
};

/** The caller as the triage services take it: user, name, and the audit fields of the request. */
function callerOf(principal: Principal | null, request: FastifyRequest): TriageCaller {
  const by = auditBy(principal, request);
  return {
    userId: principal?.userId ?? null,
    name: principal?.name ?? 'anonymous',
    audit: { actor: by.actor, ...clientFields(by.client) },
  };
}

function queueInput(q: AlertListQuery) {
  let entity: { type: string; value: string } | undefined;
  if (q.entity) {
    const at = q.entity.indexOf(':');
    entity = { type: q.entity.slice(0, at), value: q.entity.slice(at + 1) };
  }
  return {
    ...(q.status ? { status: q.status } : {}),
    ...(q.severity ? { severity: q.severity } : {}),
    ...(q.rule ? { ruleId: q.rule } : {}),
    ...(q.assignee ? { assignee: q.assignee } : {}),
    ...(entity ? { entity } : {}),
    ...(q.tactic ? { tactic: q.tactic } : {}),
    ...(q.technique ? { technique: q.technique } : {}),
    ...(q.case ? { caseId: q.case } : {}),
    ...(q.q ? { q: q.q } : {}),
    ...(q.since ? { since: q.since } : {}),
    ...(q.until ? { until: q.until } : {}),
    sort: q.sort,
    limit: q.limit,
    ...(q.cursor ? { cursor: q.cursor } : {}),
  };
}

/** A bulk body as one triage request (the fields its action needs). */
function bulkRequest(body: BulkBody): TriageRequest {
  switch (body.action) {
    case 'close':
      return { action: 'close', verdict: body.verdict ?? null, duplicateOf: body.duplicateOf ?? null };
    case 'assign':
      if (body.assignee === undefined)
        throw new BadRequestError(
          'bulk assign needs "assignee": a user id or name, "me", or null to unassign',
          'assignee',
        );
      return { action: 'assign', assignee: body.assignee };
    default:
      return { action: body.action };
  }
}

/** What a bulk answer says of one alert (the alert itself is not repeated). */
function bulkResult(r: TriageResult) {
  if (r.outcome === 'ok')
    return { id: r.id, outcome: r.outcome, version: r.alert.version, status: r.alert.status };
  return r;
}

export function alertRoutes(deps: WorkflowDeps): AnyRoute[] {
  const triage: TriageDeps = {
    db: deps.db,
    live: deps.live,
    riskHalfLifeHours: deps.alerts.riskHalfLifeHours,
    mayTriage: (roles) => permissionsOf(roles).includes('alerts:write'),
  };

  const action = (name: 'acknowledge' | 'start' | 'reopen', summary: string) =>
    defineRoute({
      method: 'POST',
      url: `/api/v1/alerts/:id/${name}`,
      summary,
      tags: TAGS,
      access: WRITE,
      params: alertParams,
      body: versionBody,
      responses: { 200: alertSchema, ...PROBLEMS },
      handler: ({ params, body, tenants, principal, request }) =>
        triageAlert(triage, tenants, params.id, body.version, { action: name }, callerOf(principal, request)),
    });

  return [
    defineRoute({
      method: 'GET',
      url: '/api/v1/alerts',
      summary: 'The alert queue: filtered, sorted, paged, with counts per status',
      tags: TAGS,
      access: READ,
      query: alertListQuery,
      responses: { 200: alertList, 400: 'problem' },
      handler: ({ query, tenants, principal, request }) =>
        alertQueue(triage, tenants, queueInput(query), callerOf(principal, request)),
    }),
    defineRoute({
      method: 'GET',
      url: '/api/v1/alerts/:id',
      summary: 'One alert with its matched events',
      tags: TAGS,
      access: READ,
      params: alertParams,
      responses: { 200: alertDetailSchema, 404: 'no such alert in your tenants' },
      handler: ({ params, tenants }) => alertDetail(triage, deps.events, tenants, params.id),
    }),
    action('acknowledge', 'Acknowledge a new alert'),
    action('start', 'Start working on an alert (in progress)'),
    defineRoute({
      method: 'POST',
      url: '/api/v1/alerts/:id/close',
      summary: 'Close an alert with a verdict',
      tags: TAGS,
      access: WRITE,
      params: alertParams,
      body: closeBody,
      responses: { 200: alertSchema, ...PROBLEMS },
      handler: ({ params, body, tenants, principal, request }) =>
        triageAlert(
          triage,
          tenants,
          params.id,
          body.version,
          { action: 'close', verdict: body.verdict ?? null, duplicateOf: body.duplicateOf ?? null },
          callerOf(principal, request),
        ),
    }),
    action('reopen', 'Reopen a closed alert (back in progress, verdict cleared)'),
    defineRoute({
      method: 'POST',
      url: '/api/v1/alerts/:id/assign',
      summary: 'Assign an alert to a user (or unassign it)',
      tags: TAGS,
      access: WRITE,
      params: alertParams,
      body: assignBody,
      responses: { 200: alertSchema, ...PROBLEMS },
      handler: ({ params, body, tenants, principal, request }) =>
        triageAlert(
          triage,
          tenants,
          params.id,
          body.version,
          { action: 'assign', assignee: body.assignee },
          callerOf(principal, request),
        ),
    }),
    defineRoute({
      method: 'POST',
      url: '/api/v1/alerts/bulk',
      summary: 'One triage action on many alerts, with a result per alert',
      tags: TAGS,
      access: WRITE,
      body: bulkBody,
      responses: { 200: bulkResults, 400: 'problem' },
      handler: async ({ body, tenants, principal, request }) => {
        const results = await bulkTriageAlerts(
          triage,
          tenants,
          body.items,
          bulkRequest(body),
          callerOf(principal, request),
        );
        return { results: results.map(bulkResult) };
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/v1/alerts/:id/comments',
      summary: "An alert's comments, oldest first",
      tags: TAGS,
      access: READ,
      params: alertParams,
      responses: { 200: commentList, 404: 'no such alert in your tenants' },
      handler: async ({ params, tenants }) => ({ items: await alertComments(triage, tenants, params.id) }),
    }),
    defineRoute({
      method: 'POST',
      url: '/api/v1/alerts/:id/comments',
      summary: 'Comment on an alert',
      tags: TAGS,
      access: WRITE,
      params: alertParams,
      body: commentBody,
      responses: { 201: commentSchema, 400: 'problem', 404: 'no such alert in your tenants' },
      handler: async ({ params, body, tenants, principal, request, reply }) => {
        const comment = await commentOnAlert(
          triage,
          tenants,
          params.id,
          body.body,
          callerOf(principal, request),
        );
        reply.code(201);
        return comment;
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/v1/alerts/:id/similar',
      summary:
        'Alerts like this one (same fingerprint, or same rule or title and an entity in common); closed first',
      tags: TAGS,
      access: READ,
      params: alertParams,
      query: similarQuery,
      responses: { 200: similarList, 404: 'no such alert in your tenants' },
      handler: async ({ params, query, tenants }) => ({
        items: await similarTo(triage, tenants, params.id, query.limit),
      }),
    }),
    defineRoute({
      method: 'GET',
      url: '/api/v1/views',
      summary: 'Saved views: your own and those shared with your tenants',
      tags: TAGS,
      access: READ,
      query: viewListQuery,
      responses: { 200: viewList },
      handler: async ({ query, tenants, principal, request }) => ({
        items: await savedViews(triage, tenants, callerOf(principal, request), query.kind),
      }),
    }),
    defineRoute({
      method: 'POST',
      url: '/api/v1/views',
      summary: 'Save a view of the alert queue or of event search',
      tags: TAGS,
      access: READ,
      body: viewCreateBody,
      responses: { 201: viewSchema, 400: 'problem' },
      handler: async ({ body, tenants, tenant, principal, request, reply }) => {
        const view = await saveView(
          triage,
          tenants,
          { ...body, tenant: tenant() },
          callerOf(principal, request),
        );
        reply.code(201);
        return view;
      },
    }),
    defineRoute({
      method: 'PUT',
      url: '/api/v1/views/:id',
      summary: 'Rename, refilter or (un)share one of your saved views',
      tags: TAGS,
      access: READ,
      params: viewParams,
      body: viewUpdateBody,
      responses: { 200: viewSchema, 400: 'problem', 403: 'not your view', 404: 'no such view' },
      handler: ({ params, body, tenants, principal, request }) =>
        changeView(triage, tenants, params.id, body, callerOf(principal, request)),
    }),
    defineRoute({
      method: 'DELETE',
      url: '/api/v1/views/:id',
      summary: 'Delete one of your saved views',
      tags: TAGS,
      access: READ,
      params: viewParams,
      responses: { 204: 'deleted', 403: 'not your view', 404: 'no such view' },
      handler: async ({ params, tenants, principal, request, reply }) => {
        await removeView(triage, tenants, params.id, callerOf(principal, request));
        return reply.code(204).send();
      },
    }),
  ];
}
