/**
 * The shipped pipelines against events from Vigil's REAL parsers: each sample satisfies exactly
 * the routes it belongs to (a Sysmon 1 event is process_creation, never network_connection), its
 * Sigma logsource resolves to a condition it satisfies, and the Sigma fields rules use most map to
 * a field the parsed event carries with the expected value.
 */
import { describe, expect, it } from 'vitest';
import { SHAPES } from '../../ingest/formats/windows-samples.fixture.ts';
import { parseEvent } from '../../ingest/index.ts';
import { evaluateCondition } from './condition.ts';
import { loadPipelines } from './load.ts';
import { mapField, resolveLogsource } from './resolve.ts';
import { RAW_CASES, type RoutingCase, WINDOWS_CASES } from './routing.fixture.ts';

const pipelines = loadPipelines();
const ctx = { received: Date.parse('2026-11-22T12:00:00Z'), assumeTimeZone: 'UTC' };

function parsed(raw: string): Record<string, unknown> {
  const out = parseEvent(raw, 'auto', ctx);
  if (!out.ok) throw new Error(`sample did not parse: ${out.reason}`);
  return out.event;
}

function satisfiedRoutes(ev: Record<string, unknown>): string[] {
  return pipelines.routes.filter((r) => evaluateCondition(r.when, ev)).map((r) => `${r.pipeline}/${r.id}`);
}

/** The values the event holds under a Sigma field's targets (list values spread). */
function valuesOf(ev: Record<string, unknown>, targets: readonly string[]): unknown[] {
  return targets.flatMap((t) => {
    const v = ev[t];
    return v === undefined ? [] : Array.isArray(v) ? v : [v];
  });
}

function checkCase(c: RoutingCase, ev: Record<string, unknown>): void {
  expect(satisfiedRoutes(ev).sort()).toEqual([...c.routes].sort());
  const resolved = resolveLogsource(pipelines, c.logsource);
  expect(resolved.known).toBe(true);
  expect(evaluateCondition(resolved.conditions, ev)).toBe(true);
  for (const [field, want] of Object.entries(c.fields)) {
    const targets = mapField(pipelines, c.logsource, field);
    expect(targets, `${field} maps`).not.toBeNull();
    expect(valuesOf(ev, targets ?? []), `${field} → ${targets?.join(', ')}`).toContain(want);
  }
}

describe('Windows events (winlogbeat, evtx JSON, NXLog) route and map', () => {
  for (const c of WINDOWS_CASES) {
    for (const [shape, render] of SHAPES) {
      it(`${c.name} (${shape})`, () => checkCase(c, parsed(render(c.sample))));
    }
  }
});

describe('CloudTrail, Zeek, syslog and ECS JSON events route and map', () => {
  for (const c of RAW_CASES) it(c.name, () => checkCase(c, parsed(c.raw)));
});

describe('logsources a sample must not satisfy', () => {
  const sysmon1 = WINDOWS_CASES[0];
  it('a Sysmon 1 event is process_creation, not network_connection, file_event or ps_script', () => {
    const ev = parsed(SHAPES[0][1](sysmon1!.sample));
    for (const category of [
      'network_connection',
      'file_event',
      'ps_script',
      'image_load',
      'registry_event',
    ]) {
      expect(
        evaluateCondition(resolveLogsource(pipelines, { product: 'windows', category }).conditions, ev),
      ).toBe(false);
    }
    expect(
      evaluateCondition(
        resolveLogsource(pipelines, { product: 'windows', service: 'security' }).conditions,
        ev,
      ),
    ).toBe(false);
  });

  it('a CloudTrail record is no Windows or Zeek logsource, and a Zeek dns record is no CloudTrail', () => {
    const trail = parsed(RAW_CASES[0]!.raw);
    expect(satisfiedRoutes(trail)).toEqual(['aws/cloudtrail']);
    const dns = parsed(RAW_CASES[1]!.raw);
    expect(
      evaluateCondition(
        resolveLogsource(pipelines, { product: 'aws', service: 'cloudtrail' }).conditions,
        dns,
      ),
    ).toBe(false);
  });

  it('a generic process_creation rule (no product) takes Windows and Linux process events', () => {
    const generic = resolveLogsource(pipelines, { category: 'process_creation' });
    expect(generic.routes).toEqual([
      'linux/process_creation',
      'macos/process_creation',
      'windows/process_creation',
    ]);
    expect(evaluateCondition(generic.conditions, parsed(SHAPES[1][1](sysmon1!.sample)))).toBe(true);
    expect(evaluateCondition(generic.conditions, parsed(RAW_CASES[7]!.raw))).toBe(true);
    expect(evaluateCondition(generic.conditions, parsed(RAW_CASES[4]!.raw))).toBe(false);
  });
});
