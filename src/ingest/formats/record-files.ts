/**
 * Documents that hold many events: what cloud services export and APIs return in one piece, where
 * Vigil wants one event per record. File ingest splits them; sent as one event, each source's
 * parser rejects them with a reason that says to split.
 *
 * | document | from |
 * |---|---|
 * | `[record, ...]` (any JSON array of objects) | Okta System Log API pages, Microsoft 365 content blobs, exports |
 * | `{"Records":[...]}` | AWS CloudTrail log files |
 * | `{"records":[...]}` | Azure diagnostic settings (Event Hub, storage account) |
 * | `{"kind":"EventList","apiVersion":"audit.k8s.io/…","items":[...]}` | Kubernetes audit webhook |
 * | `{"eventType":"com.okta.event_hook","data":{"events":[...]}}` | Okta event hooks |
 */
import { isAzureRecordsFile } from './azure.ts';
import { isCloudTrailFile } from './cloudtrail.ts';
import { parseJsonObject } from './json-event.ts';
import { isObject, type JsonObject, jsonText } from './json-values.ts';
import { isKubernetesAuditEventList } from './kubernetes.ts';
import { splitOktaBatch } from './okta.ts';

/** The records of a parsed envelope object, or undefined when `o` is one event. */
function envelopeRecords(o: JsonObject): unknown[] | undefined {
  if (isCloudTrailFile(o)) return o.Records as unknown[];
  if (isAzureRecordsFile(o)) return o.records as unknown[];
  if (isKubernetesAuditEventList(o)) return o.items as unknown[];
  return undefined;
}

/**
 * Words one of the envelopes holds near its start: a line without any (most lines) is one event
 * and need not be parsed here. Only a hint: `splitRecords` decides.
 */
const HINTS = ['"Records"', '"records"', '"EventList"', 'com.okta.event_hook'];

/** Whether `text` may be a document of many records (cheap: looks at its start only). */
export function mayHoldRecords(text: string): boolean {
  let i = 0;
  while (i < text.length && i < 64 && /\s/.test(text.charAt(i))) i++;
  const c = text.charAt(i);
  if (c === '[') return true;
  if (c !== '{') return false;
  const head = text.slice(i, i + 4096);
  return HINTS.some((h) => head.includes(h));
}

/**
 * One JSON text per record of a document of many (see the table above); any other text (one
 * event, or something that does not parse) as the single element, so that the parser gives it
 * its own outcome. An array whose elements are not all objects is not split. Never throws.
 */
export function splitRecords(text: string): string[] {
  if (!mayHoldRecords(text)) return [text];
  if (text.trimStart().startsWith('[')) {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      return [text];
    }
    return Array.isArray(value) && value.length > 0 && value.every(isObject)
      ? value.map((r) => jsonText(r))
      : [text];
  }
  const parsed = parseJsonObject(text);
  if (!parsed.ok) return [text];
  const records = envelopeRecords(parsed.value);
  if (records !== undefined) return records.map((r) => jsonText(r));
  return splitOktaBatch(text);
}
