/**
 * Alerts for the case tests, written straight into the `alerts` table (the alert intake makes the
 * real ones from detections; the cases only need rows shaped like its output).
 */
import { randomUUID } from 'node:crypto';
import type { SeverityName } from './schema.ts';
import { nextSocSeq } from './soc-seq.ts';
import type { StateDbOrTx } from './transaction.ts';

export interface TestAlert {
  tenant?: string;
  title?: string;
  severity?: SeverityName;
  confidence?: number;
  status?: 'new' | 'acknowledged' | 'in_progress' | 'escalated' | 'closed';
  verdict?: string | null;
  caseId?: string | null;
  entities?: { type: string; value: string }[];
  createdAt?: string;
  firstSeen?: string;
  lastSeen?: string;
  acknowledgedAt?: string | null;
  count?: number;
}

/** Inserts an alert (and its entity rows); returns its id. */
export async function insertTestAlert(db: StateDbOrTx, a: TestAlert = {}): Promise<string> {
  const id = randomUUID();
  const tenant = a.tenant ?? 'acme';
  const created = a.createdAt ?? '2024-05-01T09:00:00.000Z';
  const entities = a.entities ?? [
    { type: 'host', value: 'ws-01' },
    { type: 'user', value: 'alice' },
  ];
  await db
    .insertInto('alerts')
    .values({
      id,
      tenant,
      seq: await nextSocSeq(db),
      fingerprint: randomUUID(),
      kind: 'sigma',
      rule_id: 'rule-1',
      title: a.title ?? 'Suspicious PowerShell download cradle',
      severity: a.severity ?? 'high',
      confidence: a.confidence ?? 0.75,
      tactics: JSON.stringify(['execution']),
      techniques: JSON.stringify(['T1059.001']),
      entities: JSON.stringify(entities),
      source: 'sysmon',
      status: a.status ?? 'new',
      verdict: a.verdict ?? null,
      assignee: null,
      case_id: a.caseId ?? null,
      count: a.count ?? 1,
      detection_ids: '[]',
      event_ids: '[]',
      matched: '[]',
      sparkline: JSON.stringify({ start: created, bucketMinutes: 5, counts: [1] }),
      first_seen: a.firstSeen ?? created,
      last_seen: a.lastSeen ?? created,
      created_at: created,
      updated_at: created,
      acknowledged_at: a.acknowledgedAt ?? null,
      escalated_at: null,
      closed_at: a.status === 'closed' ? created : null,
      version: 1,
    })
    .execute();
  for (const e of entities)
    await db
      .insertInto('alert_entities')
      .values({ alert_id: id, tenant, type: e.type, value: e.value })
      .execute();
  return id;
}

export async function alertRow(db: StateDbOrTx, id: string) {
  return db.selectFrom('alerts').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

/** An analyst of the tests, as store writes name them. */
export const ANALYST = {
  actor: { kind: 'user' as const, id: 'u-alice', name: 'alice' },
  ip: '10.0.0.5',
  userAgent: 'vitest',
};
export const BOB = { actor: { kind: 'user' as const, id: 'u-bob', name: 'bob' }, ip: null, userAgent: null };

/** A clock for tests: each call is one minute after the previous one. */
export function ticking(start = '2024-05-01T10:00:00.000Z'): () => Date {
  let t = Date.parse(start);
  return () => {
    const d = new Date(t);
    t += 60_000;
    return d;
  };
}

export async function auditActions(db: StateDbOrTx): Promise<string[]> {
  const rows = await db.selectFrom('audit_log').select('action').orderBy('seq').execute();
  return rows.map((r) => r.action);
}
