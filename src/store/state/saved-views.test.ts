import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BadRequestError, ForbiddenError, NotFoundError } from '../../core/errors.ts';
import { scopeOf } from '../tenancy.ts';
import { searchAudit } from './audit.ts';
import { openStateDb, type StateDb } from './open.ts';
import { createSavedView, deleteSavedView, listSavedViews, updateSavedView } from './saved-views.ts';

const ACME = scopeOf(['acme']);
const BOTH = scopeOf(['acme', 'globex']);
const by = (id: string) => ({ actor: { kind: 'user' as const, id, name: id }, ip: null, userAgent: null });

let db: StateDb;
beforeEach(async () => {
  db = await openStateDb({ path: ':memory:' });
});
afterEach(async () => {
  await db.destroy();
});

const create = (
  owner: string,
  name: string,
  more: { tenant?: string; shared?: boolean; kind?: 'alerts' | 'events' } = {},
) =>
  createSavedView(
    db,
    BOTH,
    {
      tenant: more.tenant ?? 'acme',
      kind: more.kind ?? 'alerts',
      name,
      query: { status: ['new'], severity: ['high', 'critical'] },
      shared: more.shared ?? false,
    },
    owner,
    by(owner),
  );

describe('saved views', () => {
  it('lists one’s own views and those shared in the scope’s tenants, by name and kind', async () => {
    await create('ann', 'My criticals');
    await create('bob', 'Team queue', { shared: true });
    await create('bob', 'Bob private');
    await create('bob', 'Globex shared', { tenant: 'globex', shared: true });
    await create('ann', 'Failed logons', { kind: 'events' });
    const names = async (scope = ACME, owner: string | null = 'ann', kind?: 'alerts' | 'events') =>
      (await listSavedViews(db, scope, owner, kind)).map((v) => v.name);
    expect(await names()).toEqual(['Failed logons', 'My criticals', 'Team queue']);
    expect(await names(ACME, 'ann', 'alerts')).toEqual(['My criticals', 'Team queue']);
    expect(await names(BOTH, 'ann', 'alerts')).toEqual(['Globex shared', 'My criticals', 'Team queue']);
    expect(await names(ACME, null)).toEqual(['Team queue']);
    const [view] = await listSavedViews(db, ACME, 'ann', 'alerts');
    expect(view).toMatchObject({
      tenant: 'acme',
      ownerId: 'ann',
      kind: 'alerts',
      query: { status: ['new'], severity: ['high', 'critical'] },
      shared: false,
    });
  });

  it('lets only the owner change or delete a view, each change audited', async () => {
    const mine = await create('ann', 'Mine');
    const shared = await create('bob', 'Shared', { shared: true });
    const hidden = await create('bob', 'Hidden');
    const updated = await updateSavedView(
      db,
      ACME,
      mine.id,
      'ann',
      { name: ' Renamed ', shared: true },
      by('ann'),
    );
    expect(updated).toMatchObject({ name: 'Renamed', shared: true, query: mine.query });
    await expect(
      updateSavedView(db, ACME, shared.id, 'ann', { name: 'x' }, by('ann')),
    ).rejects.toBeInstanceOf(ForbiddenError);
    await expect(deleteSavedView(db, ACME, shared.id, 'ann', by('ann'))).rejects.toThrow(
      /only its owner can change it/,
    );
    await expect(deleteSavedView(db, ACME, hidden.id, 'ann', by('ann'))).rejects.toBeInstanceOf(
      NotFoundError,
    );
    await expect(deleteSavedView(db, scopeOf(['globex']), mine.id, 'ann', by('ann'))).rejects.toBeInstanceOf(
      NotFoundError,
    );
    await deleteSavedView(db, ACME, mine.id, 'ann', by('ann'));
    expect((await listSavedViews(db, ACME, 'ann')).map((v) => v.name)).toEqual(['Shared']);
    const trail = (await searchAudit(db, { tenants: ACME, includeGlobal: false, limit: 20 })).reverse();
    expect(trail.map((e) => `${e.action} ${e.actor.id}`)).toEqual([
      'saved_view.create ann',
      'saved_view.create bob',
      'saved_view.create bob',
      'saved_view.update ann',
      'saved_view.delete ann',
    ]);
    expect(trail[3]).toMatchObject({
      before: { name: 'Mine', shared: false },
      after: { name: 'Renamed', shared: true },
    });
  });

  it('checks the tenant, the name and the size of the filter', async () => {
    await expect(create('ann', 'x', { tenant: 'initech' })).rejects.toBeInstanceOf(NotFoundError);
    await expect(create('ann', '  ')).rejects.toBeInstanceOf(BadRequestError);
    await expect(
      createSavedView(
        db,
        ACME,
        { tenant: 'acme', kind: 'alerts', name: 'big', query: { q: 'x'.repeat(20_000) }, shared: false },
        'ann',
        by('ann'),
      ),
    ).rejects.toThrow(/at most 16384 characters of JSON/);
  });
});
