/**
 * The commands of the workflow model-based test: each runs one service call as a random user
 * (sometimes with a stale version), predicts from the model how it must end (done, or refused
 * with which error), updates the model, and names the audit entries the change must leave.
 * `checkWorkflow` then compares the store with the model.
 *
 * Commands name alerts and cases by a number taken modulo the model's list when they run (the
 * alerts and cases are made by earlier commands), so a printed sequence replays as it is:
 * `alert[n]` is the n-th alert counting from the one changed last, `case[n]` the n-th case
 * counting from the newest.
 */
import fc from 'fast-check';
import { expect } from 'vitest';
import { VERDICTS, type Verdict } from '../../src/alerts/triage.ts';
import {
  CASE_PHASES,
  CASE_RESOLUTIONS,
  type CasePhase,
  type CaseResolution,
  phaseIndex,
} from '../../src/cases/phases.ts';
import { INCIDENT_TEMPLATES, type TemplatedIncidentType } from '../../src/cases/templates.ts';
import { getAlert } from '../../src/store/state/alerts.ts';
import { listTasks } from '../../src/store/state/case-tasks.ts';
import {
  alertComments,
  bulkTriageAlerts,
  commentOnAlert,
  type TriageRequest,
  triageAlert,
} from '../../src/workflow/triage.ts';
import {
  ANALYSTS,
  ASSIGNEES,
  type AuditExpect,
  attempt,
  caseBy,
  checkWorkflow,
  expectOk,
  expectRefused,
  FINDINGS,
  findingSpec,
  intakeFinding,
  type ModelAlert,
  type ModelCase,
  mayBeAssigned,
  OUTSIDER,
  staleOf,
  TENANT,
  type TestUser,
  triageCaller,
  WINDOW_MS,
  type WorkflowModel,
  type WorkflowSystem,
} from './workflow-model.ts';

export const STATS = new Map<string, number>();
type Cmd = fc.AsyncCommand<WorkflowModel, WorkflowSystem>;

abstract class WorkflowCommand implements Cmd {
  check(_m: Readonly<WorkflowModel>): boolean {
    return true;
  }

  async run(m: WorkflowModel, r: WorkflowSystem): Promise<void> {
    const audit = await this.apply(m, r);
    const k = `${this.constructor.name}:${audit.length > 0 ? 'audited' : 'none'}`;
    STATS.set(k, (STATS.get(k) ?? 0) + 1);
    await checkWorkflow(m, r, audit);
  }

  /** Runs the call, checks how it ended, updates the model; returns the audit entries expected. */
  protected abstract apply(m: WorkflowModel, r: WorkflowSystem): Promise<AuditExpect[]>;

  abstract toString(): string;
}

abstract class OnAlerts extends WorkflowCommand {
  override check(m: Readonly<WorkflowModel>): boolean {
    return m.alerts.length > 0;
  }
}

abstract class OnCases extends WorkflowCommand {
  override check(m: Readonly<WorkflowModel>): boolean {
    return m.cases.length > 0;
  }
}

const analyst = (n: number): TestUser => ANALYSTS[n % ANALYSTS.length]!;
const staleMark = (stale: boolean) => (stale ? ' (stale version)' : '');
const entry = (action: string, type: string, id: string, by: TestUser): AuditExpect => ({
  action,
  target: `${type}:${id}`,
  actor: by.id,
});

function newModelCase(id: string, m: WorkflowModel, templates: TemplatedIncidentType[] = []): ModelCase {
  return {
    id,
    number: m.cases.length + 1,
    status: 'open',
    phase: 'detection_analysis',
    resolution: null,
    mergedInto: null,
    version: 1,
    history: [{ phase: 'detection_analysis', at: m.clock }],
    containedAt: null,
    resolvedAt: null,
    tasks: [],
    templates: new Set(templates),
  };
}

// ---- intake -----------------------------------------------------------------------------------

/** Findings `ks` (replays included) through the alert intake. */
class Intake extends WorkflowCommand {
  constructor(readonly ks: readonly number[]) {
    super();
  }

  protected async apply(m: WorkflowModel, r: WorkflowSystem): Promise<AuditExpect[]> {
    const specs = this.ks.map(findingSpec);
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
    return `intake(${this.ks.map((k) => `f-${k}`).join(', ')})`;
  }
}

// ---- triage -----------------------------------------------------------------------------------

type TriageSpec =
  | { kind: 'acknowledge' | 'start' | 'reopen' }
  | { kind: 'close'; verdict: Verdict | null; duplicateOf: number }
  | { kind: 'assign'; assignee: number };

function requestOf(spec: TriageSpec, m: WorkflowModel): TriageRequest {
  switch (spec.kind) {
    case 'close':
      return {
        action: 'close',
        verdict: spec.verdict,
        duplicateOf: spec.verdict === 'duplicate' ? m.pickAlert(spec.duplicateOf).id : null,
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
      return `close as ${spec.verdict}${spec.verdict === 'duplicate' ? ` of alert[${spec.duplicateOf}]` : ''}`;
    case 'assign':
      return `assign to ${ASSIGNEES[spec.assignee % ASSIGNEES.length]?.name ?? 'nobody'}`;
    default:
      return spec.kind;
  }
}

/** The triage state machine of docs/workflow.md, plainly: the alert's new fields, or null (refused). */
function triageNext(
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
      if (req.verdict === 'duplicate' ? original === null || original === a.id : original !== null) return null;
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

class Triage extends OnAlerts {
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
    const next = triageNext(a, req);
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
class Bulk extends OnAlerts {
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
      const next = triageNext(a, req);
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

class CommentOnAlert extends OnAlerts {
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

// ---- cases ------------------------------------------------------------------------------------

class CreateCase extends WorkflowCommand {
  constructor(
    readonly user: number,
    readonly type: TemplatedIncidentType | null,
  ) {
    super();
  }

  protected async apply(m: WorkflowModel, r: WorkflowSystem): Promise<AuditExpect[]> {
    const by = analyst(this.user);
    const created = await r.cases.create(
      r.acme,
      TENANT,
      { title: 'Opened by hand', ...(this.type ? { incidentType: this.type } : {}) },
      caseBy(by),
    );
    const c = newModelCase(created.id, m, this.type ? [this.type] : []);
    expect(created).toMatchObject({ number: c.number, version: 1, status: 'open' });
    if (this.type) {
      const tasks = await listTasks(r.db, r.acme, c.id);
      expect(tasks).toHaveLength(INCIDENT_TEMPLATES[this.type].tasks.length);
      c.tasks = tasks.map((t) => ({ id: t.id, status: t.status, version: t.version }));
    }
    m.cases.push(c);
    return [entry('case.create', 'case', c.id, by)];
  }

  toString(): string {
    return `${analyst(this.user).name}: create case${this.type ? ` (${this.type})` : ''}`;
  }
}

class Escalate extends OnAlerts {
  constructor(
    readonly user: number,
    readonly alerts: readonly number[],
    /** A new case (null), the case the first alert is in (`own`; a new one if none), or another. */
    readonly into: number | 'own' | null,
    readonly stale: boolean,
  ) {
    super();
  }

  protected async apply(m: WorkflowModel, r: WorkflowSystem): Promise<AuditExpect[]> {
    const by = analyst(this.user);
    const chosen = this.alerts.map((p) => m.pickAlert(p));
    const items = chosen.map((a, i) => ({
      id: a.id,
      version: i === 0 && this.stale ? staleOf(a.version) : a.version,
    }));
    const own = chosen[0]!.caseId;
    const target =
      this.into === 'own'
        ? own === null
          ? undefined
          : m.caseById(own)
        : this.into !== null && m.cases.length > 0
          ? m.pickCase(this.into)
          : undefined;
    const o = await attempt(() =>
      r.cases.escalate(r.acme, { alerts: items, ...(target ? { caseId: target.id } : {}) }, caseBy(by)),
    );
    if (target?.status === 'closed') {
      expectRefused(o, 'bad_request');
      return [];
    }
    for (const [i, item] of items.entries()) {
      const a = chosen[i]!;
      if (item.version !== a.version) {
        expectRefused(o, 'conflict', a.version);
        return [];
      }
      // Closed (reopen it first), or in another case (merge instead).
      if (a.status === 'closed' || (a.caseId !== null && a.caseId !== target?.id)) {
        expectRefused(o, 'conflict');
        return [];
      }
    }
    const result = expectOk(o);
    expect(result.created).toBe(target === undefined);
    const audit: AuditExpect[] = [];
    let c = target;
    if (!c) {
      c = newModelCase(result.case.id, m);
      m.cases.push(c);
      audit.push(entry('case.create', 'case', c.id, by));
    }
    // Every alert named becomes escalated in the case; one already escalated there is left as it is.
    const fresh = [...new Set(chosen)].filter((a) => a.caseId === null);
    for (const a of fresh) {
      a.status = 'escalated';
      a.caseId = c.id;
      a.version++;
      m.touch(a);
      audit.push(entry('case.escalate', 'alert', a.id, by));
    }
    expect(result.alerts.map((a) => a.id)).toEqual(fresh.map((a) => a.id));
    return audit;
  }

  toString(): string {
    const into =
      this.into === null ? 'a new case' : this.into === 'own' ? "the first alert's case" : `case[${this.into}]`;
    return `${analyst(this.user).name}: escalate ${this.alerts.map((p) => `alert[${p}]`).join(', ')} into ${into}${staleMark(this.stale)}`;
  }
}

class Phase extends OnCases {
  constructor(
    readonly user: number,
    readonly pick: number,
    readonly phase: CasePhase,
    readonly stale: boolean,
  ) {
    super();
  }

  protected async apply(m: WorkflowModel, r: WorkflowSystem): Promise<AuditExpect[]> {
    const by = analyst(this.user);
    const c = m.pickCase(this.pick);
    const version = this.stale ? staleOf(c.version) : c.version;
    const o = await attempt(() => r.cases.phase(r.acme, c.id, version, this.phase, caseBy(by)));
    if (this.stale) {
      expectRefused(o, 'conflict', c.version);
      return [];
    }
    if (c.status === 'closed' || c.phase === this.phase) {
      expectRefused(o, 'bad_request');
      return [];
    }
    const result = expectOk(o);
    // Entry times never go back, even when the clock does.
    const at = Math.max(m.clock, c.history.at(-1)!.at);
    c.history.push({ phase: this.phase, at });
    c.phase = this.phase;
    c.status = this.phase === 'post_incident' ? 'resolved' : 'open';
    if (c.containedAt === null && phaseIndex(this.phase) >= phaseIndex('eradication')) c.containedAt = at;
    if (c.resolvedAt === null && this.phase === 'post_incident') c.resolvedAt = at;
    c.version++;
    expect(result.case).toMatchObject({ phase: c.phase, status: c.status, version: c.version });
    return [entry('case.phase', 'case', c.id, by)];
  }

  toString(): string {
    return `${analyst(this.user).name}: case[${this.pick}] to ${this.phase}${staleMark(this.stale)}`;
  }
}

class AddTask extends OnCases {
  constructor(
    readonly user: number,
    readonly pick: number,
    readonly template: TemplatedIncidentType | null,
  ) {
    super();
  }

  protected async apply(m: WorkflowModel, r: WorkflowSystem): Promise<AuditExpect[]> {
    const by = analyst(this.user);
    const c = m.pickCase(this.pick);
    const type = this.template;
    if (type === null) {
      const o = await attempt(() =>
        r.cases.addTask(r.acme, c.id, { title: 'Collect the triage package' }, caseBy(by)),
      );
      if (c.status === 'closed') {
        expectRefused(o, 'bad_request');
        return [];
      }
      const task = expectOk(o).result;
      c.tasks.push({ id: task.id, status: 'todo', version: 1 });
      return [entry('task.create', 'case_task', task.id, by)];
    }
    const o = await attempt(() => r.cases.addTemplateTasks(r.acme, c.id, type, caseBy(by)));
    if (c.status === 'closed') {
      expectRefused(o, 'bad_request');
      return [];
    }
    const added = expectOk(o).result;
    // Each template task once per case: a second time adds (and audits) nothing.
    if (c.templates.has(type)) {
      expect(added).toEqual([]);
      return [];
    }
    expect(added).toHaveLength(INCIDENT_TEMPLATES[type].tasks.length);
    c.templates.add(type);
    for (const t of added) c.tasks.push({ id: t.id, status: 'todo', version: 1 });
    return [entry('task.template', 'case', c.id, by)];
  }

  toString(): string {
    return `${analyst(this.user).name}: add ${this.template ? `${this.template} template tasks` : 'a task'} to case[${this.pick}]`;
  }
}

class CompleteTask extends WorkflowCommand {
  constructor(
    readonly user: number,
    readonly pick: number,
    readonly task: number,
    readonly stale: boolean,
  ) {
    super();
  }

  override check(m: Readonly<WorkflowModel>): boolean {
    return m.cases.some((c) => c.tasks.length > 0);
  }

  protected async apply(m: WorkflowModel, r: WorkflowSystem): Promise<AuditExpect[]> {
    const by = analyst(this.user);
    const withTasks = m.cases.filter((c) => c.tasks.length > 0);
    const c = withTasks[this.pick % withTasks.length]!;
    const t = c.tasks[this.task % c.tasks.length]!;
    const version = this.stale ? staleOf(t.version) : t.version;
    const o = await attempt(() =>
      r.cases.updateTask(r.acme, c.id, t.id, version, { status: 'done' }, caseBy(by)),
    );
    if (c.status === 'closed') {
      expectRefused(o, 'bad_request');
      return [];
    }
    if (this.stale) {
      expectRefused(o, 'conflict', t.version);
      return [];
    }
    const task = expectOk(o).result;
    if (t.status === 'done') {
      expect(task.version).toBe(t.version);
      return [];
    }
    t.status = 'done';
    t.version++;
    expect(task).toMatchObject({ status: 'done', version: t.version });
    return [entry('task.complete', 'case_task', t.id, by)];
  }

  toString(): string {
    return `${analyst(this.user).name}: complete task[${this.task}] of case-with-tasks[${this.pick}]${staleMark(this.stale)}`;
  }
}

class AddObservable extends OnCases {
  constructor(
    readonly user: number,
    readonly pick: number,
    readonly value: number,
  ) {
    super();
  }

  protected async apply(m: WorkflowModel, r: WorkflowSystem): Promise<AuditExpect[]> {
    const by = analyst(this.user);
    const c = m.pickCase(this.pick);
    const value = `c2-${this.value}.example`;
    const o = await attempt(() => r.cases.addObservable(r.acme, c.id, { type: 'domain', value }, caseBy(by)));
    if (c.status === 'closed') {
      expectRefused(o, 'bad_request');
      return [];
    }
    const { observable, created } = expectOk(o).result;
    const at = m.clock;
    const known = m.observables.get(value);
    if (!known) {
      expect(created).toBe(true);
      m.observables.set(value, { id: observable.id, first: at, last: at, cases: new Set([c.id]) });
      return [entry('observable.create', 'observable', observable.id, by)];
    }
    expect({ id: observable.id, created }).toEqual({ id: known.id, created: false });
    const sighted = !known.cases.has(c.id);
    known.cases.add(c.id);
    // Seen again: first/last seen widen to include now. The store counts that as no edit of the
    // observable (no version, no audit entry); only a new sighting in this case is audited.
    known.first = Math.min(known.first, at);
    known.last = Math.max(known.last, at);
    return sighted ? [entry('observable.sighting', 'observable', known.id, by)] : [];
  }

  toString(): string {
    return `${analyst(this.user).name}: add observable c2-${this.value}.example to case[${this.pick}]`;
  }
}

class Note extends OnCases {
  constructor(
    readonly user: number,
    readonly pick: number,
  ) {
    super();
  }

  protected async apply(m: WorkflowModel, r: WorkflowSystem): Promise<AuditExpect[]> {
    const by = analyst(this.user);
    const c = m.pickCase(this.pick);
    await r.cases.addNote(r.acme, c.id, { title: 'Host isolated', body: 'EDR isolation confirmed.' }, caseBy(by));
    return [entry('timeline.note', 'case', c.id, by)];
  }

  toString(): string {
    return `${analyst(this.user).name}: note on case[${this.pick}]`;
  }
}

class CommentOnCase extends OnCases {
  constructor(
    readonly user: number,
    readonly pick: number,
  ) {
    super();
  }

  protected async apply(m: WorkflowModel, r: WorkflowSystem): Promise<AuditExpect[]> {
    const by = analyst(this.user);
    const c = m.pickCase(this.pick);
    await r.cases.addComment(r.acme, c.id, 'Handing over to the night shift.', caseBy(by));
    return [entry('comment.create', 'case', c.id, by)];
  }

  toString(): string {
    return `${analyst(this.user).name}: comment on case[${this.pick}]`;
  }
}

class CloseCase extends OnCases {
  constructor(
    readonly user: number,
    readonly pick: number,
    readonly resolution: CaseResolution,
    readonly stale: boolean,
  ) {
    super();
  }

  protected async apply(m: WorkflowModel, r: WorkflowSystem): Promise<AuditExpect[]> {
    const by = analyst(this.user);
    const c = m.pickCase(this.pick);
    const version = this.stale ? staleOf(c.version) : c.version;
    const o = await attempt(() => r.cases.close(r.acme, c.id, version, this.resolution, caseBy(by)));
    if (this.stale) {
      expectRefused(o, 'conflict', c.version);
      return [];
    }
    if (c.status === 'closed') {
      expectRefused(o, 'bad_request');
      return [];
    }
    const result = expectOk(o);
    const audit: AuditExpect[] = [];
    // Its escalated alerts close with the resolution as their verdict.
    const closing = m.alerts.filter((a) => a.caseId === c.id && a.status === 'escalated');
    for (const a of closing) {
      a.status = 'closed';
      a.verdict = this.resolution;
      a.version++;
      m.touch(a);
      audit.push(entry('case.close', 'alert', a.id, by));
    }
    c.status = 'closed';
    c.resolution = this.resolution;
    c.version++;
    expect(result.alerts.map((a) => a.id).sort()).toEqual(closing.map((a) => a.id).sort());
    audit.push(entry('case.close', 'case', c.id, by));
    return audit;
  }

  toString(): string {
    return `${analyst(this.user).name}: close case[${this.pick}] as ${this.resolution}${staleMark(this.stale)}`;
  }
}

class ReopenCase extends OnCases {
  constructor(
    readonly user: number,
    readonly pick: number,
    readonly stale: boolean,
  ) {
    super();
  }

  protected async apply(m: WorkflowModel, r: WorkflowSystem): Promise<AuditExpect[]> {
    const by = analyst(this.user);
    const c = m.pickCase(this.pick);
    const version = this.stale ? staleOf(c.version) : c.version;
    const o = await attempt(() => r.cases.reopen(r.acme, c.id, version, caseBy(by)));
    if (this.stale) {
      expectRefused(o, 'conflict', c.version);
      return [];
    }
    // Not closed, or merged (its records live in the case it was merged into).
    if (c.status !== 'closed' || c.mergedInto !== null) {
      expectRefused(o, 'bad_request');
      return [];
    }
    expectOk(o);
    c.status = c.phase === 'post_incident' ? 'resolved' : 'open';
    c.resolution = null;
    c.version++;
    return [entry('case.reopen', 'case', c.id, by)];
  }

  toString(): string {
    return `${analyst(this.user).name}: reopen case[${this.pick}]${staleMark(this.stale)}`;
  }
}

class Merge extends OnCases {
  constructor(
    readonly user: number,
    readonly source: number,
    readonly target: number,
    readonly stale: boolean,
  ) {
    super();
  }

  protected async apply(m: WorkflowModel, r: WorkflowSystem): Promise<AuditExpect[]> {
    const by = analyst(this.user);
    // Into another case (itself only when there is no other: refused).
    const src = m.pickCase(this.source);
    const others = m.cases.filter((c) => c !== src);
    const tgt = others.length > 0 ? others[this.target % others.length]! : src;
    const version = this.stale ? staleOf(src.version) : src.version;
    const o = await attempt(() => r.cases.merge(r.acme, src.id, version, tgt.id, caseBy(by)));
    if (src.id === tgt.id) {
      expectRefused(o, 'bad_request');
      return [];
    }
    if (this.stale) {
      expectRefused(o, 'conflict', src.version);
      return [];
    }
    if (src.status === 'closed' || tgt.status === 'closed') {
      expectRefused(o, 'bad_request');
      return [];
    }
    const result = expectOk(o);
    const audit: AuditExpect[] = [];
    const moved = m.alerts.filter((a) => a.caseId === src.id);
    for (const a of moved) {
      a.caseId = tgt.id;
      a.version++;
      m.touch(a);
      audit.push(entry('case.merge', 'alert', a.id, by));
    }
    tgt.tasks.push(...src.tasks);
    src.tasks = [];
    for (const t of src.templates) tgt.templates.add(t);
    for (const obs of m.observables.values())
      if (obs.cases.delete(src.id)) obs.cases.add(tgt.id);
    src.status = 'closed';
    src.resolution = 'duplicate';
    src.mergedInto = tgt.id;
    src.version++;
    expect(result.moved.alerts).toBe(moved.length);
    audit.push(entry('case.merge', 'case', src.id, by), entry('case.merge', 'case', tgt.id, by));
    return audit;
  }

  toString(): string {
    return `${analyst(this.user).name}: merge case[${this.source}] into other-case[${this.target}]${staleMark(this.stale)}`;
  }
}

/** The case service's clock moves, sometimes back (phase entry times must still not go back). */
class Clock extends WorkflowCommand {
  constructor(readonly seconds: number) {
    super();
  }

  protected async apply(m: WorkflowModel, r: WorkflowSystem): Promise<AuditExpect[]> {
    m.clock += this.seconds * 1000;
    r.clock.t = m.clock;
    return [];
  }

  toString(): string {
    return `clock ${this.seconds >= 0 ? '+' : ''}${this.seconds}s`;
  }
}

// ---- the other tenant -------------------------------------------------------------------------

const OUTSIDER_ACTIONS = [
  'read',
  'triage',
  'bulk',
  'comment',
  'escalate',
  'phase',
  'note',
  'task',
  'close',
  'merge',
  'create',
] as const;
type OutsiderAction = (typeof OUTSIDER_ACTIONS)[number];

/**
 * The analyst of `globex` tries `acme`'s records (with the right versions): nothing is found,
 * nothing changes, nothing is audited.
 */
class Outsider extends WorkflowCommand {
  constructor(
    readonly action: OutsiderAction,
    readonly pick: number,
  ) {
    super();
  }

  protected async apply(m: WorkflowModel, r: WorkflowSystem): Promise<AuditExpect[]> {
    const by = OUTSIDER;
    const scope = r.globex;
    const a = m.alerts.length > 0 ? m.pickAlert(this.pick) : undefined;
    const c = m.cases.length > 0 ? m.pickCase(this.pick) : undefined;
    const other = m.cases.length > 1 ? m.cases.find((x) => x !== c) : undefined;
    const notFound = async (work: () => Promise<unknown>) => expectRefused(await attempt(work), 'not_found');
    switch (this.action) {
      case 'read':
        if (a) {
          expect(await getAlert(r.db, scope, a.id)).toBeUndefined();
          await notFound(() => alertComments(r.triage, scope, a.id));
        }
        if (c) await notFound(() => r.cases.get(scope, c.id));
        break;
      case 'triage':
        if (a) await notFound(() => triageAlert(r.triage, scope, a.id, a.version, { action: 'start' }, triageCaller(by)));
        break;
      case 'bulk':
        if (a) {
          const results = await bulkTriageAlerts(
            r.triage,
            scope,
            [{ id: a.id, version: a.version }],
            { action: 'close', verdict: 'false_positive' },
            triageCaller(by),
          );
          expect(results).toMatchObject([{ id: a.id, outcome: 'not_found' }]);
        }
        break;
      case 'comment':
        if (a) await notFound(() => commentOnAlert(r.triage, scope, a.id, 'mine now', triageCaller(by)));
        break;
      case 'escalate':
        if (a)
          await notFound(() => r.cases.escalate(scope, { alerts: [{ id: a.id, version: a.version }] }, caseBy(by)));
        break;
      case 'phase':
        if (c) await notFound(() => r.cases.phase(scope, c.id, c.version, 'containment', caseBy(by)));
        break;
      case 'note':
        if (c) await notFound(() => r.cases.addNote(scope, c.id, { body: 'mine now' }, caseBy(by)));
        break;
      case 'task':
        if (c) await notFound(() => r.cases.addTask(scope, c.id, { title: 'mine now' }, caseBy(by)));
        break;
      case 'close':
        if (c) await notFound(() => r.cases.close(scope, c.id, c.version, 'false_positive', caseBy(by)));
        break;
      case 'merge':
        if (c && other) await notFound(() => r.cases.merge(scope, c.id, c.version, other.id, caseBy(by)));
        break;
      case 'create':
        expectRefused(
          await attempt(() => r.cases.create(scope, TENANT, { title: 'in their tenant' }, caseBy(by))),
          'forbidden',
        );
        break;
    }
    return [];
  }

  toString(): string {
    return `${OUTSIDER.name} (other tenant): ${this.action} [${this.pick}]`;
  }
}

// ---- arbitraries ------------------------------------------------------------------------------

const user = fc.nat({ max: ANALYSTS.length - 1 });
/** Which alert or case: mostly one of the latest (so that commands meet on the same records). */
const pick = fc.oneof(
  { weight: 3, arbitrary: fc.nat({ max: 2 }) },
  { weight: 1, arbitrary: fc.nat({ max: 1000 }) },
);
/** Mostly the version just read; one time in five a stale one. */
const stale = fc.oneof({ weight: 4, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) });
const templated = fc.constantFrom(...(Object.keys(INCIDENT_TEMPLATES) as TemplatedIncidentType[]));

const triageSpec: fc.Arbitrary<TriageSpec> = fc.oneof(
  fc.constantFrom<TriageSpec>({ kind: 'acknowledge' }, { kind: 'start' }, { kind: 'reopen' }),
  fc.record({
    kind: fc.constant('close' as const),
    verdict: fc.oneof(
      { weight: 6, arbitrary: fc.constantFrom(...VERDICTS) },
      { weight: 1, arbitrary: fc.constant(null) },
    ),
    duplicateOf: pick,
  }),
  fc.record({ kind: fc.constant('assign' as const), assignee: fc.nat({ max: ASSIGNEES.length - 1 }) }),
);

const escalate = fc
  .tuple(
    user,
    fc.array(pick, { minLength: 1, maxLength: 3 }),
    fc.oneof(fc.constant(null), fc.constant('own' as const), pick),
    stale,
  )
  .map(([u, ps, into, st]): Cmd => new Escalate(u, ps, into, st));

const intake = fc
  .array(fc.nat({ max: FINDINGS - 1 }), { minLength: 1, maxLength: 5 })
  .map((ks): Cmd => new Intake(ks));

/** Every command the test draws from (some twice: they come more often). */
export const workflowCommands: fc.Arbitrary<Cmd>[] = [
  intake,
  intake,
  fc.tuple(user, pick, triageSpec, stale).map(([u, p, s, st]): Cmd => new Triage(u, p, s, st)),
  fc.tuple(user, pick, triageSpec, stale).map(([u, p, s, st]): Cmd => new Triage(u, p, s, st)),
  fc
    .tuple(user, fc.array(fc.record({ pick, stale }), { minLength: 1, maxLength: 4 }), triageSpec)
    .map(([u, items, s]): Cmd => new Bulk(u, items, s)),
  fc.tuple(user, pick).map(([u, p]): Cmd => new CommentOnAlert(u, p)),
  fc.tuple(user, fc.option(templated, { freq: 3 })).map(([u, t]): Cmd => new CreateCase(u, t)),
  escalate,
  escalate,
  fc
    .tuple(user, pick, fc.constantFrom(...CASE_PHASES), stale)
    .map(([u, p, ph, st]): Cmd => new Phase(u, p, ph, st)),
  fc
    .tuple(user, pick, fc.constantFrom(...CASE_PHASES), stale)
    .map(([u, p, ph, st]): Cmd => new Phase(u, p, ph, st)),
  fc.tuple(user, pick, fc.option(templated)).map(([u, p, t]): Cmd => new AddTask(u, p, t)),
  fc.tuple(user, pick, pick, stale).map(([u, p, t, st]): Cmd => new CompleteTask(u, p, t, st)),
  fc.tuple(user, pick, fc.nat({ max: 2 })).map(([u, p, v]): Cmd => new AddObservable(u, p, v)),
  fc.tuple(user, pick).map(([u, p]): Cmd => new Note(u, p)),
  fc.tuple(user, pick).map(([u, p]): Cmd => new CommentOnCase(u, p)),
  fc
    .tuple(user, pick, fc.constantFrom(...CASE_RESOLUTIONS), stale)
    .map(([u, p, res, st]): Cmd => new CloseCase(u, p, res, st)),
  fc.tuple(user, pick, stale).map(([u, p, st]): Cmd => new ReopenCase(u, p, st)),
  fc.tuple(user, pick, pick, stale).map(([u, s, t, st]): Cmd => new Merge(u, s, t, st)),
  fc
    .oneof(
      { weight: 3, arbitrary: fc.integer({ min: 1, max: 7200 }) },
      { weight: 1, arbitrary: fc.integer({ min: -3600, max: 0 }) },
    )
    .map((s): Cmd => new Clock(s)),
  fc.tuple(fc.constantFrom(...OUTSIDER_ACTIONS), pick).map(([a, p]): Cmd => new Outsider(a, p)),
];
