import { expect } from 'vitest';
import { type CasePhase, type CaseResolution, phaseIndex } from '../../src/cases/phases.ts';
import { INCIDENT_TEMPLATES, type TemplatedIncidentType } from '../../src/cases/templates.ts';
import { listTasks } from '../../src/store/state/case-tasks.ts';
import { analyst, entry, newModelCase, OnAlerts, OnCases, staleMark, WorkflowCommand } from './command.ts';
import {
  type AuditExpect,
  attempt,
  caseBy,
  expectOk,
  expectRefused,
  staleOf,
  TENANT,
  type WorkflowModel,
  type WorkflowSystem,
} from './workflow-model.ts';

// ---- cases ------------------------------------------------------------------------------------

export class CreateCase extends WorkflowCommand {
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
      c.tasks = tasks.map((t) => ({
        id: t.id,
        status: t.status,
        version: t.version,
        template: t.template,
        completedAt: null,
      }));
    }
    m.cases.push(c);
    return [entry('case.create', 'case', c.id, by)];
  }

  toString(): string {
    return `${analyst(this.user).name}: create case${this.type ? ` (${this.type})` : ''}`;
  }
}

export class Escalate extends OnAlerts {
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
      // Closed (reopen it first), or in another case that is still open (merge instead); an alert
      // reopened after its case closed may go into another case.
      const inOtherOpenCase =
        a.caseId !== null &&
        a.caseId !== target?.id &&
        m.cases.find((c) => c.id === a.caseId)?.status !== 'closed';
      if (a.status === 'closed' || inOtherOpenCase) {
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
    // Every alert named becomes escalated in the case ("they become escalated, case_id set"); one
    // already escalated there is left as it is; a reopened one is escalated again.
    const fresh = [...new Set(chosen)].filter((a) => a.status !== 'escalated');
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
      this.into === null
        ? 'a new case'
        : this.into === 'own'
          ? "the first alert's case"
          : `case[${this.into}]`;
    return `${analyst(this.user).name}: escalate ${this.alerts.map((p) => `alert[${p}]`).join(', ')} into ${into}${staleMark(this.stale)}`;
  }
}

export class Phase extends OnCases {
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

export class AddTask extends OnCases {
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
      c.tasks.push({ id: task.id, status: 'todo', version: 1, template: null, completedAt: null });
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
    for (const t of added) {
      c.tasks.push({ id: t.id, status: 'todo', version: 1, template: t.template, completedAt: null });
    }
    return [entry('task.template', 'case', c.id, by)];
  }

  toString(): string {
    return `${analyst(this.user).name}: add ${this.template ? `${this.template} template tasks` : 'a task'} to case[${this.pick}]`;
  }
}

export class CompleteTask extends WorkflowCommand {
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
    t.completedAt = m.clock;
    t.version++;
    expect(task).toMatchObject({ status: 'done', version: t.version });
    return [entry('task.complete', 'case_task', t.id, by)];
  }

  toString(): string {
    return `${analyst(this.user).name}: complete task[${this.task}] of case-with-tasks[${this.pick}]${staleMark(this.stale)}`;
  }
}

export class AddObservable extends OnCases {
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
    if (!sighted) return []; // the case has it already: nothing changes, not even its times
    known.cases.add(c.id);
    // Seen in another case: first/last seen widen to include now, and the sighting is audited
    // (no version: it is no edit of the observable).
    known.first = Math.min(known.first, at);
    known.last = Math.max(known.last, at);
    return [entry('observable.sighting', 'observable', known.id, by)];
  }

  toString(): string {
    return `${analyst(this.user).name}: add observable c2-${this.value}.example to case[${this.pick}]`;
  }
}

export class Note extends OnCases {
  constructor(
    readonly user: number,
    readonly pick: number,
  ) {
    super();
  }

  protected async apply(m: WorkflowModel, r: WorkflowSystem): Promise<AuditExpect[]> {
    const by = analyst(this.user);
    const c = m.pickCase(this.pick);
    await r.cases.addNote(
      r.acme,
      c.id,
      { title: 'Host isolated', body: 'EDR isolation confirmed.' },
      caseBy(by),
    );
    return [entry('timeline.note', 'case', c.id, by)];
  }

  toString(): string {
    return `${analyst(this.user).name}: note on case[${this.pick}]`;
  }
}

export class CommentOnCase extends OnCases {
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

export class CloseCase extends OnCases {
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

export class ReopenCase extends OnCases {
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

export class Merge extends OnCases {
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
    // Tasks move to the target, but for a template task the target already has: folded into it
    // (done if either is, completed at the earlier time; a changed task's version goes up once).
    const before = new Map(tgt.tasks.map((t) => [t.id, { status: t.status, completedAt: t.completedAt }]));
    for (const t of src.tasks) {
      const same = t.template === null ? undefined : tgt.tasks.find((x) => x.template === t.template);
      if (same === undefined) {
        tgt.tasks.push(t);
        continue;
      }
      if (t.status === 'done') {
        const earlier = same.status !== 'done' || (t.completedAt as number) < (same.completedAt as number);
        same.status = 'done';
        if (earlier) same.completedAt = t.completedAt;
      }
    }
    for (const t of tgt.tasks) {
      const was = before.get(t.id);
      if (was !== undefined && (was.status !== t.status || was.completedAt !== t.completedAt)) t.version++;
    }
    src.tasks = [];
    for (const t of src.templates) tgt.templates.add(t);
    for (const obs of m.observables.values()) if (obs.cases.delete(src.id)) obs.cases.add(tgt.id);
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
export class Clock extends WorkflowCommand {
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
