/**
 * Model-based test of the analyst's workflow (docs/workflow.md): random sequences of the alert
 * intake (replays included), triage actions (one by one and in bulk), comments and case work —
 * create, escalate, phases forwards and back, tasks, observables, notes, close, reopen, merge —
 * by three analysts of one tenant (sometimes with a stale version) and an analyst of another
 * tenant, against the real services over a SQLite file.
 *
 * After every command the store must equal a small model, and the contract's invariants must hold
 * on the store's own rows: no closed alert without a verdict; every escalated alert in an existing
 * case of its tenant; phase entry times never going back, with contained_at / resolved_at the
 * first entries into eradication / post-incident; counts adding up to the detections fed; versions
 * only going up; the other tenant seeing and changing nothing; exactly one audit entry per
 * successful change (action, target and actor) and none for a refusal. At the end the audit chain
 * verifies.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { verifyAudit } from '../../src/store/state/index.ts';
import { STATS, workflowCommands } from './workflow-commands.ts';
import { startSystem, WorkflowModel } from './workflow-model.ts';

const numRuns = Number(process.env.FUZZ_RUNS ?? 20);

describe('the analyst workflow against its model', () => {
  it('property: alerts, cases and the audit trail stay as the model says, whoever acts', async () => {
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
    console.log([...STATS.entries()].sort());
  }, Math.max(60_000, numRuns * 5_000));
});
