/**
 * The zod schema of one pipeline YAML file (`windows.yaml`...) and the resolved form the loader
 * builds from it. A file names its pipeline, optional pipeline-wide field mappings and a template
 * for fields kept under the source's own names, and a list of logsources: which Sigma logsource
 * (`product`/`category`/`service`) each one is, the event condition (`when`) that routes events to
 * it, its field mappings, and where keyword searches look.
 */
import { z } from 'zod';
import { conditionSchema, type EventCondition } from './condition.ts';

/** A Sigma field name: letters, digits, `_`, `-`, `.` (dotted names are nested source fields). */
export const SIGMA_FIELD = /^[A-Za-z0-9_@][A-Za-z0-9_.-]*$/;
const sigmaField = z.string().regex(SIGMA_FIELD, 'not a Sigma field name');
/** A Vigil event field name (dotted ECS or source names). */
const eventField = z.string().regex(/^[A-Za-z0-9_@][A-Za-z0-9_.@-]*$/, 'not an event field name');
const template = z
  .string()
  .regex(
    /^[A-Za-z0-9_.@-]*\{field\}[A-Za-z0-9_.@-]*$/,
    'a template is an event field name with {field} once',
  );
const targets = z.union([eventField, z.array(eventField).min(1)]);
/** Where keyword (field-less) searches look: event fields. */
const keywordFields = z.array(eventField).min(1);

/**
 * Where keyword searches look unless a pipeline says otherwise: the raw event (Sigma's "entire
 * event") and the `message` (which some parsers write decoded: auditd's hex-encoded arguments).
 */
export const DEFAULT_KEYWORD_FIELDS: readonly string[] = ['event.original', 'message'];
const fieldMap = z.record(sigmaField, targets);
/** Sigma's logsource values are lower-case words: `process_creation`, `gcp.audit`, `dns-client`. */
const lsValue = z.string().regex(/^[a-z0-9][a-z0-9_.-]*$/, 'a logsource value is lower-case');

export const logsourceSchema = z
  .strictObject({
    /** Unique within its file; names the logsource in errors and reports. */
    id: z.string().regex(/^[a-z0-9][a-z0-9_.-]*$/),
    product: lsValue.optional(),
    category: lsValue.optional(),
    service: lsValue.optional(),
    /** The events of this logsource. */
    when: conditionSchema,
    /** Sigma names kept under the source's own name (via the template): a list, or `*` for any. */
    sourceFields: z.union([z.literal('*'), z.array(sigmaField)]).optional(),
    /** Overrides the file's `sourceTemplate` for this logsource. */
    sourceTemplate: z.union([template, z.array(template).min(1)]).optional(),
    /** Sigma name → event field(s); overrides the file's `fields` and `sourceFields`. */
    fields: fieldMap.optional(),
    /** Where keyword searches look in these events; overrides the file's `keywords`. */
    keywords: keywordFields.optional(),
  })
  .refine((l) => l.product !== undefined || l.category !== undefined || l.service !== undefined, {
    message: 'a logsource needs at least one of product, category, service',
  });

export const pipelineFileSchema = z.strictObject({
  name: z.string().regex(/^[a-z0-9][a-z0-9_-]*$/),
  description: z.string().optional(),
  /** Where `sourceFields` names live, e.g. `winlog.event_data.{field}`. */
  sourceTemplate: z.union([template, z.array(template).min(1)]).optional(),
  /** Mappings shared by every logsource of the file. */
  fields: fieldMap.optional(),
  /** Where keyword searches look (default {@link DEFAULT_KEYWORD_FIELDS}). */
  keywords: keywordFields.optional(),
  logsources: z.array(logsourceSchema).min(1),
});

export type PipelineFile = z.infer<typeof pipelineFileSchema>;

/** One logsource ready to resolve: file-wide settings merged in. */
export interface LogsourceRoute {
  pipeline: string;
  id: string;
  product?: string;
  category?: string;
  service?: string;
  when: EventCondition;
  /** Explicit mappings (file-wide ones, overridden by the logsource's own). */
  fields: ReadonlyMap<string, readonly string[]>;
  /** `*`: any Sigma name is a source field; else the listed names. */
  sourceFields: '*' | ReadonlySet<string>;
  /** Templates with `{field}`; empty when the logsource keeps no source fields. */
  sourceTemplate: readonly string[];
  /** The event fields keyword searches look in. */
  keywords: readonly string[];
}

/** All loaded pipelines: the routes in file order, and the files they came from. */
export interface Pipelines {
  routes: readonly LogsourceRoute[];
  files: readonly string[];
}
