import { describe, expect, it } from 'vitest';
import { brief, docOf, pipelines, rule } from './lint.fixture.ts';
import { checkMapping } from './mapping.ts';
import { checkPerformance, isHugeField } from './performance.ts';

function check(opts: Parameters<typeof rule>[0]) {
  const doc = docOf(rule(opts));
  const { compiled } = checkMapping(doc, pipelines());
  expect(compiled, 'the test rule compiles').toBeDefined();
  return checkPerformance(doc, compiled, pipelines());
}

describe('performance checks (what the compiled rule gives the index)', () => {
  it('finds nothing in a rule with a selective literal', () => {
    expect(check({})).toEqual([]);
  });

  it('warns on a rule with no literal for the index, at the detection key', () => {
    // a negation can never require a literal
    const f = check({ detection: "  sel:\n    Image|endswith: '\\\\whoami.exe'\n  condition: not sel" });
    expect(brief(f)).toEqual(['12:1 sigma/no-index-literal']);
    expect(f[0]?.severity).toBe('warning');
  });

  it('notes a leading wildcard on a command line when no shorter field narrows the rule', () => {
    const only = check({ detection: "  sel:\n    CommandLine|endswith: ' -nop'\n  condition: sel" });
    expect(brief(only)).toEqual(['14:5 sigma/leading-wildcard']);
    expect(only[0]?.severity).toBe('info');
    const star = check({ detection: "  sel:\n    CommandLine: '*\\\\temp\\\\*.ps1'\n  condition: sel" });
    expect(brief(star)).toEqual(['14:5 sigma/leading-wildcard']);
    const narrowed = check({
      detection:
        "  sel:\n    Image|endswith: '\\\\powershell.exe'\n    CommandLine|contains: ' -nop'\n  condition: sel",
    });
    expect(narrowed).toEqual([]);
    // the index may prefer the long command-line literal; the short image name still narrows the rule
    const short = check({
      detection:
        "  sel:\n    Image|endswith: '\\\\sh'\n    CommandLine|contains: 'downloadstring'\n  condition: sel",
    });
    expect(short).toEqual([]);
  });

  it('warns on contains values shorter than 3 characters in searches that must match, not in filters', () => {
    const f = check({
      detection:
        "  sel:\n    Image|endswith: '\\\\tar.exe'\n    CommandLine|contains:\n      - ' -x'\n      - '-c'\n  filter:\n    CommandLine|contains: '-z'\n  condition: sel and not filter",
    });
    expect(brief(f)).toEqual(['15:5 sigma/short-contains']);
    expect(f[0]?.message).toContain('"-c"');
    const emoji = check({
      detection: "  sel:\n    Image|endswith: 'a.exe'\n    CommandLine|contains: '🫶'\n  condition: sel",
    });
    expect(emoji).toEqual([]);
  });

  it('warns on a regex with no literal of 3 characters', () => {
    const f = check({
      detection:
        "  sel:\n    Image|endswith: '\\\\x.exe'\n    CommandLine|re: '\\s-[a-z]\\s'\n  condition: sel",
    });
    expect(brief(f)).toEqual(['15:5 sigma/regex-no-literal']);
    const anchored = check({
      detection:
        "  sel:\n    Image|endswith: '\\\\x.exe'\n    CommandLine|re: 'invoke-(web)?request'\n  condition: sel",
    });
    expect(anchored).toEqual([]);
  });

  it('knows the huge fields by their event names', () => {
    expect(isHugeField('winlog.event_data.CommandLine')).toBe(true);
    expect(isHugeField('process.command_line')).toBe(true);
    expect(isHugeField('message')).toBe(true);
    expect(isHugeField('winlog.event_data.Image')).toBe(false);
  });
});
