/** The case timeline: automatic entries and analysts' notes. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { scopeOf } from '../tenancy.ts';
import { addNote, listTimeline } from './case-timeline.ts';
import { ANALYST, ticking } from './cases.fixture.ts';
import { closeCase, createCase } from './cases.ts';
import { openStateDb, type StateDb } from './open.ts';

const ACME = scopeOf(['acme']);
let db: StateDb;
let now: () => Date;

beforeEach(async () => {
  db = await openStateDb({ path: ':memory:' });
  now = ticking();
});
afterEach(async () => db.destroy());

describe('the case timeline', () => {
  it('keeps when something happened apart from when it was recorded, and sorts by the former', async () => {
    const c = await createCase(
      db,
      ACME,
      'acme',
      { title: 'Case' },
      ANALYST,
      new Date('2024-05-01T10:00:00Z'),
    );
    const recorded = new Date('2024-05-01T12:00:00Z');
    const n = await addNote(
      db,
      ACME,
      c.id,
      { title: 'First click', body: 'alice clicked the link', eventTime: '2024-05-01T08:15:00+02:00' },
      ANALYST,
      recorded,
    );
    expect(n.result).toMatchObject({
      kind: 'note',
      eventTime: '2024-05-01T06:15:00.000Z',
      recordedAt: '2024-05-01T12:00:00.000Z',
      author: { id: 'u-alice', name: 'alice' },
    });
    expect(n.case.seq).toBeGreaterThan(c.seq);
    expect((await listTimeline(db, ACME, c.id)).map((e) => e.title)).toEqual([
      'First click',
      'Case #1 opened: Case',
    ]);
    const audit = await db
      .selectFrom('audit_log')
      .select('action')
      .orderBy('seq', 'desc')
      .executeTakeFirstOrThrow();
    expect(audit.action).toBe('timeline.note');
  });

  it('takes notes on closed cases, refuses empty or future ones', async () => {
    const c = await createCase(db, ACME, 'acme', { title: 'Case' }, ANALYST, now());
    await closeCase(db, ACME, c.id, 1, 'true_positive', ANALYST, now(), 72);
    await expect(addNote(db, ACME, c.id, { body: 'late finding' }, ANALYST, now())).resolves.toBeTruthy();
    await expect(addNote(db, ACME, c.id, { body: '  ' }, ANALYST, now())).rejects.toThrow(
      'a note needs a body',
    );
    await expect(
      addNote(db, ACME, c.id, { body: 'x', eventTime: '2999-01-01T00:00:00Z' }, ANALYST, now()),
    ).rejects.toThrow('eventTime is in the future');
    await expect(addNote(db, ACME, c.id, { body: 'x', eventTime: 'noon' }, ANALYST, now())).rejects.toThrow(
      'not an ISO 8601 time',
    );
    expect(await listTimeline(db, scopeOf(['globex']), c.id)).toEqual([]);
  });
});
