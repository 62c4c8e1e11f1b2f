/**
 * `POST /api/v1/rules/hunt`: run a Sigma rule over stored events, with the meaning the detection
 * engine gives it (the rule is compiled to SQL in the event store, through the pipeline worker).
 * The body carries the rule's YAML (`rule`); a `ruleId` naming a stored rule will be the
 * alternative once rule management lands. The rule's `expand` placeholders take the server's
 * configured values (`detect.placeholders`). Errors are problem responses naming the rule's file,
 * line and reason.
 */
import { z } from 'zod';
import { BadRequestError } from '../../core/errors.ts';
import { resolveTimeRange } from '../../core/time-range.ts';
import { type Placeholders, parseSigmaDocument } from '../../detect/index.ts';
import type { SigmaRule } from '../../detect/sigma/model.ts';
import type { HuntRequest, HuntResult } from '../../store/events/index.ts';
import { defineRoute } from '../route.ts';
import type { Scoped } from '../tenancy.ts';

/** The event store's hunt, as the API reaches it (through the pipeline worker), in the request's tenants. */
export interface HuntQueries {
  huntSigma(req: Scoped<HuntRequest>): Promise<HuntResult>;
}

/** Longest rule text accepted (a Sigma rule is a few KB). */
export const MAX_RULE_BYTES = 256 * 1024;

export const huntBody = z.object({
  rule: z.string().min(1).max(MAX_RULE_BYTES).describe('the Sigma rule as YAML text (one detection rule)'),
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
        400: 'problem: the rule does not parse or compile (detail and location name file:line)',
        422: 'problem: the range holds too many events for a hunt, or the hunt timed out',
      },
      handler: ({ body, tenants }) => {
        if (body.since !== undefined && body.from !== undefined) {
          throw new BadRequestError('give since or from, not both', 'since');
        }
        const range = resolveTimeRange(body.since ?? body.from, body.to);
        const rule = parseHuntRule(body.rule, body.file);
        return events.huntSigma({
          tenants,
          rule,
          ...range,
          limit: body.limit,
          ...(body.cursor ? { cursor: body.cursor } : {}),
          placeholders,
        });
      },
    }),
  ];
}
