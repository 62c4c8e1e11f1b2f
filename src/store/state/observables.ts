/**
 * Observables: IPs, domains, URLs, hashes, accounts… worth tracking across cases. One record per
 * tenant and (type, value); each time it turns up in an alert or a case a sighting links them, so
 * an analyst sees at once where else the same indicator appeared. An escalated alert's entities
 * become observables of its case (sighted in both the alert and the case).
 */
import { randomUUID } from 'node:crypto';
import { assertOpen, isTlp, stricterTlp, type Tlp } from '../../cases/phases.ts';
import { BadRequestError, NotFoundError } from '../../core/errors.ts';
import type { TenantScope } from '../tenancy.ts';
import {
  type CaseRecord,
  type ChangeAudit,
  inScope,
  jsonArray,
  loadCase,
  recordChange,
} from './case-rows.ts';
import type { ObservableTable } from './schema.ts';
import { inTransaction, type StateDbOrTx } from './transaction.ts';

export const OBSERVABLE_TYPES = [
  'ip',
  'domain',
  'url',
  'hash',
  'email',
  'user',
  'host',
  'file',
  'process',
  'other',
] as const;
export type ObservableType = (typeof OBSERVABLE_TYPES)[number];

export interface Observable {
  id: string;
  tenant: string;
  type: string;
  value: string;
  tlp: string;
  ioc: boolean;
  tags: string[];
  description: string;
  firstSeen: string;
  lastSeen: string;
  createdAt: string;
  updatedAt: string;
  version: number;
}

/** An observable of a case, with how many sightings it has in all (alerts and cases). */
export interface CaseObservable extends Observable {
  sightings: number;
}

export interface Sighting {
  targetType: 'alert' | 'case';
  targetId: string;
  seenAt: string;
  /** The alert's or case's title, status and severity (and the case's number). */
  title: string;
  status: string;
  severity: string;
  number: number | null;
}

export interface NewObservable {
  type: ObservableType;
  value: string;
  tlp?: Tlp;
  ioc?: boolean;
  tags?: string[];
  description?: string;
}

export function observableOf(r: ObservableTable): Observable {
  return {
    id: r.id,
    tenant: r.tenant,
    type: r.type,
    value: r.value,
    tlp: r.tlp,
    ioc: Number(r.ioc) === 1,
    tags: jsonArray(r.tags),
    description: r.description,
    firstSeen: r.first_seen,
    lastSeen: r.last_seen,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    version: Number(r.version),
  };
}

/** The stored form of a value: trimmed; domains, e-mail addresses and hashes in lower case. */
export function normalizeObservable(type: string, value: string): string {
  const v = value.trim();
  if (v === '') throw new BadRequestError('an observable needs a value', 'value');
  return type === 'domain' || type === 'email' || type === 'hash' ? v.toLowerCase() : v;
}

/** The observable type an alert entity becomes (entity types are a subset). */
function typeOfEntity(type: string): ObservableType {
  return (OBSERVABLE_TYPES as readonly string[]).includes(type) ? (type as ObservableType) : 'other';
}

interface Upserted {
  row: ObservableTable;
  created: boolean;
  changed: boolean;
}

/**
 * The tenant's observable (type, value), created when new; an existing one takes the union of
 * tags, `ioc` when either says so, the stricter TLP, a description when it had none, and a wider
 * first/last seen. Inside the caller's transaction.
 */
async function upsertObservable(
  tx: StateDbOrTx,
  tenant: string,
  input: NewObservable,
  seen: { first: string; last: string } | null,
  at: string,
): Promise<Upserted> {
  const value = normalizeObservable(input.type, input.value);
  const existing = await tx
    .selectFrom('observables')
    .selectAll()
    .where('tenant', '=', tenant)
    .where('type', '=', input.type)
    .where('value', '=', value)
    .executeTakeFirst();
  if (!existing) {
    const row: ObservableTable = {
      id: randomUUID(),
      tenant,
      type: input.type,
      value,
      tlp: input.tlp ?? 'amber',
      ioc: input.ioc ? 1 : 0,
      tags: JSON.stringify([...new Set(input.tags ?? [])]),
      description: input.description ?? '',
      first_seen: seen?.first ?? at,
      last_seen: seen?.last ?? at,
      created_at: at,
      updated_at: at,
      version: 1,
    };
    await tx.insertInto('observables').values(row).execute();
    return { row, created: true, changed: true };
  }
  const tags = [...new Set([...jsonArray(existing.tags), ...(input.tags ?? [])])];
  const tlp = input.tlp && isTlp(existing.tlp) ? stricterTlp(existing.tlp, input.tlp) : existing.tlp;
  const next = {
    tlp,
    ioc: input.ioc || Number(existing.ioc) === 1 ? 1 : 0,
    tags: JSON.stringify(tags),
    description: existing.description || (input.description ?? ''),
    first_seen: seen === null ? existing.first_seen : [seen.first, existing.first_seen].sort()[0]!,
    last_seen: seen === null ? existing.last_seen : [seen.last, existing.last_seen].sort()[1]!,
  };
  const edited =
    next.tlp !== existing.tlp ||
    next.ioc !== Number(existing.ioc) ||
    next.tags !== existing.tags ||
    next.description !== existing.description;
  const widened = next.first_seen !== existing.first_seen || next.last_seen !== existing.last_seen;
  if (!edited && !widened) return { row: existing, created: false, changed: false };
  const row = await tx
    .updateTable('observables')
    .set({
      ...next,
      updated_at: at,
      ...(edited ? { version: Number(existing.version) + 1 } : {}),
    })
    .where('id', '=', existing.id)
    .returningAll()
    .executeTakeFirstOrThrow();
  return { row, created: false, changed: edited };
}

/** Records that the observable was seen in an alert or a case; false when it already was. */
async function addSighting(
  tx: StateDbOrTx,
  observable: Pick<ObservableTable, 'id' | 'tenant'>,
  targetType: 'alert' | 'case',
  targetId: string,
  seenAt: string,
): Promise<boolean> {
  const r = await tx
    .insertInto('observable_sightings')
    .values({
      observable_id: observable.id,
      tenant: observable.tenant,
      target_type: targetType,
      target_id: targetId,
      seen_at: seenAt,
    })
    .onConflict((oc) => oc.columns(['observable_id', 'target_type', 'target_id']).doNothing())
    .executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0n) > 0;
}

/**
 * Adds an observable to a case: a new one is created; one the tenant already has gets a sighting
 * in this case (and its tags, IOC flag and TLP merged as `upsertObservable` says).
 */
export async function addObservable(
  db: StateDbOrTx,
  scope: TenantScope,
  caseId: string,
  input: NewObservable,
  by: ChangeAudit,
  now: Date,
): Promise<{ result: { observable: Observable; created: boolean }; case: CaseRecord }> {
  if (!(OBSERVABLE_TYPES as readonly string[]).includes(input.type))
    throw new BadRequestError(`observable type must be one of ${OBSERVABLE_TYPES.join(', ')}`, 'type');
  if (input.tlp !== undefined && !isTlp(input.tlp))
    throw new BadRequestError(`unknown TLP "${input.tlp}"`, 'tlp');
  return inTransaction(db, async (tx) => {
    const c = await loadCase(tx, scope, caseId);
    assertOpen(c, 'add observables');
    const at = now.toISOString();
    // adding one the case already has is no new sighting: its times stay (only edits count)
    const already = await sightedInCase(tx, c.tenant, input, c.id);
    const { row, created, changed } = await upsertObservable(
      tx,
      c.tenant,
      input,
      already ? null : { first: at, last: at },
      at,
    );
    const sighted = await addSighting(tx, row, 'case', c.id, at);
    if (created || sighted || changed) {
      const label = `${row.type} ${row.value}`;
      const others = created ? 0 : await countSightings(tx, row.id, { exceptCase: c.id });
      await recordChange(
        tx,
        c,
        {
          audit: created ? 'observable.create' : sighted ? 'observable.sighting' : 'observable.update',
          target: { type: 'observable', id: row.id },
          timeline: {
            action: created ? 'observable.create' : 'observable.sighting',
            title: created
              ? `Observable added: ${label}`
              : sighted
                ? `Observable added: ${label} (already seen in ${others} other alert(s) or case(s))`
                : `Observable updated: ${label}`,
          },
          after: {
            caseId: c.id,
            type: row.type,
            value: row.value,
            tlp: row.tlp,
            ioc: row.ioc === 1,
            tags: jsonArray(row.tags),
          },
        },
        by,
        at,
      );
    }
    return { result: { observable: observableOf(row), created }, case: await loadCase(tx, scope, c.id) };
  });
}

/** Whether the tenant's observable (type, value) is already sighted in case `caseId`. */
async function sightedInCase(
  tx: StateDbOrTx,
  tenant: string,
  input: NewObservable,
  caseId: string,
): Promise<boolean> {
  const r = await tx
    .selectFrom('observables')
    .innerJoin('observable_sightings', 'observable_sightings.observable_id', 'observables.id')
    .select('observables.id')
    .where('observables.tenant', '=', tenant)
    .where('observables.type', '=', input.type)
    .where('observables.value', '=', normalizeObservable(input.type, input.value))
    .where('observable_sightings.target_type', '=', 'case')
    .where('observable_sightings.target_id', '=', caseId)
    .executeTakeFirst();
  return r !== undefined;
}

async function countSightings(tx: StateDbOrTx, observableId: string, opts: { exceptCase?: string } = {}) {
  let q = tx
    .selectFrom('observable_sightings')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('observable_id', '=', observableId);
  const except = opts.exceptCase;
  if (except !== undefined)
    q = q.where((eb) => eb.not(eb.and([eb('target_type', '=', 'case'), eb('target_id', '=', except)])));
  const r = await q.executeTakeFirstOrThrow();
  return Number(r.n);
}

/**
 * The entities of alerts escalated into case `c` as its observables: each becomes (or is found as)
 * an observable sighted in its alert and in the case. Inside the caller's transaction. Returns
 * how many observables were new to the tenant and how many were new to the case.
 */
export async function observablesFromAlerts(
  tx: StateDbOrTx,
  c: Pick<CaseRecord, 'id' | 'tenant'>,
  alerts: readonly {
    id: string;
    entities: readonly { type: string; value: string }[];
    firstSeen: string;
    lastSeen: string;
  }[],
  at: string,
): Promise<{ created: number; addedToCase: number }> {
  let created = 0;
  let addedToCase = 0;
  for (const a of alerts) {
    for (const e of a.entities) {
      if (typeof e.value !== 'string' || e.value.trim() === '') continue;
      const up = await upsertObservable(
        tx,
        c.tenant,
        { type: typeOfEntity(e.type), value: e.value },
        { first: a.firstSeen, last: a.lastSeen },
        at,
      );
      if (up.created) created++;
      await addSighting(tx, up.row, 'alert', a.id, at);
      if (await addSighting(tx, up.row, 'case', c.id, at)) addedToCase++;
    }
  }
  return { created, addedToCase };
}

/** The observables sighted in a case, newest sighting first, with their sighting counts. */
export async function listCaseObservables(
  db: StateDbOrTx,
  scope: TenantScope,
  caseId: string,
): Promise<CaseObservable[]> {
  const rows = await db
    .selectFrom('observable_sightings as s')
    .innerJoin('observables as o', 'o.id', 's.observable_id')
    .selectAll('o')
    .select((eb) =>
      eb
        .selectFrom('observable_sightings as all_s')
        .select((e) => e.fn.countAll<number>().as('n'))
        .whereRef('all_s.observable_id', '=', 'o.id')
        .as('sightings'),
    )
    .where('s.target_type', '=', 'case')
    .where('s.target_id', '=', caseId)
    .where(inScope(scope, 's.tenant'))
    .orderBy('s.seen_at', 'desc')
    .orderBy('o.type')
    .orderBy('o.value')
    .execute();
  return rows.map((r) => ({ ...observableOf(r), sightings: Number(r.sightings ?? 0) }));
}

/** An observable of the caller's tenants with every alert and case it was seen in. */
export async function getObservable(
  db: StateDbOrTx,
  scope: TenantScope,
  id: string,
): Promise<{ observable: Observable; sightings: Sighting[] }> {
  const row = await db
    .selectFrom('observables')
    .selectAll()
    .where('id', '=', id)
    .where(inScope(scope))
    .executeTakeFirst();
  if (!row) throw new NotFoundError(`no observable ${id}`);
  const inAlerts = await db
    .selectFrom('observable_sightings as s')
    .innerJoin('alerts as a', 'a.id', 's.target_id')
    .select(['s.target_id', 's.seen_at', 'a.title', 'a.status', 'a.severity'])
    .where('s.observable_id', '=', id)
    .where('s.target_type', '=', 'alert')
    .where('a.tenant', '=', row.tenant)
    .execute();
  const inCases = await db
    .selectFrom('observable_sightings as s')
    .innerJoin('cases as c', 'c.id', 's.target_id')
    .select(['s.target_id', 's.seen_at', 'c.title', 'c.status', 'c.severity', 'c.number'])
    .where('s.observable_id', '=', id)
    .where('s.target_type', '=', 'case')
    .where('c.tenant', '=', row.tenant)
    .execute();
  const sightings: Sighting[] = [
    ...inAlerts.map((r) => ({
      targetType: 'alert' as const,
      targetId: r.target_id,
      seenAt: r.seen_at,
      title: r.title,
      status: r.status,
      severity: r.severity,
      number: null,
    })),
    ...inCases.map((r) => ({
      targetType: 'case' as const,
      targetId: r.target_id,
      seenAt: r.seen_at,
      title: r.title,
      status: r.status,
      severity: r.severity,
      number: Number(r.number),
    })),
  ].sort((x, y) => (x.seenAt < y.seenAt ? 1 : x.seenAt > y.seenAt ? -1 : 0));
  return { observable: observableOf(row), sightings };
}

/** Moves a case's sightings to another case (a merge); a sighting both had is kept once. */
export async function moveCaseSightings(tx: StateDbOrTx, fromCase: string, toCase: string): Promise<number> {
  const rows = await tx
    .selectFrom('observable_sightings')
    .selectAll()
    .where('target_type', '=', 'case')
    .where('target_id', '=', fromCase)
    .execute();
  for (const r of rows)
    await addSighting(tx, { id: r.observable_id, tenant: r.tenant }, 'case', toCase, r.seen_at);
  await tx
    .deleteFrom('observable_sightings')
    .where('target_type', '=', 'case')
    .where('target_id', '=', fromCase)
    .execute();
  return rows.length;
}
