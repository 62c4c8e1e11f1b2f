/**
 * The system and the model of the workflow model-based test (`triage-model.property.test.ts`).
 *
 * The real system: the triage and case services and the alert intake over a SQLite state store in
 * a temporary file, with three analysts and a viewer in tenant `acme` and an analyst of tenant
 * `globex`. The case service runs on a clock the commands move (forwards and, sometimes, back).
 *
 * The model: what the workflow contract (docs/workflow.md) says the records are after each
 * command — statuses, verdicts, versions, cases of alerts, counts, phase history, tasks,
 * observables — plus the audit entries each command must leave. `checkWorkflow` compares the
 * store with the model after every command and checks the contract's invariants on the store's
 * own rows.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { expect } from 'vitest';
import { permissionsOf } from '../../src/access/roles.ts';
import type { AlertStatus, Verdict } from '../../src/alerts/triage.ts';
import { CASE_PHASES, type CasePhase } from '../../src/cases/phases.ts';
import type { TemplatedIncidentType } from '../../src/cases/templates.ts';
import { loadConfig } from '../../src/config/index.ts';
import { VigilError } from '../../src/core/errors.ts';
import { alertStatusCounts } from '../../src/store/state/alerts.ts';
import { listCases } from '../../src/store/state/cases.ts';
import {
  auditHead,
  insertUser,
  openStateDb,
  type StateDb,
  searchAudit,
} from '../../src/store/state/index.ts';
import { scopeOf, type TenantScope } from '../../src/store/tenancy.ts';
import { type CaseBy, type CaseService, caseService } from '../../src/workflow/cases.ts';
import { createAlertIntake, type IntakeFinding } from '../../src/workflow/intake.ts';
import type { TriageCaller, TriageDeps } from '../../src/workflow/triage.ts';

export const TENANT = 'acme';
export const OTHER_TENANT = 'globex';

export interface TestUser {
  id: string;
  name: string;
  roles: string[];
  tenant: string;
}

/** The analysts commands act as (alerts:write and cases:write in `acme`). */
export const ANALYSTS: readonly TestUser[] = [
  { id: 'u-alice', name: 'alice', roles: ['analyst'], tenant: TENANT },
  { id: 'u-bob', name: 'bob', roles: ['analyst'], tenant: TENANT },
  { id: 'u-carol', name: 'carol', roles: ['responder'], tenant: TENANT },
];
/** Of `acme`, but may not work alerts: assigning to them is refused. */
export const VIEWER: TestUser = { id: 'u-victor', name: 'victor', roles: ['viewer'], tenant: TENANT };
/** An analyst of the other tenant: never sees nor changes `acme`'s records. */
export const OUTSIDER: TestUser = { id: 'u-oscar', name: 'oscar', roles: ['analyst'], tenant: OTHER_TENANT };

/** Whom an `assign` names: the analysts, the viewer, the outsider, or nobody (unassign). */
export const ASSIGNEES: readonly (TestUser | null)[] = [...ANALYSTS, VIEWER, OUTSIDER, null];

const mayTriage = (roles: readonly string[]) => permissionsOf(roles).includes('alerts:write');

/** Whether `user` may be given alerts of `acme` (the service's precheck, stated plainly). */
export function mayBeAssigned(user: TestUser | null): boolean {
  return user === null || (user.tenant === TENANT && mayTriage(user.roles));
}

export const config = loadConfig({ env: {}, overrides: {} }).alerts;
export const WINDOW_MS = config.groupWindowMinutes * 60_000;

// ---- findings ---------------------------------------------------------------------------------

/** Event times of findings: minutes after T0, a day ago (so created_at − first_seen is positive). */
export const T0 = Math.floor((Date.now() - 86_400_000) / 60_000) * 60_000;
/** How many distinct findings there are; a finding id fed twice is a replay of the same finding. */
export const FINDINGS = 40;

const RULES = [
  { id: 'r-encoded-ps', title: 'Encoded PowerShell', level: 'high' },
  { id: 'r-lsass', title: 'LSASS access', level: 'medium' },
] as const;

export interface FindingSpec {
  id: string;
  tenant: string;
  rule: (typeof RULES)[number];
  host: string;
  user: string | null;
  ip: string;
  time: number;
  /** The fingerprint's parts (tenant, rule, host, user): findings with the same key may group. */
  key: string;
}

/** Finding `k` (0 ≤ k < FINDINGS) of `tenant`, always the same: a replay re-delivers it. */
export function findingSpec(k: number, tenant = TENANT): FindingSpec {
  const rule = RULES[k % 2]!;
  const host = `ws-${(k >> 1) % 2}`;
  const user = (k >> 2) % 2 === 0 ? 'mreyes' : null;
  const minute = (k * 37) % 300;
  return {
    id: tenant === TENANT ? `f-${k}` : `${tenant}-f-${k}`,
    tenant,
    rule,
    host,
    user,
    ip: `10.0.0.${k % 4}`,
    time: T0 + minute * 60_000,
    key: `${tenant}|${rule.id}|${host}|${user ?? ''}`,
  };
}

export function intakeFinding(s: FindingSpec): IntakeFinding {
  return {
    id: s.id,
    tenant: s.tenant,
    kind: 'sigma',
    ruleId: s.rule.id,
    title: s.rule.title,
    level: s.rule.level,
    tags: ['attack.execution'],
    source: 'sysmon',
    eventIds: [`e-${s.id}`],
    eventTime: new Date(s.time).toISOString(),
    matched: [],
    entities: [
      { type: 'host', value: s.host },
      ...(s.user ? [{ type: 'user' as const, value: s.user }] : []),
      { type: 'ip', value: s.ip },
    ],
  };
}

// ---- the model --------------------------------------------------------------------------------

export interface ModelAlert {
  id: string;
  tenant: string;
  key: string;
  first: number;
  last: number;
  count: number;
  status: AlertStatus;
  verdict: Verdict | null;
  assignee: string | null;
  caseId: string | null;
  version: number;
  /** Order of the alert's latest change (the store's `seq` order): grouping's tie-break. */
  touched: number;
  /** `acknowledged_at` as first seen set (set once: it must never change afterwards). */
  acknowledgedAt: string | null;
}

export interface ModelTask {
  id: string;
  status: string;
  version: number;
  /** `<incident type>/<key>` for a template task (each once per case: a merge folds them). */
  template: string | null;
  /** When it was completed (the service's clock). */
  completedAt: number | null;
}

export interface ModelCase {
  id: string;
  number: number;
  status: 'open' | 'resolved' | 'closed';
  phase: CasePhase;
  resolution: string | null;
  mergedInto: string | null;
  version: number;
  history: { phase: CasePhase; at: number }[];
  containedAt: number | null;
  resolvedAt: number | null;
  tasks: ModelTask[];
  /** Incident types whose template tasks the case holds (each template task once per case). */
  templates: Set<TemplatedIncidentType>;
}

export interface ModelObservable {
  id: string;
  first: number;
  last: number;
  /** Cases it is sighted in. */
  cases: Set<string>;
}

export class WorkflowModel {
  readonly alerts: ModelAlert[] = [];
  readonly cases: ModelCase[] = [];
  /** Ids of the findings fed so far (each counts once, however often it is replayed). */
  readonly detections = new Set<string>();
  /** Observables added by hand to cases, by value. */
  readonly observables = new Map<string, ModelObservable>();
  /** The case service's clock. */
  clock = Date.now();
  private touches = 0;

  touch(a: ModelAlert): void {
    a.touched = ++this.touches;
  }

  /** The alerts of `tenant`, the one changed last first. */
  alertsOf(tenant: string): ModelAlert[] {
    return this.alerts.filter((a) => a.tenant === tenant).sort((x, y) => y.touched - x.touched);
  }

  /** Alert `n` of `acme` counting from the one changed last (0), modulo their number. */
  pickAlert(n: number): ModelAlert {
    const recent = this.alertsOf(TENANT);
    return recent[n % recent.length]!;
  }

  /** Alert `n` of `globex`, likewise. */
  pickForeignAlert(n: number): ModelAlert {
    const recent = this.alertsOf(OTHER_TENANT);
    return recent[n % recent.length]!;
  }

  /** Alert `n` of any tenant, likewise. */
  pickAnyAlert(n: number): ModelAlert {
    const recent = [...this.alerts].sort((x, y) => y.touched - x.touched);
    return recent[n % recent.length]!;
  }

  /** Case `n` counting from the newest (0), modulo their number. */
  pickCase(n: number): ModelCase {
    return this.cases[this.cases.length - 1 - (n % this.cases.length)]!;
  }

  caseById(id: string): ModelCase {
    const c = this.cases.find((x) => x.id === id);
    if (!c) throw new Error(`model has no case ${id}`);
    return c;
  }
}

/** A version other than `v`, as a client that read the record earlier sends it. */
export function staleOf(v: number): number {
  return v > 1 ? v - 1 : v + 1;
}

// ---- the real system --------------------------------------------------------------------------

export interface WorkflowSystem {
  db: StateDb;
  triage: TriageDeps;
  cases: CaseService;
  intake: ReturnType<typeof createAlertIntake>;
  acme: TenantScope;
  globex: TenantScope;
  clock: { t: number };
  /** The last audit entry `checkWorkflow` has accounted for. */
  auditSeq: number;
  /** Every version seen so far, per alert and case id: they may only go up. */
  versions: Map<string, number>;
  close(): Promise<void>;
}

export async function startSystem(clockStart: number): Promise<WorkflowSystem> {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-workflow-model-'));
  const db = await openStateDb({ path: join(dir, 'state.db') });
  const createdAt = new Date().toISOString();
  for (const u of [...ANALYSTS, VIEWER, OUTSIDER])
    await insertUser(db, {
      id: u.id,
      kind: 'user',
      username: u.name,
      displayName: u.name,
      passwordHash: null,
      roles: u.roles,
      tenants: [u.tenant],
      mustChangePassword: false,
      createdAt,
    });
  const clock = { t: clockStart };
  const head = await auditHead(db);
  return {
    db,
    triage: { db, live: null, riskHalfLifeHours: config.riskHalfLifeHours, mayTriage },
    cases: caseService({
      db,
      live: null,
      riskHalfLifeHours: config.riskHalfLifeHours,
      dataDir: dir,
      maxEvidenceBytes: 1024,
      now: () => new Date(clock.t),
    }),
    intake: createAlertIntake(db, config, null),
    acme: scopeOf([TENANT]),
    globex: scopeOf([OTHER_TENANT]),
    clock,
    auditSeq: head?.seq ?? 0,
    versions: new Map(),
    async close() {
      await db.destroy();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

const AUDIT = { ip: '192.0.2.7', userAgent: 'workflow-model' };

export function triageCaller(u: TestUser): TriageCaller {
  return {
    userId: u.id,
    name: u.name,
    audit: { actor: { kind: 'user', id: u.id, name: u.name }, ...AUDIT },
  };
}

export function caseBy(u: TestUser): CaseBy {
  return { actor: { kind: 'user', id: u.id, name: u.name }, client: AUDIT };
}

// ---- outcomes ---------------------------------------------------------------------------------

export type Refusal = 'conflict' | 'bad_request' | 'not_found' | 'forbidden';
export type Outcome<T> = { ok: true; value: T } | { ok: false; code: string; currentVersion?: number };

/** Runs a service call and reports how it ended (a VigilError's code, or the value). */
export async function attempt<T>(work: () => Promise<T>): Promise<Outcome<T>> {
  try {
    return { ok: true, value: await work() };
  } catch (e) {
    if (!(e instanceof VigilError)) throw e;
    const currentVersion = (e as { currentVersion?: number }).currentVersion;
    return { ok: false, code: e.code, ...(currentVersion !== undefined ? { currentVersion } : {}) };
  }
}

/** The outcome is the refusal predicted (and a conflict names the version the record is at). */
export function expectRefused<T>(o: Outcome<T>, code: Refusal, currentVersion?: number): void {
  if (o.ok) throw new Error(`expected ${code}, but the call succeeded`);
  expect(o.code).toBe(code);
  if (currentVersion !== undefined) expect(o.currentVersion).toBe(currentVersion);
}

export function expectOk<T>(o: Outcome<T>): T {
  if (!o.ok) throw new Error(`expected success, got ${o.code}`);
  return o.value;
}

// ---- checks -----------------------------------------------------------------------------------

/** An audit entry a command must leave: action, target (`type:id`) and who acted. */
export interface AuditExpect {
  action: string;
  target: string;
  actor: string;
}

const line = (e: AuditExpect) => `${e.action} ${e.target} by ${e.actor}`;

/**
 * The store equals the model, the contract's invariants hold on the store's rows, and the audit
 * entries written since the last check are exactly `audit` (one per successful change; none for
 * a refusal), all successes of tenant `acme`.
 */
export async function checkWorkflow(
  m: WorkflowModel,
  r: WorkflowSystem,
  audit: readonly AuditExpect[],
): Promise<void> {
  const { db } = r;
  const cases = await db.selectFrom('cases').selectAll().orderBy('number').execute();
  const caseIds = new Set(cases.map((c) => c.id));

  // Alerts: as the model says, and the invariants on the rows themselves.
  const alerts = await db.selectFrom('alerts').selectAll().execute();
  expect(alerts.map((a) => a.id).sort()).toEqual(m.alerts.map((a) => a.id).sort());
  for (const row of alerts) {
    const a = m.alerts.find((x) => x.id === row.id)!;
    expect({
      status: row.status,
      verdict: row.verdict,
      assignee: row.assignee,
      caseId: row.case_id,
      count: Number(row.count),
      version: Number(row.version),
      firstSeen: row.first_seen,
      lastSeen: row.last_seen,
    }).toEqual({
      status: a.status,
      verdict: a.verdict,
      assignee: a.assignee,
      caseId: a.caseId,
      count: a.count,
      version: a.version,
      firstSeen: new Date(a.first).toISOString(),
      lastSeen: new Date(a.last).toISOString(),
    });
    expect(row.tenant).toBe(a.tenant);
    // No closed alert without a verdict; an open one has none.
    if (row.status === 'closed') expect(row.verdict).not.toBeNull();
    else expect(row.verdict).toBeNull();
    expect(row.closed_at !== null).toBe(row.status === 'closed');
    // Every escalated alert is in an existing case of its tenant.
    // (closing a case closes its escalated alerts, so their case is not closed).
    if (row.status === 'escalated') {
      expect(row.case_id).not.toBeNull();
      const c = cases.find((x) => x.id === row.case_id);
      expect(c?.tenant).toBe(row.tenant);
      expect(c?.status).not.toBe('closed');
      expect(row.escalated_at).not.toBeNull();
    }
    // A case merged away keeps no alerts (they moved to the target).
    if (row.case_id !== null) {
      expect(caseIds.has(row.case_id)).toBe(true);
      expect(cases.find((x) => x.id === row.case_id)!.merged_into).toBeNull();
    }
    // acknowledged_at: set by the first move out of `new`, never changed afterwards.
    expect(row.acknowledged_at === null).toBe(row.status === 'new');
    if (a.acknowledgedAt !== null) expect(row.acknowledged_at).toBe(a.acknowledgedAt);
    a.acknowledgedAt = row.acknowledged_at;
    checkVersion(r, row.id, Number(row.version));
  }
  // Counts: every distinct detection fed is counted once, in exactly one alert.
  expect(alerts.reduce((s, a) => s + Number(a.count), 0)).toBe(m.detections.size);
  // Per status, as each tenant sees them (neither sees the other's).
  for (const [tenant, scope] of [
    [TENANT, r.acme],
    [OTHER_TENANT, r.globex],
  ] as const) {
    const want: Record<AlertStatus, number> = {
      new: 0,
      acknowledged: 0,
      in_progress: 0,
      escalated: 0,
      closed: 0,
    };
    for (const a of m.alertsOf(tenant)) want[a.status]++;
    expect(await alertStatusCounts(db, scope)).toEqual(want);
  }

  // Cases, their phase history and tasks.
  expect(cases.map((c) => c.id)).toEqual(m.cases.map((c) => c.id));
  const phases = await db
    .selectFrom('case_phases')
    .select(['case_id', 'phase', 'entered_at'])
    .orderBy(sql`rowid`)
    .execute();
  const tasks = await db.selectFrom('case_tasks').select(['id', 'case_id', 'status', 'version']).execute();
  for (const row of cases) {
    const c = m.cases.find((x) => x.id === row.id)!;
    const iso = (t: number | null) => (t === null ? null : new Date(t).toISOString());
    expect({
      number: Number(row.number),
      status: row.status,
      phase: row.phase,
      resolution: row.resolution,
      mergedInto: row.merged_into,
      version: Number(row.version),
      containedAt: row.contained_at,
      resolvedAt: row.resolved_at,
    }).toEqual({
      number: c.number,
      status: c.status,
      phase: c.phase,
      resolution: c.resolution,
      mergedInto: c.mergedInto,
      version: c.version,
      containedAt: iso(c.containedAt),
      resolvedAt: iso(c.resolvedAt),
    });
    expect(row.closed_at !== null).toBe(row.status === 'closed');
    expect(row.resolution !== null).toBe(row.status === 'closed');
    checkVersion(r, row.id, Number(row.version));

    // Phase entries in the order written: times never go back, the last is the case's phase,
    // and contained_at / resolved_at are the first entries into eradication+ / post-incident.
    const history = phases.filter((p) => p.case_id === row.id);
    expect(history.map((p) => ({ phase: p.phase, at: p.entered_at }))).toEqual(
      c.history.map((h) => ({ phase: h.phase, at: new Date(h.at).toISOString() })),
    );
    for (let i = 1; i < history.length; i++)
      expect(history[i]!.entered_at >= history[i - 1]!.entered_at).toBe(true);
    expect(history.at(-1)?.phase).toBe(row.phase);
    const index = (p: string) => CASE_PHASES.indexOf(p as CasePhase);
    expect(row.contained_at).toBe(history.find((p) => index(p.phase) >= 2)?.entered_at ?? null);
    expect(row.resolved_at).toBe(history.find((p) => p.phase === 'post_incident')?.entered_at ?? null);

    const mine = tasks.filter((t) => t.case_id === row.id);
    const key = (t: { id: string; status: string; version: number }) => `${t.id} ${t.status} v${t.version}`;
    expect(mine.map((t) => key({ ...t, version: Number(t.version) })).sort()).toEqual(
      c.tasks.map(key).sort(),
    );
  }

  // Observables added by hand: one per value in the tenant, first/last seen when added.
  const observables = await db
    .selectFrom('observables')
    .select(['id', 'value', 'first_seen', 'last_seen'])
    .where('type', '=', 'domain')
    .execute();
  expect(observables.map((o) => [o.value, o.id, o.first_seen, o.last_seen]).sort()).toEqual(
    [...m.observables.entries()]
      .map(([value, o]) => [value, o.id, new Date(o.first).toISOString(), new Date(o.last).toISOString()])
      .sort(),
  );

  // The other tenant sees none of the cases (it has none of its own).
  expect((await listCases(db, r.globex, { limit: 10 })).total).toBe(0);

  // The audit entries written by this command: exactly the expected ones.
  const written = (
    await searchAudit(db, { tenants: scopeOf([TENANT, OTHER_TENANT]), includeGlobal: true, limit: 1000 })
  )
    .filter((e) => e.seq > r.auditSeq)
    .reverse();
  r.auditSeq = written.at(-1)?.seq ?? r.auditSeq;
  expect(written.map((e) => e.outcome).every((o) => o === 'success')).toBe(true);
  expect(written.every((e) => e.tenant === TENANT)).toBe(true);
  expect(
    written
      .map((e) =>
        line({ action: e.action, target: `${e.target?.type}:${e.target?.id}`, actor: e.actor.id ?? '' }),
      )
      .sort(),
  ).toEqual(audit.map(line).sort());
}

function checkVersion(r: WorkflowSystem, id: string, version: number): void {
  const before = r.versions.get(id) ?? 0;
  expect(version, `version of ${id} went back`).toBeGreaterThanOrEqual(before);
  r.versions.set(id, version);
}
