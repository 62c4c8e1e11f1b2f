/**
 * Case services the case routes call: create, escalate, read, edit, phases, close/reopen, merge,
 * links, tasks, observables, timeline notes, evidence files, the post-incident review and comments.
 * Each change commits (with its timeline and audit entries) in the store, then is published to the
 * live feed: `case.created` / `case.updated` for the cases, `alert.updated` for alerts it changed.
 *
 * Callers name who acts as an `AuditBy` of src/access/audit.ts (actor and client); this module
 * takes it structurally (src/access sits beside this layer, not below).
 */
import type { CaseResolution } from '../cases/phases.ts';
import { INCIDENT_TEMPLATES, type IncidentTemplate, type TemplatedIncidentType } from '../cases/templates.ts';
import { BadRequestError, VigilError } from '../core/errors.ts';
import { type AlertChange, listCaseAlerts } from '../store/state/case-alerts.ts';
import { type EscalateInput, escalateAlerts } from '../store/state/case-escalate.ts';
import { addEvidence, type Evidence, getEvidence } from '../store/state/case-evidence.ts';
import { linkCases, mergeCases, unlinkCases } from '../store/state/case-merge.ts';
import { type CaseReview, type ReviewInput, saveReview } from '../store/state/case-review.ts';
import { type CaseRecord, type ChangeAudit, loadCase } from '../store/state/case-rows.ts';
import {
  addTask,
  addTemplateTasks,
  type CaseTask,
  type NewTask,
  type TaskPatch,
  updateTask,
} from '../store/state/case-tasks.ts';
import { addNote, listTimeline, type NewNote, type TimelineEntry } from '../store/state/case-timeline.ts';
import {
  type CaseDetail,
  type CaseFilter,
  type CasePage,
  type CasePatch,
  changePhase,
  closeCase,
  createCase,
  getCase,
  listCases,
  type NewCase,
  reopenCase,
  updateCase,
} from '../store/state/cases.ts';
import { addComment, type Comment, listComments } from '../store/state/comments.ts';
import type { ChangeBy } from '../store/state/index.ts';
import {
  appendAudit,
  getUserById,
  getUserByUsername,
  type StateDb,
  type TenantScope,
} from '../store/state/index.ts';
import {
  addObservable,
  getObservable,
  type NewObservable,
  type Observable,
  type Sighting,
} from '../store/state/observables.ts';
import {
  attachmentHeader,
  cleanFileName,
  EvidenceIntegrityError,
  openEvidenceFile,
  storeEvidenceFile,
} from './evidence.ts';
import type { LiveFeed } from './live.ts';

export { CASE_PHASES, CASE_RESOLUTIONS, CASE_STATUSES, REGULATIONS, TLP_LEVELS } from '../cases/phases.ts';
export { INCIDENT_TYPES } from '../cases/templates.ts';
export { TASK_STATUSES } from '../store/state/case-tasks.ts';
export { CASE_SEVERITIES } from '../store/state/cases.ts';
export { OBSERVABLE_TYPES } from '../store/state/observables.ts';
export type {
  AlertChange,
  CaseDetail,
  CaseFilter,
  CasePage,
  CasePatch,
  CaseRecord,
  CaseReview,
  CaseTask,
  Comment,
  EscalateInput,
  Evidence,
  IncidentTemplate,
  NewCase,
  NewNote,
  NewObservable,
  NewTask,
  Observable,
  ReviewInput,
  Sighting,
  TaskPatch,
  TimelineEntry,
};

/** Who acts, and from where: structurally the `AuditBy` of src/access/audit.ts. */
/** Who acts (an `AuditBy` of the access layer). */
export type CaseBy = ChangeBy;

export interface CaseDeps {
  db: StateDb;
  /** Where changes are published after they commit (null: nobody listens). */
  live: LiveFeed | null;
  /** `alerts.riskHalfLifeHours`: closing as false positive takes back decayed risk. */
  riskHalfLifeHours: number;
  /** Evidence files live in `<dataDir>/evidence`. */
  dataDir: string;
  /** `cases.maxEvidenceBytes`. */
  maxEvidenceBytes: number;
  /** The clock (tests pin it). */
  now?: () => Date;
  /** Whether a user with these roles may work cases (holds cases:write); the routes know the matrix. */
  mayWorkCases?: (roles: readonly string[]) => boolean;
}

/** A download: metadata, headers to send, and the verified byte stream. */
export interface EvidenceDownload {
  evidence: Evidence;
  headers: Record<string, string>;
  stream: NodeJS.ReadableStream;
}

function changeAudit(by: CaseBy): ChangeAudit {
  return {
    actor: by.actor,
    ip: by.client.ip?.slice(0, 64) ?? null,
    userAgent: by.client.userAgent?.slice(0, 256) ?? null,
  };
}

export type CaseService = ReturnType<typeof caseService>;

export function caseService(deps: CaseDeps) {
  const { db } = deps;
  const now = deps.now ?? (() => new Date());

  const publishCase = (c: CaseRecord, action: 'case.created' | 'case.updated') =>
    deps.live?.publish({
      topic: 'case',
      action,
      tenant: c.tenant,
      id: c.id,
      seq: c.seq,
      summary: { number: c.number, title: c.title, status: c.status, phase: c.phase, severity: c.severity },
    });
  const publishAlerts = (alerts: readonly AlertChange[]) => {
    for (const a of alerts)
      deps.live?.publish({
        topic: 'alert',
        action: 'alert.updated',
        tenant: a.tenant,
        id: a.id,
        seq: a.seq,
        summary: { status: a.status, verdict: a.verdict, caseId: a.caseId },
      });
  };
  /** Runs a change of one case and publishes it after the commit. */
  const changed = async <T extends { case: CaseRecord }>(work: Promise<T>): Promise<T> => {
    const r = await work;
    publishCase(r.case, 'case.updated');
    return r;
  };

  /**
   * The user id an assignee names (an id or a user name), refused unless it is an enabled user of
   * `tenant` who may work cases. A user of another tenant reads exactly like one that does not
   * exist. Null or undefined pass through (unassign, or no change).
   */
  async function assigneeOf<T extends string | null | undefined>(
    tenant: string,
    who: T,
  ): Promise<T | string> {
    if (who === null || who === undefined) return who;
    const asked = who.trim();
    const user = (await getUserById(db, asked)) ?? (await getUserByUsername(db, asked.toLowerCase()));
    if (!user?.tenants.includes(tenant))
      throw new BadRequestError(
        `no user "${asked.slice(0, 100)}" to assign; give a user id or name`,
        'assignee',
      );
    if (user.disabled)
      throw new BadRequestError(`user "${user.username}" is disabled; assign someone else`, 'assignee');
    if (deps.mayWorkCases && !deps.mayWorkCases(user.roles))
      throw new BadRequestError(
        `user "${user.username}" may not work cases (their roles ${user.roles.join(', ') || 'none'} do not include cases:write); assign a responder or analyst`,
        'assignee',
      );
    return user.id;
  }
  const tenantOf = async (scope: TenantScope, caseId: string) => (await loadCase(db, scope, caseId)).tenant;
  const withAssignee = async <P extends { assignee?: string | null }>(tenant: string, p: P): Promise<P> =>
    p.assignee === undefined ? p : { ...p, assignee: await assigneeOf(tenant, p.assignee) };

  return {
    templates(): IncidentTemplate[] {
      return Object.values(INCIDENT_TEMPLATES);
    },

    async create(scope: TenantScope, tenant: string, input: NewCase, by: CaseBy): Promise<CaseRecord> {
      const c = await createCase(
        db,
        scope,
        tenant,
        await withAssignee(tenant, input),
        changeAudit(by),
        now(),
      );
      publishCase(c, 'case.created');
      return c;
    },

    async escalate(scope: TenantScope, input: EscalateInput, by: CaseBy) {
      const r = await escalateAlerts(db, scope, input, changeAudit(by), now());
      publishCase(r.case, r.created ? 'case.created' : 'case.updated');
      publishAlerts(r.alerts);
      return r;
    },

    list: (scope: TenantScope, filter: CaseFilter): Promise<CasePage> => listCases(db, scope, filter),
    get: (scope: TenantScope, id: string): Promise<CaseDetail> => getCase(db, scope, id),

    update: async (scope: TenantScope, id: string, version: number, patch: CasePatch, by: CaseBy) => {
      const checked = await withAssignee(
        patch.assignee === undefined ? '' : await tenantOf(scope, id),
        patch,
      );
      return changed(updateCase(db, scope, id, version, checked, changeAudit(by), now()));
    },

    phase: (
      scope: TenantScope,
      id: string,
      version: number,
      phase: Parameters<typeof changePhase>[4],
      by: CaseBy,
    ) => changed(changePhase(db, scope, id, version, phase, changeAudit(by), now())),

    async close(scope: TenantScope, id: string, version: number, resolution: CaseResolution, by: CaseBy) {
      const r = await changed(
        closeCase(db, scope, id, version, resolution, changeAudit(by), now(), deps.riskHalfLifeHours),
      );
      publishAlerts(r.alerts);
      return r;
    },

    reopen: (scope: TenantScope, id: string, version: number, by: CaseBy) =>
      changed(reopenCase(db, scope, id, version, changeAudit(by), now())),

    async merge(scope: TenantScope, sourceId: string, version: number, targetId: string, by: CaseBy) {
      const r = await mergeCases(db, scope, sourceId, version, targetId, changeAudit(by), now());
      publishCase(r.source, 'case.updated');
      publishCase(r.target, 'case.updated');
      publishAlerts(r.alerts);
      return r;
    },

    async link(scope: TenantScope, id: string, otherId: string, by: CaseBy) {
      const r = await linkCases(db, scope, id, otherId, changeAudit(by), now());
      for (const c of r.cases) publishCase(c, 'case.updated');
      return r;
    },

    async unlink(scope: TenantScope, id: string, otherId: string, by: CaseBy) {
      const r = await unlinkCases(db, scope, id, otherId, changeAudit(by), now());
      for (const c of r.cases) publishCase(c, 'case.updated');
      return r;
    },

    addTask: async (scope: TenantScope, caseId: string, task: NewTask, by: CaseBy) => {
      const checked = await withAssignee(task.assignee == null ? '' : await tenantOf(scope, caseId), task);
      return changed(addTask(db, scope, caseId, checked, changeAudit(by), now()));
    },

    addTemplateTasks: (scope: TenantScope, caseId: string, type: TemplatedIncidentType, by: CaseBy) =>
      changed(addTemplateTasks(db, scope, caseId, type, changeAudit(by), now())),

    updateTask: async (
      scope: TenantScope,
      caseId: string,
      taskId: string,
      version: number,
      patch: TaskPatch,
      by: CaseBy,
    ) => {
      const checked = await withAssignee(patch.assignee == null ? '' : await tenantOf(scope, caseId), patch);
      return changed(updateTask(db, scope, caseId, taskId, version, checked, changeAudit(by), now()));
    },

    addObservable: (scope: TenantScope, caseId: string, input: NewObservable, by: CaseBy) =>
      changed(addObservable(db, scope, caseId, input, changeAudit(by), now())),

    observable: (scope: TenantScope, id: string) => getObservable(db, scope, id),

    async timeline(scope: TenantScope, caseId: string): Promise<TimelineEntry[]> {
      await loadCase(db, scope, caseId);
      return listTimeline(db, scope, caseId);
    },

    addNote: (scope: TenantScope, caseId: string, note: NewNote, by: CaseBy) =>
      changed(addNote(db, scope, caseId, note, changeAudit(by), now())),

    saveReview: (scope: TenantScope, caseId: string, version: number, review: ReviewInput, by: CaseBy) =>
      changed(saveReview(db, scope, caseId, version, review, changeAudit(by), now())),

    alerts: (scope: TenantScope, caseId: string) => listCaseAlerts(db, scope, caseId),

    comments: (scope: TenantScope, caseId: string): Promise<Comment[]> =>
      listComments(db, scope, 'case', caseId),

    async addComment(scope: TenantScope, caseId: string, body: string, by: CaseBy): Promise<Comment> {
      const a = changeAudit(by);
      const comment = await addComment(
        db,
        scope,
        { targetType: 'case', targetId: caseId, body },
        { id: by.actor.id, name: by.actor.name ?? by.actor.id ?? by.actor.kind },
        a,
      );
      publishCase(await loadCase(db, scope, caseId), 'case.updated');
      return comment;
    },

    /**
     * Stores an uploaded evidence file (content-addressed, once) and records it on the case.
     * Refuses an empty body and one above `maxEvidenceBytes`.
     */
    async uploadEvidence(
      scope: TenantScope,
      caseId: string,
      file: { name: string; contentType: string; description?: string; bytes: Buffer },
      by: CaseBy,
    ) {
      const name = cleanFileName(file.name);
      if (file.bytes.length === 0)
        throw new VigilError('bad_request', 'the evidence file is empty; send its bytes as the body');
      if (file.bytes.length > deps.maxEvidenceBytes)
        throw new VigilError(
          'too_large',
          `evidence is limited to ${deps.maxEvidenceBytes} bytes (cases.maxEvidenceBytes); this file has ${file.bytes.length}`,
        );
      // The case must exist (and take evidence) before its bytes are written.
      await loadCase(db, scope, caseId);
      const stored = await storeEvidenceFile(deps.dataDir, file.bytes);
      return changed(
        addEvidence(
          db,
          scope,
          caseId,
          {
            name,
            contentType:
              file.contentType.split(';')[0]!.trim().toLowerCase().slice(0, 200) ||
              'application/octet-stream',
            size: stored.size,
            sha256: stored.sha256,
            ...(file.description !== undefined ? { description: file.description } : {}),
          },
          changeAudit(by),
          now(),
        ),
      );
    },

    /**
     * An evidence file for download, after checking its bytes still hash to its SHA-256. A file
     * that does not is refused (and the refusal is audited as an integrity failure).
     */
    async downloadEvidence(
      scope: TenantScope,
      caseId: string,
      evidenceId: string,
      by: CaseBy,
    ): Promise<EvidenceDownload> {
      const evidence = await getEvidence(db, scope, caseId, evidenceId);
      let stream: NodeJS.ReadableStream;
      try {
        stream = await openEvidenceFile(deps.dataDir, evidence.sha256, evidence.size);
      } catch (e) {
        if (e instanceof EvidenceIntegrityError) {
          const a = changeAudit(by);
          await appendAudit(db, {
            tenant: evidence.tenant,
            actor: a.actor,
            ip: a.ip,
            userAgent: a.userAgent,
            action: 'evidence.download',
            target: { type: 'case_evidence', id: evidence.id },
            outcome: 'failure',
            details: { caseId, expected: evidence.sha256, actual: e.actual, reason: e.message },
          });
        }
        throw e;
      }
      const digest = Buffer.from(evidence.sha256, 'hex').toString('base64');
      return {
        evidence,
        stream,
        headers: {
          'content-type': 'application/octet-stream',
          'content-length': String(evidence.size),
          'content-disposition': attachmentHeader(evidence.name),
          'x-content-type-options': 'nosniff',
          etag: `"${evidence.sha256}"`,
          digest: `sha-256=${digest}`,
          'repr-digest': `sha-256=:${digest}:`,
          'cache-control': 'private, no-store',
        },
      };
    },
  };
}
