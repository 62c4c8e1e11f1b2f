/**
 * Test helpers for the correlation tests (used only by them): a harness that parses a multi-document
 * Sigma YAML text (rules and correlations), compiles the rules with the shipped pipelines, matches
 * events with a real RuleSet and feeds every rule hit to a correlation engine, as the pipeline
 * worker does; and events shaped like the parsers' output.
 */
import { expect } from 'vitest';
import { compileRules } from '../engine/compile.ts';
import { RuleSet } from '../engine/ruleset.ts';
import type { EventRecord } from '../engine/types.ts';
import { loadPipelines } from '../pipelines/index.ts';
import { parseSigmaDocument } from '../sigma/parse.ts';
import type { CorrelationEngine } from './engine.ts';
import { createCorrelationEngine } from './engine.ts';
import type { CorrelationFailure, CorrelationMatch, CorrelationOptions } from './types.ts';

export const pipelines = loadPipelines();

/** `2026-03-01T<hh:mm:ss>Z` in ms. */
export function at(hms: string): number {
  return Date.parse(`2026-03-01T${hms}Z`);
}

export class Harness {
  readonly engine: CorrelationEngine;
  readonly failed: CorrelationFailure[];
  private readonly rules: RuleSet;
  private n = 0;

  constructor(yaml: string, options: CorrelationOptions = {}) {
    const parsed = parseSigmaDocument(yaml, 'mr_test.yml');
    expect(parsed.errors.map((e) => e.message)).toEqual([]);
    const compiled = compileRules(parsed.rules, pipelines);
    expect(compiled.failed).toEqual([]);
    this.rules = new RuleSet(compiled.compiled);
    const made = createCorrelationEngine(parsed.correlations, parsed.rules, pipelines, options);
    this.engine = made.engine;
    this.failed = made.failed;
  }

  /** Matches `event` at time `hms` and feeds its rule hits; returns the correlation matches. */
  send(event: EventRecord, hms: string, tenant = 'acme'): CorrelationMatch[] {
    const id = `e${++this.n}`;
    const e = { ...event, '@timestamp': `2026-03-01T${hms}Z`, 'vigil.tenant': tenant };
    const out: CorrelationMatch[] = [];
    for (const h of this.rules.match(e)) {
      out.push(...this.engine.observe({ ruleId: h.rule.id, eventId: id, time: at(hms), event: e, tenant }));
    }
    return out;
  }

  /** Sends several events; returns the matches of each. */
  sendAll(events: [EventRecord, string][], tenant = 'acme'): CorrelationMatch[][] {
    return events.map(([e, hms]) => this.send(e, hms, tenant));
  }
}

/** A Windows Security event with its event data. */
export function security(eventId: number, data: Record<string, unknown>): EventRecord {
  const out: Record<string, unknown> = {
    'vigil.format': 'windows',
    'winlog.channel': 'Security',
    'winlog.event_id': eventId,
  };
  for (const [k, v] of Object.entries(data)) out[`winlog.event_data.${k}`] = v;
  return out;
}

/** A Sysmon event (1 process creation, 3 network connection) with its event data. */
export function sysmon(eventId: number, data: Record<string, unknown>): EventRecord {
  const out: Record<string, unknown> = {
    'vigil.format': 'windows',
    'winlog.channel': 'Microsoft-Windows-Sysmon/Operational',
    'winlog.event_id': eventId,
  };
  for (const [k, v] of Object.entries(data)) out[`winlog.event_data.${k}`] = v;
  return out;
}

/** A Zeek http event (Sigma `category: proxy`). */
export function proxy(clientIp: string, host: string, requestBytes: unknown): EventRecord {
  return {
    'vigil.format': 'zeek',
    'event.dataset': 'zeek.http',
    'zeek.http.method': 'POST',
    'source.ip': clientIp,
    'zeek.http.host': host,
    'zeek.http.request_body_len': requestBytes,
  };
}

/** The parts of matches the tests compare (the rest is covered where it matters). */
export function brief(
  ms: CorrelationMatch[],
): { id: string; group: Record<string, string>; value: number }[] {
  return ms.map((m) => ({ id: m.correlationId, group: m.group, value: m.value }));
}

export const FAILED_LOGON = `title: Failed logon
id: 53ba33fd-3a50-4468-a5ef-c583635cfa92
name: failed_logon
logsource:
    product: windows
    service: security
detection:
    selection:
        EventID: 4625
    condition: selection
`;

export const SUCCESSFUL_LOGON = `title: Successful logon
id: 4d0a2c83-c62c-4ed4-b475-c7e23a9269b8
name: successful_logon
logsource:
    product: windows
    service: security
detection:
    selection:
        EventID: 4624
    condition: selection
`;

export const failed = (user: string, ip = '203.0.113.9', host = 'DC01') =>
  security(4625, { TargetUserName: user, IpAddress: ip, WorkstationName: host });
export const success = (user: string, ip = '203.0.113.9', host = 'DC01') =>
  security(4624, { TargetUserName: user, IpAddress: ip, WorkstationName: host });

export const UPLOAD = `title: Upload to a website
id: 2c1e6a1f-0d4b-4f43-9f7e-7a3c1b2d4e5f
name: website_upload
logsource:
    category: proxy
detection:
    selection:
        cs-method: POST
    condition: selection
`;
