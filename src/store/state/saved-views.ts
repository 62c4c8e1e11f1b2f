/**
 * Saved views: a named filter of the alert queue (`alerts`) or of event search (`events`), owned
 * by one user and optionally shared with everyone of its tenant. Only the owner changes or deletes
 * a view; each change is audited (`saved_view.create|update|delete`) in its transaction.
 */
import { randomUUID } from 'node:crypto';
import { BadRequestError, ForbiddenError, NotFoundError } from '../../core/errors.ts';
import type { TenantScope } from '../tenancy.ts';
import { type AuditActor, appendAudit } from './audit.ts';
import type { StateDb } from './open.ts';
import type { SavedViewTable } from './schema.ts';

export const SAVED_VIEW_KINDS = ['alerts', 'events'] as const;
export type SavedViewKind = (typeof SAVED_VIEW_KINDS)[number];

export interface SavedView {
  id: string;
  tenant: string;
  ownerId: string;
  kind: SavedViewKind;
  name: string;
  /** The filter, as the console saved it (a JSON object). */
  query: Record<string, unknown>;
  shared: boolean;
  createdAt: string;
  updatedAt: string;
}

export const MAX_VIEW_NAME_CHARS = 200;
/** Largest saved filter, as JSON text. */
export const MAX_VIEW_QUERY_CHARS = 16_384;

type ViewAudit = { actor: AuditActor; ip: string | null; userAgent: string | null };

function viewFromRow(r: SavedViewTable): SavedView {
  let query: Record<string, unknown> = {};
  try {
    const parsed = JSON.parse(r.query) as unknown;
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed))
      query = parsed as Record<string, unknown>;
  } catch {
    // a damaged row shows as an empty filter rather than failing the list
  }
  return {
    id: r.id,
    tenant: r.tenant,
    ownerId: r.owner_id,
    kind: r.kind as SavedViewKind,
    name: r.name,
    query,
    shared: r.shared === 1,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

function checkName(name: string): string {
  const n = name.trim();
  if (n === '' || n.length > MAX_VIEW_NAME_CHARS)
    throw new BadRequestError(`a view's name is 1 to ${MAX_VIEW_NAME_CHARS} characters`, 'name');
  return n;
}

function queryText(query: Record<string, unknown>): string {
  if (!query || typeof query !== 'object' || Array.isArray(query))
    throw new BadRequestError("a view's query is a JSON object (the filter)", 'query');
  const text = JSON.stringify(query);
  if (text.length > MAX_VIEW_QUERY_CHARS)
    throw new BadRequestError(
      `a view's query is at most ${MAX_VIEW_QUERY_CHARS} characters of JSON (this one has ${text.length})`,
      'query',
    );
  return text;
}

const auditView = (v: Pick<SavedView, 'kind' | 'name' | 'query' | 'shared'>) => ({
  kind: v.kind,
  name: v.name,
  query: v.query,
  shared: v.shared,
});

/** Saves a new view of `input.tenant` (which must be in the scope) for `ownerId`. */
export async function createSavedView(
  db: StateDb,
  scope: TenantScope,
  input: {
    tenant: string;
    kind: SavedViewKind;
    name: string;
    query: Record<string, unknown>;
    shared: boolean;
  },
  ownerId: string,
  audit: ViewAudit,
): Promise<SavedView> {
  if (!scope.includes(input.tenant)) throw new NotFoundError(`no tenant ${input.tenant}`);
  if (!(SAVED_VIEW_KINDS as readonly string[]).includes(input.kind))
    throw new BadRequestError('a view is of kind alerts or events', 'kind');
  const at = new Date().toISOString();
  const row: SavedViewTable = {
    id: randomUUID(),
    tenant: input.tenant,
    owner_id: ownerId,
    kind: input.kind,
    name: checkName(input.name),
    query: queryText(input.query),
    shared: input.shared ? 1 : 0,
    created_at: at,
    updated_at: at,
  };
  return db.transaction().execute(async (tx) => {
    await tx.insertInto('saved_views').values(row).execute();
    const view = viewFromRow(row);
    await appendAudit(tx, {
      tenant: view.tenant,
      actor: audit.actor,
      ip: audit.ip,
      userAgent: audit.userAgent,
      action: 'saved_view.create',
      target: { type: 'saved_view', id: view.id },
      outcome: 'success',
      after: auditView(view),
    });
    return view;
  });
}

/** The views `ownerId` sees in the scope: its own and those shared with their tenant, by name. */
export async function listSavedViews(
  db: StateDb,
  scope: TenantScope,
  ownerId: string | null,
  kind?: SavedViewKind,
): Promise<SavedView[]> {
  if (scope.length === 0) return [];
  let q = db
    .selectFrom('saved_views')
    .selectAll()
    .where('tenant', 'in', [...scope])
    .where((eb) =>
      ownerId === null ? eb('shared', '=', 1) : eb.or([eb('shared', '=', 1), eb('owner_id', '=', ownerId)]),
    );
  if (kind) q = q.where('kind', '=', kind);
  const rows = await q.orderBy('name').orderBy('created_at').execute();
  return rows.map(viewFromRow);
}

/** A view `ownerId` may change: in the scope and visible to it (NotFound), and its own (Forbidden). */
async function ownView(db: StateDb, scope: TenantScope, id: string, ownerId: string): Promise<SavedView> {
  const row =
    scope.length === 0
      ? undefined
      : await db
          .selectFrom('saved_views')
          .selectAll()
          .where('id', '=', id)
          .where('tenant', 'in', [...scope])
          .executeTakeFirst();
  if (!row || (row.owner_id !== ownerId && row.shared !== 1)) throw new NotFoundError(`no saved view ${id}`);
  if (row.owner_id !== ownerId)
    throw new ForbiddenError(
      `saved view "${row.name}" is shared with you; only its owner can change it (save a copy instead)`,
    );
  return viewFromRow(row);
}

/** Renames, refilters or (un)shares a view of `ownerId`. */
export async function updateSavedView(
  db: StateDb,
  scope: TenantScope,
  id: string,
  ownerId: string,
  patch: { name?: string; query?: Record<string, unknown>; shared?: boolean },
  audit: ViewAudit,
): Promise<SavedView> {
  return db.transaction().execute(async (tx) => {
    const before = await ownView(tx, scope, id, ownerId);
    const set: Partial<SavedViewTable> = { updated_at: new Date().toISOString() };
    if (patch.name !== undefined) set.name = checkName(patch.name);
    if (patch.query !== undefined) set.query = queryText(patch.query);
    if (patch.shared !== undefined) set.shared = patch.shared ? 1 : 0;
    await tx.updateTable('saved_views').set(set).where('id', '=', id).execute();
    const row = await tx.selectFrom('saved_views').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    const after = viewFromRow(row);
    await appendAudit(tx, {
      tenant: after.tenant,
      actor: audit.actor,
      ip: audit.ip,
      userAgent: audit.userAgent,
      action: 'saved_view.update',
      target: { type: 'saved_view', id },
      outcome: 'success',
      before: auditView(before),
      after: auditView(after),
    });
    return after;
  });
}

/** Deletes a view of `ownerId`. */
export async function deleteSavedView(
  db: StateDb,
  scope: TenantScope,
  id: string,
  ownerId: string,
  audit: ViewAudit,
): Promise<void> {
  await db.transaction().execute(async (tx) => {
    const before = await ownView(tx, scope, id, ownerId);
    await tx.deleteFrom('saved_views').where('id', '=', id).execute();
    await appendAudit(tx, {
      tenant: before.tenant,
      actor: audit.actor,
      ip: audit.ip,
      userAgent: audit.userAgent,
      action: 'saved_view.delete',
      target: { type: 'saved_view', id },
      outcome: 'success',
      before: auditView(before),
    });
  });
}
