import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../config/index.ts';
import { openStateDb, type StateDb } from '../store/state/index.ts';
import { scopeOf } from '../store/tenancy.ts';
import { createAlertIntake, type IntakeFinding } from './intake.ts';
import { type LiveChange, LiveFeed } from './live.ts';

const config = loadConfig({ env: {}, overrides: {} }).alerts;

const finding = (id: string, tenant = 'acme', minute = 0): IntakeFinding => ({
  id,
  tenant,
  kind: 'sigma',
  ruleId: 'r1',
  title: 'Rule one',
  level: 'critical',
  tags: [],
  source: 's',
  eventIds: [`e-${id}`],
  eventTime: new Date(Date.parse('2026-11-22T10:00:00.000Z') + minute * 60_000).toISOString(),
  matched: [],
  entities: [{ type: 'host', value: 'ws1' }],
});

let db: StateDb;
beforeEach(async () => {
  db = await openStateDb({ path: ':memory:' });
});
afterEach(async () => {
  await db.destroy();
});

describe('alert intake service', () => {
  it('publishes each alert created or grown after the commit, to subscribers of its tenant', async () => {
    const live = new LiveFeed();
    const acme: LiveChange[] = [];
    const globex: LiveChange[] = [];
    live.subscribe(scopeOf(['acme']), (c) => acme.push(c));
    live.subscribe(scopeOf(['globex']), (c) => globex.push(c));
    const intake = createAlertIntake(db, config, live);

    const first = await intake([finding('a'), finding('b', 'acme', 1), finding('c', 'globex')]);
    expect(first).toMatchObject({ detections: 3, alertsCreated: 2, alertsGrouped: 1, suppressed: 0 });
    expect(acme).toEqual([
      expect.objectContaining({
        topic: 'alert',
        action: 'alert.created',
        tenant: 'acme',
        summary: { title: 'Rule one', severity: 'critical', status: 'new', count: 2 },
      }),
    ]);
    expect(globex.map((c) => c.action)).toEqual(['alert.created']);

    await intake([finding('d', 'acme', 2), finding('a')]);
    expect(acme.map((c) => [c.action, c.summary?.count])).toEqual([
      ['alert.created', 2],
      ['alert.grouped', 3],
    ]);
    expect(acme[1]!.seq).toBeGreaterThan(acme[0]!.seq!);
    expect(acme[1]!.id).toBe(acme[0]!.id);
  });

  it('works without a live feed (the CLI) and publishes nothing for a replay', async () => {
    const intake = createAlertIntake(db, config, null);
    expect((await intake([finding('a')])).alertsCreated).toBe(1);
    const live = new LiveFeed();
    const seen: LiveChange[] = [];
    live.subscribe(scopeOf(['acme']), (c) => seen.push(c));
    expect(await createAlertIntake(db, config, live)([finding('a')])).toMatchObject({
      detections: 0,
      changes: [],
    });
    expect(seen).toEqual([]);
  });
});
