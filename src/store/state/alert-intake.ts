/**
 * Alert intake, the system's write (cross-tenant: each finding keeps its tenant): a batch of
 * findings is stored as detections and grouped into alerts in ONE transaction (docs/workflow.md,
 * "Alerts"). A finding whose id is already stored (a journal replay) is skipped entirely; a new
 * one is checked against the active suppressions (a hit is counted, no alert), else joins the
 * newest open alert of its fingerprint within the grouping window (event time) or opens a new
 * alert, and adds to its entities' risk.
 *
 * Grouping window: a detection at event time `t` joins an alert (not closed, same fingerprint)
 * when `t` is at most `groupWindowMinutes` from the alert's span `[first_seen, last_seen]`; of
 * several, the one with the latest `last_seen` (then the latest `seq`).
 *
 * Intake is the system, not a person: it writes no audit entry per alert (the volume would drown
 * the trail); the link from detection to alert is the alert's `detection_ids`.
 */
import { randomUUID } from 'node:crypto';
import type { EntityType } from '../../alerts/entities.ts';
import { alertFingerprint } from '../../alerts/fingerprint.ts';
import { RISK_ENTITY_TYPES, riskContribution } from '../../alerts/risk.ts';
import { attackOf, confidenceOf, severityOf } from '../../alerts/severity.ts';
import { addToSparkline, newSparkline, type Sparkline } from '../../alerts/sparkline.ts';
import { insertNewDetections, type NewDetection } from './detections.ts';
import { addEntityRisk, type RiskAddition } from './entity-risk.ts';
import type { StateDb } from './open.ts';
import type { AlertTable, SeverityName } from './schema.ts';
import { nextSocSeq } from './soc-seq.ts';
import {
  type ActiveSuppression,
  activeSuppressionsFor,
  matchSuppression,
  recordSuppressionHits,
} from './suppressions.ts';
import type { StateDbOrTx } from './transaction.ts';

/** An alert keeps the first this many detection and event ids. */
export const MAX_ALERT_IDS = 100;

/** A finding to take in: a detection with the entities of its event. */
export interface IntakeItem extends NewDetection {
  entities: readonly { type: string; value: string }[];
}

export interface IntakeOptions {
  groupWindowMinutes: number;
  fingerprintEntities: readonly EntityType[];
  sparklineBucketMinutes: number;
  riskHalfLifeHours: number;
  /** Wall-clock time of the batch (created_at, risk, suppression expiry); default now. */
  now?: Date;
}

/** One alert the batch created or grown, as it stands after the batch (for the live feed). */
export interface AlertChange {
  action: 'alert.created' | 'alert.grouped';
  id: string;
  tenant: string;
  seq: number;
  summary: { title: string; severity: SeverityName; status: string; count: number };
}

export interface IntakeOutcome {
  /** New detections (replayed ids excluded). */
  detections: number;
  alertsCreated: number;
  /** Detections that joined an existing alert. */
  alertsGrouped: number;
  /** Detections hidden by a suppression. */
  suppressed: number;
  /** One per alert touched, in order of first touch. */
  changes: AlertChange[];
}

export async function intakeFindings(
  db: StateDb,
  items: readonly IntakeItem[],
  opts: IntakeOptions,
): Promise<IntakeOutcome> {
  const outcome: IntakeOutcome = {
    detections: 0,
    alertsCreated: 0,
    alertsGrouped: 0,
    suppressed: 0,
    changes: [],
  };
  if (items.length === 0) return outcome;
  const now = opts.now ?? new Date();
  const at = now.toISOString();
  return db.transaction().execute(async (tx) => {
    const fresh = await insertNewDetections(tx, items);
    outcome.detections = fresh.length;
    const suppressionCache = new Map<string, ActiveSuppression[]>();
    const statusCache = new Map<string, string | null>();
    const hits = new Map<string, number>();
    const risk: RiskAddition[] = [];
    const changes = new Map<string, AlertChange>();

    for (const d of fresh) {
      const ruleKey = JSON.stringify([d.tenant, d.ruleId]);
      let active = suppressionCache.get(ruleKey);
      if (!active) {
        active = await activeSuppressionsFor(tx, d.tenant, d.ruleId, now);
        suppressionCache.set(ruleKey, active);
      }
      const hit = matchSuppression(active, d.entities);
      if (hit) {
        hits.set(hit.id, (hits.get(hit.id) ?? 0) + 1);
        outcome.suppressed++;
        continue;
      }

      const time = eventTimeOf(d.eventTime, now);
      const fingerprint = alertFingerprint(d.tenant, d.ruleId, d.entities, opts.fingerprintEntities);
      const open = await openAlertFor(tx, d.tenant, fingerprint, time, opts.groupWindowMinutes);
      const seq = await nextSocSeq(tx);
      let alert: Pick<
        AlertTable,
        'id' | 'tenant' | 'title' | 'severity' | 'status' | 'count' | 'confidence' | 'entities'
      >;
      if (open) {
        const count = open.count + 1;
        await tx
          .updateTable('alerts')
          .set({
            seq,
            count,
            first_seen: earlier(time, open.first_seen),
            last_seen: later(time, open.last_seen),
            sparkline: JSON.stringify(addToSparkline(JSON.parse(open.sparkline) as Sparkline, time)),
            detection_ids: JSON.stringify(capped(JSON.parse(open.detection_ids) as string[], [d.id])),
            event_ids: JSON.stringify(capped(JSON.parse(open.event_ids) as string[], d.eventIds)),
            updated_at: at,
          })
          .where('id', '=', open.id)
          .execute();
        alert = { ...open, count };
        outcome.alertsGrouped++;
      } else {
        alert = await createAlert(
          tx,
          d,
          { fingerprint, time, seq, at, status: await ruleStatus(tx, statusCache, d) },
          opts,
        );
        outcome.alertsCreated++;
      }
      const points = riskContribution(alert.severity, alert.confidence, open !== undefined);
      for (const e of JSON.parse(alert.entities) as { type: string; value: string }[])
        if (RISK_ENTITY_TYPES.has(e.type))
          risk.push({ tenant: alert.tenant, type: e.type, value: e.value, points, newAlerts: open ? 0 : 1 });

      const previous = changes.get(alert.id);
      changes.set(alert.id, {
        action: previous?.action ?? (open ? 'alert.grouped' : 'alert.created'),
        id: alert.id,
        tenant: alert.tenant,
        seq,
        summary: { title: alert.title, severity: alert.severity, status: alert.status, count: alert.count },
      });
    }

    for (const [id, n] of hits) await recordSuppressionHits(tx, id, n, at);
    await addEntityRisk(tx, risk, now, opts.riskHalfLifeHours);
    outcome.changes = [...changes.values()];
    return outcome;
  });
}

/** The open alert a detection at `time` joins (see the module comment), if any. */
async function openAlertFor(
  tx: StateDbOrTx,
  tenant: string,
  fingerprint: string,
  time: string,
  windowMinutes: number,
) {
  const t = Date.parse(time);
  const w = windowMinutes * 60_000;
  return tx
    .selectFrom('alerts')
    .select([
      'id',
      'tenant',
      'title',
      'severity',
      'status',
      'count',
      'confidence',
      'entities',
      'first_seen',
      'last_seen',
      'sparkline',
      'detection_ids',
      'event_ids',
    ])
    .where('tenant', '=', tenant)
    .where('fingerprint', '=', fingerprint)
    .where('status', '!=', 'closed')
    .where('last_seen', '>=', new Date(t - w).toISOString())
    .where('first_seen', '<=', new Date(t + w).toISOString())
    .orderBy('last_seen', 'desc')
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst();
}

async function createAlert(
  tx: StateDbOrTx,
  d: IntakeItem,
  at: { fingerprint: string; time: string; seq: number; at: string; status: string | null },
  opts: IntakeOptions,
) {
  const attack = attackOf(d.tags);
  const entities = distinct(d.entities);
  const row: AlertTable = {
    id: randomUUID(),
    tenant: d.tenant,
    seq: at.seq,
    fingerprint: at.fingerprint,
    kind: d.kind,
    rule_id: d.ruleId,
    title: d.title,
    severity: severityOf(d.level),
    confidence: confidenceOf(d.kind, at.status),
    tactics: JSON.stringify(attack.tactics),
    techniques: JSON.stringify(attack.techniques),
    entities: JSON.stringify(entities),
    source: d.source,
    status: 'new',
    verdict: null,
    assignee: null,
    case_id: null,
    count: 1,
    detection_ids: JSON.stringify([d.id]),
    event_ids: JSON.stringify(capped([], d.eventIds)),
    matched: JSON.stringify(d.matched),
    sparkline: JSON.stringify(newSparkline(at.time, opts.sparklineBucketMinutes)),
    first_seen: at.time,
    last_seen: at.time,
    created_at: at.at,
    updated_at: at.at,
    acknowledged_at: null,
    escalated_at: null,
    closed_at: null,
    version: 1,
    duplicate_of: null,
  };
  await tx.insertInto('alerts').values(row).execute();
  if (entities.length > 0)
    await tx
      .insertInto('alert_entities')
      .values(entities.map((e) => ({ alert_id: row.id, tenant: row.tenant, type: e.type, value: e.value })))
      .execute();
  return row;
}

/** The status of the rule behind a detection (the tenant's own rule first, then the global one). */
async function ruleStatus(
  tx: StateDbOrTx,
  cache: Map<string, string | null>,
  d: IntakeItem,
): Promise<string | null> {
  const key = JSON.stringify([d.tenant, d.ruleId]);
  if (cache.has(key)) return cache.get(key) ?? null;
  const rows = await tx
    .selectFrom('rules')
    .select(['tenant', 'status'])
    .where('id', '=', d.ruleId)
    .where((eb) => eb.or([eb('tenant', 'is', null), eb('tenant', '=', d.tenant)]))
    .execute();
  const status = (rows.find((r) => r.tenant === d.tenant) ?? rows[0])?.status ?? null;
  cache.set(key, status);
  return status;
}

/** The event time as a canonical ISO string (so that stored times compare as text); now if unreadable. */
function eventTimeOf(eventTime: string, now: Date): string {
  const t = Date.parse(eventTime);
  return Number.isFinite(t) ? new Date(t).toISOString() : now.toISOString();
}

/** The earlier / later of two canonical ISO times (they compare as text). */
function earlier(a: string, b: string): string {
  return a <= b ? a : b;
}
function later(a: string, b: string): string {
  return a >= b ? a : b;
}

/** `ids` and then `more`, each once, the first MAX_ALERT_IDS kept. */
function capped(ids: string[], more: readonly string[]): string[] {
  if (ids.length >= MAX_ALERT_IDS) return ids;
  return [...new Set([...ids, ...more])].slice(0, MAX_ALERT_IDS);
}

function distinct(entities: readonly { type: string; value: string }[]): { type: string; value: string }[] {
  const seen = new Set<string>();
  const out: { type: string; value: string }[] = [];
  for (const e of entities) {
    const key = JSON.stringify([e.type, e.value]);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ type: e.type, value: e.value });
  }
  return out;
}
