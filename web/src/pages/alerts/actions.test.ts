/** Which actions apply in which status, bulk outcomes in a sentence, suppressions checked, sparkline points. */
import { describe, expect, it } from 'vitest';
import { ALERT_STATUSES } from '../../api/alert-types.ts';
import { sparkBars } from './Sparkline.tsx';
import { suppressionOf } from './SuppressDialog.tsx';
import { canDo, summarizeBulk } from './useAlertActions.tsx';

describe('triage actions', () => {
  it('follow the state machine: acknowledge new, start new/acknowledged, reopen closed', () => {
    const able = (action: Parameters<typeof canDo>[0]) =>
      ALERT_STATUSES.filter((status) => canDo(action, { status }));
    expect(able('acknowledge')).toEqual(['new']);
    expect(able('start')).toEqual(['new', 'acknowledged']);
    expect(able('escalate')).toEqual(['new', 'acknowledged', 'in_progress']);
    expect(able('close')).toEqual(['new', 'acknowledged', 'in_progress', 'escalated']);
    expect(able('reopen')).toEqual(['closed']);
  });

  it('sums up a bulk answer with why the others failed', () => {
    expect(summarizeBulk([{ id: 'a', outcome: 'ok' }], 'acknowledge')).toBe('1 of 1 alerts acknowledged.');
    expect(
      summarizeBulk(
        [
          { id: 'a', outcome: 'ok' },
          { id: 'b', outcome: 'conflict', currentVersion: 3 },
          { id: 'c', outcome: 'refused', message: 'alert c is closed' },
        ],
        'close',
      ),
    ).toBe('1 of 3 alerts closed. b: changed by someone else meanwhile (reload); c: alert c is closed.');
  });
});

describe('suppressionOf', () => {
  const now = Date.UTC(2026, 0, 5);
  it('needs a reason, an owner and an expiry of 1 to 90 days', () => {
    const r = suppressionOf({ ruleId: 'r1' }, { entity: '', reason: ' ', owner: '', days: 120 }, now);
    expect(r).toEqual({
      ok: false,
      errors: { reason: expect.any(String), owner: expect.any(String), days: expect.any(String) },
    });
  });

  it('suppresses the rule for one entity until the chosen day', () => {
    expect(
      suppressionOf(
        { ruleId: 'r1' },
        { entity: 'host:ws:01', reason: 'backup job', owner: 'it ops', days: 7 },
        now,
      ),
    ).toEqual({
      ok: true,
      body: {
        ruleId: 'r1',
        entity: { type: 'host', value: 'ws:01' },
        reason: 'backup job',
        owner: 'it ops',
        expiresAt: '2026-01-12T00:00:00.000Z',
      },
    });
  });
});

describe('sparkBars', () => {
  it('draws a bar per bucket with detections, the highest reaching the top, in at least 16 slots', () => {
    expect(sparkBars([0, 2, 1], 32, 11)).toEqual([
      { x: 2, y: 0, width: 1.5, height: 10 },
      { x: 4, y: 5, width: 1.5, height: 5 },
    ]);
    expect(sparkBars([], 32, 11)).toEqual([]);
    expect(sparkBars([1, 1, 1, 1], 4, 11).map((b) => b.x)).toEqual([0, 0.25, 0.5, 0.75]);
  });
});
