/**
 * Cases: create by hand or by escalating alerts, list (with per-phase counts for the board), read
 * with everything, edit with optimistic concurrency (`version`), IR phases, close/reopen, merge,
 * links, tasks, observables, timeline notes, evidence files, the post-incident review, comments,
 * and the task templates. Reads need `cases:read`, changes `cases:write`.
 */

import { z } from 'zod';
import { permissionsOf } from '../../access/index.ts';
import { type CaseBy, type CaseService, caseService, type NewCase } from '../../workflow/cases.ts';
import { auditBy } from '../audit/context.ts';
import { type AnyRoute, defineRoute } from '../route.ts';
import type { WorkflowDeps } from '../workflow.ts';
import {
  caseDetail,
  caseIdParams,
  casePage,
  caseRecord,
  closeBody,
  closeResult,
  comment,
  commentBody,
  escalateBody,
  escalateResult,
  evidence,
  evidenceParams,
  evidenceQuery,
  linkParams,
  listQuery,
  mergeBody,
  mergeResult,
  newCaseBody,
  newTaskBody,
  noteBody,
  observable,
  observableBody,
  observableDetail,
  patchCaseBody,
  patchTaskBody,
  phaseBody,
  reopenBody,
  review,
  reviewBody,
  task,
  taskParams,
  template,
  timelineEntry,
} from './schemas.ts';

const READ = { kind: 'api', permission: 'cases:read' } as const;
const WRITE = { kind: 'api', permission: 'cases:write' } as const;
const TAGS = ['cases'];

/** Drops keys whose value is undefined (the store's optional fields are exact). */
function defined<T extends object>(o: T): { [K in keyof T]: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as {
    [K in keyof T]: Exclude<T[K], undefined>;
  };
}

export function caseRoutes(deps: WorkflowDeps, service?: CaseService): AnyRoute[] {
  const cases =
    service ??
    caseService({
      db: deps.db,
      live: deps.live,
      riskHalfLifeHours: deps.alerts.riskHalfLifeHours,
      dataDir: deps.dataDir,
      maxEvidenceBytes: deps.cases.maxEvidenceBytes,
      mayWorkCases: (roles) => permissionsOf(roles).includes('cases:write'),
    });
  const by = (ctx: {
    principal: Parameters<typeof auditBy>[0];
    request: Parameters<typeof auditBy>[1];
  }): CaseBy => auditBy(ctx.principal, ctx.request);

  return [
    defineRoute({
      method: 'POST',
      url: '/api/v1/cases',
      summary: 'Open a case by hand (an incident type adds its template tasks)',
      tags: TAGS,
      access: WRITE,
      body: newCaseBody,
      responses: { 201: caseRecord, 400: 'problem' },
      handler: async (ctx) => {
        const c = await cases.create(ctx.tenants, ctx.tenant(), defined(ctx.body) as NewCase, by(ctx));
        ctx.reply.code(201);
        return c;
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/api/v1/cases/escalate',
      summary: 'Escalate alerts (id + version read) into a new case or an existing one (caseId)',
      tags: TAGS,
      access: WRITE,
      body: escalateBody,
      responses: { 200: escalateResult, 201: escalateResult, 404: 'problem', 409: 'problem' },
      handler: async (ctx) => {
        const r = await cases.escalate(
          ctx.tenants,
          defined({
            alerts: ctx.body.alerts,
            caseId: ctx.body.caseId,
            newCase: ctx.body.case ? (defined(ctx.body.case) as Partial<NewCase>) : undefined,
          }),
          by(ctx),
        );
        if (r.created) ctx.reply.code(201);
        return r;
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/v1/cases',
      summary: 'List cases, newest first (keyset paging), with counts per phase for the board',
      tags: TAGS,
      access: READ,
      query: listQuery,
      responses: { 200: casePage },
      handler: ({ query, tenants }) => cases.list(tenants, defined(query)),
    }),
    defineRoute({
      method: 'GET',
      url: '/api/v1/cases/:id',
      summary:
        'A case with its alerts, tasks, observables, timeline, evidence, links, phase history and review',
      tags: TAGS,
      access: READ,
      params: caseIdParams,
      responses: { 200: caseDetail, 404: 'problem' },
      handler: ({ params, tenants }) => cases.get(tenants, params.id),
    }),
    defineRoute({
      method: 'PATCH',
      url: '/api/v1/cases/:id',
      summary:
        'Edit a case (title, severity, TLP, assignee, tags, incident type, personal data, regulations, breach times)',
      tags: TAGS,
      access: WRITE,
      params: caseIdParams,
      body: patchCaseBody,
      responses: { 200: caseRecord, 404: 'problem', 409: 'problem' },
      handler: async (ctx) => {
        const { version, ...patch } = ctx.body;
        return (await cases.update(ctx.tenants, ctx.params.id, version, defined(patch), by(ctx))).case;
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/api/v1/cases/:id/phase',
      summary: 'Move a case to an IR phase (moving back is allowed and recorded)',
      tags: TAGS,
      access: WRITE,
      params: caseIdParams,
      body: phaseBody,
      responses: { 200: caseRecord, 400: 'problem', 409: 'problem' },
      handler: async (ctx) =>
        (await cases.phase(ctx.tenants, ctx.params.id, ctx.body.version, ctx.body.phase, by(ctx))).case,
    }),
    defineRoute({
      method: 'POST',
      url: '/api/v1/cases/:id/close',
      summary: 'Close a case with a resolution; its escalated alerts are closed with the same verdict',
      tags: TAGS,
      access: WRITE,
      params: caseIdParams,
      body: closeBody,
      responses: { 200: closeResult, 400: 'problem', 409: 'problem' },
      handler: (ctx) =>
        cases.close(ctx.tenants, ctx.params.id, ctx.body.version, ctx.body.resolution, by(ctx)),
    }),
    defineRoute({
      method: 'POST',
      url: '/api/v1/cases/:id/reopen',
      summary: 'Reopen a closed case (its alerts stay closed)',
      tags: TAGS,
      access: WRITE,
      params: caseIdParams,
      body: reopenBody,
      responses: { 200: caseRecord, 400: 'problem', 409: 'problem' },
      handler: async (ctx) =>
        (await cases.reopen(ctx.tenants, ctx.params.id, ctx.body.version, by(ctx))).case,
    }),
    defineRoute({
      method: 'POST',
      url: '/api/v1/cases/:id/merge',
      summary:
        'Merge this case into targetId: its alerts, tasks, observables, timeline, evidence and links move there',
      tags: TAGS,
      access: WRITE,
      params: caseIdParams,
      body: mergeBody,
      responses: { 200: mergeResult, 400: 'problem', 409: 'problem' },
      handler: async (ctx) => {
        const r = await cases.merge(ctx.tenants, ctx.params.id, ctx.body.version, ctx.body.targetId, by(ctx));
        return { source: r.source, target: r.target, moved: r.moved };
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/api/v1/cases/:id/links/:otherId',
      summary: 'Link two cases (both ways)',
      tags: TAGS,
      access: WRITE,
      params: linkParams,
      responses: { 200: z.object({ cases: z.array(caseRecord) }), 404: 'problem' },
      handler: (ctx) => cases.link(ctx.tenants, ctx.params.id, ctx.params.otherId, by(ctx)),
    }),
    defineRoute({
      method: 'DELETE',
      url: '/api/v1/cases/:id/links/:otherId',
      summary: 'Unlink two cases (both ways)',
      tags: TAGS,
      access: WRITE,
      params: linkParams,
      responses: { 200: z.object({ cases: z.array(caseRecord) }), 404: 'problem' },
      handler: (ctx) => cases.unlink(ctx.tenants, ctx.params.id, ctx.params.otherId, by(ctx)),
    }),
    defineRoute({
      method: 'POST',
      url: '/api/v1/cases/:id/tasks',
      summary: 'Add a task ({title, …}) or the tasks of an incident type’s template ({template}, each once)',
      tags: TAGS,
      access: WRITE,
      params: caseIdParams,
      body: newTaskBody,
      responses: { 201: z.object({ tasks: z.array(task) }), 400: 'problem', 404: 'problem' },
      handler: async (ctx) => {
        const b = ctx.body;
        const tasks =
          'template' in b
            ? (await cases.addTemplateTasks(ctx.tenants, ctx.params.id, b.template, by(ctx))).result
            : [(await cases.addTask(ctx.tenants, ctx.params.id, defined(b), by(ctx))).result];
        ctx.reply.code(201);
        return { tasks };
      },
    }),
    defineRoute({
      method: 'PATCH',
      url: '/api/v1/cases/:id/tasks/:taskId',
      summary: 'Edit, complete or move a task (version: the task version you read)',
      tags: TAGS,
      access: WRITE,
      params: taskParams,
      body: patchTaskBody,
      responses: { 200: task, 404: 'problem', 409: 'problem' },
      handler: async (ctx) => {
        const { version, ...patch } = ctx.body;
        return (
          await cases.updateTask(
            ctx.tenants,
            ctx.params.id,
            ctx.params.taskId,
            version,
            defined(patch),
            by(ctx),
          )
        ).result;
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/api/v1/cases/:id/observables',
      summary: 'Add an observable to a case (an existing one of the tenant gets a sighting here)',
      tags: TAGS,
      access: WRITE,
      params: caseIdParams,
      body: observableBody,
      responses: {
        200: z.object({ observable, created: z.boolean() }),
        201: z.object({ observable, created: z.boolean() }),
      },
      handler: async (ctx) => {
        const r = (await cases.addObservable(ctx.tenants, ctx.params.id, defined(ctx.body), by(ctx))).result;
        if (r.created) ctx.reply.code(201);
        return r;
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/v1/observables/:id',
      summary: 'An observable with every alert and case it was seen in',
      tags: TAGS,
      access: READ,
      params: caseIdParams,
      responses: { 200: observableDetail, 404: 'problem' },
      handler: ({ params, tenants }) => cases.observable(tenants, params.id),
    }),
    defineRoute({
      method: 'GET',
      url: '/api/v1/cases/:id/timeline',
      summary: 'The case timeline in incident order (automatic entries and notes)',
      tags: TAGS,
      access: READ,
      params: caseIdParams,
      responses: { 200: z.object({ items: z.array(timelineEntry) }), 404: 'problem' },
      handler: async ({ params, tenants }) => ({ items: await cases.timeline(tenants, params.id) }),
    }),
    defineRoute({
      method: 'POST',
      url: '/api/v1/cases/:id/notes',
      summary: 'Add a note to the timeline (eventTime: when it happened; default now)',
      tags: TAGS,
      access: WRITE,
      params: caseIdParams,
      body: noteBody,
      responses: { 201: timelineEntry, 400: 'problem', 404: 'problem' },
      handler: async (ctx) => {
        const r = await cases.addNote(ctx.tenants, ctx.params.id, defined(ctx.body), by(ctx));
        ctx.reply.code(201);
        return r.result;
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/api/v1/cases/:id/evidence',
      summary:
        'Upload an evidence file (raw body; ?name=&description=); stored once per SHA-256, read-only. Files above cases.maxEvidenceBytes are refused with 413',
      tags: TAGS,
      access: WRITE,
      rawBody: { contentTypes: ['application/octet-stream'] },
      // One more byte than allowed reaches the service, which refuses it naming the setting.
      bodyLimitBytes: deps.cases.maxEvidenceBytes + 1,
      params: caseIdParams,
      query: evidenceQuery,
      responses: { 201: evidence, 400: 'problem', 404: 'problem', 413: 'problem' },
      handler: async (ctx) => {
        const bytes = (ctx.request.body as Buffer | undefined) ?? Buffer.alloc(0);
        const r = await cases.uploadEvidence(
          ctx.tenants,
          ctx.params.id,
          {
            name: ctx.query.name,
            contentType: String(ctx.request.headers['content-type'] ?? 'application/octet-stream'),
            bytes,
            ...(ctx.query.description !== undefined ? { description: ctx.query.description } : {}),
          },
          by(ctx),
        );
        ctx.reply.code(201);
        return r.result;
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/v1/cases/:id/evidence/:evidenceId',
      summary:
        'Download an evidence file (attachment; ETag and Digest carry its SHA-256, rechecked before sending: an altered file is refused)',
      tags: TAGS,
      access: READ,
      params: evidenceParams,
      responses: { 200: 'the file (application/octet-stream)', 404: 'problem', 500: 'problem' },
      handler: async (ctx) => {
        const d = await cases.downloadEvidence(ctx.tenants, ctx.params.id, ctx.params.evidenceId, by(ctx));
        ctx.reply.headers(d.headers);
        return ctx.reply.send(d.stream);
      },
    }),
    defineRoute({
      method: 'PUT',
      url: '/api/v1/cases/:id/review',
      summary: 'Write the post-incident review (root cause, went well/badly, follow-up actions)',
      tags: TAGS,
      access: WRITE,
      params: caseIdParams,
      body: reviewBody,
      responses: { 200: review, 409: 'problem' },
      handler: async (ctx) => {
        const { version, ...input } = ctx.body;
        const r = await cases.saveReview(
          ctx.tenants,
          ctx.params.id,
          version,
          { ...input, actions: input.actions.map((a) => defined(a)) },
          by(ctx),
        );
        return r.result;
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/v1/cases/:id/comments',
      summary: 'Comments on a case, oldest first',
      tags: TAGS,
      access: READ,
      params: caseIdParams,
      responses: { 200: z.object({ items: z.array(comment) }), 404: 'problem' },
      handler: async ({ params, tenants }) => ({ items: await cases.comments(tenants, params.id) }),
    }),
    defineRoute({
      method: 'POST',
      url: '/api/v1/cases/:id/comments',
      summary: 'Comment on a case',
      tags: TAGS,
      access: WRITE,
      params: caseIdParams,
      body: commentBody,
      responses: { 201: comment, 400: 'problem', 404: 'problem' },
      handler: async (ctx) => {
        const c = await cases.addComment(ctx.tenants, ctx.params.id, ctx.body.body, by(ctx));
        ctx.reply.code(201);
        return c;
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/v1/case-templates',
      summary: 'Task templates per incident type (each task with its IR phase and what to do)',
      tags: TAGS,
      access: READ,
      responses: { 200: z.object({ items: z.array(template) }) },
      handler: () => ({ items: cases.templates() }),
    }),
  ];
}
