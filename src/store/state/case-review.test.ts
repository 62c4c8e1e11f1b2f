/** The post-incident review. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { scopeOf } from '../tenancy.ts';
import { getReview, saveReview } from './case-review.ts';
import { ANALYST, BOB, ticking } from './cases.fixture.ts';
import { closeCase, createCase, getCase } from './cases.ts';
import { openStateDb, type StateDb } from './open.ts';

const ACME = scopeOf(['acme']);
let db: StateDb;
let now: () => Date;

beforeEach(async () => {
  db = await openStateDb({ path: ':memory:' });
  now = ticking();
});
afterEach(async () => db.destroy());

const REVIEW = {
  rootCause: 'A contractor account without MFA was phished.',
  wentWell: 'The reporter forwarded the lure within 5 minutes.',
  wentBadly: 'The purge took 3 hours: nobody on shift had the compliance role.',
  actions: [
    { text: 'Enforce MFA for contractor accounts', owner: 'IAM team', dueAt: '2024-06-01T00:00:00.000Z' },
    { text: 'Give the SOC shift the purge role', owner: 'M365 admins', done: true },
  ],
};

describe('post-incident review', () => {
  it('is saved with ids for new actions, as an edit of the case (also once it is closed)', async () => {
    const c = await createCase(db, ACME, 'acme', { title: 'Case' }, ANALYST, now());
    const closed = await closeCase(db, ACME, c.id, 1, 'true_positive', ANALYST, now(), 72);
    const r = await saveReview(db, ACME, c.id, closed.case.version, REVIEW, ANALYST, now());
    expect(r.case.version).toBe(closed.case.version + 1);
    expect(r.result.actions).toEqual([
      {
        id: expect.any(String),
        text: 'Enforce MFA for contractor accounts',
        owner: 'IAM team',
        dueAt: '2024-06-01T00:00:00.000Z',
        done: false,
      },
      {
        id: expect.any(String),
        text: 'Give the SOC shift the purge role',
        owner: 'M365 admins',
        dueAt: null,
        done: true,
      },
    ]);
    const id = r.result.actions[0]!.id;
    const updated = await saveReview(
      db,
      ACME,
      c.id,
      r.case.version,
      { ...REVIEW, actions: [{ ...REVIEW.actions[0]!, id, done: true }] },
      ANALYST,
      now(),
    );
    expect(updated.result.actions).toMatchObject([{ id, done: true }]);
    expect(await getReview(db, ACME, c.id)).toEqual(updated.result);
    expect((await getCase(db, ACME, c.id)).review).toEqual(updated.result);
    expect((await getCase(db, ACME, c.id)).timeline.at(-1)?.title).toBe(
      'Post-incident review updated (1 follow-up action(s), 0 open)',
    );
  });

  it('refuses a stale version and an action without text', async () => {
    const c = await createCase(db, ACME, 'acme', { title: 'Case' }, ANALYST, now());
    await saveReview(db, ACME, c.id, 1, REVIEW, ANALYST, now());
    await expect(saveReview(db, ACME, c.id, 1, REVIEW, BOB, now())).rejects.toMatchObject({
      code: 'conflict',
      currentVersion: 2,
    });
    await expect(
      saveReview(db, ACME, c.id, 2, { ...REVIEW, actions: [{ text: ' ', owner: 'x' }] }, ANALYST, now()),
    ).rejects.toThrow('follow-up action 1 has no text');
  });
});
