/**
 * Cases: created by hand or by escalating alerts (`case-escalate.ts`), worked through the IR
 * phases, closed with a resolution, reopened, merged and linked (`case-merge.ts`). Reads take the
 * caller's `TenantScope` (another tenant's case answers 404); writes go to the case's tenant,
 * which is in the scope by construction, and commit with their timeline entry, audit entry and
 * the case's new `seq`. Edits of the case itself name the `version` the caller read and bump it;
 * changes of what hangs off a case (tasks, observables, evidence, notes, alerts) bump only `seq`,
 * so two analysts working different parts of a case do not conflict.
 */
import { randomUUID } from 'node:crypto';
import { type SqlBool, sql } from 'kysely';
import {
  assertOpen,
  CASE_PHASES,
  type CasePhase,
  type CaseResolution,
  isTlp,
  PHASE_LABELS,
  planClose,
  planPhaseMove,
  planReopen,
  REGULATIONS,
  type Regulation,
  type Tlp,
} from '../../cases/phases.ts';
import { type IncidentType, isIncidentType, templateOf } from '../../cases/templates.ts';
import { BadRequestError, ConflictError, ForbiddenError } from '../../core/errors.ts';
import type { TenantScope } from '../tenancy.ts';
import { type AlertChange, type CaseAlert, closeCaseAlerts, listCaseAlerts } from './case-alerts.ts';
import { type Evidence, listEvidence } from './case-evidence.ts';
import { type CaseReview, reviewOf } from './case-review.ts';
import {
  actorName,
  auditChange,
  autoEntry,
  type CaseRecord,
  type ChangeAudit,
  caseRecordOf,
  inScope,
  likeEscape,
  loadCase,
  recordChange,
} from './case-rows.ts';
import { type CaseTask, insertTemplateTasks, listTasks } from './case-tasks.ts';
import { listTimeline, type TimelineEntry } from './case-timeline.ts';
import { type CaseObservable, listCaseObservables } from './observables.ts';
import type { CaseTable, SeverityName } from './schema.ts';
import { nextSocSeq } from './soc-seq.ts';
import { inTransaction, type StateDbOrTx } from './transaction.ts';

export type { CaseRecord, ChangeAudit } from './case-rows.ts';

export const CASE_SEVERITIES = [
  'informational',
  'low',
  'medium',
  'high',
  'critical',
] as const satisfies readonly SeverityName[];

export interface NewCase {
  title: string;
  description?: string;
  severity?: SeverityName;
  tlp?: Tlp;
  incidentType?: IncidentType | null;
  assignee?: string | null;
  tags?: string[];
  personalData?: boolean;
  regulations?: Regulation[];
  awareAt?: string | null;
}

export interface CasePatch {
  title?: string;
  description?: string;
  severity?: SeverityName;
  tlp?: Tlp;
  assignee?: string | null;
  tags?: string[];
  incidentType?: IncidentType | null;
  personalData?: boolean;
  regulations?: Regulation[];
  awareAt?: string | null;
  notifiedAt?: string | null;
}

export interface CaseFilter {
  status?: readonly string[];
  phase?: readonly string[];
  severity?: readonly string[];
  assignee?: string;
  tag?: string;
  /** Text in the title or description, or a case number (`42`, `#42`). */
  q?: string;
  /** `nextCursor` of the previous page. */
  cursor?: string;
  limit: number;
}

export interface CaseSummary extends CaseRecord {
  alertCount: number;
  taskCount: number;
  tasksDone: number;
}

export interface CasePage {
  items: CaseSummary[];
  nextCursor: string | null;
  /** Cases matching the filter (all pages). */
  total: number;
  /** Cases per phase among those matching every filter but `phase` (the board's columns). */
  phases: Record<CasePhase, number>;
}

export interface PhaseEntry {
  phase: string;
  enteredAt: string;
  enteredBy: string;
}

export interface LinkedCase {
  id: string;
  number: number;
  title: string;
  status: string;
  severity: string;
  linkedAt: string;
  linkedBy: string;
}

export interface CaseDetail extends CaseRecord {
  review: CaseReview | null;
  alerts: CaseAlert[];
  tasks: CaseTask[];
  observables: CaseObservable[];
  timeline: TimelineEntry[];
  evidence: Evidence[];
  links: LinkedCase[];
  phases: PhaseEntry[];
}

/** What a change returns: the case after it, and the alerts it changed (for the live feed). */
export interface CaseChange {
  case: CaseRecord;
  alerts: AlertChange[];
}

function checkTarget(scope: TenantScope, tenant: string): void {
  if (!scope.includes(tenant))
    throw new ForbiddenError(`tenant "${tenant}" is not among the tenants of this request`);
}

function checkTime(value: string | null | undefined, field: string): string | null | undefined {
  if (value === null || value === undefined) return value;
  const t = Date.parse(value);
  if (Number.isNaN(t)) throw new BadRequestError(`${field} "${value}" is not an ISO 8601 time`, field);
  return new Date(t).toISOString();
}

function checkFields(input: NewCase | CasePatch): void {
  if (input.severity !== undefined && !CASE_SEVERITIES.includes(input.severity))
    throw new BadRequestError(`severity must be one of ${CASE_SEVERITIES.join(', ')}`, 'severity');
  if (input.tlp !== undefined && !isTlp(input.tlp))
    throw new BadRequestError('tlp must be one of clear, green, amber, amber+strict, red', 'tlp');
  if (input.incidentType !== undefined && input.incidentType !== null && !isIncidentType(input.incidentType))
    throw new BadRequestError(`unknown incident type "${input.incidentType}"`, 'incidentType');
  for (const r of input.regulations ?? [])
    if (!(REGULATIONS as readonly string[]).includes(r))
      throw new BadRequestError(`regulation must be one of ${REGULATIONS.join(', ')}`, 'regulations');
  if (input.title !== undefined && input.title.trim() === '')
    throw new BadRequestError('a case needs a title', 'title');
}

function checkVersion(c: CaseRecord, version: number, what: string): void {
  if (c.version !== version)
    throw new ConflictError(
      `case #${c.number} was changed by someone else (version ${c.version}, you sent ${version}); reload it and ${what} again`,
      c.version,
    );
}

/**
 * Inserts a case into `tenant` with its first phase entry (and its incident type's template
 * tasks), inside the caller's transaction, with timeline and audit entries. The number is the
 * tenant's highest plus one (the seq taken first holds the write lock, so two writers cannot
 * pick the same number).
 */
export async function insertCase(
  tx: StateDbOrTx,
  tenant: string,
  input: NewCase,
  by: ChangeAudit,
  at: string,
): Promise<CaseRecord> {
  checkFields(input);
  const seq = await nextSocSeq(tx);
  const top = await tx
    .selectFrom('cases')
    .select(sql<number>`coalesce(max(number), 0)`.as('n'))
    .where('tenant', '=', tenant)
    .executeTakeFirstOrThrow();
  const personal = input.personalData ?? false;
  const row: CaseTable = {
    id: randomUUID(),
    tenant,
    number: Number(top.n) + 1,
    seq,
    title: input.title.trim(),
    description: input.description ?? '',
    severity: input.severity ?? 'medium',
    tlp: input.tlp ?? 'amber',
    incident_type: input.incidentType ?? null,
    status: 'open',
    phase: 'detection_analysis',
    resolution: null,
    assignee: input.assignee ?? null,
    tags: JSON.stringify([...new Set(input.tags ?? [])]),
    personal_data: personal ? 1 : 0,
    regulations: JSON.stringify([...new Set(input.regulations ?? [])]),
    aware_at: checkTime(input.awareAt, 'awareAt') ?? (personal ? at : null),
    notified_at: null,
    merged_into: null,
    review: null,
    created_by: actorName(by.actor),
    created_at: at,
    updated_at: at,
    contained_at: null,
    resolved_at: null,
    closed_at: null,
    version: 1,
  };
  await tx.insertInto('cases').values(row).execute();
  await tx
    .insertInto('case_phases')
    .values({ case_id: row.id, tenant, phase: row.phase, entered_at: at, entered_by: row.created_by })
    .execute();
  const template = input.incidentType ? templateOf(input.incidentType) : null;
  const tasks = template ? await insertTemplateTasks(tx, row, template.type, at) : [];
  await autoEntry(
    tx,
    row,
    {
      action: 'case.create',
      title: `Case #${row.number} opened: ${row.title}`,
      body: template ? `${tasks.length} tasks added from the ${template.name} template.` : '',
    },
    by,
    at,
  );
  await auditChange(
    tx,
    tenant,
    by,
    'case.create',
    { type: 'case', id: row.id },
    {
      after: {
        number: row.number,
        title: row.title,
        severity: row.severity,
        tlp: row.tlp,
        incidentType: row.incident_type,
        assignee: row.assignee,
      },
    },
  );
  return caseRecordOf(row);
}

/** Opens a case by hand in `tenant` (one of `scope`). */
export async function createCase(
  db: StateDbOrTx,
  scope: TenantScope,
  tenant: string,
  input: NewCase,
  by: ChangeAudit,
  now: Date,
): Promise<CaseRecord> {
  checkTarget(scope, tenant);
  return inTransaction(db, (tx) => insertCase(tx, tenant, input, by, now.toISOString()));
}

/** Everything about a case: alerts, tasks, observables, timeline, evidence, links, phase history, review. */
export async function getCase(db: StateDbOrTx, scope: TenantScope, id: string): Promise<CaseDetail> {
  const c = await loadCase(db, scope, id);
  const review = (
    await db.selectFrom('cases').select('review').where('id', '=', c.id).executeTakeFirstOrThrow()
  ).review;
  const phases = await db
    .selectFrom('case_phases')
    .select(['phase', 'entered_at', 'entered_by'])
    .where('case_id', '=', c.id)
    .orderBy('entered_at')
    .orderBy(sql`rowid`)
    .execute();
  return {
    ...c,
    review: reviewOf(review),
    alerts: await listCaseAlerts(db, scope, c.id),
    tasks: await listTasks(db, scope, c.id),
    observables: await listCaseObservables(db, scope, c.id),
    timeline: await listTimeline(db, scope, c.id),
    evidence: await listEvidence(db, scope, c.id),
    links: await listLinks(db, scope, c.id),
    phases: phases.map((p) => ({ phase: p.phase, enteredAt: p.entered_at, enteredBy: p.entered_by })),
  };
}

/** The cases linked to `caseId`. */
export async function listLinks(db: StateDbOrTx, scope: TenantScope, caseId: string): Promise<LinkedCase[]> {
  const rows = await db
    .selectFrom('case_links as l')
    .innerJoin('cases as c', 'c.id', 'l.other_id')
    .select(['c.id', 'c.number', 'c.title', 'c.status', 'c.severity', 'l.created_at', 'l.created_by'])
    .where('l.case_id', '=', caseId)
    .where(inScope(scope, 'l.tenant'))
    .orderBy('c.number')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    number: Number(r.number),
    title: r.title,
    status: r.status,
    severity: r.severity,
    linkedAt: r.created_at,
    linkedBy: r.created_by,
  }));
}

function encodeCursor(createdAt: string, id: string): string {
  return Buffer.from(JSON.stringify([createdAt, id])).toString('base64url');
}

function decodeCursor(cursor: string): [string, string] {
  try {
    const v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(v) && v.length === 2 && typeof v[0] === 'string' && typeof v[1] === 'string')
      return [v[0], v[1]];
  } catch {
    // fall through
  }
  throw new BadRequestError('cursor is not one this server handed out; start from the first page', 'cursor');
}

/**
 * Cases of the caller's tenants, newest first (keyset paging on creation time and id, stable
 * while cases change), with per-phase counts for the board.
 */
export async function listCases(db: StateDbOrTx, scope: TenantScope, f: CaseFilter): Promise<CasePage> {
  const filtered = (withPhase: boolean) => {
    let q = db.selectFrom('cases').where(inScope(scope));
    if (f.status?.length) q = q.where('status', 'in', [...f.status]);
    if (withPhase && f.phase?.length) q = q.where('phase', 'in', [...f.phase]);
    if (f.severity?.length) q = q.where('severity', 'in', [...f.severity] as SeverityName[]);
    if (f.assignee !== undefined) q = q.where('assignee', '=', f.assignee);
    if (f.tag !== undefined)
      q = q.where(sql<SqlBool>`tags like ${`%${likeEscape(JSON.stringify(f.tag))}%`} escape '\\'`);
    const text = f.q?.trim();
    if (text) {
      const num = /^#?(\d{1,9})$/.exec(text);
      const like = `%${likeEscape(text.toLowerCase())}%`;
      q = q.where((eb) =>
        eb.or([
          eb(sql`lower(title)`, 'like', sql`${like} escape '\\'`),
          eb(sql`lower(description)`, 'like', sql`${like} escape '\\'`),
          ...(num ? [eb('number', '=', Number(num[1]))] : []),
        ]),
      );
    }
    return q;
  };
  let page = filtered(true).selectAll();
  if (f.cursor) {
    const [createdAt, id] = decodeCursor(f.cursor);
    page = page.where((eb) =>
      eb.or([
        eb('created_at', '<', createdAt),
        eb.and([eb('created_at', '=', createdAt), eb('id', '<', id)]),
      ]),
    );
  }
  const rows = await page
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(f.limit + 1)
    .execute();
  const more = rows.length > f.limit;
  const items = rows.slice(0, f.limit);
  const counts = await countsOf(
    db,
    items.map((r) => r.id),
  );
  const total = await filtered(true)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  const perPhase = await filtered(false)
    .select(['phase', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy('phase')
    .execute();
  const phases = Object.fromEntries(CASE_PHASES.map((p) => [p, 0])) as Record<CasePhase, number>;
  for (const r of perPhase) if (r.phase in phases) phases[r.phase as CasePhase] = Number(r.n);
  const last = items.at(-1);
  return {
    items: items.map((r) => ({
      ...caseRecordOf(r),
      ...(counts.get(r.id) ?? { alertCount: 0, taskCount: 0, tasksDone: 0 }),
    })),
    nextCursor: more && last ? encodeCursor(last.created_at, last.id) : null,
    total: Number(total.n),
    phases,
  };
}

async function countsOf(db: StateDbOrTx, ids: string[]) {
  const out = new Map<string, { alertCount: number; taskCount: number; tasksDone: number }>();
  if (ids.length === 0) return out;
  for (const id of ids) out.set(id, { alertCount: 0, taskCount: 0, tasksDone: 0 });
  const alerts = await db
    .selectFrom('alerts')
    .select(['case_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('case_id', 'in', ids)
    .groupBy('case_id')
    .execute();
  for (const a of alerts) if (a.case_id) out.get(a.case_id)!.alertCount = Number(a.n);
  const tasks = await db
    .selectFrom('case_tasks')
    .select([
      'case_id',
      (eb) => eb.fn.countAll<number>().as('n'),
      sql<number>`sum(case when status in ('done', 'skipped') then 1 else 0 end)`.as('done'),
    ])
    .where('case_id', 'in', ids)
    .groupBy('case_id')
    .execute();
  for (const t of tasks) {
    const c = out.get(t.case_id)!;
    c.taskCount = Number(t.n);
    c.tasksDone = Number(t.done);
  }
  return out;
}

/**
 * Edits a case's fields. `version` is the case version the caller read (stale: ConflictError
 * with the current one). Choosing an incident type adds its template tasks (each once per case);
 * flagging personal data starts the breach clocks at `awareAt` (default: now). A closed case
 * takes field edits (a notification time, tags) but not a new incident type (it would add work);
 * a merged case takes none.
 */
export async function updateCase(
  db: StateDbOrTx,
  scope: TenantScope,
  id: string,
  version: number,
  patch: CasePatch,
  by: ChangeAudit,
  now: Date,
): Promise<CaseChange> {
  checkFields(patch);
  return inTransaction(db, async (tx) => {
    const c = await loadCase(tx, scope, id);
    if (c.mergedInto !== null)
      throw new BadRequestError(`case #${c.number} was merged into another case; edit that one instead`);
    checkVersion(c, version, 'apply your change');
    const at = now.toISOString();
    const set: Partial<CaseTable> = {};
    const before: Record<string, unknown> = {};
    const after: Record<string, unknown> = {};
    const notes: string[] = [];
    const change = <K extends keyof CaseRecord>(
      key: K,
      column: keyof CaseTable,
      next: CaseRecord[K],
      stored: unknown,
    ) => {
      if (JSON.stringify(c[key]) === JSON.stringify(next)) return false;
      before[key] = c[key];
      after[key] = next;
      (set as Record<string, unknown>)[column] = stored;
      return true;
    };
    if (patch.title !== undefined && change('title', 'title', patch.title.trim(), patch.title.trim()))
      notes.push('title changed');
    if (
      patch.description !== undefined &&
      change('description', 'description', patch.description, patch.description)
    )
      notes.push('description changed');
    if (patch.severity !== undefined && change('severity', 'severity', patch.severity, patch.severity))
      notes.push(`severity ${c.severity} → ${patch.severity}`);
    if (patch.tlp !== undefined && change('tlp', 'tlp', patch.tlp, patch.tlp))
      notes.push(`TLP:${patch.tlp.toUpperCase()}`);
    if (patch.assignee !== undefined && change('assignee', 'assignee', patch.assignee, patch.assignee))
      notes.push(patch.assignee ? `assigned to ${patch.assignee}` : 'unassigned');
    if (patch.tags !== undefined) {
      const tags = [...new Set(patch.tags)];
      if (change('tags', 'tags', tags, JSON.stringify(tags))) {
        const added = tags.filter((t) => !c.tags.includes(t));
        const removed = c.tags.filter((t) => !tags.includes(t));
        notes.push(`tags ${[...added.map((t) => `+${t}`), ...removed.map((t) => `−${t}`)].join(' ')}`);
      }
    }
    let templateTasks = 0;
    if (
      patch.incidentType !== undefined &&
      change('incidentType', 'incident_type', patch.incidentType, patch.incidentType)
    ) {
      if (patch.incidentType !== null) assertOpen(c, 'set its incident type');
      const template = patch.incidentType ? templateOf(patch.incidentType) : null;
      if (template) templateTasks = (await insertTemplateTasks(tx, c, template.type, at)).length;
      notes.push(
        patch.incidentType === null
          ? 'incident type cleared'
          : `incident type ${template?.name ?? patch.incidentType}${templateTasks ? ` (${templateTasks} tasks added from its template)` : ''}`,
      );
    }
    if (patch.regulations !== undefined) {
      const regs = [...new Set(patch.regulations)];
      if (change('regulations', 'regulations', regs, JSON.stringify(regs)))
        notes.push(`regulations ${regs.map((r) => r.toUpperCase()).join(', ') || 'none'}`);
    }
    if (
      patch.personalData !== undefined &&
      change('personalData', 'personal_data', patch.personalData, patch.personalData ? 1 : 0)
    ) {
      notes.push(
        patch.personalData ? 'personal data involved: breach clocks run' : 'personal data flag cleared',
      );
      if (patch.personalData && c.awareAt === null && patch.awareAt === undefined)
        change('awareAt', 'aware_at', at, at);
    }
    if (patch.awareAt !== undefined) {
      const t = checkTime(patch.awareAt, 'awareAt') ?? null;
      if (change('awareAt', 'aware_at', t, t)) notes.push(t ? `aware since ${t}` : 'awareness time cleared');
    }
    if (patch.notifiedAt !== undefined) {
      const t = checkTime(patch.notifiedAt, 'notifiedAt') ?? null;
      if (change('notifiedAt', 'notified_at', t, t))
        notes.push(t ? `notified at ${t}` : 'notification time cleared');
    }
    if (notes.length === 0) return { case: c, alerts: [] };
    await tx.updateTable('cases').set(set).where('id', '=', c.id).where('version', '=', version).execute();
    await recordChange(
      tx,
      c,
      {
        audit: 'case.update',
        timeline: { action: 'case.update', title: `Case updated: ${notes.join('; ')}` },
        before,
        after,
        ...(templateTasks ? { details: { templateTasks } } : {}),
        version: true,
      },
      by,
      at,
    );
    return { case: await loadCase(tx, scope, c.id), alerts: [] };
  });
}

/** Moves a case to another IR phase (see `planPhaseMove` for the rules); recorded in `case_phases`. */
export async function changePhase(
  db: StateDbOrTx,
  scope: TenantScope,
  id: string,
  version: number,
  phase: CasePhase,
  by: ChangeAudit,
  now: Date,
): Promise<CaseChange> {
  return inTransaction(db, async (tx) => {
    const c = await loadCase(tx, scope, id);
    checkVersion(c, version, 'change the phase');
    const last = await tx
      .selectFrom('case_phases')
      .select(sql<string | null>`max(entered_at)`.as('at'))
      .where('case_id', '=', c.id)
      .executeTakeFirst();
    const move = planPhaseMove(c, phase, now, last?.at ?? null);
    await tx
      .insertInto('case_phases')
      .values({
        case_id: c.id,
        tenant: c.tenant,
        phase,
        entered_at: move.enteredAt,
        entered_by: actorName(by.actor),
      })
      .execute();
    await tx
      .updateTable('cases')
      .set({ phase, status: move.status, contained_at: move.containedAt, resolved_at: move.resolvedAt })
      .where('id', '=', c.id)
      .execute();
    const at = now.toISOString();
    await recordChange(
      tx,
      c,
      {
        audit: 'case.phase',
        timeline: {
          action: 'case.phase',
          title:
            move.direction === 'back'
              ? `Moved back to ${PHASE_LABELS[phase]} (from ${PHASE_LABELS[move.from]})`
              : `Phase: ${PHASE_LABELS[move.from]} → ${PHASE_LABELS[phase]}`,
        },
        before: { phase: c.phase, status: c.status },
        after: { phase, status: move.status, enteredAt: move.enteredAt },
        version: true,
      },
      by,
      at,
    );
    return { case: await loadCase(tx, scope, c.id), alerts: [] };
  });
}

/**
 * Closes a case with a resolution; its escalated alerts are closed with the same verdict (a false
 * positive takes back the entity risk they added, decayed with `riskHalfLifeHours`).
 */
export async function closeCase(
  db: StateDbOrTx,
  scope: TenantScope,
  id: string,
  version: number,
  resolution: CaseResolution,
  by: ChangeAudit,
  now: Date,
  riskHalfLifeHours: number,
): Promise<CaseChange> {
  return inTransaction(db, async (tx) => {
    const c = await loadCase(tx, scope, id);
    checkVersion(c, version, 'close it');
    const verdict = planClose(c, resolution);
    const at = now.toISOString();
    const alerts = await closeCaseAlerts(tx, c, verdict, now, riskHalfLifeHours, by);
    await tx
      .updateTable('cases')
      .set({ status: 'closed', resolution: verdict, closed_at: at })
      .where('id', '=', c.id)
      .execute();
    await recordChange(
      tx,
      c,
      {
        audit: 'case.close',
        timeline: {
          action: 'case.close',
          title: `Case closed as ${verdict.replace(/_/g, ' ')}${alerts.length ? ` (${alerts.length} alert(s) closed with it)` : ''}`,
        },
        before: { status: c.status, resolution: c.resolution },
        after: { status: 'closed', resolution: verdict },
        details: { alerts: alerts.map((a) => a.id) },
        version: true,
      },
      by,
      at,
    );
    return { case: await loadCase(tx, scope, c.id), alerts };
  });
}

/** Reopens a closed case (not a merged one); its resolution is cleared. Its alerts stay closed. */
export async function reopenCase(
  db: StateDbOrTx,
  scope: TenantScope,
  id: string,
  version: number,
  by: ChangeAudit,
  now: Date,
): Promise<CaseChange> {
  return inTransaction(db, async (tx) => {
    const c = await loadCase(tx, scope, id);
    checkVersion(c, version, 'reopen it');
    const target = c.mergedInto ? await loadCase(tx, scope, c.mergedInto).catch(() => null) : null;
    const status = planReopen({
      number: c.number,
      status: c.status,
      phase: c.phase,
      mergedIntoNumber: c.mergedInto ? (target?.number ?? 0) : null,
    });
    await tx
      .updateTable('cases')
      .set({ status, resolution: null, closed_at: null })
      .where('id', '=', c.id)
      .execute();
    await recordChange(
      tx,
      c,
      {
        audit: 'case.reopen',
        timeline: {
          action: 'case.reopen',
          title: `Case reopened (was closed as ${String(c.resolution).replace(/_/g, ' ')})`,
        },
        before: { status: c.status, resolution: c.resolution },
        after: { status, resolution: null },
        version: true,
      },
      by,
      now.toISOString(),
    );
    return { case: await loadCase(tx, scope, c.id), alerts: [] };
  });
}
