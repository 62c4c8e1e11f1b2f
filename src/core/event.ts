/**
 * The event model shared by every layer.
 *
 * An event is a flat record keyed by ECS field names with dots (`process.command_line`,
 * `source.ip`), plus the source's own fields under their own names (e.g.
 * `winlog.event_data.Image`), plus Vigil metadata under `vigil.*`.
 * Values are scalars or arrays of scalars; nested objects are always flattened.
 */
export type Scalar = string | number | boolean | null;
export type FieldValue = Scalar | Scalar[];
export type VigilEvent = Record<string, FieldValue>;

/** Fields every stored event carries. Parsers set the first group; the pipeline sets `vigil.*`. */
export const F = {
  timestamp: '@timestamp',
  original: 'event.original',
  message: 'message',
  dataset: 'event.dataset',
  module: 'event.module',
  kind: 'event.kind',
  category: 'event.category',
  type: 'event.type',
  action: 'event.action',
  outcome: 'event.outcome',
  code: 'event.code',
  severity: 'event.severity',
  logLevel: 'log.level',
  hostName: 'host.name',
  sourceIp: 'source.ip',
  sourcePort: 'source.port',
  destinationIp: 'destination.ip',
  destinationPort: 'destination.port',
  userName: 'user.name',
  processName: 'process.name',
  processCommandLine: 'process.command_line',
  format: 'vigil.format',
  tenant: 'vigil.tenant',
  source: 'vigil.source',
  ingested: 'vigil.ingested',
  id: 'vigil.id',
} as const;

/** Input formats Vigil can parse. `auto` detects one of the others from the text. */
export const FORMATS = [
  'auto',
  'json',
  'syslog',
  'rfc5424',
  'rfc3164',
  'cef',
  'leef',
  'windows',
  'cloudtrail',
  'zeek',
  'suricata',
  'azure',
  'gcp',
  'kubernetes',
  'okta',
  'github',
  'bitbucket',
  'onelogin',
  'm365',
  'opencanary',
  'auditd',
  'weblog',
  'hec',
  'text',
] as const;
export type Format = (typeof FORMATS)[number];

export function isFormat(s: string): s is Format {
  return (FORMATS as readonly string[]).includes(s);
}

/**
 * A dataset a sender declares for the events it sends (`?dataset=`, `vigil ingest --dataset`):
 * `<module>.<dataset>` in ECS's words (`jvm.application`, `cisco.aaa`, `nginx.access`). It becomes
 * the events' `event.dataset` (and its first part `event.module`) whatever the parser guessed,
 * which is how Sigma logsources of sources Vigil has no parser for are routed.
 */
export const DATASET_PATTERN = /^[a-z0-9][a-z0-9_-]*(\.[a-z0-9][a-z0-9_-]*)+$/;

/** The meta fields that declare `dataset` (see {@link DATASET_PATTERN}). */
export function declaredDataset(dataset: string): Record<string, string> {
  return { 'event.dataset': dataset, 'event.module': dataset.slice(0, dataset.indexOf('.')) };
}
