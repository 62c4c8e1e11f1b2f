/**
 * An alert's fingerprint: what makes two detections "the same thing again". SHA-256 (hex) of the
 * tenant, the rule id and the sorted entities of the configured types (`alerts.fingerprintEntities`,
 * default host and user); repeats with the same fingerprint group into one alert.
 */
import { createHash } from 'node:crypto';
import type { EntityType } from './entities.ts';

export interface EntityRef {
  type: string;
  value: string;
}

/** The entities of `types`, each once, sorted by type then value (code-unit order). */
export function fingerprintEntities(
  entities: readonly EntityRef[],
  types: readonly EntityType[],
): EntityRef[] {
  const wanted = new Set<string>(types);
  const seen = new Set<string>();
  const out: EntityRef[] = [];
  for (const e of entities) {
    if (!wanted.has(e.type)) continue;
    const key = `${e.type}\0${e.value}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ type: e.type, value: e.value });
  }
  return out.sort((a, b) => cmp(a.type, b.type) || cmp(a.value, b.value));
}

export function alertFingerprint(
  tenant: string,
  ruleId: string,
  entities: readonly EntityRef[],
  types: readonly EntityType[],
): string {
  // JSON keeps the parts apart: no tenant/rule/value can run into the next one.
  const keyed = fingerprintEntities(entities, types).map((e) => [e.type, e.value]);
  return createHash('sha256')
    .update(JSON.stringify([tenant, ruleId, keyed]))
    .digest('hex');
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
