import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scopeOf } from '../tenancy.ts';
import { insertDetections, listDetections, type NewDetection } from './detections.ts';
import { openStateDb } from './open.ts';

const d = (id: string, tenant = 'acme'): NewDetection => ({
  id,
  tenant,
  kind: 'sigma',
  ruleId: 'r1',
  title: 'Rule one',
  level: 'high',
  tags: ['attack.t1059'],
  source: 'fw',
  eventIds: [`e-${id}`],
  eventTime: '2026-11-22T10:00:00.000Z',
  matched: [{ field: 'process.name', value: 'powershell.exe' }],
});

describe('detections', () => {
  it('stores each id once (a replayed batch re-delivers the same ids) and lists newest first per tenant', async () => {
    const db = await openStateDb({ path: join(mkdtempSync(join(tmpdir(), 'vigil-det-')), 'state.db') });
    expect(await insertDetections(db, [d('a'), d('b')])).toBe(2);
    expect(await insertDetections(db, [d('b'), d('c'), d('x', 'globex')])).toBe(2);
    const acme = await listDetections(db, scopeOf(['acme']), { limit: 10 });
    expect(acme.map((x) => x.id)).toEqual(['c', 'b', 'a']);
    expect(acme[0]).toMatchObject({ ruleId: 'r1', tags: ['attack.t1059'], eventIds: ['e-c'] });
    expect(
      (await listDetections(db, scopeOf(['acme']), { limit: 10, before: acme[1]!.seq })).map((x) => x.id),
    ).toEqual(['a']);
    expect((await listDetections(db, scopeOf(['globex']), { limit: 10 })).map((x) => x.id)).toEqual(['x']);
    await db.destroy();
  });
});
