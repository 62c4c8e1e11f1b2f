/**
 * Model-based test of the analyst's workflow (docs/workflow.md): random sequences of the alert
 * intake (two tenants, replays included), triage actions (one by one and in bulk), comments and
 * case work — create, escalate, phases forwards and back, tasks, observables, notes, close,
 * reopen, merge — by three analysts of one tenant (sometimes with a stale version) and an analyst
 * of another tenant, against the real services over a SQLite file, while the case service's clock
 * moves forwards and sometimes back.
 *
 * After every command the store must equal a small model, and the contract's invariants must hold
 * on the store's own rows: no closed alert without a verdict; every escalated alert in an existing,
 * open case of its tenant; phase entry times never going back, with contained_at / resolved_at the
 * first entries into eradication / post-incident; counts adding up to the detections fed, and per
 * status as `alertStatusCounts` gives them; `acknowledged_at` set once; versions only going up; a
 * tenant never seeing or changing the other's records (not found); exactly one audit entry per
 * successful change (action, target and actor) and none for a refusal (stale version, invalid
 * transition). At the end the audit chain verifies.
 *
 * 20 sequences by default (a few seconds). Each sequence costs ~0.5 s, so under `npm run fuzz`
 * (FUZZ_RUNS=200000, sized for cheap properties) it runs FUZZ_RUNS / 200 sequences: 1,000.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { searchAudit, verifyAudit } from '../../src/store/state/index.ts';
import { scopeOf } from '../../src/store/tenancy.ts';
import { triageAlert } from '../../src/workflow/triage.ts';
import { workflowCommands } from './workflow-commands.ts';
import {
  ANALYSTS,
  caseBy,
  findingSpec,
  intakeFinding,
  startSystem,
  TENANT,
  triageCaller,
  WorkflowModel,
} from './workflow-model.ts';

const numRuns = process.env.FUZZ_RUNS ? Math.max(20, Math.round(Number(process.env.FUZZ_RUNS) / 200)) : 20;

describe('the analyst workflow against its model', () => {
  it(
    'property: alerts, cases and the audit trail stay as the model says, whoever acts',
    async () => {
      await fc.assert(
        fc.asyncProperty(fc.commands(workflowCommands, { maxCommands: 80, size: 'max' }), async (cmds) => {
          const model = new WorkflowModel();
          const system = await startSystem(model.clock);
          try {
            await fc.asyncModelRun(() => ({ model, real: system }), cmds);
            const verified = await verifyAudit(system.db);
            expect(verified.firstBad).toBeUndefined();
            expect(verified.ok).toBe(true);
          } finally {
            await system.close();
          }
        }),
        { numRuns },
      );
    },
    Math.max(60_000, numRuns * 5_000),
  );

  /**
   * Found by the model (shrunk): intake(f-0); escalate alert[0] into a new case; close alert[0]
   * as true_positive; reopen alert[0]; escalate alert[0] into the first alert's case. The reopened
   * alert keeps its case_id, and escalating it back into that case is answered as done but leaves
   * it in progress: "escalating … (they become escalated, case_id set)".
   */
  it('escalating a reopened alert back into its case escalates it again', async () => {
    const system = await startSystem(Date.now());
    try {
      const alice = ANALYSTS[0]!;
      const intake = await system.intake([intakeFinding(findingSpec(0))]);
      const id = intake.changes[0]!.id;
      const first = await system.cases.escalate(system.acme, { alerts: [{ id, version: 1 }] }, caseBy(alice));
      const closed = await triageAlert(
        system.triage,
        system.acme,
        id,
        2,
        { action: 'close', verdict: 'true_positive' },
        triageCaller(alice),
      );
      const reopened = await triageAlert(
        system.triage,
        system.acme,
        id,
        closed.version,
        { action: 'reopen' },
        triageCaller(alice),
      );
      expect(reopened).toMatchObject({ status: 'in_progress', caseId: first.case.id });

      const again = await system.cases.escalate(
        system.acme,
        { alerts: [{ id, version: reopened.version }], caseId: first.case.id },
        caseBy(alice),
      );
      expect(again.alerts.map((a) => a.id)).toEqual([id]);
      const audit = await searchAudit(system.db, {
        tenants: scopeOf([TENANT]),
        includeGlobal: false,
        targetId: id,
        actionPrefix: 'case.escalate',
        limit: 10,
      });
      expect(audit).toHaveLength(2);
      const row = await system.db
        .selectFrom('alerts')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
      expect({ status: row.status, caseId: row.case_id, version: Number(row.version) }).toEqual({
        status: 'escalated',
        caseId: first.case.id,
        version: reopened.version + 1,
      });

      // … so that closing the case closes it with the case's resolution.
      const done = await system.cases.close(
        system.acme,
        first.case.id,
        again.case.version,
        'false_positive',
        caseBy(alice),
      );
      expect(done.alerts).toEqual([
        expect.objectContaining({ id, status: 'closed', verdict: 'false_positive' }),
      ]);
    } finally {
      await system.close();
    }
  });
});
