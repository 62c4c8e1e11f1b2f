/**
 * The starter pack (`rules/starter/`): every rule parses and compiles with the shipped pipelines,
 * carries the metadata a rule pack needs, and is checked against its own raw samples
 * (`X.samples.json` beside `X.yml`, run through the real parsers and a RuleSet of the whole pack).
 * On a seeded demo day, each attack story trips at least one rule and background events rarely do.
 */
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { generateDemoDay } from '../demo/index.ts';
import { Rng } from '../demo/random.ts';
import { resolveWindow } from '../demo/schedule.ts';
import { buildStories } from '../demo/stories.ts';
import { parseEvent } from '../ingest/index.ts';
import { type CompiledRule, compileRules, loadPipelines, loadSigmaDirectory, RuleSet } from './index.ts';
import { type EventParser, readRuleTestInputs, runRuleTests, SAMPLE_RECEIVED } from './testing/index.ts';

const STARTER = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'rules', 'starter');
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

const loaded = loadSigmaDirectory(STARTER);
const pipelines = loadPipelines();
const compiled = compileRules(loaded.rules, pipelines);
const ruleSet = new RuleSet(compiled.compiled);

/** Each rule file with its samples, through the real parsers and one RuleSet of the whole pack. */
const parse: EventParser = (raw, format) =>
  parseEvent(raw, format, { received: SAMPLE_RECEIVED, assumeTimeZone: 'UTC' });
const sampleReport = runRuleTests(readRuleTestInputs([STARTER]).inputs, { pipelines, parse });

describe('starter rule pack', () => {
  it('parses and compiles every rule with the shipped pipelines', () => {
    expect(loaded.errors.map((e) => e.message)).toEqual([]);
    expect(compiled.failed).toEqual([]);
    expect(loaded.rules.length).toBeGreaterThanOrEqual(20);
    expect(compiled.compiled).toHaveLength(loaded.rules.length);
    expect(sampleReport.results.map((r) => r.file)).toEqual(loaded.files);
  });

  it('gives every rule a unique UUID, a status, a level, ATT&CK tags and false positives', () => {
    const ids = loaded.rules.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const r of loaded.rules) {
      const where = basename(r.file);
      expect(r.id, where).toMatch(UUID);
      expect(['stable', 'test'], where).toContain(r.status);
      expect(r.level, where).toBeDefined();
      expect(r.description ?? '', where).not.toBe('');
      expect(
        r.tags.some((t) => /^attack\.t\d{4}(\.\d{3})?$/.test(t)),
        where,
      ).toBe(true);
      expect(r.falsepositives.length, where).toBeGreaterThan(0);
    }
  });

  describe.each(sampleReport.results.map((r) => [basename(r.file), r] as const))('%s', (_name, result) => {
    it('has a samples file with positive and negative raw events', () => {
      expect(['untested', 'broken'].includes(result.status) ? result.problems.join('; ') : 'ok').toBe('ok');
    });

    it('matches each positive sample and no negative sample', () => {
      const failed = result.samples
        .filter((s) => !s.passed)
        .map(
          (s) =>
            `${s.kind}: ${s.note}: expected ${s.expected}, got ${s.got}${s.reason ? ` (${s.reason})` : ''}`,
        );
      expect(failed).toEqual([]);
    });
  });
});

type StoryId = 'ssh-spray' | 'phishing-macro' | 'aws-takeover' | 'port-scan';

describe('starter rule pack on the demo day (seed 1, scale 0.2)', () => {
  const opts = { seed: 1, scale: 0.2, end: Date.UTC(2026, 10, 22) };

  /** Story records by time, source and format, to tell them from the background (counts, as a multiset). */
  function storyIndex(): Map<string, { story: StoryId; left: number }> {
    const w = resolveWindow(opts);
    if (!w.ok) throw new Error(w.reason);
    const index = new Map<string, { story: StoryId; left: number }>();
    for (const s of buildStories(new Rng(opts.seed).fork('stories'), w.window)) {
      for (const p of s.records) {
        const r = p.render({ recordId: () => 0 });
        const key = `${r.time}|${r.source}|${r.format}`;
        const e = index.get(key);
        if (e === undefined) index.set(key, { story: s.info.id, left: 1 });
        else e.left++;
      }
    }
    return index;
  }

  it('trips a rule in every story, and few rules on background events', () => {
    const stories = storyIndex();
    const storyHits = new Map<StoryId, Set<string>>();
    const backgroundHits = new Map<string, number>();
    const allHits = new Map<string, number>();
    let background = 0;
    let rejected = 0;
    for (const r of generateDemoDay(opts)) {
      const key = `${r.time}|${r.source}|${r.format}`;
      const st = stories.get(key);
      const story = st !== undefined && st.left > 0 ? st.story : null;
      if (st !== undefined && story !== null) st.left--;
      else background++;
      const parsed = parseEvent(r.raw, r.format, { received: r.time, assumeTimeZone: 'UTC' });
      if (!parsed.ok) {
        rejected++;
        continue;
      }
      for (const h of ruleSet.match(parsed.event)) {
        const title = h.rule.title;
        allHits.set(title, (allHits.get(title) ?? 0) + 1);
        if (story === null) backgroundHits.set(title, (backgroundHits.get(title) ?? 0) + 1);
        else storyHits.set(story, (storyHits.get(story) ?? new Set()).add(title));
      }
    }

    const table = compiled.compiled.map((rule: CompiledRule) => ({
      rule: rule.title,
      hits: allHits.get(rule.title) ?? 0,
      background: backgroundHits.get(rule.title) ?? 0,
    }));
    console.log(`starter rules on the demo day: ${background} background events`);
    console.table(table);
    for (const [story, titles] of storyHits) console.log(`${story}: ${[...titles].join('; ')}`);

    expect(rejected).toBe(0);
    for (const story of ['ssh-spray', 'phishing-macro', 'aws-takeover', 'port-scan'] as const) {
      expect(storyHits.get(story)?.size ?? 0, story).toBeGreaterThan(0);
    }
    // Measured on this day: only "User Account Created" (DC01's benign 4720) fires on background.
    const noisy = [...backgroundHits].filter(([, n]) => n > background * 0.001);
    expect(noisy).toEqual([]);
    const totalBackground = [...backgroundHits.values()].reduce((a, b) => a + b, 0);
    expect(totalBackground).toBeLessThanOrEqual(3);
  });
});
