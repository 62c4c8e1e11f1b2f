import { expect } from 'vitest';
import type { Verdict } from '../../src/alerts/triage.ts';
import {
  bulkTriageAlerts,
  commentOnAlert,
  type TriageRequest,
  triageAlert,
} from '../../src/workflow/triage.ts';
import { analyst, entry, OnAlerts, staleMark, WorkflowCommand } from './command.ts';
import {
  ASSIGNEES,
  type AuditExpect,
  attempt,
  expectOk,
  expectRefused,
  findingSpec,
  intakeFinding,
  type ModelAlert,
  mayBeAssigned,
  staleOf,
  triageCaller,
  WINDOW_MS,
  type WorkflowModel,
  type WorkflowSystem,
} from './workflow-model.ts';

// ---- intake -----------------------------------------------------------------------------------

/** Findings `ks` of one tenant (replays included) through the alert intake. */
export class Intake extends WorkflowCommand {
  constructor(
    readonly ks: readonly number[],
    readonly tenant: string,
  ) {
    super();
  }

  protected async apply(m: WorkflowModel, r: WorkflowSystem): Promise<AuditExpect[]> {
    const specs = this.ks.map((k) => findingSpec(k, this.tenant));
    const outcome = await r.intake(specs.map((s) => intakeFinding(s)));
    // The grouping rule: the newest open alert of the fingerprint within the window, else a new one.
    const created: ModelAlert[] = [];
    let fresh = 0;
    let grouped = 0;
    for (const s of specs) {
      if (m.detections.has(s.id)) continue;
      m.detections.add(s.id);
      fresh++;
      const hit = [...m.alerts, ...created]
        .filter(
          (a) =>
            a.status !== 'closed' &&
            a.key === s.key &&
            a.last >= s.time - WINDOW_MS &&
            a.first <= s.time + WINDOW_MS,
        )
        .sort((x, y) => y.last - x.last || y.touched - x.touched)[0];
      if (hit) {
        hit.count++;
        hit.first = Math.min(hit.first, s.time);
        hit.last = Math.max(hit.last, s.time);
        m.touch(hit);
        grouped++;
      } else {
        const a: ModelAlert = {
          id: '',
          tenant: s.tenant,
          key: s.key,
          first: s.time,
          last: s.time,
          count: 1,
          status: 'new',
          verdict: null,
          assignee: null,
          caseId: null,
          version: 1,
          touched: 0,
          acknowledgedAt: null,
        };
        m.touch(a);
        created.push(a);
      }
    }
    expect(outcome).toMatchObject({
      detections: fresh,
      alertsCreated: created.length,
      alertsGrouped: grouped,
      suppressed: 0,
    });
    const ids = outcome.changes.filter((c) => c.action === 'alert.created').map((c) => c.id);
    expect(ids).toHaveLength(created.length);
    created.forEach((a, i) => {
      a.id = ids[i]!;
      m.alerts.push(a);
    });
    // The intake is the system: it writes no audit entry per alert.
    return [];
  }

  toString(): string {
    return `intake ${this.tenant}(${this.ks.map((k) => `f-${k}`).join(', ')})`;
  }
}

// ---- triage -----------------------------------------------------------------------------------

export type TriageSpec =
  | { kind: 'acknowledge' | 'start' | 'reopen' }
  | { kind: 'close'; verdict: Verdict | null; duplicateOf: number }
  | { kind: 'assign'; assignee: number };

function requestOf(spec: TriageSpec, m: WorkflowModel): TriageRequest {
  switch (spec.kind) {
    case 'close':
      return {
        action: 'close',
        verdict: spec.verdict,
        duplicateOf: spec.verdict === 'duplicate' ? m.pickAnyAlert(spec.duplicateOf).id : null,
      };
    case 'assign':
      return { action: 'assign', assignee: ASSIGNEES[spec.assignee % ASSIGNEES.length]?.id ?? null };
    default:
      return { action: spec.kind };
  }
}

function describeTriage(spec: TriageSpec): string {
  switch (spec.kind) {
    case 'close':
      return `close as ${spec.verdict}${spec.verdict === 'duplicate' ? ` of any-tenant-alert[${spec.duplicateOf}]` : ''}`;
    case 'assign':
      return `assign to ${ASSIGNEES[spec.assignee % ASSIGNEES.length]?.name ?? 'nobody'}`;
    default:
      return spec.kind;
  }
}

/** The triage state machine of docs/workflow.md, plainly: the alert's new fields, or null (refused). */
function triageNext(
  m: WorkflowModel,
  a: ModelAlert,
  req: TriageRequest,
): Partial<Pick<ModelAlert, 'status' | 'verdict' | 'assignee'>> | null {
  switch (req.action) {
    case 'acknowledge':
      return a.status === 'new' ? { status: 'acknowledged' } : null;
    case 'start':
      return a.status === 'new' || a.status === 'acknowledged' ? { status: 'in_progress' } : null;
    case 'close': {
      if (a.status === 'closed' || req.verdict === null) return null;
      const original = req.duplicateOf ?? null;
      if (req.verdict === 'duplicate' ? original === null || original === a.id : original !== null)
        return null;
      // The original must be an alert of the same tenant.
      if (original !== null && m.alerts.find((x) => x.id === original)?.tenant !== a.tenant) return null;
      return { status: 'closed', verdict: req.verdict };
    }
    case 'reopen':
      return a.status === 'closed' ? { status: 'in_progress', verdict: null } : null;
    case 'assign': {
      if (a.status === 'closed' || req.assignee === a.assignee) return null;
      const user = ASSIGNEES.find((u) => u?.id === req.assignee) ?? null;
      return mayBeAssigned(user) ? { assignee: req.assignee } : null;
    }
  }
}

function applyTriage(m: WorkflowModel, a: ModelAlert, next: Partial<ModelAlert>): void {
  Object.assign(a, next);
  a.version++;
  m.touch(a);
}

export class Triage extends OnAlerts {
  constructor(
    readonly user: number,
    readonly alert: number,
    readonly spec: TriageSpec,
    readonly stale: boolean,
  ) {
    super();
  }

  protected async apply(m: WorkflowModel, r: WorkflowSystem): Promise<AuditExpect[]> {
    const by = analyst(this.user);
    const a = m.pickAlert(this.alert);
    const req = requestOf(this.spec, m);
    const version = this.stale ? staleOf(a.version) : a.version;
    const o = await attempt(() => triageAlert(r.triage, r.acme, a.id, version, req, triageCaller(by)));
    if (this.stale) {
      expectRefused(o, 'conflict', a.version);
      return [];
    }
    const next = triageNext(m, a, req);
    if (!next) {
      expectRefused(o, 'bad_request');
      return [];
    }
    const after = expectOk(o);
    applyTriage(m, a, next);
    expect(after).toMatchObject({ status: a.status, verdict: a.verdict, version: a.version });
    return [entry(`alert.${req.action}`, 'alert', a.id, by)];
  }

  toString(): string {
    return `${analyst(this.user).name}: ${describeTriage(this.spec)} alert[${this.alert}]${staleMark(this.stale)}`;
  }
}

/** One action on several alerts (the same one twice: the second names a version now stale). */
export class Bulk extends OnAlerts {
  constructor(
    readonly user: number,
    readonly alerts: readonly { pick: number; stale: boolean }[],
    readonly spec: TriageSpec,
  ) {
    super();
  }

  protected async apply(m: WorkflowModel, r: WorkflowSystem): Promise<AuditExpect[]> {
    const by = analyst(this.user);
    const req = requestOf(this.spec, m);
    // The versions the analyst read, all before the action.
    const items = this.alerts.map(({ pick, stale }) => {
      const a = m.pickAlert(pick);
      return { a, version: stale ? staleOf(a.version) : a.version };
    });
    const results = await bulkTriageAlerts(
      r.triage,
      r.acme,
      items.map(({ a, version }) => ({ id: a.id, version })),
      req,
      triageCaller(by),
    );
    const audit: AuditExpect[] = [];
    const expected = items.map(({ a, version }) => {
      if (version !== a.version) return { id: a.id, outcome: 'conflict', currentVersion: a.version };
      const next = triageNext(m, a, req);
      if (!next) return { id: a.id, outcome: 'refused' };
      applyTriage(m, a, next);
      audit.push(entry(`alert.${req.action}`, 'alert', a.id, by));
      return { id: a.id, outcome: 'ok' };
    });
    expect(results).toMatchObject(expected);
    return audit;
  }

  toString(): string {
    const list = this.alerts.map((x) => `alert[${x.pick}]${x.stale ? '(stale)' : ''}`).join(', ');
    return `${analyst(this.user).name}: bulk ${describeTriage(this.spec)} ${list}`;
  }
}

export class CommentOnAlert extends OnAlerts {
  constructor(
    readonly user: number,
    readonly alert: number,
  ) {
    super();
  }

  protected async apply(m: WorkflowModel, r: WorkflowSystem): Promise<AuditExpect[]> {
    const by = analyst(this.user);
    const a = m.pickAlert(this.alert);
    await commentOnAlert(r.triage, r.acme, a.id, 'Looks like the admin script again.', triageCaller(by));
    return [entry('comment.create', 'alert', a.id, by)];
  }

  toString(): string {
    return `${analyst(this.user).name}: comment on alert[${this.alert}]`;
  }
}
