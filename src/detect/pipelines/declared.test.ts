/**
 * Logsources of sources Vigil has no parser for (`declared.yaml`) are served by the dataset the
 * sender declares: a text line sent with `?dataset=jvm.application` reaches the JVM rules, the same
 * line without it reaches none; a declared dataset replaces the parser's guess (a Cisco device's
 * syslog line is `cisco.aaa`, not `syslog`).
 */
import { describe, expect, it } from 'vitest';
import { declaredDataset } from '../../core/event.ts';
import { parseEvent } from '../../ingest/index.ts';
import type { ParseContext } from '../../ingest/types.ts';
import { compile } from '../engine/engine.fixture.ts';
import { RuleSet } from '../engine/ruleset.ts';

const received = Date.UTC(2026, 10, 22, 12);
const plain: ParseContext = { received, assumeTimeZone: 'UTC' };
const declared = (dataset: string): ParseContext => ({ ...plain, meta: declaredDataset(dataset) });

const JVM_RULE = compile(
  "keywords:\n  - 'java.io.FileNotFoundException'\n  - 'java.nio.file.NoSuchFileException'\ncondition: keywords",
  'product: jvm\n  category: application',
);
const AAA_RULE = compile(
  "keywords:\n  - 'archive download-sw'\n  - 'copy running-config'\ncondition: keywords",
  'product: cisco\n  service: aaa',
);
const set = new RuleSet([JVM_RULE, AAA_RULE]);

function hits(raw: string, ctx: ParseContext): string[] {
  const out = parseEvent(raw, 'auto', ctx);
  if (!out.ok) throw new Error(out.reason);
  return set.match(out.event).map((h) => h.rule.id);
}

describe('declared datasets', () => {
  const stackTrace =
    '2026-11-22 10:00:00,123 ERROR [http-nio-8080-exec-3] o.a.c.c.C.[.[localhost] - java.io.FileNotFoundException: ../../etc/passwd';
  const ciscoLine =
    '<189>1234: Nov 22 10:00:00.123: %PARSER-5-CFGLOG_LOGGEDCMD: User:admin  logged command:copy running-config tftp://203.0.113.5/r1.cfg';

  it('route a text line to the rules of the logsource the sender names', () => {
    expect(hits(stackTrace, declared('jvm.application'))).toEqual([JVM_RULE.id]);
    expect(hits(ciscoLine, declared('cisco.aaa'))).toEqual([AAA_RULE.id]);
  });

  it('route nothing without a declaration, or with another one', () => {
    expect(hits(stackTrace, plain)).toEqual([]);
    expect(hits(ciscoLine, plain)).toEqual([]);
    expect(hits(ciscoLine, declared('juniper.bgp'))).toEqual([]);
  });

  it("replace the parser's dataset and module", () => {
    const out = parseEvent(ciscoLine, 'auto', declared('cisco.aaa'));
    if (!out.ok) throw new Error(out.reason);
    expect(out.event).toMatchObject({ 'event.dataset': 'cisco.aaa', 'event.module': 'cisco' });
    const guessed = parseEvent(ciscoLine, 'auto', plain);
    expect(guessed.ok && guessed.event['event.dataset']).toBe('syslog');
  });
});
