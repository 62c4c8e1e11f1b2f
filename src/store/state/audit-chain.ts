/**
 * The audit trail's hash chain: a canonical serialization (JSON, keys sorted at every level), the
 * redaction applied to before/after/details before anything is hashed or stored, and the hash of
 * a row. Verification recomputes hashes from the stored columns, so the serialization must never
 * change for rows already written (a new format would need a version column).
 */
import { createHash } from 'node:crypto';
import type { AuditLogTable } from './schema.ts';

/** `prev_hash` of the first row. */
export const GENESIS_HASH = '0'.repeat(64);

export const REDACTED = '[redacted]';

/** Largest JSON text kept per before/after/details value; bigger values are replaced by a note. */
export const MAX_JSON_CHARS = 64 * 1024;

/**
 * Key names whose values are never kept: compared lower case, without `_` and `-`, by suffix
 * (`accessToken`, `client_secret`, `apiKey`, `passwordHash` are all caught; `keyId` and
 * `tokenPrefix` are not).
 */
const SECRET_SUFFIXES = [
  'password',
  'passwd',
  'passphrase',
  'token',
  'secret',
  'key',
  'hash',
  'credential',
  'credentials',
  'authorization',
  'cookie',
  'ciphertext',
  'plaintext',
];

export function isSecretKey(name: string): boolean {
  const n = name.toLowerCase().replace(/[_-]/g, '');
  return SECRET_SUFFIXES.some((s) => n.endsWith(s));
}

/** A JSON-safe copy of `value` with the values of secret-looking keys replaced by `[redacted]`. */
export function redactSecrets(value: unknown, depth = 0): unknown {
  if (value === null || value === undefined) return null;
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'number') return Number.isFinite(value) ? value : String(value);
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  if (typeof value !== 'object') return null; // functions, symbols
  if (depth > 32) return '[too deep]';
  if (Array.isArray(value)) return value.map((v) => redactSecrets(v, depth + 1));
  if (Buffer.isBuffer(value)) return `[${value.length} bytes]`;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    if (v === undefined || typeof v === 'function') continue;
    out[k] = isSecretKey(k) ? REDACTED : redactSecrets(v, depth + 1);
  }
  return out;
}

/** JSON with object keys sorted at every level: the same value always gives the same text. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj)
    .filter((k) => obj[k] !== undefined)
    .sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`).join(',')}}`;
}

/** The stored form of a before/after/details value: redacted canonical JSON, or null. */
export function storedJson(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  const text = canonicalJson(redactSecrets(value));
  if (text.length <= MAX_JSON_CHARS) return text;
  return canonicalJson({ truncated: true, chars: text.length });
}

export type UnhashedRow = Omit<AuditLogTable, 'hash'>;

/** SHA-256 (hex) of the canonical form of every column but `hash` (so `prev_hash` is covered). */
export function rowHash(row: UnhashedRow): string {
  const fields: Record<string, unknown> = {
    seq: row.seq,
    time: row.time,
    tenant: row.tenant,
    actor_kind: row.actor_kind,
    actor_id: row.actor_id,
    actor_name: row.actor_name,
    action: row.action,
    target_type: row.target_type,
    target_id: row.target_id,
    outcome: row.outcome,
    ip: row.ip,
    user_agent: row.user_agent,
    before: row.before,
    after: row.after,
    details: row.details,
    prev_hash: row.prev_hash,
  };
  return createHash('sha256').update(canonicalJson(fields)).digest('hex');
}
