/**
 * `POST /api/v1/rules/hunt`: run a Sigma rule over stored events, with the meaning the detection
 * engine gives it (the rule is compiled to SQL in the event store, through the pipeline worker).
 * The body carries the rule's YAML (`rule`) or the id of a rule in the library (`ruleId`). A rule
 * of the library is hunted as live detection runs it: each tenant's own copy or the global rule,
 * with the filters folded in that live detection folds in for that tenant, so that a hunt does not
 * return what the filters leave out. Tenants that run different variants (their own filters or
 * copy) are hunted one at a time (`X-Vigil-Tenant`). The rule's `expand` placeholders take the
 * server's configured values (`detect.placeholders`). Errors are problem responses naming the
 * rule's file, line and reason.
 */
import { z } from 'zod';
import { can } from '../../access/index.ts';
import { BadRequestError, ForbiddenError, NotFoundError } from '../../core/errors.ts';
import { resolveTimeRange } from '../../core/time-range.ts';
import { type Placeholders, parseSigmaDocument } from '../../detect/index.ts';
import type { SigmaRule } from '../../detect/sigma/model.ts';
import type { HuntRequest, HuntResult } from '../../store/events/index.ts';
import type { TenantScope } from '../../store/state/index.ts';
import { defineRoute } from '../route.ts';
import type { Scoped } from '../tenancy.ts';

/** The event store's hunt, as the API reaches it (through the pipeline worker), in the request's tenants. */
export interface HuntQueries {
  huntSigma(req: Scoped<HuntRequest>): Promise<HuntResult>;
}

/** One way a library rule runs: the rule (filters folded in) and the tenants that run it so. */
export interface HuntRuleVariant {
  rule: SigmaRule;
  /** Those of the scope's tenants that run it so. */
  tenants: TenantScope;
  /** Ids of the filters folded in. */
  filters: string[];
}

/** The rule library, as a hunt by rule id reads it. */
export interface HuntRules {
  /** The variants the scope's tenants run of rule `id`; undefined when the scope sees no such rule. */
  ruleVariants(tenants: TenantScope, id: string): Promise<HuntRuleVariant[] | undefined>;
}

/** Longest rule text accepted (a Sigma rule is a few KB). */
export const MAX_RULE_BYTES = 256 * 1024;

export const huntBody = z.object({
  rule: z
    .string()
    .min(1)
    .max(MAX_RULE_BYTES)
    .optional()
    .describe('the Sigma rule as YAML text (one detection rule); or give ruleId'),
  ruleId: z
    .string()
    .min(1)
    .max(256)
    .optional()
    .describe(
      'the id of a detection rule in the library, hunted as live detection runs it (its filters folded in)',
    ),
  file: z
    .string()
    .min(1)
    .max(512)
    .default('rule.yml')
    .describe('the rule file name, used in error locations (`file:line`)'),
  since: z
    .string()
    .max(64)
    .optional()
    .describe('start of the range: 7d, now-24h, ISO 8601, epoch (default 24h)'),
  from: z.string().max(64).optional().describe('start of the range (the same as since)'),
  to: z.string().max(64).optional().describe('end of the range (default now)'),
  limit: z.coerce.number().int().min(1).max(10_000).default(100),
  cursor: z.string().max(2048).optional().describe('nextCursor of the previous page'),
});
export type HuntBody = z.infer<typeof huntBody>;

const huntResponse = z.object({
  rule: z.object({
    id: z.string(),
    title: z.string(),
    level: z.string().nullable(),
    file: z.string(),
    line: z.number(),
  }),
  events: z.array(z.record(z.string(), z.unknown())),
  count: z.number().describe('all matches in [from, to), as of the first page'),
  from: z.string(),
  to: z.string(),
  days: z.number(),
  nextCursor: z.string().nullable(),
  tookMs: z.number(),
  tenants: z
    .array(z.string())
    .optional()
    .describe('hunting a library rule: the tenants hunted (those that run the rule)'),
  filters: z
    .array(z.string())
    .optional()
    .describe('hunting a library rule: the ids of the filters folded in, as live detection folds them'),
});

/** The one detection rule of a YAML text; a BadRequestError naming file:line:column otherwise. */
export function parseHuntRule(text: string, file: string): SigmaRule {
  const parsed = parseSigmaDocument(text, file);
  const [first, ...more] = parsed.errors;
  if (first !== undefined) {
    const extra =
      more.length > 0 ? ` (and ${more.length} more: ${more.map((e) => e.message).join('; ')})` : '';
    throw new BadRequestError(`${first.message}${extra}`, first.location);
  }
  const [rule, ...others] = parsed.rules;
  if (rule === undefined) {
    const kind =
      parsed.correlations.length > 0 ? 'a correlation' : parsed.filters.length > 0 ? 'a filter' : 'no rule';
    throw new BadRequestError(`${file}: a hunt takes one detection rule; the text holds ${kind}`, file);
  }
  if (others.length > 0 || parsed.correlations.length > 0 || parsed.filters.length > 0) {
    const n = parsed.rules.length + parsed.correlations.length + parsed.filters.length;
    throw new BadRequestError(
      `${file}: a hunt takes one detection rule; the text holds ${n} documents`,
      file,
    );
  }
  return rule;
}

export interface HuntOptions {
  /** Values of the `expand` modifier's placeholders (config `detect.placeholders`). */
  placeholders?: Placeholders;
  /** The rule library, for hunts by `ruleId` (without it, they are refused). */
  rules?: HuntRules;
}

/** The one variant of rule `id` the scope's tenants run; an error a user can act on otherwise. */
async function variantToHunt(rules: HuntRules | undefined, tenants: TenantScope, id: string) {
  if (rules === undefined)
    throw new BadRequestError('this server hunts rule texts only; send rule', 'ruleId');
  const variants = await rules.ruleVariants(tenants, id);
  if (variants === undefined) throw new NotFoundError(`no rule "${id}" in the library of these tenants`);
  const [only, ...more] = variants;
  if (only === undefined)
    throw new BadRequestError(
      `rule "${id}" runs for none of these tenants (${tenants.join(', ')})`,
      'ruleId',
    );
  if (more.length > 0) {
    const groups = variants.map((v) => v.tenants.join(', ')).join('; ');
    throw new BadRequestError(
      `rule "${id}" runs differently in these tenants (their own copy or filters): ${groups}; hunt one of these groups at a time (X-Vigil-Tenant)`,
      'ruleId',
    );
  }
  return only;
}

export function huntRoutes(events: HuntQueries, opts: HuntOptions = {}) {
  const placeholders = opts.placeholders ?? {};
  return [
    defineRoute({
      method: 'POST',
      url: '/api/v1/rules/hunt',
      summary: 'Hunt with a Sigma rule: the stored events it matches, newest first, and their count',
      tags: ['detections'],
      access: { kind: 'api', permission: 'events:read' },
      body: huntBody,
      responses: {
        200: huntResponse,
        400: 'problem: the rule does not parse or compile (detail and location name file:line), or its tenants run it differently',
        403: 'problem: hunting a library rule needs rules:read too',
        404: 'problem: no rule of that ruleId in the library of these tenants',
        422: 'problem: the range holds too many events for a hunt, or the hunt timed out',
      },
      handler: async ({ body, tenants, principal }) => {
        if (body.since !== undefined && body.from !== undefined) {
          throw new BadRequestError('give since or from, not both', 'since');
        }
        if ((body.rule === undefined) === (body.ruleId === undefined)) {
          throw new BadRequestError(
            'give the rule text (rule) or a library rule id (ruleId), one of them',
            'rule',
          );
        }
        const range = resolveTimeRange(body.since ?? body.from, body.to);
        const page = {
          ...range,
          limit: body.limit,
          ...(body.cursor ? { cursor: body.cursor } : {}),
          placeholders,
        };
        if (body.rule !== undefined) {
          return events.huntSigma({ tenants, rule: parseHuntRule(body.rule, body.file), ...page });
        }
        if (principal !== null && !can(principal, 'rules:read')) {
          throw new ForbiddenError('hunting a library rule reads the rule library: it needs rules:read');
        }
        const variant = await variantToHunt(opts.rules, tenants, body.ruleId as string);
        const result = await events.huntSigma({ tenants: variant.tenants, rule: variant.rule, ...page });
        return { ...result, tenants: [...variant.tenants], filters: variant.filters };
      },
    }),
  ];
}
