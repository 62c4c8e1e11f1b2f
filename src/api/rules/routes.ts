/**
 * The rule library: list and show rules with their counters, import (a zip, a YAML document, or
 * JSON files), enable/disable, delete, and reload the running rule set. Every change is applied to
 * the pipeline without a restart.
 */
import { z } from 'zod';
import { BadRequestError, NotFoundError, VigilError } from '../../core/errors.ts';
import type { Placeholders } from '../../detect/index.ts';
import { fromTexts, readRuleZip, type SourceRead } from '../../detect/library/index.ts';
import { auditBy } from '../audit/context.ts';
import { defineRoute } from '../route.ts';
import { ruleTestBody, ruleTestReport, testRuleOnEvents } from './rule-test.ts';
import {
  importReport,
  RULE_KINDS,
  RULE_LEVELS,
  RULE_STATUSES,
  type RuleService,
  reloadReport,
  ruleDetail,
  ruleSummary,
} from './schemas.ts';

const list = <T extends string>(allowed: readonly T[], what: string) =>
  z
    .string()
    .max(200)
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

const bool = z.enum(['true', 'false']).transform((v) => v === 'true');

const idParam = z.object({ id: z.string().min(1).max(256) });

const uploadJson = z.object({
  name: z.string().max(128).optional(),
  files: z.array(z.object({ path: z.string().max(1024), text: z.string() })).max(100_000),
});

const SOURCE_NAME = /^[A-Za-z0-9_.@+-][A-Za-z0-9_.@+ -]{0,127}$/;

/** The upload as rule files, by its content type. */
function readUpload(contentType: string, body: Buffer, name: string | undefined): SourceRead {
  const type = contentType.split(';')[0]!.trim().toLowerCase();
  if (body.length === 0)
    throw new BadRequestError('the body is empty; send a zip, a YAML document or JSON files');
  if (type === 'application/zip' || type === 'application/x-zip-compressed')
    return readRuleZip(body, undefined, name ?? 'the archive');
  if (['application/yaml', 'application/x-yaml', 'text/yaml', 'text/x-yaml'].includes(type)) {
    const path = name && /\.ya?ml$/i.test(name) ? name : `${name ?? 'upload'}.yml`;
    return fromTexts([{ path, bytes: body }]);
  }
  if (type === 'application/json') {
    let json: unknown;
    try {
      json = JSON.parse(body.toString('utf8'));
    } catch (e) {
      throw new BadRequestError(`the body is not valid JSON: ${(e as Error).message}`);
    }
    const r = uploadJson.safeParse(json);
    if (!r.success) {
      const issue = r.error.issues[0];
      throw new BadRequestError(
        `body field "${issue?.path.join('.') ?? ''}": ${issue?.message ?? 'invalid'}`,
      );
    }
    return fromTexts(r.data.files);
  }
  throw new VigilError(
    'bad_request',
    `unsupported content type "${type}"; send application/zip, application/yaml or application/json`,
  );
}

export interface RuleRouteOptions {
  /** Values of the `expand` modifier's placeholders rules are tried with (config `detect.placeholders`). */
  placeholders?: Placeholders;
}

export function ruleRoutes(rules: RuleService, opts: RuleRouteOptions = {}) {
  const placeholders = opts.placeholders ?? {};
  return [
    defineRoute({
      method: 'GET',
      url: '/api/v1/rules',
      summary: 'List detection rules, correlations and filters, with hits and last hit',
      tags: ['rules'],
      access: { kind: 'api', permission: 'rules:read' },
      query: z.object({
        status: list(RULE_STATUSES, 'status').optional().describe('comma-separated statuses'),
        level: list(RULE_LEVELS, 'level').optional().describe('comma-separated levels'),
        kind: z.enum(RULE_KINDS).optional(),
        enabled: bool.optional(),
        source: z.string().max(300).optional().describe('e.g. builtin:rules/starter or import:team.zip'),
        q: z.string().max(200).optional().describe('text in the title (case-insensitive)'),
        tag: z.string().max(200).optional().describe('an exact tag, e.g. attack.t1059.001'),
        limit: z.coerce.number().int().min(1).max(1000).default(100),
        offset: z.coerce.number().int().min(0).default(0),
      }),
      responses: { 200: z.object({ items: z.array(ruleSummary), total: z.number() }) },
      handler: ({ query, tenants }) =>
        rules.list(tenants, {
          limit: query.limit,
          offset: query.offset,
          ...(query.status ? { statuses: query.status } : {}),
          ...(query.level ? { levels: query.level } : {}),
          ...(query.kind ? { kind: query.kind } : {}),
          ...(query.enabled !== undefined ? { enabled: query.enabled } : {}),
          ...(query.source ? { source: query.source } : {}),
          ...(query.q ? { text: query.q } : {}),
          ...(query.tag ? { tag: query.tag } : {}),
        }),
    }),
    defineRoute({
      method: 'GET',
      url: '/api/v1/rules/:id',
      summary: 'One rule: its YAML, counters, and why it did not load (if it did not)',
      tags: ['rules'],
      access: { kind: 'api', permission: 'rules:read' },
      params: idParam,
      responses: { 200: ruleDetail, 404: 'problem' },
      handler: async ({ params, tenants }) => {
        const r = await rules.get(tenants, params.id);
        if (!r) throw new NotFoundError(`no rule ${params.id}`);
        return r;
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/api/v1/rules/import',
      summary:
        'Import rules: a zip, one YAML document, or JSON {files:[{path,text}]}; per-file results and located errors',
      tags: ['rules'],
      access: { kind: 'api', permission: 'rules:write' },
      rawBody: { contentTypes: ['application/zip', 'application/yaml', 'application/json'] },
      query: z.object({
        dryRun: bool.default(false).describe('check and classify only; nothing is written'),
        strict: bool.default(false).describe('write nothing when any document has an error or cannot run'),
        name: z
          .string()
          .regex(SOURCE_NAME, 'letters, digits, spaces and _ . @ + - only (at most 128)')
          .optional()
          .describe('name of the upload (its source becomes import:<name>)'),
      }),
      responses: { 200: importReport, 400: 'problem', 413: 'problem', 422: importReport },
      handler: async ({ query, tenants, tenant, request, reply, principal }) => {
        const body = (request.body as Buffer | undefined) ?? Buffer.alloc(0);
        const read = readUpload(String(request.headers['content-type'] ?? ''), body, query.name);
        const report = await rules.importFiles(
          tenants,
          tenant(),
          read,
          {
            source: query.name ? `import:${query.name}` : 'api',
            dryRun: query.dryRun,
            strict: query.strict,
          },
          auditBy(principal, request),
        );
        if (!report.committed && !query.dryRun) reply.code(422); // a strict import with errors
        return report;
      },
    }),
    defineRoute({
      method: 'PATCH',
      url: '/api/v1/rules/:id',
      summary: 'Enable or disable a rule (applied to the running pipeline)',
      tags: ['rules'],
      access: { kind: 'api', permission: 'rules:write' },
      params: idParam,
      body: z.object({ enabled: z.boolean() }).strict(),
      responses: { 200: ruleSummary, 404: 'problem' },
      handler: async ({ params, body, tenants, principal, request }) => {
        const r = await rules.setEnabled(tenants, params.id, body.enabled, auditBy(principal, request));
        if (!r) throw new NotFoundError(`no rule ${params.id}`);
        return r;
      },
    }),
    defineRoute({
      method: 'DELETE',
      url: '/api/v1/rules/:id',
      summary: 'Delete an imported rule (built-in rules can only be disabled)',
      tags: ['rules'],
      access: { kind: 'api', permission: 'rules:write' },
      params: idParam,
      responses: { 204: 'deleted', 404: 'problem', 409: 'problem' },
      handler: async ({ params, tenants, reply, principal, request }) => {
        const r = await rules.remove(tenants, params.id, auditBy(principal, request));
        if (r === 'missing') throw new NotFoundError(`no rule ${params.id}`);
        if (r === 'global')
          throw new VigilError(
            'conflict',
            `rule ${params.id} is a built-in rule from a configured folder; disable it instead (or remove its file)`,
          );
        return reply.code(204).send();
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/api/v1/rules/test',
      summary:
        'Try a Sigma rule on pasted events (at most 1,000 events, 1 MB): matches with their fields, and why the others did not match',
      tags: ['rules'],
      access: { kind: 'api', permission: 'rules:read' },
      body: ruleTestBody,
      responses: {
        200: ruleTestReport,
        400: 'problem: the rule does not parse or compile (location rule.yml:line:column), or too many events',
      },
      handler: ({ body }) => testRuleOnEvents(body, { placeholders }),
    }),
    defineRoute({
      method: 'POST',
      url: '/api/v1/rules/reload',
      summary: 'Reload the running rule set from the rule library (no restart)',
      tags: ['rules'],
      access: { kind: 'api', permission: 'rules:write' },
      responses: { 200: reloadReport },
      handler: () => rules.reload(),
    }),
  ];
}
