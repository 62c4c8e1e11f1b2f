/** Observables and their sightings, in a real SQLite store. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { scopeOf } from '../tenancy.ts';
import { escalateAlerts } from './case-escalate.ts';
import { ANALYST, auditActions, insertTestAlert, ticking } from './cases.fixture.ts';
import { createCase, getCase } from './cases.ts';
import { addObservable, getObservable } from './observables.ts';
import { openStateDb, type StateDb } from './open.ts';

const ACME = scopeOf(['acme']);
let db: StateDb;
let now: () => Date;

beforeEach(async () => {
  db = await openStateDb({ path: ':memory:' });
  now = ticking();
});
afterEach(async () => db.destroy());

describe('observables', () => {
  it('are unique per tenant (type, value): adding an existing one adds a sighting and merges its flags', async () => {
    const c1 = await createCase(db, ACME, 'acme', { title: 'One' }, ANALYST, now());
    const c2 = await createCase(db, ACME, 'acme', { title: 'Two' }, ANALYST, now());
    const first = await addObservable(
      db,
      ACME,
      c1.id,
      { type: 'domain', value: ' Bad.Example ', tags: ['c2'] },
      ANALYST,
      now(),
    );
    expect(first.result).toMatchObject({
      created: true,
      observable: { value: 'bad.example', ioc: false, tlp: 'amber', tags: ['c2'] },
    });
    const second = await addObservable(
      db,
      ACME,
      c2.id,
      { type: 'domain', value: 'bad.example', ioc: true, tlp: 'red', tags: ['apt'] },
      ANALYST,
      now(),
    );
    expect(second.result).toMatchObject({
      created: false,
      observable: { id: first.result.observable.id, ioc: true, tlp: 'red', tags: ['c2', 'apt'], version: 2 },
    });
    const again = await addObservable(
      db,
      ACME,
      c2.id,
      { type: 'domain', value: 'bad.example' },
      ANALYST,
      now(),
    );
    // adding it again to a case that has it changes nothing: no entry, no seq, not even its times
    expect(again.case.seq).toBe(second.case.seq);
    expect(again.result.observable).toEqual(second.result.observable);
    const seen = await getObservable(db, ACME, first.result.observable.id);
    expect(seen.sightings.map((s) => [s.targetType, s.number, s.title])).toEqual([
      ['case', 2, 'Two'],
      ['case', 1, 'One'],
    ]);
    expect((await getCase(db, ACME, c2.id)).timeline.at(-1)?.title).toBe(
      'Observable added: domain bad.example (already seen in 1 other alert(s) or case(s))',
    );
    expect(await auditActions(db)).toEqual([
      'case.create',
      'case.create',
      'observable.create',
      'observable.sighting',
    ]);
  });

  it('a case observable shows its sightings across alerts and cases', async () => {
    const a1 = await insertTestAlert(db, { entities: [{ type: 'ip', value: '198.51.100.7' }] });
    const a2 = await insertTestAlert(db, { entities: [{ type: 'ip', value: '198.51.100.7' }] });
    const r1 = await escalateAlerts(db, ACME, { alerts: [{ id: a1, version: 1 }] }, ANALYST, now());
    await escalateAlerts(db, ACME, { alerts: [{ id: a2, version: 1 }] }, ANALYST, now());
    const [o] = (await getCase(db, ACME, r1.case.id)).observables;
    expect(o).toMatchObject({ type: 'ip', value: '198.51.100.7', sightings: 4 });
    const seen = await getObservable(db, ACME, o!.id);
    expect(
      seen.sightings
        .filter((s) => s.targetType === 'alert')
        .map((s) => s.targetId)
        .sort(),
    ).toEqual([a1, a2].sort());
  });

  it("refuses bad input and hides another tenant's observables", async () => {
    const c = await createCase(db, ACME, 'acme', { title: 'One' }, ANALYST, now());
    await expect(addObservable(db, ACME, c.id, { type: 'ip', value: '   ' }, ANALYST, now())).rejects.toThrow(
      'needs a value',
    );
    await expect(
      addObservable(db, ACME, c.id, { type: 'planet' as 'ip', value: 'x' }, ANALYST, now()),
    ).rejects.toThrow('observable type must be one of');
    const r = await addObservable(db, ACME, c.id, { type: 'hash', value: 'ABC' }, ANALYST, now());
    await expect(getObservable(db, scopeOf(['globex']), r.result.observable.id)).rejects.toThrow(
      'no observable',
    );
  });
});
