/**
 * The rule library's API shapes (zod): what the routes answer and what `RuleService` — the rule
 * library as the composition root wires it (state store + pipeline) — returns. The CLI reads the
 * same types.
 */
import { z } from 'zod';
import type { AuditBy } from '../../access/index.ts';
import type { SourceRead } from '../../detect/library/index.ts';
import type { TenantScope } from '../../store/state/index.ts';

export const RULE_STATUSES = ['stable', 'test', 'experimental', 'deprecated', 'unsupported'] as const;
export const RULE_LEVELS = ['informational', 'low', 'medium', 'high', 'critical'] as const;
export const RULE_KINDS = ['rule', 'correlation', 'filter'] as const;

export const ruleStats = z.object({
  hits: z.number(),
  lastHitAt: z.string().nullable().describe('@timestamp of the latest matching event'),
  timeMs: z.number(),
});

export const ruleSummary = z.object({
  id: z.string(),
  kind: z.enum(RULE_KINDS),
  title: z.string(),
  status: z.string().nullable(),
  level: z.string().nullable(),
  tags: z.array(z.string()),
  scope: z.enum(['global', 'tenant']).describe('global: a built-in rule for every tenant'),
  source: z.string(),
  path: z.string(),
  enabled: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
  stats: ruleStats,
});
export type RuleSummary = z.infer<typeof ruleSummary>;

export const loadError = z.object({
  file: z.string(),
  line: z.number(),
  column: z.number(),
  reason: z.string(),
});

export const ruleDetail = ruleSummary.extend({
  line: z.number(),
  yaml: z.string(),
  running: z.boolean().describe('in the rule set the pipeline runs now'),
  loadError: loadError.nullable().describe('why the pipeline could not load it at the last reload'),
});
export type RuleDetail = z.infer<typeof ruleDetail>;

export const importError = z.object({
  file: z.string(),
  line: z.number(),
  column: z.number(),
  reason: z.string(),
  ruleId: z.string().optional(),
});
export type ImportError = z.infer<typeof importError>;

export const importFile = z.object({
  path: z.string(),
  imported: z.array(z.string()),
  updated: z.array(z.string()),
  unchanged: z.array(z.string()),
  /** Documents that are not valid Sigma: not stored. */
  errors: z.array(importError),
  /** Valid Sigma that cannot run here (unknown logsource or field): stored, reported at each load. */
  unsupported: z.array(importError),
});
export type ImportFile = z.infer<typeof importFile>;

export const reloadReport = z.object({
  detecting: z.boolean().describe('false when detect.enabled is off'),
  version: z.number(),
  loaded: z.number(),
  correlations: z.number(),
  filters: z.number(),
  failed: z.array(loadError.extend({ ruleId: z.string() })),
  ms: z.number(),
  pending: z.boolean().describe('the worker had not answered in time; the set applies when it does'),
});
export type ReloadReport = z.infer<typeof reloadReport>;

export const importReport = z.object({
  source: z.string(),
  dryRun: z.boolean(),
  strict: z.boolean(),
  committed: z
    .boolean()
    .describe('whether the import was applied (false for a dry run and for a strict import with errors)'),
  files: z.array(importFile),
  /** Files of the upload that could not be read (too large, unsafe name, not UTF-8). */
  problems: z.array(z.object({ file: z.string(), reason: z.string() })),
  ignored: z.number().describe('files that are not .yml/.yaml'),
  totals: z.object({
    imported: z.number(),
    updated: z.number(),
    unchanged: z.number(),
    errors: z.number(),
    unsupported: z.number(),
  }),
  reload: reloadReport.nullable(),
});
export type ImportReport = z.infer<typeof importReport>;

export interface RuleListFilter {
  statuses?: string[];
  levels?: string[];
  kind?: (typeof RULE_KINDS)[number];
  enabled?: boolean;
  source?: string;
  text?: string;
  tag?: string;
  limit: number;
  offset: number;
}

/** The rule library as the API reaches it. Every call takes the caller's tenants. */
export interface RuleService {
  list(tenants: TenantScope, filter: RuleListFilter): Promise<{ items: RuleSummary[]; total: number }>;
  get(tenants: TenantScope, id: string): Promise<RuleDetail | undefined>;
  /** Imports into `tenant`, which must be one of `tenants`. */
  importFiles(
    tenants: TenantScope,
    tenant: string,
    read: SourceRead,
    opts: { source: string; dryRun: boolean; strict: boolean },
    by?: AuditBy,
  ): Promise<ImportReport>;
  /** Changes are audited as done `by` (default: Vigil itself). */
  setEnabled(
    tenants: TenantScope,
    id: string,
    enabled: boolean,
    by?: AuditBy,
  ): Promise<RuleSummary | undefined>;
  remove(tenants: TenantScope, id: string, by?: AuditBy): Promise<'deleted' | 'global' | 'missing'>;
  reload(): Promise<ReloadReport>;
}
