/**
 * Running rules against their samples through the real engine: every rule file parsed, compiled
 * with the pipelines, all of them in one RuleSet (as Vigil runs them); each sample parsed by the
 * injected event parser (Vigil's `parseEvent`) and matched. A positive sample must be matched by
 * a rule of its file, a negative by none. A file whose rules do not parse or compile is broken;
 * a file without samples is untested. Pure: texts in, results out.
 */
import type { Format } from '../../core/event.ts';
import { compileRule } from '../engine/compile.ts';
import { RuleSet } from '../engine/ruleset.ts';
import type { CompiledRule, EventRecord, MatchedField, Placeholders } from '../engine/types.ts';
import { evaluateCondition, type Pipelines } from '../pipelines/index.ts';
import type { SigmaRule } from '../sigma/model.ts';
import { parseSigmaDocument } from '../sigma/parse.ts';
import { type Explanation, explainMatch } from './explain.ts';
import { parseSamples, type Sample, type SampleKind } from './samples.ts';

/**
 * When samples count as received (2026-01-05 12:00 UTC): parsers fill in missing years from it,
 * so a result never depends on the day the tests run.
 */
export const SAMPLE_RECEIVED: number = Date.UTC(2026, 0, 5, 12);

export type EventParser = (
  raw: string,
  format: Format,
) => { ok: true; event: EventRecord } | { ok: false; reason: string };

export interface RuleFileInput {
  file: string;
  text: string;
  /** The samples file beside the rule file, when there is one. */
  samples?: { file: string; text: string };
}

export interface RuleTestOptions {
  pipelines: Pipelines;
  parse: EventParser;
  /** Values of the `expand` modifier's placeholders (config `detect.placeholders`); default none. */
  placeholders?: Placeholders;
}

export type Outcome = 'match' | 'no match' | 'not parsed';

export interface SampleResult {
  kind: SampleKind;
  index: number;
  note: string;
  format: Format;
  expected: 'match' | 'no match';
  got: Outcome;
  passed: boolean;
  /** The rule that matched and the fields that made it match. */
  matched?: { ruleId: string; fields: MatchedField[] };
  /** Why it failed, in one line (parser rejection, index disagreement). */
  reason?: string;
  /** For a failed sample of a parsed event: the rule's searches on it. */
  explanation?: Explanation;
}

export type FileStatus = 'passed' | 'failed' | 'broken' | 'untested' | 'skipped';

export interface RuleFileResult {
  file: string;
  samplesFile?: string;
  status: FileStatus;
  rules: { id: string; title: string }[];
  /** Why the file is broken, untested or skipped. */
  problems: string[];
  samples: SampleResult[];
}

export interface RuleTestReport {
  results: RuleFileResult[];
  summary: Record<FileStatus, number> & { files: number; samples: number; samplesFailed: number };
}

interface Prepared {
  input: RuleFileInput;
  rules: SigmaRule[];
  compiled: CompiledRule[];
  problems: string[];
}

function prepare(input: RuleFileInput, opts: RuleTestOptions): Prepared {
  const parsed = parseSigmaDocument(input.text, input.file);
  const problems = parsed.errors.map((e) => e.message);
  const compiled: CompiledRule[] = [];
  for (const rule of parsed.rules) {
    const c = compileRule(rule, opts.pipelines, { placeholders: opts.placeholders ?? {} });
    if (c.ok) compiled.push(c.compiled);
    else problems.push(`${c.file}:${c.line}: does not compile: ${c.reason}`);
  }
  return { input, rules: parsed.rules, compiled, problems };
}

function runSample(s: Sample, p: Prepared, set: RuleSet, opts: RuleTestOptions): SampleResult {
  const expected = s.kind === 'positive' ? 'match' : 'no match';
  const base = { kind: s.kind, index: s.index, note: s.note, format: s.format, expected } as const;
  const parsed = opts.parse(s.raw, s.format);
  if (!parsed.ok) {
    return {
      ...base,
      got: 'not parsed',
      passed: false,
      reason: `the ${s.format} parser rejects it: ${parsed.reason}`,
    };
  }
  const event = parsed.event;
  const own = new Set<CompiledRule>(p.compiled);
  const hit = set.match(event).find((h) => own.has(h.rule));
  const direct = p.compiled.find(
    (r) => evaluateCondition(r.logsourceCondition, event) && r.match(event) !== null,
  );
  const got: Outcome = hit === undefined ? 'no match' : 'match';
  const result: SampleResult = { ...base, got, passed: got === expected };
  if (hit !== undefined) result.matched = { ruleId: hit.rule.id, fields: hit.fields };
  if ((direct !== undefined) !== (hit !== undefined)) {
    result.passed = false;
    result.reason =
      hit === undefined
        ? 'the rule matches the event on its own, but the rule set skipped it (a rule index problem in Vigil)'
        : 'the rule set reports a match the rule itself does not make (a problem in Vigil)';
  }
  if (!result.passed) {
    const subject = p.compiled.indexOf(hit?.rule ?? (p.compiled[0] as CompiledRule));
    const rule = p.rules[subject];
    const compiled = p.compiled[subject];
    if (rule !== undefined && compiled !== undefined) {
      result.explanation = explainMatch(rule, compiled, event, opts.pipelines, {
        placeholders: opts.placeholders ?? {},
      });
    }
  }
  return result;
}

function testFile(p: Prepared, set: RuleSet, opts: RuleTestOptions): RuleFileResult {
  const { input } = p;
  const result: RuleFileResult = {
    file: input.file,
    status: 'passed',
    rules: p.compiled.map((r) => ({ id: r.id, title: r.title })),
    problems: p.problems,
    samples: [],
  };
  if (input.samples !== undefined) result.samplesFile = input.samples.file;
  if (p.problems.length > 0) {
    result.rules = p.rules.map((r) => ({ id: r.id ?? '', title: r.title }));
    result.status = 'broken';
    return result;
  }
  if (p.rules.length === 0) {
    result.status = 'skipped';
    result.problems = [
      'the file holds no detection rule (correlations and filters are not tested with samples)',
    ];
    return result;
  }
  if (input.samples === undefined) {
    result.status = 'untested';
    result.problems = ['no samples file'];
    return result;
  }
  const samples = parseSamples(input.samples.text);
  if (!samples.ok) {
    result.status = 'broken';
    result.problems = [`${input.samples.file}: ${samples.reason}`];
    return result;
  }
  result.samples = samples.samples.map((s) => runSample(s, p, set, opts));
  result.status = result.samples.every((s) => s.passed) ? 'passed' : 'failed';
  return result;
}

/** Runs every rule file's samples against one rule set of all the files' rules. */
export function runRuleTests(inputs: readonly RuleFileInput[], opts: RuleTestOptions): RuleTestReport {
  const prepared = inputs.map((i) => prepare(i, opts));
  const set = new RuleSet(prepared.flatMap((p) => p.compiled));
  const results = prepared.map((p) => testFile(p, set, opts));
  const summary: RuleTestReport['summary'] = {
    files: results.length,
    passed: 0,
    failed: 0,
    broken: 0,
    untested: 0,
    skipped: 0,
    samples: 0,
    samplesFailed: 0,
  };
  for (const r of results) {
    summary[r.status]++;
    summary.samples += r.samples.length;
    summary.samplesFailed += r.samples.filter((s) => !s.passed).length;
  }
  return { results, summary };
}
