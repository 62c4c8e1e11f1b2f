/** The hunt route's rule text: exactly one detection rule, or an error naming file, line and column. */
import { describe, expect, it } from 'vitest';
import { BadRequestError } from '../../core/errors.ts';
import { huntBody, parseHuntRule } from './hunt.ts';

const RULE = `title: t
id: r-1
logsource: {product: windows, category: process_creation}
detection:
  sel: {CommandLine|contains: whoami}
  condition: sel
`;

function error(text: string, file = 'x.yml'): BadRequestError {
  try {
    parseHuntRule(text, file);
  } catch (e) {
    if (e instanceof BadRequestError) return e;
    throw e;
  }
  throw new Error('no error');
}

describe('parseHuntRule', () => {
  it('returns the one detection rule, named by the file', () => {
    expect(parseHuntRule(RULE, 'mine.yml')).toMatchObject({ id: 'r-1', file: 'mine.yml', line: 1 });
  });

  it('names file, line and column of a rule that does not parse', () => {
    const e = error(`${RULE}  bad: [\n`);
    expect(e.location).toMatch(/^x\.yml:\d+:\d+$/);
    expect(e.message).toMatch(/^x\.yml:\d+:\d+: /);
    expect(error('title: t\nlogsource: {product: windows}\ndetection: {condition: nope}\n').message).toMatch(
      /^x\.yml:3:\d+: detection defines no search/,
    );
  });

  it('refuses text without exactly one detection rule', () => {
    expect(error('').message).toMatch(/holds no rule/);
    expect(error(`${RULE}---\n${RULE.replace('r-1', 'r-2')}`).message).toMatch(/holds 2 documents/);
    const correlation = `title: c\nname: c\ncorrelation:\n  type: event_count\n  rules: [r-1]\n  group-by: [User]\n  timespan: 5m\n  condition: {gte: 3}\n`;
    expect(error(correlation).message).toMatch(/holds a correlation/);
  });
});

describe('the hunt body', () => {
  it('defaults the file name and the limit, and bounds the rule size', () => {
    expect(huntBody.parse({ rule: RULE })).toMatchObject({ file: 'rule.yml', limit: 100 });
    expect(huntBody.safeParse({ rule: 'x'.repeat(300 * 1024) }).success).toBe(false);
    expect(huntBody.safeParse({ rule: RULE, limit: 0 }).success).toBe(false);
  });
});
