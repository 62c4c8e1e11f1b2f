/** Request and response shapes of the case routes (zod: validation and the OpenAPI document). */
import { z } from 'zod';
import {
  CASE_PHASES,
  CASE_RESOLUTIONS,
  CASE_SEVERITIES,
  CASE_STATUSES,
  INCIDENT_TYPES,
  OBSERVABLE_TYPES,
  REGULATIONS,
  TASK_STATUSES,
  TLP_LEVELS,
} from '../../workflow/cases.ts';

const id = z.string().min(1).max(128);
const time = z.iso.datetime({ offset: true });
const version = z
  .number()
  .int()
  .positive()
  .describe('the version you read (a stale one: 409 with currentVersion)');
const text = (max: number) => z.string().max(max);
const tags = z.array(z.string().min(1).max(64)).max(50);

export const severity = z.enum(CASE_SEVERITIES);
export const phase = z.enum(CASE_PHASES);
export const tlp = z.enum(TLP_LEVELS);
export const incidentType = z.enum(INCIDENT_TYPES);
export const templatedType = z.enum(
  INCIDENT_TYPES.filter((t) => t !== 'other') as [
    Exclude<(typeof INCIDENT_TYPES)[number], 'other'>,
    ...Exclude<(typeof INCIDENT_TYPES)[number], 'other'>[],
  ],
);

export const caseIdParams = z.object({ id });
export const linkParams = z.object({ id, otherId: id });
export const taskParams = z.object({ id, taskId: id });
export const evidenceParams = z.object({ id, evidenceId: id });

const caseFields = {
  description: text(100_000).optional(),
  severity: severity.optional(),
  tlp: tlp.optional(),
  incidentType: incidentType.nullable().optional().describe('adds the template tasks of the type (once)'),
  assignee: z.string().min(1).max(256).nullable().optional().describe('user id'),
  tags: tags.optional(),
  personalData: z.boolean().optional().describe('personal data involved: breach-notification clocks run'),
  regulations: z.array(z.enum(REGULATIONS)).max(REGULATIONS.length).optional(),
  awareAt: time.nullable().optional().describe('when the organisation became aware (default: when flagged)'),
};

export const newCaseBody = z.object({ title: z.string().trim().min(1).max(500), ...caseFields }).strict();

export const escalateBody = z
  .object({
    alerts: z
      .array(z.object({ id, version: z.number().int().positive() }))
      .min(1)
      .max(500)
      .describe('the alerts and the version of each you read'),
    caseId: id.optional().describe('add to this case; otherwise a new case is opened'),
    case: z
      .object({ title: z.string().trim().min(1).max(500).optional(), ...caseFields })
      .strict()
      .optional()
      .describe('fields of the new case (title: the first alert’s; severity: the highest)'),
  })
  .strict()
  .refine((b) => !(b.caseId && b.case), { message: 'give caseId or the fields of a new case, not both' });

export const patchCaseBody = z
  .object({
    version,
    title: z.string().trim().min(1).max(500).optional(),
    ...caseFields,
    notifiedAt: time.nullable().optional().describe('when the authority / individuals were notified'),
  })
  .strict();

const list = <T extends string>(allowed: readonly T[], what: string) =>
  z
    .string()
    .max(300)
    .transform((s, ctx) => {
      const items = s
        .split(',')
        .map((x) => x.trim())
        .filter(Boolean);
      for (const i of items)
        if (!(allowed as readonly string[]).includes(i)) {
          ctx.addIssue({ code: 'custom', message: `${what} "${i}" is not one of ${allowed.join(', ')}` });
          return z.NEVER;
        }
      return items as T[];
    });

export const listQuery = z.object({
  status: list(CASE_STATUSES, 'status').optional().describe('comma-separated: open, resolved, closed'),
  phase: list(CASE_PHASES, 'phase').optional().describe('comma-separated IR phases'),
  severity: list(CASE_SEVERITIES, 'severity').optional(),
  assignee: z.string().min(1).max(256).optional(),
  tag: z.string().min(1).max(64).optional(),
  q: z.string().max(200).optional().describe('text in title or description, or a case number (#42)'),
  cursor: z.string().max(1000).optional().describe('nextCursor of the previous page'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const phaseBody = z.object({ version, phase }).strict();
export const closeBody = z
  .object({
    version,
    resolution: z.enum(CASE_RESOLUTIONS, {
      error: `closing a case needs a resolution: one of ${CASE_RESOLUTIONS.join(', ')}`,
    }),
  })
  .strict();
export const reopenBody = z.object({ version }).strict();
export const mergeBody = z
  .object({ version, targetId: id.describe('the case this one is merged into') })
  .strict();

const taskFields = {
  description: text(20_000).optional(),
  phase: phase.optional(),
  assignee: z.string().min(1).max(256).nullable().optional(),
  dueAt: time.nullable().optional(),
};
export const newTaskBody = z.union([
  z.object({ title: z.string().trim().min(1).max(500), ...taskFields }).strict(),
  z
    .object({
      template: templatedType.describe('add the tasks of this incident type’s template (once each)'),
    })
    .strict(),
]);
export const patchTaskBody = z
  .object({
    version,
    title: z.string().trim().min(1).max(500).optional(),
    ...taskFields,
    status: z.enum(TASK_STATUSES).optional(),
    position: z.number().int().min(0).max(10_000).optional().describe('new place in the list (0: first)'),
  })
  .strict();

export const observableBody = z
  .object({
    type: z.enum(OBSERVABLE_TYPES),
    value: z.string().trim().min(1).max(4096),
    tlp: tlp.optional(),
    ioc: z.boolean().optional(),
    tags: tags.optional(),
    description: text(10_000).optional(),
  })
  .strict();

export const noteBody = z
  .object({
    title: text(500).optional(),
    body: z.string().trim().min(1).max(100_000),
    eventTime: time.optional().describe('when it happened (default: now)'),
  })
  .strict();

export const evidenceQuery = z.object({
  name: z.string().min(1).max(255).describe('the file name'),
  description: z.string().max(10_000).optional(),
});

export const reviewBody = z
  .object({
    version,
    rootCause: text(50_000),
    wentWell: text(50_000),
    wentBadly: text(50_000),
    actions: z
      .array(
        z
          .object({
            id: id.optional(),
            text: z.string().trim().min(1).max(2000),
            owner: z.string().max(256),
            dueAt: time.nullable().optional(),
            done: z.boolean().optional(),
          })
          .strict(),
      )
      .max(200),
  })
  .strict();

export const commentBody = z.object({ body: z.string().min(1).max(20_000) }).strict();

// ---- responses (documentation) ----------------------------------------------------------------

export const caseRecord = z.object({
  id: z.string(),
  tenant: z.string(),
  number: z.number(),
  seq: z.number(),
  title: z.string(),
  description: z.string(),
  severity: z.string(),
  tlp: z.string(),
  incidentType: z.string().nullable(),
  status: z.enum(CASE_STATUSES),
  phase: z.enum(CASE_PHASES),
  resolution: z.string().nullable(),
  assignee: z.string().nullable(),
  tags: z.array(z.string()),
  personalData: z.boolean(),
  regulations: z.array(z.string()),
  awareAt: z.string().nullable(),
  notifiedAt: z.string().nullable(),
  mergedInto: z.string().nullable(),
  createdBy: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  containedAt: z.string().nullable(),
  resolvedAt: z.string().nullable(),
  closedAt: z.string().nullable(),
  version: z.number(),
});

export const task = z.object({
  id: z.string(),
  caseId: z.string(),
  position: z.number(),
  phase: z.string(),
  title: z.string(),
  description: z.string(),
  status: z.enum(TASK_STATUSES),
  assignee: z.string().nullable(),
  dueAt: z.string().nullable(),
  template: z.string().nullable(),
  completedAt: z.string().nullable(),
  version: z.number(),
});

export const observable = z.object({
  id: z.string(),
  type: z.string(),
  value: z.string(),
  tlp: z.string(),
  ioc: z.boolean(),
  tags: z.array(z.string()),
  description: z.string(),
  firstSeen: z.string(),
  lastSeen: z.string(),
  version: z.number(),
});

export const timelineEntry = z.object({
  id: z.string(),
  kind: z.enum(['auto', 'note']),
  action: z.string(),
  title: z.string(),
  body: z.string(),
  eventTime: z.string(),
  recordedAt: z.string(),
  author: z.object({ id: z.string().nullable(), name: z.string() }),
});

export const evidence = z.object({
  id: z.string(),
  caseId: z.string(),
  name: z.string(),
  contentType: z.string(),
  size: z.number(),
  sha256: z.string(),
  description: z.string(),
  uploadedBy: z.string(),
  uploadedAt: z.string(),
});

export const review = z.object({
  rootCause: z.string(),
  wentWell: z.string(),
  wentBadly: z.string(),
  actions: z.array(
    z.object({
      id: z.string(),
      text: z.string(),
      owner: z.string(),
      dueAt: z.string().nullable(),
      done: z.boolean(),
    }),
  ),
  updatedAt: z.string(),
  updatedBy: z.string(),
});

const alertChange = z.object({
  id: z.string(),
  status: z.string(),
  verdict: z.string().nullable(),
  caseId: z.string().nullable(),
  seq: z.number(),
  version: z.number(),
});

export const caseDetail = caseRecord.extend({
  review: review.nullable(),
  alerts: z.array(
    z.object({
      id: z.string(),
      title: z.string(),
      severity: z.string(),
      status: z.string(),
      verdict: z.string().nullable(),
      version: z.number(),
    }),
  ),
  tasks: z.array(task),
  observables: z.array(observable.extend({ sightings: z.number() })),
  timeline: z.array(timelineEntry),
  evidence: z.array(evidence),
  links: z.array(z.object({ id: z.string(), number: z.number(), title: z.string(), status: z.string() })),
  phases: z.array(z.object({ phase: z.string(), enteredAt: z.string(), enteredBy: z.string() })),
});

export const casePage = z.object({
  items: z.array(caseRecord.extend({ alertCount: z.number(), taskCount: z.number(), tasksDone: z.number() })),
  nextCursor: z.string().nullable(),
  total: z.number(),
  phases: z.record(z.string(), z.number()).describe('cases per phase (every filter but phase applied)'),
});

export const escalateResult = z.object({
  case: caseRecord,
  created: z.boolean(),
  alerts: z.array(alertChange),
  observables: z.object({ created: z.number(), addedToCase: z.number() }),
});

export const closeResult = z.object({ case: caseRecord, alerts: z.array(alertChange) });

export const mergeResult = z.object({
  source: caseRecord,
  target: caseRecord,
  moved: z.object({
    alerts: z.number(),
    tasks: z.number(),
    sightings: z.number(),
    timeline: z.number(),
    evidence: z.number(),
    links: z.number(),
  }),
});

export const observableDetail = z.object({
  observable,
  sightings: z.array(
    z.object({
      targetType: z.enum(['alert', 'case']),
      targetId: z.string(),
      seenAt: z.string(),
      title: z.string(),
      status: z.string(),
      severity: z.string(),
      number: z.number().nullable(),
    }),
  ),
});

export const template = z.object({
  type: z.string(),
  name: z.string(),
  summary: z.string(),
  tasks: z.array(
    z.object({ key: z.string(), title: z.string(), phase: z.string(), description: z.string() }),
  ),
});

export const comment = z.object({
  id: z.string(),
  authorId: z.string().nullable(),
  authorName: z.string(),
  body: z.string(),
  createdAt: z.string(),
});
