/**
 * Test fixture: alert rows as intake writes them (`alert-intake.ts`), with any field overridden,
 * so that queue, triage and case tests can start from alerts in any state without running the
 * pipeline. Each insert takes the next `seq` and writes the alert's `alert_entities` rows.
 */
import { randomUUID } from 'node:crypto';
import { alertFingerprint } from '../../alerts/fingerprint.ts';
import { scopeOf } from '../tenancy.ts';
import { type Alert, getAlert } from './alerts.ts';
import type { StateDb } from './open.ts';
import type { AlertTable } from './schema.ts';
import { nextSocSeq } from './soc-seq.ts';

export interface TestAlert {
  id?: string;
  tenant?: string;
  ruleId?: string;
  title?: string;
  kind?: string;
  severity?: AlertTable['severity'];
  confidence?: number;
  tactics?: string[];
  techniques?: string[];
  entities?: { type: string; value: string }[];
  source?: string;
  status?: string;
  verdict?: string | null;
  assignee?: string | null;
  caseId?: string | null;
  count?: number;
  eventIds?: string[];
  firstSeen?: string;
  lastSeen?: string;
  createdAt?: string;
  acknowledgedAt?: string | null;
  closedAt?: string | null;
  fingerprint?: string;
  version?: number;
}

/** Inserts one alert (defaults: a new high-severity Mimikatz alert on host ws-01, user alice). */
export async function insertTestAlert(db: StateDb, a: TestAlert = {}): Promise<Alert> {
  const tenant = a.tenant ?? 'acme';
  const ruleId = a.ruleId ?? 'rule-mimikatz';
  const entities = a.entities ?? [
    { type: 'host', value: 'ws-01' },
    { type: 'user', value: 'alice' },
  ];
  const firstSeen = a.firstSeen ?? a.lastSeen ?? '2026-11-22T10:00:00.000Z';
  const lastSeen = a.lastSeen ?? firstSeen;
  const createdAt = a.createdAt ?? lastSeen;
  const status = a.status ?? 'new';
  const id = a.id ?? randomUUID();
  const eventIds = a.eventIds ?? [`ev-${id}`];
  const row: AlertTable = {
    id,
    tenant,
    seq: await nextSocSeq(db),
    fingerprint: a.fingerprint ?? alertFingerprint(tenant, ruleId, entities, ['host', 'user']),
    kind: a.kind ?? 'sigma',
    rule_id: ruleId,
    title: a.title ?? 'Mimikatz use',
    severity: a.severity ?? 'high',
    confidence: a.confidence ?? 0.9,
    tactics: JSON.stringify(a.tactics ?? ['credential-access']),
    techniques: JSON.stringify(a.techniques ?? ['T1003.001']),
    entities: JSON.stringify(entities),
    source: a.source ?? 'sysmon',
    status,
    verdict: a.verdict ?? (status === 'closed' ? 'true_positive' : null),
    assignee: a.assignee ?? null,
    case_id: a.caseId ?? null,
    count: a.count ?? 1,
    detection_ids: JSON.stringify(eventIds.map((e) => `rule-mimikatz:${e}`)),
    event_ids: JSON.stringify(eventIds),
    matched: JSON.stringify([{ field: 'process.name', value: 'mimikatz.exe' }]),
    sparkline: JSON.stringify({ start: firstSeen, bucketMinutes: 5, counts: [a.count ?? 1] }),
    first_seen: firstSeen,
    last_seen: lastSeen,
    created_at: createdAt,
    updated_at: createdAt,
    acknowledged_at: a.acknowledgedAt ?? (status === 'new' ? null : createdAt),
    escalated_at: status === 'escalated' ? createdAt : null,
    closed_at: a.closedAt ?? (status === 'closed' ? createdAt : null),
    version: a.version ?? 1,
    duplicate_of: null,
  };
  await db.insertInto('alerts').values(row).execute();
  if (entities.length > 0)
    await db
      .insertInto('alert_entities')
      .values(entities.map((e) => ({ alert_id: id, tenant, type: e.type, value: e.value })))
      .execute();
  return (await getAlert(db, scopeOf([tenant]), id)) as Alert;
}
