/**
 * `POST /api/v1/rules/test`: a Sigma rule tried on pasted events, with the engine `vigil rules test`
 * and `vigil rules run` use (parse → pipelines → compile → one RuleSet; events through Vigil's
 * parsers, and `explainMatch` for why an event was not matched). Pure and bounded (at most
 * `MAX_TEST_EVENTS` events and `MAX_TEST_BYTES` of text), so it runs on the main thread.
 */
import { z } from 'zod';
import { BadRequestError } from '../../core/errors.ts';
import { FORMATS, type Format } from '../../core/event.ts';
import {
  type CompiledRule,
  compileRule,
  type EventParser,
  loadPipelines,
  type Pipelines,
  type Placeholders,
  parseSigmaDocument,
  RuleSet,
  type SigmaRule,
} from '../../detect/index.ts';
import { explainMatch } from '../../detect/testing/index.ts';
import { parseEvent } from '../../ingest/index.ts';
import { MAX_RULE_BYTES } from '../detections/hunt.ts';

export const MAX_TEST_EVENTS = 1000;
export const MAX_TEST_BYTES = 1024 * 1024;
/** Unmatched events explained (each explanation re-evaluates the rule's searches one by one). */
const MAX_EXPLAINED = 100;
const FILE = 'rule.yml';

export const ruleTestBody = z.object({
  yaml: z.string().min(1).max(MAX_RULE_BYTES).describe('the Sigma rule(s) as YAML text'),
  events: z
    .string()
    .max(MAX_TEST_BYTES)
    .describe('events: one per line (NDJSON or raw lines), a JSON array, or one JSON object'),
  format: z.enum(FORMATS).default('auto').describe('format of every event; auto detects per event'),
});
export type RuleTestBody = z.infer<typeof ruleTestBody>;

const matchedField = z.object({ field: z.string(), value: z.unknown() });

const explanation = z.object({
  inLogsource: z.boolean(),
  logsource: z.string(),
  routedOn: z.array(z.string()),
  routingFields: z.array(matchedField),
  searches: z.array(
    z.object({ name: z.string(), needed: z.boolean(), matched: z.boolean(), fields: z.array(matchedField) }),
  ),
  firstUnmatched: z
    .object({
      search: z.string(),
      item: z.string(),
      values: z.array(z.string()),
      eventFields: z.array(matchedField),
    })
    .optional(),
});

export const ruleTestReport = z.object({
  rules: z.array(z.object({ id: z.string(), title: z.string(), level: z.string().nullable() })),
  problems: z
    .array(z.object({ line: z.number(), column: z.number(), reason: z.string() }))
    .describe('documents of the text that were not tested (errors, correlations, filters)'),
  events: z.array(
    z.object({
      index: z.number(),
      line: z.number().nullable().describe('1-based line of the text, for line-per-event input'),
      parsed: z.boolean(),
      reason: z.string().optional().describe('why the parser rejected it'),
      event: z.record(z.string(), z.unknown()).optional().describe('the event as Vigil stores it'),
      matches: z.array(
        z.object({
          ruleId: z.string(),
          title: z.string(),
          level: z.string().nullable(),
          fields: z.array(matchedField),
        }),
      ),
      explanation: explanation
        .optional()
        .describe('why the first rule does not match it (for the first unmatched events)'),
    }),
  ),
  summary: z.object({
    events: z.number(),
    parsed: z.number(),
    matched: z.number().describe('events matched by at least one rule'),
    matches: z.number(),
  }),
});
export type RuleTestReport = z.infer<typeof ruleTestReport>;

interface RawEvent {
  raw: string;
  line: number | null;
}

/** The events of the text: a JSON array, one (pretty-printed) JSON object, or one per line. */
export function splitEvents(text: string): RawEvent[] {
  const trimmed = text.trim();
  if (trimmed.startsWith('[') || (trimmed.startsWith('{') && trimmed.includes('\n'))) {
    const whole = tryJson(trimmed);
    if (Array.isArray(whole))
      return whole.map((e) => ({ raw: typeof e === 'string' ? e : JSON.stringify(e), line: null }));
    if (whole !== undefined && typeof whole === 'object' && whole !== null)
      return [{ raw: JSON.stringify(whole), line: null }];
  }
  const out: RawEvent[] = [];
  const lines = text.split('\n');
  for (const [i, l] of lines.entries()) {
    const raw = l.endsWith('\r') ? l.slice(0, -1) : l;
    if (raw.trim() !== '') out.push({ raw, line: i + 1 });
  }
  return out;
}

function tryJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

let pipelines: Pipelines | undefined;
const defaultPipelines = () => {
  pipelines ??= loadPipelines();
  return pipelines;
};

interface Prepared {
  rules: SigmaRule[];
  compiled: CompiledRule[];
  problems: RuleTestReport['problems'];
}

function prepare(yaml: string, p: Pipelines, placeholders: Placeholders): Prepared {
  const parsed = parseSigmaDocument(yaml, FILE);
  const problems: RuleTestReport['problems'] = parsed.errors.map((e) => ({
    line: e.line,
    column: e.column,
    reason: e.reason,
  }));
  for (const c of parsed.correlations)
    problems.push({ line: c.line, column: 1, reason: `correlation "${c.title}" is not tested here` });
  for (const f of parsed.filters)
    problems.push({ line: f.line, column: 1, reason: `filter "${f.title}" is not tested here` });
  const rules: SigmaRule[] = [];
  const compiled: CompiledRule[] = [];
  for (const rule of parsed.rules) {
    const c = compileRule(rule, p, { placeholders });
    if (c.ok) {
      rules.push(rule);
      compiled.push(c.compiled);
    } else problems.push({ line: c.line, column: 1, reason: `does not compile: ${c.reason}` });
  }
  return { rules, compiled, problems };
}

/**
 * Runs the rule(s) of `body.yaml` on its events, `expand` placeholders taking `opts.placeholders`.
 * A text with no rule that compiles is a BadRequestError naming the first problem
 * (`rule.yml:line:column`).
 */
export function testRuleOnEvents(
  body: RuleTestBody,
  opts: { pipelines?: Pipelines; received?: number; placeholders?: Placeholders } = {},
): RuleTestReport {
  if (Buffer.byteLength(body.events, 'utf8') > MAX_TEST_BYTES)
    throw new BadRequestError(`events are larger than ${MAX_TEST_BYTES} bytes; test on fewer`, 'events');
  const raws = splitEvents(body.events);
  if (raws.length > MAX_TEST_EVENTS)
    throw new BadRequestError(
      `${raws.length} events given; a test takes at most ${MAX_TEST_EVENTS}`,
      'events',
    );
  const p = opts.pipelines ?? defaultPipelines();
  const placeholders = opts.placeholders ?? {};
  const prepared = prepare(body.yaml, p, placeholders);
  if (prepared.compiled.length === 0) {
    const first = prepared.problems[0];
    if (first === undefined) throw new BadRequestError(`${FILE}: the text holds no detection rule`, FILE);
    throw new BadRequestError(
      `${FILE}:${first.line}:${first.column}: ${first.reason}`,
      `${FILE}:${first.line}:${first.column}`,
    );
  }
  const set = new RuleSet(prepared.compiled);
  const received = opts.received ?? Date.now();
  const parse: EventParser = (raw, format: Format) =>
    parseEvent(raw, format, { received, assumeTimeZone: 'UTC' });
  let explained = 0;
  const events = raws.map((r, index): RuleTestReport['events'][number] => {
    const parsed = parse(r.raw, body.format);
    if (!parsed.ok) return { index, line: r.line, parsed: false, reason: parsed.reason, matches: [] };
    const matches = set.match(parsed.event).map((h) => ({
      ruleId: h.rule.id,
      title: h.rule.title,
      level: h.rule.level ?? null,
      fields: h.fields,
    }));
    const out: RuleTestReport['events'][number] = {
      index,
      line: r.line,
      parsed: true,
      event: parsed.event,
      matches,
    };
    if (matches.length === 0 && explained < MAX_EXPLAINED) {
      explained++;
      out.explanation = explainMatch(prepared.rules[0]!, prepared.compiled[0]!, parsed.event, p, {
        placeholders,
      });
    }
    return out;
  });
  return {
    rules: prepared.compiled.map((c) => ({ id: c.id, title: c.title, level: c.level ?? null })),
    problems: prepared.problems,
    events,
    summary: {
      events: events.length,
      parsed: events.filter((e) => e.parsed).length,
      matched: events.filter((e) => e.matches.length > 0).length,
      matches: events.reduce((n, e) => n + e.matches.length, 0),
    },
  };
}
