import { expect } from 'vitest';
import { getAlert } from '../../src/store/state/alerts.ts';
import { alertComments, bulkTriageAlerts, commentOnAlert, triageAlert } from '../../src/workflow/triage.ts';
import { analyst, WorkflowCommand } from './command.ts';
import {
  type AuditExpect,
  attempt,
  caseBy,
  expectRefused,
  OTHER_TENANT,
  OUTSIDER,
  TENANT,
  triageCaller,
  type WorkflowModel,
  type WorkflowSystem,
} from './workflow-model.ts';

// ---- the other tenant -------------------------------------------------------------------------

export const OUTSIDER_ACTIONS = [
  'read',
  'triage',
  'bulk',
  'comment',
  'escalate',
  'phase',
  'note',
  'task',
  'close',
  'merge',
  'create',
] as const;
type OutsiderAction = (typeof OUTSIDER_ACTIONS)[number];

/**
 * The analyst of `globex` tries `acme`'s records (with the right versions): nothing is found,
 * nothing changes, nothing is audited.
 */
export class Outsider extends WorkflowCommand {
  constructor(
    readonly action: OutsiderAction,
    readonly pick: number,
  ) {
    super();
  }

  protected async apply(m: WorkflowModel, r: WorkflowSystem): Promise<AuditExpect[]> {
    const by = OUTSIDER;
    const scope = r.globex;
    const a = m.alertsOf(TENANT).length > 0 ? m.pickAlert(this.pick) : undefined;
    const own = m.alertsOf(OTHER_TENANT).length > 0 ? m.pickForeignAlert(this.pick) : undefined;
    const c = m.cases.length > 0 ? m.pickCase(this.pick) : undefined;
    const other = m.cases.length > 1 ? m.cases.find((x) => x !== c) : undefined;
    const notFound = async (work: () => Promise<unknown>) => expectRefused(await attempt(work), 'not_found');
    switch (this.action) {
      case 'read':
        if (a) {
          expect(await getAlert(r.db, scope, a.id)).toBeUndefined();
          await notFound(() => alertComments(r.triage, scope, a.id));
        }
        // Its own tenant's alerts it does see.
        if (own) expect((await getAlert(r.db, scope, own.id))?.id).toBe(own.id);
        if (c) await notFound(() => r.cases.get(scope, c.id));
        break;
      case 'triage':
        if (a)
          await notFound(() =>
            triageAlert(r.triage, scope, a.id, a.version, { action: 'start' }, triageCaller(by)),
          );
        break;
      case 'bulk':
        if (a) {
          const results = await bulkTriageAlerts(
            r.triage,
            scope,
            [{ id: a.id, version: a.version }],
            { action: 'close', verdict: 'false_positive' },
            triageCaller(by),
          );
          expect(results).toMatchObject([{ id: a.id, outcome: 'not_found' }]);
        }
        break;
      case 'comment':
        if (a) await notFound(() => commentOnAlert(r.triage, scope, a.id, 'mine now', triageCaller(by)));
        break;
      case 'escalate':
        if (a)
          await notFound(() =>
            r.cases.escalate(scope, { alerts: [{ id: a.id, version: a.version }] }, caseBy(by)),
          );
        break;
      case 'phase':
        if (c) await notFound(() => r.cases.phase(scope, c.id, c.version, 'containment', caseBy(by)));
        break;
      case 'note':
        if (c) await notFound(() => r.cases.addNote(scope, c.id, { body: 'mine now' }, caseBy(by)));
        break;
      case 'task':
        if (c) await notFound(() => r.cases.addTask(scope, c.id, { title: 'mine now' }, caseBy(by)));
        break;
      case 'close':
        if (c) await notFound(() => r.cases.close(scope, c.id, c.version, 'false_positive', caseBy(by)));
        break;
      case 'merge':
        if (c && other) await notFound(() => r.cases.merge(scope, c.id, c.version, other.id, caseBy(by)));
        break;
      case 'create':
        expectRefused(
          await attempt(() => r.cases.create(scope, TENANT, { title: 'in their tenant' }, caseBy(by))),
          'forbidden',
        );
        break;
    }
    return [];
  }

  toString(): string {
    return `${OUTSIDER.name} (other tenant): ${this.action} [${this.pick}]`;
  }
}

/**
 * An analyst of `acme` tries an alert of `globex` (with its right version): not found, alone or
 * among `acme` alerts (an escalation or a bulk naming it), and nothing changes.
 */
export class Foreign extends WorkflowCommand {
  constructor(
    readonly user: number,
    readonly action: 'triage' | 'comment' | 'escalate' | 'bulk',
    readonly pick: number,
  ) {
    super();
  }

  override check(m: Readonly<WorkflowModel>): boolean {
    return m.alerts.some((a) => a.tenant === OTHER_TENANT);
  }

  protected async apply(m: WorkflowModel, r: WorkflowSystem): Promise<AuditExpect[]> {
    const by = analyst(this.user);
    const foreign = m.pickForeignAlert(this.pick);
    const mine = m.alertsOf(TENANT)[0];
    const items = [
      ...(mine ? [{ id: mine.id, version: mine.version }] : []),
      { id: foreign.id, version: foreign.version },
    ];
    expect(await getAlert(r.db, r.acme, foreign.id)).toBeUndefined();
    switch (this.action) {
      case 'triage':
        expectRefused(
          await attempt(() =>
            triageAlert(
              r.triage,
              r.acme,
              foreign.id,
              foreign.version,
              { action: 'acknowledge' },
              triageCaller(by),
            ),
          ),
          'not_found',
        );
        break;
      case 'comment':
        expectRefused(
          await attempt(() => commentOnAlert(r.triage, r.acme, foreign.id, 'ours?', triageCaller(by))),
          'not_found',
        );
        break;
      case 'escalate':
        expectRefused(
          await attempt(() => r.cases.escalate(r.acme, { alerts: items }, caseBy(by))),
          'not_found',
        );
        break;
      case 'bulk': {
        const results = await bulkTriageAlerts(
          r.triage,
          r.acme,
          [{ id: foreign.id, version: foreign.version }],
          { action: 'start' },
          triageCaller(by),
        );
        expect(results).toMatchObject([{ id: foreign.id, outcome: 'not_found' }]);
        break;
      }
    }
    return [];
  }

  toString(): string {
    return `${analyst(this.user).name}: ${this.action} other-tenant-alert[${this.pick}]`;
  }
}
