/**
 * Test rows for the SOC reporting tests (SLA, metrics, report, export, watcher): alerts, cases and
 * what hangs off a case, written straight into the workflow tables with sensible defaults, so a
 * test states only what it is about. Not for production code (the workflow services write these).
 */
import { randomUUID } from 'node:crypto';
import type { StateDb } from './open.ts';
import type {
  AlertTable,
  CaseEvidenceTable,
  CaseTable,
  CaseTaskTable,
  CaseTimelineTable,
  ObservableTable,
} from './schema.ts';
import { nextSocSeq } from './soc-seq.ts';

export const T0 = '2030-01-01T00:00:00.000Z';

/** `base` plus `minutes` (may be negative), as ISO text. */
export const plus = (base: string, minutes: number) =>
  new Date(Date.parse(base) + minutes * 60_000).toISOString();

export async function addAlert(db: StateDb, row: Partial<AlertTable> = {}): Promise<AlertTable> {
  const createdAt = row.created_at ?? T0;
  const full: AlertTable = {
    id: randomUUID(),
    tenant: 'acme',
    seq: await nextSocSeq(db),
    fingerprint: randomUUID(),
    kind: 'sigma',
    rule_id: 'rule-1',
    title: 'Suspicious thing',
    severity: 'high',
    confidence: 0.75,
    tactics: '[]',
    techniques: '[]',
    entities: '[]',
    source: 'test',
    status: 'new',
    verdict: null,
    assignee: null,
    case_id: null,
    count: 1,
    detection_ids: '[]',
    event_ids: '[]',
    matched: '[]',
    sparkline: JSON.stringify({ start: createdAt, bucketMinutes: 5, counts: [1] }),
    first_seen: plus(createdAt, -5),
    last_seen: plus(createdAt, -5),
    created_at: createdAt,
    updated_at: createdAt,
    acknowledged_at: null,
    escalated_at: null,
    closed_at: null,
    version: 1,
    duplicate_of: null,
    ...row,
  };
  await db.insertInto('alerts').values(full).execute();
  return full;
}

export async function addCase(db: StateDb, row: Partial<CaseTable> = {}): Promise<CaseTable> {
  const tenant = row.tenant ?? 'acme';
  const last = await db
    .selectFrom('cases')
    .select((eb) => eb.fn.max('number').as('n'))
    .where('tenant', '=', tenant)
    .executeTakeFirst();
  const createdAt = row.created_at ?? T0;
  const full: CaseTable = {
    id: randomUUID(),
    tenant,
    number: Number(last?.n ?? 0) + 1,
    seq: await nextSocSeq(db),
    title: 'Phishing at finance',
    description: '',
    severity: 'high',
    tlp: 'amber',
    incident_type: 'phishing',
    status: 'open',
    phase: 'detection_analysis',
    resolution: null,
    assignee: null,
    tags: '[]',
    personal_data: 0,
    regulations: '[]',
    aware_at: null,
    notified_at: null,
    merged_into: null,
    review: null,
    created_by: 'alice',
    created_at: createdAt,
    updated_at: createdAt,
    contained_at: null,
    resolved_at: null,
    closed_at: null,
    version: 1,
    ...row,
  };
  await db.insertInto('cases').values(full).execute();
  return full;
}

export async function addPhase(
  db: StateDb,
  c: CaseTable,
  phase: string,
  enteredAt: string,
  enteredBy = 'alice',
) {
  await db
    .insertInto('case_phases')
    .values({ case_id: c.id, tenant: c.tenant, phase, entered_at: enteredAt, entered_by: enteredBy })
    .execute();
}

export async function addTask(db: StateDb, c: CaseTable, row: Partial<CaseTaskTable> = {}) {
  await db
    .insertInto('case_tasks')
    .values({
      id: randomUUID(),
      case_id: c.id,
      tenant: c.tenant,
      position: 0,
      phase: 'containment',
      title: 'Isolate the host',
      description: '',
      status: 'todo',
      assignee: null,
      due_at: null,
      template: null,
      created_at: c.created_at,
      updated_at: c.created_at,
      completed_at: null,
      version: 1,
      ...row,
    })
    .execute();
}

export async function addNote(db: StateDb, c: CaseTable, row: Partial<CaseTimelineTable> = {}) {
  await db
    .insertInto('case_timeline')
    .values({
      id: randomUUID(),
      case_id: c.id,
      tenant: c.tenant,
      kind: 'note',
      action: 'note',
      title: 'Note',
      body: '',
      event_time: c.created_at,
      recorded_at: c.created_at,
      author_id: null,
      author_name: 'alice',
      ...row,
    })
    .execute();
}

export async function addObservable(db: StateDb, c: CaseTable, row: Partial<ObservableTable> = {}) {
  const o: ObservableTable = {
    id: randomUUID(),
    tenant: c.tenant,
    type: 'ip',
    value: '203.0.113.7',
    tlp: 'amber',
    ioc: 1,
    tags: '[]',
    description: '',
    first_seen: c.created_at,
    last_seen: c.created_at,
    created_at: c.created_at,
    updated_at: c.created_at,
    version: 1,
    ...row,
  };
  await db.insertInto('observables').values(o).execute();
  await db
    .insertInto('observable_sightings')
    .values({
      observable_id: o.id,
      tenant: c.tenant,
      target_type: 'case',
      target_id: c.id,
      seen_at: c.created_at,
    })
    .execute();
}

export async function addEvidence(db: StateDb, c: CaseTable, row: Partial<CaseEvidenceTable> = {}) {
  await db
    .insertInto('case_evidence')
    .values({
      id: randomUUID(),
      case_id: c.id,
      tenant: c.tenant,
      name: 'mail.eml',
      content_type: 'message/rfc822',
      size: 1234,
      sha256: 'a'.repeat(64),
      description: '',
      uploaded_by: 'alice',
      uploaded_at: c.created_at,
      ...row,
    })
    .execute();
}
