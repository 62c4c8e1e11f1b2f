/**
 * Resolves a Sigma rule's logsource to the event condition that routes events to it, and a Sigma
 * field name to the Vigil event field(s) holding it, using the loaded pipelines.
 *
 * A route serves a rule's logsource when it agrees on every key the rule sets, and sets no other
 * key except `product` (a rule without a product, `category: process_creation`, is generic and
 * takes the routes of every product; a rule `product: windows, category: process_creation` does not
 * take the `service: sysmon` route). Values compare lower-cased.
 *
 * A field maps, per route, in this order: the route's explicit `fields`; an ECS or Vigil name
 * (`process.executable`, `winlog.event_data.Image`, `message`), unchanged; a name the route keeps
 * under the source's own names (`sourceFields` + `sourceTemplate`). Several targets
 * are alternatives (Sysmon `Image` or Security 4688 `NewProcessName`): an event normally carries
 * one of them, and the field matches when any does.
 */
import { type EventCondition, NEVER } from './condition.ts';
import { DEFAULT_KEYWORD_FIELDS, type LogsourceRoute, type Pipelines, SIGMA_FIELD } from './schema.ts';

export interface SigmaLogsource {
  product?: string;
  category?: string;
  service?: string;
}

export interface ResolvedLogsource {
  /** The events of this logsource; {@link NEVER} when it is not known. */
  conditions: EventCondition;
  /** Whether any pipeline routes this logsource. */
  known: boolean;
  /** The routes serving it, as `pipeline/id`. */
  routes: string[];
}

/** First segments of field names that are already Vigil event fields (ECS and source prefixes). */
export const EVENT_FIELD_ROOTS: ReadonlySet<string> = new Set([
  'agent',
  'client',
  'cloud',
  'container',
  'destination',
  'dll',
  'dns',
  'email',
  'error',
  'event',
  'file',
  'group',
  'host',
  'http',
  'log',
  'network',
  'observer',
  'process',
  'registry',
  'related',
  'rule',
  'server',
  'service',
  'source',
  'threat',
  'tls',
  'url',
  'user',
  'user_agent',
  'vulnerability',
  'aws',
  'azure',
  'bitbucket',
  'gcp',
  'github',
  'google_workspace',
  'kubernetes',
  'm365',
  'okta',
  'onelogin',
  'opencanary',
  'powershell',
  'suricata',
  'vigil',
  'weblog',
  'winlog',
  'zeek',
]);

const KEYS = ['product', 'category', 'service'] as const;

function norm(v: string | undefined): string | undefined {
  if (v === undefined) return undefined;
  const t = v.trim().toLowerCase();
  return t === '' ? undefined : t;
}

function serves(route: LogsourceRoute, ls: SigmaLogsource): boolean {
  for (const k of KEYS) {
    const want = norm(ls[k]);
    const have = route[k];
    if (want !== undefined ? have !== want : have !== undefined && k !== 'product') return false;
  }
  return true;
}

/** The routes serving `ls`, in pipeline order. */
export function routesFor(p: Pipelines, ls: SigmaLogsource): LogsourceRoute[] {
  if (KEYS.every((k) => norm(ls[k]) === undefined)) return [];
  return p.routes.filter((r) => serves(r, ls));
}

/** The event condition of a Sigma logsource, and whether any pipeline knows it. */
export function resolveLogsource(p: Pipelines, ls: SigmaLogsource): ResolvedLogsource {
  const routes = routesFor(p, ls);
  const names = routes.map((r) => `${r.pipeline}/${r.id}`);
  if (routes.length === 0) return { conditions: NEVER, known: false, routes: names };
  const first = routes[0];
  const conditions =
    routes.length === 1 && first !== undefined ? first.when : { any: routes.map((r) => r.when) };
  return { conditions, known: true, routes: names };
}

/** ECS fields without a dot, used as they are. */
const TOP_LEVEL_EVENT_FIELDS: ReadonlySet<string> = new Set(['@timestamp', 'message', 'tags', 'labels']);

function isEventField(name: string): boolean {
  if (TOP_LEVEL_EVENT_FIELDS.has(name)) return true;
  const dot = name.indexOf('.');
  return dot > 0 && EVENT_FIELD_ROOTS.has(name.slice(0, dot));
}

/** The targets of `field` in one route, or null when the route cannot map it. */
export function mapFieldInRoute(route: LogsourceRoute, field: string): string[] | null {
  if (!SIGMA_FIELD.test(field)) return null;
  const explicit = route.fields.get(field);
  if (explicit !== undefined) return [...explicit];
  if (isEventField(field)) return [field];
  const keeps = route.sourceFields === '*' || route.sourceFields.has(field);
  if (!keeps || route.sourceTemplate.length === 0) return null;
  return route.sourceTemplate.map((t) => t.replace('{field}', field));
}

/**
 * The event field(s) holding Sigma field `sigmaField` for logsource `ls`: the union over the
 * routes serving it. Null when the logsource is unknown or no route can map the field, so the
 * engine can refuse the rule at load.
 */
export function mapField(p: Pipelines, ls: SigmaLogsource, sigmaField: string): string[] | null {
  const out = new Set<string>();
  let mapped = false;
  for (const r of routesFor(p, ls)) {
    const t = mapFieldInRoute(r, sigmaField);
    if (t === null) continue;
    mapped = true;
    for (const f of t) out.add(f);
  }
  return mapped ? [...out] : null;
}

/**
 * The event fields keyword (field-less) searches of logsource `ls` look in: the union over the
 * routes serving it (the default where no route serves it).
 */
export function keywordFields(p: Pipelines, ls: SigmaLogsource): string[] {
  const routes = routesFor(p, ls);
  if (routes.length === 0) return [...DEFAULT_KEYWORD_FIELDS];
  const out = new Set<string>();
  for (const r of routes) for (const f of r.keywords) out.add(f);
  return [...out];
}
