/**
 * Test helpers for the engine (used only by its tests): Sigma rules from small YAML snippets,
 * compiled with the shipped pipelines, and flat Vigil events shaped like the Windows parser's.
 */
import { loadPipelines } from '../pipelines/index.ts';
import type { SigmaRule } from '../sigma/model.ts';
import { parseSigmaDocument } from '../sigma/parse.ts';
import { compileRule } from './compile.ts';
import type { CompiledRule, CompileOptions, CompileOutcome, EventRecord } from './types.ts';

export const pipelines = loadPipelines();

export const PROC = 'product: windows\n  category: process_creation';
export const NET = 'product: windows\n  category: network_connection';

const indent = (text: string, by: string) =>
  text
    .trim()
    .split('\n')
    .map((l) => by + l)
    .join('\n');

/** A rule document around a detection snippet (searches and condition, unindented). */
export function ruleText(detection: string, logsource = PROC, id = 'r-1'): string {
  return `title: test rule ${id}\nid: ${id}\nlevel: high\ntags: [attack.t1059]\nlogsource:\n  ${logsource}\ndetection:\n${indent(detection, '  ')}\n`;
}

export function parseRule(detection: string, logsource = PROC, id = 'r-1'): SigmaRule {
  const r = parseSigmaDocument(ruleText(detection, logsource, id), `${id}.yml`);
  const rule = r.rules[0];
  if (rule === undefined)
    throw new Error(`the test rule does not parse: ${r.errors.map((e) => e.message).join('; ')}`);
  return rule;
}

export function tryCompile(detection: string, logsource = PROC, opts: CompileOptions = {}): CompileOutcome {
  return compileRule(parseRule(detection, logsource), pipelines, opts);
}

export function compile(detection: string, logsource = PROC, opts: CompileOptions = {}): CompiledRule {
  const r = tryCompile(detection, logsource, opts);
  if (!r.ok) throw new Error(`the test rule does not compile: ${r.reason}`);
  return r.compiled;
}

/** A Sysmon process-creation event with the given event-data fields and extra flat fields. */
export function proc(data: Record<string, unknown>, extra: Record<string, unknown> = {}): EventRecord {
  const out: Record<string, unknown> = {
    '@timestamp': '2026-11-22T10:30:00.000Z',
    'vigil.format': 'windows',
    'winlog.channel': 'Microsoft-Windows-Sysmon/Operational',
    'winlog.event_id': 1,
  };
  for (const [k, v] of Object.entries(data)) out[`winlog.event_data.${k}`] = v;
  return { ...out, ...extra };
}

/** A Sysmon network-connection event. */
export function net(data: Record<string, unknown>): EventRecord {
  return { ...proc(data), 'winlog.event_id': 3 };
}
