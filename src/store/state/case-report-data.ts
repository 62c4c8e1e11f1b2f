/**
 * Everything the case report shows (`src/cases/report.ts`), read for one case of the caller's
 * scope: the case, its phase history, alerts, observables (through their sightings), tasks,
 * timeline, evidence metadata and post-incident review.
 */
import type { CaseReportData } from '../../cases/report.ts';
import type { TenantScope } from '../tenancy.ts';
import { parseJsonArray } from './sla-watch.ts';
import type { StateDbOrTx } from './transaction.ts';

type Review = NonNullable<CaseReportData['review']>;

const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/** The stored review JSON, read leniently (a missing field is empty). */
export function parseReview(text: string | null): Review | null {
  if (!text) return null;
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return null;
  }
  if (!v || typeof v !== 'object') return null;
  const o = v as Record<string, unknown>;
  const actions = Array.isArray(o.actions) ? o.actions : [];
  return {
    rootCause: str(o.rootCause),
    wentWell: str(o.wentWell),
    wentBadly: str(o.wentBadly),
    actions: actions.flatMap((a: unknown) => {
      if (!a || typeof a !== 'object') return [];
      const x = a as Record<string, unknown>;
      return [
        {
          text: str(x.text),
          owner: str(x.owner),
          dueAt: typeof x.dueAt === 'string' ? x.dueAt : null,
          done: x.done === true,
        },
      ];
    }),
  };
}

/** The report's data for case `id` of the scope, or null when the scope has no such case. */
export async function caseReportData(
  db: StateDbOrTx,
  scope: TenantScope,
  id: string,
): Promise<CaseReportData | null> {
  if (scope.length === 0) return null;
  const c = await db
    .selectFrom('cases')
    .selectAll()
    .where('tenant', 'in', [...scope])
    .where('id', '=', id)
    .executeTakeFirst();
  if (!c) return null;
  const tenant = c.tenant;
  const [phases, alerts, observables, tasks, timeline, evidence] = await Promise.all([
    db
      .selectFrom('case_phases')
      .select(['phase', 'entered_at', 'entered_by'])
      .where('tenant', '=', tenant)
      .where('case_id', '=', id)
      .orderBy('entered_at')
      .execute(),
    db
      .selectFrom('alerts')
      .select(['id', 'title', 'severity', 'rule_id', 'status', 'verdict', 'count', 'first_seen', 'last_seen'])
      .where('tenant', '=', tenant)
      .where('case_id', '=', id)
      .orderBy('first_seen')
      .execute(),
    db
      .selectFrom('observable_sightings as s')
      .innerJoin('observables as o', 'o.id', 's.observable_id')
      .select(['o.type', 'o.value', 'o.tlp', 'o.ioc', 'o.description'])
      .where('s.tenant', '=', tenant)
      .where('o.tenant', '=', tenant)
      .where('s.target_type', '=', 'case')
      .where('s.target_id', '=', id)
      .orderBy('o.type')
      .orderBy('o.value')
      .execute(),
    db
      .selectFrom('case_tasks')
      .select(['phase', 'title', 'status', 'assignee', 'due_at', 'completed_at'])
      .where('tenant', '=', tenant)
      .where('case_id', '=', id)
      .orderBy('position')
      .execute(),
    db
      .selectFrom('case_timeline')
      .select(['kind', 'action', 'title', 'body', 'event_time', 'recorded_at', 'author_name'])
      .where('tenant', '=', tenant)
      .where('case_id', '=', id)
      .orderBy('event_time')
      .orderBy('recorded_at')
      .execute(),
    db
      .selectFrom('case_evidence')
      .select(['name', 'content_type', 'size', 'sha256', 'description', 'uploaded_by', 'uploaded_at'])
      .where('tenant', '=', tenant)
      .where('case_id', '=', id)
      .orderBy('uploaded_at')
      .execute(),
  ]);
  return {
    case: {
      id: c.id,
      number: c.number,
      tenant: c.tenant,
      title: c.title,
      description: c.description,
      severity: c.severity,
      tlp: c.tlp,
      incidentType: c.incident_type,
      status: c.status,
      phase: c.phase,
      resolution: c.resolution,
      assignee: c.assignee,
      tags: parseJsonArray(c.tags),
      personalData: c.personal_data === 1,
      regulations: parseJsonArray(c.regulations),
      awareAt: c.aware_at,
      notifiedAt: c.notified_at,
      mergedInto: c.merged_into,
      createdBy: c.created_by,
      createdAt: c.created_at,
      updatedAt: c.updated_at,
      containedAt: c.contained_at,
      resolvedAt: c.resolved_at,
      closedAt: c.closed_at,
    },
    phases: phases.map((p) => ({ phase: p.phase, enteredAt: p.entered_at, enteredBy: p.entered_by })),
    alerts: alerts.map((a) => ({
      id: a.id,
      title: a.title,
      severity: a.severity,
      ruleId: a.rule_id,
      status: a.status,
      verdict: a.verdict,
      count: a.count,
      firstSeen: a.first_seen,
      lastSeen: a.last_seen,
    })),
    observables: observables.map((o) => ({
      type: o.type,
      value: o.value,
      tlp: o.tlp,
      ioc: o.ioc === 1,
      description: o.description,
    })),
    tasks: tasks.map((t) => ({
      phase: t.phase,
      title: t.title,
      status: t.status,
      assignee: t.assignee,
      dueAt: t.due_at,
      completedAt: t.completed_at,
    })),
    timeline: timeline.map((t) => ({
      kind: t.kind,
      action: t.action,
      title: t.title,
      body: t.body,
      eventTime: t.event_time,
      recordedAt: t.recorded_at,
      authorName: t.author_name,
    })),
    evidence: evidence.map((e) => ({
      name: e.name,
      contentType: e.content_type,
      size: e.size,
      sha256: e.sha256,
      description: e.description,
      uploadedBy: e.uploaded_by,
      uploadedAt: e.uploaded_at,
    })),
    review: parseReview(c.review),
  };
}
