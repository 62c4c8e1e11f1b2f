/**
 * Reading the time of an Azure record. Diagnostic-settings exports write `time` as ISO 8601 UTC
 * (`2022-01-24T05:10:08.6816663Z`), but Identity Protection records (RiskyUsers, UserRiskEvents)
 * arrive with .NET's invariant-culture text, `8/22/2022 6:07:16 PM`, which is UTC as well (see the
 * samples of Elastic's azure integration, `identity_protection/_dev/test/pipeline`). Both are read
 * here; when `time` is missing or unreadable the record's own activity time is tried.
 */
import { fastMillisToIso } from './json-iso.ts';
import { timeValueToIso } from './json-time.ts';
import { type JsonObject, obj } from './json-values.ts';

const US_TIME = /^(\d{1,2})\/(\d{1,2})\/(\d{4}) (\d{1,2}):(\d{2}):(\d{2})(?:\.(\d{1,7}))? ([AP]M)$/;

/** `M/D/YYYY h:mm:ss AM|PM` (UTC) to canonical ISO, or null. */
export function usTimeToIso(text: string): string | null {
  const m = US_TIME.exec(text);
  if (m === null) return null;
  const [, mo, d, y, h, mi, s, frac, ampm] = m;
  const hour12 = Number(h);
  if (hour12 < 1 || hour12 > 12) return null;
  const hour = (hour12 % 12) + (ampm === 'PM' ? 12 : 0);
  const month = Number(mo);
  const day = Number(d);
  if (month < 1 || month > 12 || day < 1 || day > 31 || Number(mi) > 59 || Number(s) > 59) return null;
  const ms = Date.UTC(Number(y), month - 1, day, hour, Number(mi), Number(s));
  const fraction = frac === undefined ? 0 : Number(`0.${frac}`) * 1000;
  return fastMillisToIso(ms + fraction);
}

/** Times inside `properties` tried, in order, when the top-level `time` is unusable. */
const PROPERTY_TIMES = ['activityDateTime', 'createdDateTime', 'detectedDateTime', 'riskLastUpdatedDateTime'];

/** The record's time as canonical ISO, or null when it has none that reads. */
export function azureTime(o: JsonObject): string | null {
  const t = o.time ?? o.Time;
  if (typeof t === 'string') {
    const iso = timeValueToIso(t, 'UTC') ?? usTimeToIso(t.trim());
    if (iso !== null) return iso;
  }
  const props = obj(o.properties);
  if (props === undefined) return null;
  for (const k of PROPERTY_TIMES) {
    const v = props[k];
    if (typeof v !== 'string') continue;
    const iso = timeValueToIso(v, 'UTC') ?? usTimeToIso(v.trim());
    if (iso !== null) return iso;
  }
  return null;
}
