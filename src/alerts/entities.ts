/**
 * The entities of an event: who and what an alert is about (user, host, ip, process, hash, url,
 * domain, file), read from ECS fields. They key alert grouping (fingerprints), entity risk,
 * suppressions, observables and "similar past alerts".
 */
import type { VigilEvent } from '../core/event.ts';

export const ENTITY_TYPES = ['user', 'host', 'ip', 'process', 'hash', 'url', 'domain', 'file'] as const;
export type EntityType = (typeof ENTITY_TYPES)[number];

export interface Entity {
  type: EntityType;
  value: string;
}

export function isEntityType(s: string): s is EntityType {
  return (ENTITY_TYPES as readonly string[]).includes(s);
}

/** ECS fields read for each entity type, in order of preference. */
export const ENTITY_FIELDS: Readonly<Record<EntityType, readonly string[]>> = {
  user: ['user.name', 'user.target.name', 'source.user.name', 'destination.user.name'],
  host: ['host.name', 'host.hostname'],
  ip: ['source.ip', 'destination.ip', 'client.ip', 'server.ip'],
  process: ['process.executable', 'process.name'],
  hash: [
    'process.hash.sha256',
    'file.hash.sha256',
    'process.hash.sha1',
    'file.hash.sha1',
    'process.hash.md5',
    'file.hash.md5',
  ],
  url: ['url.full', 'url.original'],
  domain: ['dns.question.name', 'url.domain', 'destination.domain', 'tls.client.server_name'],
  file: ['file.path', 'file.name'],
};

/** Values that name nobody: system placeholders Windows and others write. */
const PLACEHOLDERS = new Set(['', '-', 'n/a', 'null', 'none', 'unknown', '(null)', '0.0.0.0', '::']);

/** At most this many entities per event (an event with a hundred IPs is not about all of them). */
export const MAX_ENTITIES = 16;
const MAX_VALUE_LENGTH = 1024;

/**
 * The distinct entities of an event, in ENTITY_TYPES order. Per type, every field that holds a
 * usable value contributes (an event has a source and a destination IP), except `process`, `url`
 * and `file`, where the first field found is the entity (the other fields describe the same one).
 */
export function entitiesOf(event: VigilEvent): Entity[] {
  const out: Entity[] = [];
  const seen = new Set<string>();
  for (const type of ENTITY_TYPES) {
    for (const field of ENTITY_FIELDS[type]) {
      const value = usable(event[field]);
      if (value === null) continue;
      const key = `${type}\0${value}`;
      if (!seen.has(key)) {
        seen.add(key);
        out.push({ type, value });
        if (out.length >= MAX_ENTITIES) return out;
      }
      if (type === 'process' || type === 'url' || type === 'file') break;
    }
  }
  return out;
}

function usable(v: unknown): string | null {
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  if (typeof v !== 'string') return null;
  const s = v.trim();
  if (s.length === 0 || s.length > MAX_VALUE_LENGTH || PLACEHOLDERS.has(s.toLowerCase())) return null;
  return s;
}
