/**
 * The JSON entry point: any JSON object → a flattened event (`json-flatten.ts`), and, when the
 * object has the shape of a known source, that source's normalizer instead (CloudTrail, Azure
 * Monitor / Entra ID, Google Cloud audit and Workspace, Kubernetes audit, Okta, OneLogin, GitHub,
 * Bitbucket, Microsoft 365, OpenCanary, Suricata EVE, Zeek, Windows/Sysmon). Each shape test is precise (it
 * names fields only that source writes), so the order below matters only for speed. Objects already in ECS (Filebeat, Elastic Agent: nested
 * `{"source":{"ip":..}}`) come out with ECS dotted names.
 *
 * Time: the first of {@link JSON_TIME_KEYS} (top level) that reads as a time; ISO text (zone-less
 * read in the assumed zone), epoch s/ms/µs/ns as number or text, or `/Date(ms)/`. Otherwise the
 * receive time.
 *
 * Splunk HEC envelopes are not unwrapped here (a string event needs the dispatcher); `parseEvent`
 * in `../index.ts` does that before calling {@link normalizeJsonObject}.
 */
import type { Format } from '../../core/event.ts';
import type { ParseContext, ParseOutcome, Parser } from '../types.ts';
import { isAzureRecord, isAzureRecordsFile, normalizeAzure } from './azure.ts';
import { isBitbucketRecord, normalizeBitbucket } from './bitbucket.ts';
import { isCloudTrailFile, isCloudTrailRecord, normalizeCloudTrail } from './cloudtrail.ts';
import { isGcpRecord, normalizeGcp } from './gcp.ts';
import { isGitHubRecord, normalizeGitHub } from './github.ts';
import { finishEvent, parseJsonObject } from './json-event.ts';
import { flattenJson } from './json-flatten.ts';
import { pickTime, receivedIso } from './json-time.ts';
import type { JsonObject } from './json-values.ts';
import { isKubernetesAuditEventList, isKubernetesAuditRecord, normalizeKubernetes } from './kubernetes.ts';
import { isM365Record, normalizeM365 } from './m365.ts';
import { isOktaRecord, normalizeOkta } from './okta.ts';
import { isOneLoginRecord, normalizeOneLogin } from './onelogin.ts';
import { isOpenCanaryRecord, normalizeOpenCanary } from './opencanary.ts';
import { isSuricataRecord, normalizeSuricata } from './suricata.ts';
import { isWindowsRecord, normalizeWindows } from './windows.ts';
import { isZeekRecord, normalizeZeek } from './zeek.ts';

/** Top-level keys tried, in this order, for a generic JSON event's time. */
export const JSON_TIME_KEYS: readonly string[] = [
  '@timestamp',
  'timestamp',
  'time',
  'ts',
  'eventTime',
  'event_time',
  'EventTime',
  'TimeCreated',
  'datetime',
  'date',
  'created_at',
  'createdAt',
];

/** The JSON sources whose normalizer a format can force on an object. */
export const JSON_SOURCE_FORMATS = [
  'windows',
  'cloudtrail',
  'zeek',
  'suricata',
  'azure',
  'gcp',
  'kubernetes',
  'okta',
  'onelogin',
  'github',
  'bitbucket',
  'm365',
  'opencanary',
] as const satisfies readonly Format[];

/** The JSON formats: generic, or one source whose normalizer can be forced. */
export type JsonFormat = 'json' | (typeof JSON_SOURCE_FORMATS)[number];

const SOURCES: ReadonlySet<Format> = new Set(JSON_SOURCE_FORMATS);

/** Whether `format` names a JSON source's normalizer (not generic JSON). */
export function isJsonSourceFormat(format: Format): format is (typeof JSON_SOURCE_FORMATS)[number] {
  return SOURCES.has(format);
}

/** Which normalizer the shape of `o` calls for (`json` = generic). */
export function classifyJson(o: JsonObject): JsonFormat {
  if (isCloudTrailFile(o) || isCloudTrailRecord(o)) return 'cloudtrail';
  if (isAzureRecordsFile(o) || isAzureRecord(o)) return 'azure';
  if (isGcpRecord(o)) return 'gcp';
  if (isKubernetesAuditRecord(o) || isKubernetesAuditEventList(o)) return 'kubernetes';
  if (isOktaRecord(o)) return 'okta';
  if (isOneLoginRecord(o)) return 'onelogin';
  if (isGitHubRecord(o)) return 'github';
  if (isBitbucketRecord(o)) return 'bitbucket';
  if (isM365Record(o)) return 'm365';
  if (isOpenCanaryRecord(o)) return 'opencanary';
  if (isSuricataRecord(o)) return 'suricata';
  if (isZeekRecord(o)) return 'zeek';
  if (isWindowsRecord(o)) return 'windows';
  return 'json';
}

/** Any JSON object as a flattened event, without source-specific mapping. */
export function normalizeGenericJson(o: JsonObject, raw: string, ctx: ParseContext): ParseOutcome {
  const { fields, dropped } = flattenJson(o);
  const ts = pickTime(o, JSON_TIME_KEYS, ctx.assumeTimeZone) ?? receivedIso(ctx.received);
  return finishEvent(fields, raw, 'json', ts, dropped);
}

/** Runs the normalizer of `format` on `o`, rejecting objects of another shape with a reason. */
export function normalizeJsonAs(
  format: JsonFormat,
  o: JsonObject,
  raw: string,
  ctx: ParseContext,
): ParseOutcome {
  switch (format) {
    case 'windows':
      return normalizeWindows(o, raw, ctx);
    case 'cloudtrail':
      return normalizeCloudTrail(o, raw, ctx);
    case 'zeek':
      return normalizeZeek(o, raw, ctx);
    case 'suricata':
      return normalizeSuricata(o, raw, ctx);
    case 'azure':
      return normalizeAzure(o, raw, ctx);
    case 'gcp':
      return normalizeGcp(o, raw, ctx);
    case 'kubernetes':
      return normalizeKubernetes(o, raw, ctx);
    case 'okta':
      return normalizeOkta(o, raw, ctx);
    case 'onelogin':
      return normalizeOneLogin(o, raw, ctx);
    case 'github':
      return normalizeGitHub(o, raw, ctx);
    case 'bitbucket':
      return normalizeBitbucket(o, raw, ctx);
    case 'm365':
      return normalizeM365(o, raw, ctx);
    case 'opencanary':
      return normalizeOpenCanary(o, raw, ctx);
    default:
      return normalizeJsonObject(o, raw, ctx);
  }
}

/**
 * Normalizes a parsed JSON object by its shape. When a source's normalizer turns the object down
 * (it looked like that source but lacks what the mapping needs) the generic event is returned
 * instead; a file of many records (CloudTrail's `Records`, Azure's `records`, a Kubernetes
 * `EventList`) is the exception: it is rejected, since it must be split.
 */
export function normalizeJsonObject(o: JsonObject, raw: string, ctx: ParseContext): ParseOutcome {
  const source = classifyJson(o);
  if (source === 'json') return normalizeGenericJson(o, raw, ctx);
  const out = normalizeJsonAs(source, o, raw, ctx);
  if (out.ok || isRecordFile(source, o)) return out;
  return normalizeGenericJson(o, raw, ctx);
}

/** Whether `o` is a file of many records of `source` (to split, not to read as one event). */
function isRecordFile(source: JsonFormat, o: JsonObject): boolean {
  if (source === 'cloudtrail') return isCloudTrailFile(o);
  if (source === 'azure') return isAzureRecordsFile(o);
  if (source === 'kubernetes') return isKubernetesAuditEventList(o);
  return false;
}

/** Parses one JSON object (one event). */
export const parseJson: Parser = (raw, ctx) => {
  const parsed = parseJsonObject(raw);
  return parsed.ok ? normalizeJsonObject(parsed.value, raw, ctx) : parsed;
};
