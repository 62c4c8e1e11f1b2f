/**
 * What every command of the workflow model-based test shares: each runs one service call as a
 * user (sometimes with a stale version), predicts from the model how it must end (done, or refused
 * with which error), updates the model, and names the audit entries the change must leave;
 * `checkWorkflow` then compares the store with the model.
 *
 * Commands name alerts and cases by a number taken modulo the model's list when they run (the
 * alerts and cases are made by earlier commands), so a printed sequence replays as it is:
 * `alert[n]` is the n-th alert counting from the one changed last, `case[n]` the n-th case
 * counting from the newest.
 */
import type fc from 'fast-check';
import type { TemplatedIncidentType } from '../../src/cases/templates.ts';
import {
  ANALYSTS,
  type AuditExpect,
  checkWorkflow,
  type ModelCase,
  TENANT,
  type TestUser,
  type WorkflowModel,
  type WorkflowSystem,
} from './workflow-model.ts';

export type Cmd = fc.AsyncCommand<WorkflowModel, WorkflowSystem>;

export abstract class WorkflowCommand implements Cmd {
  check(_m: Readonly<WorkflowModel>): boolean {
    return true;
  }

  async run(m: WorkflowModel, r: WorkflowSystem): Promise<void> {
    const audit = await this.apply(m, r);
    await checkWorkflow(m, r, audit);
  }

  /** Runs the call, checks how it ended, updates the model; returns the audit entries expected. */
  protected abstract apply(m: WorkflowModel, r: WorkflowSystem): Promise<AuditExpect[]>;

  abstract toString(): string;
}

/** A command on an alert of `acme`: needs one. */
export abstract class OnAlerts extends WorkflowCommand {
  override check(m: Readonly<WorkflowModel>): boolean {
    return m.alerts.some((a) => a.tenant === TENANT);
  }
}

/** A command on a case: needs one. */
export abstract class OnCases extends WorkflowCommand {
  override check(m: Readonly<WorkflowModel>): boolean {
    return m.cases.length > 0;
  }
}

export const analyst = (n: number): TestUser => ANALYSTS[n % ANALYSTS.length]!;
export const staleMark = (stale: boolean) => (stale ? ' (stale version)' : '');
export const entry = (action: string, type: string, id: string, by: TestUser): AuditExpect => ({
  action,
  target: `${type}:${id}`,
  actor: by.id,
});

export function newModelCase(
  id: string,
  m: WorkflowModel,
  templates: TemplatedIncidentType[] = [],
): ModelCase {
  return {
    id,
    number: m.cases.length + 1,
    status: 'open',
    phase: 'detection_analysis',
    resolution: null,
    mergedInto: null,
    version: 1,
    history: [{ phase: 'detection_analysis', at: m.clock }],
    containedAt: null,
    resolvedAt: null,
    tasks: [],
    templates: new Set(templates),
  };
}
