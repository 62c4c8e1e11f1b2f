import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BadRequestError, NotFoundError } from '../../core/errors.ts';
import { scopeOf } from '../tenancy.ts';
import { insertTestAlert } from './alerts.fixture.ts';
import { searchAudit } from './audit.ts';
import { addComment, listComments, MAX_COMMENT_CHARS } from './comments.ts';
import { openStateDb, type StateDb } from './open.ts';

const ACME = scopeOf(['acme']);
const AUDIT = {
  actor: { kind: 'user' as const, id: 'u-ann', name: 'ann' },
  ip: '10.0.0.7',
  userAgent: 'vitest',
};
const ANN = { id: 'u-ann', name: 'ann' };

let db: StateDb;
beforeEach(async () => {
  db = await openStateDb({ path: ':memory:' });
  await insertTestAlert(db, { id: 'a1' });
  await insertTestAlert(db, { id: 'g1', tenant: 'globex' });
});
afterEach(async () => {
  await db.destroy();
});

describe('comments', () => {
  it('adds comments to an alert of the scope, lists them oldest first, and audits each', async () => {
    const first = await addComment(
      db,
      ACME,
      { targetType: 'alert', targetId: 'a1', body: '  seen this before\n' },
      ANN,
      AUDIT,
    );
    await addComment(
      db,
      ACME,
      { targetType: 'alert', targetId: 'a1', body: 'asked the owner' },
      { id: null, name: 'api key' },
      AUDIT,
    );
    expect(first).toMatchObject({
      tenant: 'acme',
      targetType: 'alert',
      targetId: 'a1',
      authorId: 'u-ann',
      authorName: 'ann',
      body: 'seen this before',
    });
    const listed = await listComments(db, ACME, 'alert', 'a1');
    expect(listed.map((c) => c.body)).toEqual(['seen this before', 'asked the owner']);
    const trail = await searchAudit(db, { tenants: ACME, includeGlobal: false, limit: 10 });
    expect(trail.map((e) => [e.action, e.target])).toEqual([
      ['comment.create', { type: 'alert', id: 'a1' }],
      ['comment.create', { type: 'alert', id: 'a1' }],
    ]);
    expect(trail[1]).toMatchObject({
      actor: AUDIT.actor,
      ip: '10.0.0.7',
      after: { commentId: first.id, chars: 16 },
    });
  });

  it('does not reach a target outside the scope, nor one that does not exist', async () => {
    const add = (targetType: 'alert' | 'case', targetId: string) =>
      addComment(db, ACME, { targetType, targetId, body: 'x' }, ANN, AUDIT);
    await expect(add('alert', 'g1')).rejects.toBeInstanceOf(NotFoundError);
    await expect(add('alert', 'nope')).rejects.toThrow('no alert nope');
    await expect(add('case', 'a1')).rejects.toThrow('no case a1');
    await expect(listComments(db, ACME, 'alert', 'g1')).rejects.toBeInstanceOf(NotFoundError);
    expect(await listComments(db, scopeOf(['globex']), 'alert', 'g1')).toEqual([]);
  });

  it('needs text, at most 20,000 characters', async () => {
    const add = (body: string) =>
      addComment(db, ACME, { targetType: 'alert', targetId: 'a1', body }, ANN, AUDIT);
    await expect(add('   ')).rejects.toBeInstanceOf(BadRequestError);
    await expect(add('x'.repeat(MAX_COMMENT_CHARS + 1))).rejects.toThrow(
      /at most 20,000 characters \(this one has 20,001\)/,
    );
    expect((await add('x'.repeat(MAX_COMMENT_CHARS))).body.length).toBe(MAX_COMMENT_CHARS);
  });
});
