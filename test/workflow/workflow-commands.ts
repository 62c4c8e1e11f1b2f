/**
 * The commands the workflow model-based test draws from (see `command.ts` for what a command
 * does, and `alert-commands.ts`, `case-commands.ts`, `tenant-commands.ts` for each).
 */
import fc from 'fast-check';
import { VERDICTS } from '../../src/alerts/triage.ts';
import { CASE_PHASES, CASE_RESOLUTIONS } from '../../src/cases/phases.ts';
import { INCIDENT_TEMPLATES, type TemplatedIncidentType } from '../../src/cases/templates.ts';
import { Bulk, CommentOnAlert, Intake, Triage, type TriageSpec } from './alert-commands.ts';
import {
  AddObservable,
  AddTask,
  Clock,
  CloseCase,
  CommentOnCase,
  CompleteTask,
  CreateCase,
  Escalate,
  Merge,
  Note,
  Phase,
  ReopenCase,
} from './case-commands.ts';
import type { Cmd } from './command.ts';
import { Foreign, OUTSIDER_ACTIONS, Outsider } from './tenant-commands.ts';
import { ANALYSTS, ASSIGNEES, FINDINGS, OTHER_TENANT, TENANT } from './workflow-model.ts';

// ---- arbitraries ------------------------------------------------------------------------------

const user = fc.nat({ max: ANALYSTS.length - 1 });
/** Which alert or case: mostly one of the latest (so that commands meet on the same records). */
const pick = fc.oneof(
  { weight: 3, arbitrary: fc.nat({ max: 2 }) },
  { weight: 1, arbitrary: fc.nat({ max: 1000 }) },
);
/** Mostly the version just read; one time in five a stale one. */
const stale = fc.oneof(
  { weight: 4, arbitrary: fc.constant(false) },
  { weight: 1, arbitrary: fc.constant(true) },
);
const templated = fc.constantFrom(...(Object.keys(INCIDENT_TEMPLATES) as TemplatedIncidentType[]));

const triageSpec: fc.Arbitrary<TriageSpec> = fc.oneof(
  fc.constantFrom<TriageSpec>({ kind: 'acknowledge' }, { kind: 'start' }, { kind: 'reopen' }),
  fc.record({
    kind: fc.constant('close' as const),
    verdict: fc.oneof(
      { weight: 6, arbitrary: fc.constantFrom(...VERDICTS) },
      { weight: 1, arbitrary: fc.constant(null) },
    ),
    duplicateOf: pick,
  }),
  fc.record({ kind: fc.constant('assign' as const), assignee: fc.nat({ max: ASSIGNEES.length - 1 }) }),
);

const escalate = fc
  .tuple(
    user,
    fc.array(pick, { minLength: 1, maxLength: 3 }),
    fc.oneof(fc.constant(null), fc.constant('own' as const), pick),
    stale,
  )
  .map(([u, ps, into, st]): Cmd => new Escalate(u, ps, into, st));

const intake = fc
  .tuple(
    fc.array(fc.nat({ max: FINDINGS - 1 }), { minLength: 1, maxLength: 5 }),
    fc.oneof(
      { weight: 4, arbitrary: fc.constant(TENANT) },
      { weight: 1, arbitrary: fc.constant(OTHER_TENANT) },
    ),
  )
  .map(([ks, tenant]): Cmd => new Intake(ks, tenant));

/** Every command the test draws from (some twice: they come more often). */
export const workflowCommands: fc.Arbitrary<Cmd>[] = [
  intake,
  intake,
  fc.tuple(user, pick, triageSpec, stale).map(([u, p, s, st]): Cmd => new Triage(u, p, s, st)),
  fc.tuple(user, pick, triageSpec, stale).map(([u, p, s, st]): Cmd => new Triage(u, p, s, st)),
  fc
    .tuple(user, fc.array(fc.record({ pick, stale }), { minLength: 1, maxLength: 4 }), triageSpec)
    .map(([u, items, s]): Cmd => new Bulk(u, items, s)),
  fc.tuple(user, pick).map(([u, p]): Cmd => new CommentOnAlert(u, p)),
  fc.tuple(user, fc.option(templated, { freq: 3 })).map(([u, t]): Cmd => new CreateCase(u, t)),
  escalate,
  escalate,
  fc
    .tuple(user, pick, fc.constantFrom(...CASE_PHASES), stale)
    .map(([u, p, ph, st]): Cmd => new Phase(u, p, ph, st)),
  fc
    .tuple(user, pick, fc.constantFrom(...CASE_PHASES), stale)
    .map(([u, p, ph, st]): Cmd => new Phase(u, p, ph, st)),
  fc.tuple(user, pick, fc.option(templated)).map(([u, p, t]): Cmd => new AddTask(u, p, t)),
  fc.tuple(user, pick, pick, stale).map(([u, p, t, st]): Cmd => new CompleteTask(u, p, t, st)),
  fc.tuple(user, pick, fc.nat({ max: 2 })).map(([u, p, v]): Cmd => new AddObservable(u, p, v)),
  fc.tuple(user, pick).map(([u, p]): Cmd => new Note(u, p)),
  fc.tuple(user, pick).map(([u, p]): Cmd => new CommentOnCase(u, p)),
  fc
    .tuple(user, pick, fc.constantFrom(...CASE_RESOLUTIONS), stale)
    .map(([u, p, res, st]): Cmd => new CloseCase(u, p, res, st)),
  fc.tuple(user, pick, stale).map(([u, p, st]): Cmd => new ReopenCase(u, p, st)),
  fc.tuple(user, pick, pick, stale).map(([u, s, t, st]): Cmd => new Merge(u, s, t, st)),
  fc
    .oneof(
      { weight: 3, arbitrary: fc.integer({ min: 1, max: 7200 }) },
      { weight: 1, arbitrary: fc.integer({ min: -3600, max: 0 }) },
    )
    .map((s): Cmd => new Clock(s)),
  fc.tuple(fc.constantFrom(...OUTSIDER_ACTIONS), pick).map(([a, p]): Cmd => new Outsider(a, p)),
  fc
    .tuple(
      user,
      fc.constantFrom('triage' as const, 'comment' as const, 'escalate' as const, 'bulk' as const),
      pick,
    )
    .map(([u, a, p]): Cmd => new Foreign(u, a, p)),
];
