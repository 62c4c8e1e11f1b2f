/**
 * OneLogin events → ECS.
 *
 * Two shapes of the same event object arrive:
 * - the Events API (`GET /api/1/events`, one element of `data`): `id`, `created_at` (ISO, UTC),
 *   `account_id`, `event_type_id`, `user_name`, `ipaddr`, ...;
 * - an event broadcaster (log streaming, "SIEM (NDJSON)" format): the same snake_case fields plus
 *   `uuid` and `event_timestamp` (`2026-06-02 10:40:17+0530`), wrapped as `{"event": {...}}`.
 * Both are read alike: the wrapper is taken off and the event object is kept under
 * `onelogin.<name>` with OneLogin's own names (`onelogin.event_type_id`, `onelogin.user_name`),
 * which are the names SigmaHQ's OneLogin rules use.
 *
 * OneLogin says what happened only by number (`event_type_id`), so `event.code` always holds it
 * and `event.action`/`event.category` are set for the few numbers below that detections use; the
 * meanings are from OneLogin's event-type list as the SigmaHQ and Panther OneLogin rules cite it.
 */
import type { VigilEvent } from '../../core/event.ts';
import type { ParseContext, ParseOutcome, Parser } from '../types.ts';
import { finishEvent, parseJsonObject } from './json-event.ts';
import { flattenInto, newBudget } from './json-flatten.ts';
import { pickTime, receivedIso } from './json-time.ts';
import { ip, isObject, type JsonObject, newEvent, num, obj, put, str } from './json-values.ts';

/** The event object: `o` itself, or the broadcaster's `{"event": {...}}` taken off. */
function eventObject(o: JsonObject): JsonObject {
  const inner = obj(o.event);
  return inner !== undefined && inner.event_type_id !== undefined ? inner : o;
}

/** Whether `o` is one OneLogin event (bare, or in the broadcaster's wrapper). */
export function isOneLoginRecord(o: JsonObject): boolean {
  const e = eventObject(o);
  return (
    typeof e.event_type_id === 'number' &&
    e.account_id !== undefined &&
    (e.created_at !== undefined || e.event_timestamp !== undefined)
  );
}

interface EventType {
  action: string;
  category: string;
  type: string;
  /** The outcome the event type itself states (a failed login), when it states one. */
  outcome?: 'success' | 'failure';
}

/** `event_type_id` → what it means, for the ids detections use (others keep `event.code` only). */
const EVENT_TYPES: ReadonlyMap<number, EventType> = new Map<number, EventType>([
  [3, { action: 'user-assumed-user', category: 'iam', type: 'admin' }],
  [5, { action: 'user-logged-in', category: 'authentication', type: 'start', outcome: 'success' }],
  [
    6,
    { action: 'user-authentication-failed', category: 'authentication', type: 'start', outcome: 'failure' },
  ],
  [11, { action: 'user-password-changed', category: 'iam', type: 'change' }],
  [17, { action: 'user-deleted', category: 'iam', type: 'deletion' }],
  [24, { action: 'otp-device-deregistered', category: 'authentication', type: 'change' }],
  [90, { action: 'app-access-unauthorized', category: 'authentication', type: 'denied', outcome: 'failure' }],
  [172, { action: 'auth-factor-deleted', category: 'authentication', type: 'change' }],
  [211, { action: 'user-password-changed-by-admin', category: 'iam', type: 'change' }],
  [532, { action: 'user-locked', category: 'iam', type: 'change' }],
  [551, { action: 'user-suspended', category: 'iam', type: 'change' }],
  [553, { action: 'user-locked', category: 'iam', type: 'change' }],
]);

function describeEventType(ev: VigilEvent, id: number): void {
  ev['event.code'] = String(id);
  const t = EVENT_TYPES.get(id);
  if (t === undefined) return;
  ev['event.action'] = t.action;
  ev['event.category'] = [t.category];
  ev['event.type'] = [t.type];
  if (t.outcome !== undefined) ev['event.outcome'] = t.outcome;
}

/** `created_at` (API, ISO) first; `event_timestamp` (broadcaster, with its offset) else. */
const TIME_KEYS = ['created_at', 'event_timestamp'] as const;

/** Normalizes one parsed OneLogin event. */
export function normalizeOneLogin(o: JsonObject, raw: string, ctx: ParseContext): ParseOutcome {
  if (Array.isArray(o.data) && isObject(o.pagination)) {
    return {
      ok: false,
      reason:
        'this is a OneLogin Events API page ({"status":..,"pagination":..,"data":[...]}); send ' +
        'each element of data as its own event',
    };
  }
  const e = eventObject(o);
  const typeId = num(e.event_type_id);
  if (typeId === undefined) {
    return {
      ok: false,
      reason: 'not a OneLogin event: it has no numeric event_type_id (bare, or under "event")',
    };
  }
  const budget = newBudget();
  const ev = newEvent();
  flattenInto(ev, 'onelogin', e, budget);
  ev['event.kind'] = 'event';
  ev['event.module'] = 'onelogin';
  ev['event.dataset'] = 'onelogin.events';
  ev['event.provider'] = 'onelogin';
  put(ev, 'event.id', str(e.uuid) ?? str(e.id));
  describeEventType(ev, typeId);
  put(ev, 'user.name', str(e.user_name));
  put(ev, 'user.id', str(e.user_id));
  put(ev, 'organization.id', str(e.account_id));
  const addr = ip(e.ipaddr);
  if (addr !== undefined) ev['source.ip'] = addr;
  put(ev, 'error.message', str(e.error_description));
  put(ev, 'message', str(e.custom_message) ?? str(e.notes));
  const ts = pickTime(e, TIME_KEYS, ctx.assumeTimeZone) ?? receivedIso(ctx.received);
  return finishEvent(ev, raw, 'onelogin', ts, budget.dropped);
}

/** Parses one OneLogin event. */
export const parseOneLogin: Parser = (raw, ctx) => {
  const parsed = parseJsonObject(raw);
  return parsed.ok ? normalizeOneLogin(parsed.value, raw, ctx) : parsed;
};
