/**
 * Test helpers for Sigma hunts (used only by tests): rules from YAML snippets, Sysmon-shaped
 * stored events, and the reference answer — the detection engine's own matcher (rule match AND
 * logsource condition) run over the events exactly as the store returns them.
 */
import { compileRule } from '../../../detect/engine/compile.ts';
import type { CompileOptions } from '../../../detect/engine/types.ts';
import { evaluateCondition } from '../../../detect/pipelines/index.ts';
import type { SigmaRule } from '../../../detect/sigma/model.ts';
import { parseSigmaDocument } from '../../../detect/sigma/parse.ts';
import { parseQuery } from '../../../hunt/index.ts';
import type { EventStore, StoredEvent } from '../types.ts';
import { defaultPipelines } from './hunt.ts';

export const PROC = 'product: windows\n  category: process_creation';
export const DAY = { from: '2026-11-22T00:00:00Z', to: '2026-11-23T00:00:00Z' };

const indent = (text: string, by: string) =>
  text
    .trim()
    .split('\n')
    .map((l) => by + l)
    .join('\n');

export function ruleYaml(detection: string, logsource = PROC, id = 'r-1'): string {
  return `title: hunt test ${id}\nid: ${id}\nlevel: high\nlogsource:\n  ${logsource}\ndetection:\n${indent(detection, '  ')}\n`;
}

/** A parsed rule from a detection snippet; throws when the snippet does not parse. */
export function rule(detection: string, logsource = PROC, id = 'r-1'): SigmaRule {
  const r = parseSigmaDocument(ruleYaml(detection, logsource, id), `${id}.yml`);
  const parsed = r.rules[0];
  if (parsed === undefined)
    throw new Error(`test rule does not parse: ${r.errors.map((e) => e.message).join('; ')}`);
  return parsed;
}

/** A Sysmon process-creation event (event id 1) with event-data and extra flat fields. */
export function sysmon(
  id: string,
  second: number,
  data: Record<string, unknown> = {},
  extra: Record<string, unknown> = {},
  tenant = 't1',
): StoredEvent {
  const event: Record<string, unknown> = {
    '@timestamp': `2026-11-22T10:${String(Math.floor(second / 60) % 60).padStart(2, '0')}:${String(second % 60).padStart(2, '0')}.000Z`,
    'vigil.tenant': tenant,
    'vigil.source': 'test',
    'vigil.format': 'windows',
    'winlog.channel': 'Microsoft-Windows-Sysmon/Operational',
    'winlog.event_id': 1,
  };
  for (const [k, v] of Object.entries(data)) event[`winlog.event_data.${k}`] = v;
  return { id, event: { ...event, ...extra } as StoredEvent['event'] };
}

let seq = 0;
/** Commits events at a fresh journal position. */
export async function commit(store: EventStore, events: StoredEvent[]): Promise<void> {
  seq += 1;
  await store.commit({ events, deadLetters: [], position: { segment: 1, offset: seq } });
}

/** Ids of the events a rule's hunt returns (newest first), with the count. */
export async function huntIds(
  store: EventStore,
  r: SigmaRule,
  tenants = ['t1'],
  opts: CompileOptions = {},
): Promise<{ ids: string[]; count: number }> {
  const res = await store.huntSigma({
    tenants,
    rule: r,
    ...DAY,
    limit: 10_000,
    ...(opts.placeholders ? { placeholders: opts.placeholders as Record<string, string[]> } : {}),
  });
  return { ids: res.events.map((e) => String(e['vigil.id'])), count: res.count };
}

/** Ids (newest first) of the stored events the detection engine's matcher accepts. */
export async function matcherIds(
  store: EventStore,
  r: SigmaRule,
  tenants = ['t1'],
  opts: CompileOptions = {},
): Promise<string[]> {
  const compiled = compileRule(r, defaultPipelines(), opts);
  if (!compiled.ok) throw new Error(`rule does not compile: ${compiled.reason}`);
  const { events } = await store.search({ tenants, ...DAY, query: parseQuery(''), limit: 10_000 });
  return events
    .filter(
      (e) =>
        evaluateCondition(compiled.compiled.logsourceCondition, e) && compiled.compiled.match(e) !== null,
    )
    .map((e) => String(e['vigil.id']));
}
