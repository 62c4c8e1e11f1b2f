/**
 * The meaning of compiled rules: a table of small rules × events, one group per modifier or
 * construct of the Sigma specification, each with events that must and must not match.
 */
import { describe, expect, it } from 'vitest';
import { parseSigmaDocument } from '../sigma/parse.ts';
import { projectionKey } from './compile.ts';
import { compile, NET, net, proc, ruleText, tryCompile } from './engine.fixture.ts';
import type { EventRecord } from './types.ts';

const b64 = (s: string, enc: BufferEncoding = 'utf8') => Buffer.from(s, enc).toString('base64');
const CMD = 'C:\\Windows\\System32\\cmd.exe';

interface Case {
  name: string;
  detection: string;
  logsource?: string;
  yes: EventRecord[];
  no: EventRecord[];
}

const cases: Case[] = [
  {
    name: 'plain equality is case-insensitive and whole-value',
    detection: `sel:\n  Image: 'C:\\Windows\\System32\\cmd.exe'\ncondition: sel`,
    yes: [proc({ Image: CMD }), proc({ Image: CMD.toUpperCase() }), proc({ NewProcessName: CMD })],
    no: [proc({ Image: `${CMD}x` }), proc({ CommandLine: CMD }), proc({})],
  },
  {
    name: 'cased equality keeps case',
    detection: `sel:\n  Image|cased: 'C:\\Windows\\System32\\cmd.exe'\ncondition: sel`,
    yes: [proc({ Image: CMD })],
    no: [proc({ Image: CMD.toLowerCase() })],
  },
  {
    name: 'wildcards * and ? and escapes',
    detection: `sel:\n  CommandLine: 'a*b?c\\*'\ncondition: sel`,
    yes: [proc({ CommandLine: 'aXXbYc*' }), proc({ CommandLine: 'ABzC*' })],
    no: [
      proc({ CommandLine: 'aXXbc*' }),
      proc({ CommandLine: 'aXXbYcZ' }),
      proc({ CommandLine: 'aXXbYc*z' }),
    ],
  },
  {
    name: 'contains / startswith / endswith',
    detection: `a:\n  CommandLine|contains: 'whoami'\nb:\n  Image|endswith: '\\cmd.exe'\nc:\n  CurrentDirectory|startswith: 'C:\\Users'\ncondition: a and b and c`,
    yes: [proc({ CommandLine: 'x WHOAMI /all', Image: CMD, CurrentDirectory: 'c:\\users\\bob' })],
    no: [
      proc({ CommandLine: 'whoam', Image: CMD, CurrentDirectory: 'C:\\Users' }),
      proc({ CommandLine: 'whoami', Image: `${CMD}.bak`, CurrentDirectory: 'C:\\Users' }),
      proc({ CommandLine: 'whoami', Image: CMD, CurrentDirectory: 'D:\\C:\\Users' }),
    ],
  },
  {
    name: 'a list is OR, all is AND',
    detection: `a:\n  CommandLine|contains: [one, two]\nb:\n  ParentCommandLine|contains|all: [one, two]\ncondition: a and b`,
    yes: [proc({ CommandLine: 'two', ParentCommandLine: 'two and one' })],
    no: [
      proc({ CommandLine: 'three', ParentCommandLine: 'one two' }),
      proc({ CommandLine: 'one', ParentCommandLine: 'one' }),
    ],
  },
  {
    name: 'inner wildcard with contains (glob matcher)',
    detection: `sel:\n  CommandLine|contains: 'net*user?/add'\ncondition: sel`,
    yes: [proc({ CommandLine: 'cmd /c NET  USERx/add' }), proc({ CommandLine: 'netuser /add' })],
    no: [proc({ CommandLine: 'net user/add' }), proc({ CommandLine: 'user net x/add' })],
  },
  {
    name: 'base64 of the whole value',
    detection: `sel:\n  CommandLine|base64: 'secret'\ncondition: sel`,
    yes: [proc({ CommandLine: b64('secret') })],
    no: [proc({ CommandLine: b64('secret').toLowerCase() }), proc({ CommandLine: `x${b64('secret')}` })],
  },
  {
    name: 'base64offset|contains finds the text at every byte offset',
    detection: `sel:\n  CommandLine|base64offset|contains: 'http://'\ncondition: sel`,
    yes: [
      proc({ CommandLine: `powershell -enc ${b64('IEX http://evil')}` }),
      proc({ CommandLine: b64('xIEX http://evil') }),
      proc({ CommandLine: b64('xyIEX http://evil') }),
      proc({ CommandLine: b64('http://') }),
    ],
    no: [proc({ CommandLine: b64('IEX https://evil') }), proc({ CommandLine: 'http://' })],
  },
  {
    name: 'utf16le|base64offset|contains (PowerShell -EncodedCommand)',
    detection: `sel:\n  CommandLine|utf16le|base64offset|contains: 'New-Object'\ncondition: sel`,
    yes: [
      proc({ CommandLine: `powershell -e ${b64('IEX (New-Object Net.WebClient)', 'utf16le')}` }),
      proc({ CommandLine: b64('(New-Object', 'utf16le') }),
    ],
    no: [proc({ CommandLine: b64('IEX (New-Object Net.WebClient)') })],
  },
  {
    name: 'wide|base64 and utf16be|base64 and utf16|base64',
    detection: `a:\n  CommandLine|wide|base64: 'ab'\nb:\n  ParentCommandLine|utf16be|base64: 'ab'\nc:\n  CurrentDirectory|utf16|base64: 'ab'\ncondition: a and b and c`,
    yes: [
      proc({
        CommandLine: b64('ab', 'utf16le'),
        ParentCommandLine: Buffer.from([0, 0x61, 0, 0x62]).toString('base64'),
        CurrentDirectory: Buffer.from([0xff, 0xfe, 0x61, 0, 0x62, 0]).toString('base64'),
      }),
    ],
    no: [proc({ CommandLine: b64('ab'), ParentCommandLine: b64('ab'), CurrentDirectory: b64('ab') })],
  },
  {
    name: 'utf16le without base64 matches the encoded text',
    detection: `sel:\n  CommandLine|utf16le|contains: 'cmd'\ncondition: sel`,
    yes: [proc({ CommandLine: 'x c\u0000m\u0000d\u0000 y' })],
    no: [proc({ CommandLine: 'cmd' })],
  },
  {
    name: 'windash: - / en dash, em dash, horizontal bar at the start of a flag',
    detection: `sel:\n  CommandLine|windash|contains: ' -exec bypass'\ncondition: sel`,
    yes: [
      proc({ CommandLine: 'powershell -exec bypass' }),
      proc({ CommandLine: 'powershell /exec bypass' }),
      proc({ CommandLine: 'powershell \u2013exec bypass' }),
      proc({ CommandLine: 'powershell \u2014exec bypass' }),
      proc({ CommandLine: 'powershell \u2015exec bypass' }),
    ],
    no: [proc({ CommandLine: 'powershell +exec bypass' }), proc({ CommandLine: 'powershell exec bypass' })],
  },
  {
    name: 're is case-sensitive; i, m, s flags',
    detection: `a:\n  CommandLine|re: '^cmd\\.exe /c [a-z]+$'\nb:\n  ParentCommandLine|re|i: 'POWERSHELL'\nc:\n  CurrentDirectory|re|m: '^line2$'\nd:\n  User|re|s: 'a.b'\ncondition: a and b and c and d`,
    yes: [
      proc({
        CommandLine: 'cmd.exe /c dir',
        ParentCommandLine: 'powershell',
        CurrentDirectory: 'line1\nline2',
        User: 'a\nb',
      }),
    ],
    no: [
      proc({
        CommandLine: 'CMD.exe /c dir',
        ParentCommandLine: 'powershell',
        CurrentDirectory: 'line1\nline2',
        User: 'a\nb',
      }),
      proc({
        CommandLine: 'cmd.exe /c dir',
        ParentCommandLine: 'pwsh',
        CurrentDirectory: 'line1\nline2',
        User: 'a\nb',
      }),
      proc({
        CommandLine: 'cmd.exe /c dir',
        ParentCommandLine: 'powershell',
        CurrentDirectory: 'line1 line2',
        User: 'a\nb',
      }),
    ],
  },
  {
    name: 're without s: dot does not match a newline',
    detection: `sel:\n  User|re: 'a.b'\ncondition: sel`,
    yes: [proc({ User: 'axb' })],
    no: [proc({ User: 'a\nb' })],
  },
  {
    name: 'cidr IPv4 and IPv6',
    logsource: NET,
    detection: `sel:\n  DestinationIp|cidr: ['10.0.0.0/8', 'fe80::/10']\ncondition: sel`,
    yes: [net({ DestinationIp: '10.20.30.40' }), net({ DestinationIp: 'fe80::1' })],
    no: [
      net({ DestinationIp: '11.0.0.1' }),
      net({ DestinationIp: '2001:db8::1' }),
      net({ DestinationIp: 'not an ip' }),
    ],
  },
  {
    name: 'cidr|neq',
    logsource: NET,
    detection: `sel:\n  DestinationIp|cidr|neq: '192.168.0.0/16'\ncondition: sel`,
    yes: [net({ DestinationIp: '8.8.8.8' })],
    no: [net({ DestinationIp: '192.168.1.1' }), net({})],
  },
  {
    name: 'gt / lte on numbers and numeric strings',
    logsource: NET,
    detection: `a:\n  DestinationPort|gt: 1024\nb:\n  SourcePort|lte: 443\ncondition: a and b`,
    yes: [
      net({ DestinationPort: 4444, SourcePort: 443 }),
      net({ DestinationPort: '8080', SourcePort: '22' }),
    ],
    no: [
      net({ DestinationPort: 1024, SourcePort: 22 }),
      net({ DestinationPort: 4444, SourcePort: 444 }),
      net({ DestinationPort: 'high', SourcePort: 1 }),
    ],
  },
  {
    name: 'gte / lt',
    logsource: NET,
    detection: `sel:\n  DestinationPort|gte: 10\nlow:\n  DestinationPort|lt: 20\ncondition: sel and low`,
    yes: [net({ DestinationPort: 10 }), net({ DestinationPort: 19.5 })],
    no: [net({ DestinationPort: 9 }), net({ DestinationPort: 20 })],
  },
  {
    name: 'numbers match numerically and as their text',
    detection: `sel:\n  ProcessId: 4242\ncondition: sel`,
    yes: [proc({}, { 'process.pid': 4242 }), proc({}, { 'process.pid': '4242' })],
    no: [proc({}, { 'process.pid': 42 }), proc({}, { 'process.pid': '04242x' })],
  },
  {
    name: 'exists true / false',
    detection: `a:\n  CommandLine|exists: true\nb:\n  ParentImage|exists: false\ncondition: a and b`,
    yes: [proc({ CommandLine: '' }), proc({ CommandLine: null })],
    no: [
      proc({}),
      proc({ CommandLine: 'x', ParentImage: 'y' }),
      proc({ CommandLine: 'x', ParentProcessName: 'y' }),
    ],
  },
  {
    name: 'null means absent or null',
    detection: `sel:\n  Image|endswith: 'cmd.exe'\nnone:\n  CommandLine: null\ncondition: sel and none`,
    yes: [proc({ Image: CMD }), proc({ Image: CMD, CommandLine: null })],
    no: [proc({ Image: CMD, CommandLine: 'x' })],
  },
  {
    name: 'neq: present and different from every value',
    detection: `sel:\n  User|neq: ['SYSTEM', 'LOCAL SERVICE']\ncondition: sel`,
    yes: [proc({ User: 'bob' })],
    no: [proc({ User: 'system' }), proc({ User: 'Local Service' }), proc({})],
  },
  {
    name: 'fieldref (and with neq, contains)',
    detection: `same:\n  ParentImage|fieldref: Image\nother:\n  CommandLine|fieldref|contains: ParentCommandLine\ncondition: same and other`,
    yes: [proc({ Image: CMD, ParentImage: CMD.toLowerCase(), CommandLine: 'a b c', ParentCommandLine: 'B' })],
    no: [
      proc({ Image: CMD, ParentImage: 'x', CommandLine: 'a b c', ParentCommandLine: 'b' }),
      proc({ Image: CMD, ParentImage: CMD, CommandLine: 'a b c', ParentCommandLine: 'd' }),
      proc({ Image: CMD, CommandLine: 'a b c', ParentCommandLine: 'b' }),
    ],
  },
  {
    name: 'fieldref|neq',
    detection: `sel:\n  ParentImage|fieldref|neq: Image\ncondition: sel`,
    yes: [proc({ Image: CMD, ParentImage: 'x' })],
    no: [proc({ Image: CMD, ParentImage: CMD })],
  },
  {
    name: 'time parts on @timestamp (hour, minute, day, week, month, year)',
    detection: `a:\n  '@timestamp|hour': 10\nb:\n  '@timestamp|minute|gte': 30\nc:\n  '@timestamp|day': 22\nd:\n  '@timestamp|week': 47\ne:\n  '@timestamp|month': 11\nf:\n  '@timestamp|year|lt': 2027\ncondition: all of them`,
    yes: [proc({}), proc({}, { '@timestamp': '2026-11-22T10:59:59Z' })],
    no: [
      proc({}, { '@timestamp': '2026-11-22T11:30:00Z' }),
      proc({}, { '@timestamp': '2026-11-22T10:29:00Z' }),
      proc({}, { '@timestamp': '2026-11-23T10:30:00Z' }),
      proc({}, { '@timestamp': '2027-11-22T10:30:00Z' }),
      proc({}, { '@timestamp': 'yesterday' }),
    ],
  },
  {
    name: 'time part with neq',
    detection: `sel:\n  '@timestamp|hour|neq': 10\ncondition: sel`,
    yes: [proc({}, { '@timestamp': '2026-11-22T03:00:00Z' })],
    no: [proc({})],
  },
  {
    name: 'keywords search the raw Windows event (event.original), as substrings',
    detection: `keywords:\n  - 'mimikatz'\n  - 'sekurlsa::*'\ncondition: keywords`,
    yes: [
      proc({}, { 'event.original': 'ran MIMIKATZ.exe' }),
      proc({}, { 'event.original': '<x>sekurlsa::logonpasswords</x>' }),
    ],
    // a Windows event's message is the raw's own or rendered from it: not searched again
    no: [proc({ CommandLine: 'mimikatz' }), proc({}, { message: 'ran mimikatz', 'event.original': 'x' })],
  },
  {
    name: 'keywords are found where the raw event writes them escaped (JSON, XML, CEF)',
    detection: `keywords:\n  - '\\mimilib.dll'\n  - ' -Confirm "False"'\n  - 'http://f/<script'\n  - 'a&b=c'\ncondition: keywords`,
    yes: [
      proc({}, { 'event.original': '{"Image":"C:\\\\Windows\\\\mimilib.dll"}' }),
      proc({}, { 'event.original': '{"c":"Remove-X -Confirm \\"False\\""}' }),
      proc({}, { 'event.original': '<Data>Remove-X -Confirm &quot;False&quot;</Data>' }),
      proc({}, { 'event.original': '{"u":"http:\\/\\/f\\/<script>"}' }),
      proc({}, { 'event.original': '{"u":"http://f/\\u003cscript"}' }),
      proc({}, { 'event.original': '<Data>http://f/&lt;script</Data>' }),
      proc({}, { 'event.original': 'CEF:0|x|y|1|2|n|5|msg=a&b\\=c' }),
      proc({}, { 'event.original': '<Data>a&amp;b=c</Data>' }),
      proc({}, { 'event.original': 'C:\\Windows\\mimilib.dll' }),
    ],
    no: [
      proc({}, { 'event.original': '{"Image":"C:\\\\Windows\\\\xmimilib.dll"}' }),
      proc({}, { 'event.original': '<Data>-Confirm &quot;True&quot;</Data>' }),
    ],
  },
  {
    name: 'keywords written as YAML numbers or booleans are searched as text',
    detection: `keywords:\n  - 4688\n  - true\ncondition: keywords`,
    yes: [proc({}, { 'event.original': 'id 4688 x' }), proc({}, { 'event.original': '{"ok":TRUE}' })],
    no: [proc({}, { 'event.original': 'id 4689' })],
  },
  {
    name: 'keywords with all',
    detection: `keywords:\n  '|all':\n    - 'foo'\n    - 'bar'\ncondition: keywords`,
    yes: [proc({}, { 'event.original': 'bar then foo' })],
    no: [proc({}, { 'event.original': 'foo only' })],
  },
  {
    name: 'keywords on Linux also search the message (auditd writes decoded arguments there)',
    logsource: 'product: linux',
    detection: `keywords:\n  - 'mimikatz'\ncondition: keywords`,
    yes: [
      {
        'host.os.type': 'linux',
        message: 'ran MIMIKATZ',
        'event.original': 'type=EXECVE a0=6D696D696B61747A',
      },
      { 'host.os.type': 'linux', 'event.original': 'sudo mimikatz' },
    ],
    no: [{ 'host.os.type': 'linux', message: 'ls', 'event.original': 'type=EXECVE a0=6C73' }],
  },
  {
    name: '1 of sel* and not filter',
    detection: `sel_a:\n  CommandLine|contains: alpha\nsel_b:\n  CommandLine|contains: beta\nfilter:\n  User: admin\ncondition: 1 of sel* and not filter`,
    yes: [proc({ CommandLine: 'alpha' }), proc({ CommandLine: 'beta', User: 'bob' })],
    no: [proc({ CommandLine: 'gamma' }), proc({ CommandLine: 'alpha beta', User: 'ADMIN' })],
  },
  {
    name: 'all of them, and a list of maps (OR of ANDs)',
    detection: `a:\n  - CommandLine|contains: x\n    User: u1\n  - CommandLine|contains: y\nb:\n  Image|endswith: '.exe'\ncondition: all of them`,
    yes: [proc({ CommandLine: 'x', User: 'u1', Image: CMD }), proc({ CommandLine: 'y', Image: CMD })],
    no: [proc({ CommandLine: 'x', User: 'u2', Image: CMD }), proc({ CommandLine: 'y', Image: 'a.dll' })],
  },
  {
    name: 'or and parentheses; several conditions are OR-ed',
    detection: `a:\n  User: a\nb:\n  User: b\nc:\n  CommandLine: c\ncondition:\n  - (a or b) and c\n  - not c and b`,
    yes: [proc({ User: 'a', CommandLine: 'c' }), proc({ User: 'b' })],
    no: [proc({ User: 'a', CommandLine: 'd' }), proc({ User: 'c', CommandLine: 'c' })],
  },
  {
    name: 'event values that are arrays match when any element does',
    detection: `sel:\n  CommandLine|endswith: '.ps1'\nother:\n  User: [alice, bob]\ncondition: sel and other`,
    yes: [proc({ CommandLine: ['a.txt', 'run.PS1'], User: ['eve', 'bob'] })],
    no: [proc({ CommandLine: ['a.txt', 'b.bat'], User: 'bob' }), proc({ CommandLine: [], User: 'bob' })],
  },
  {
    name: 'expand with configured placeholders',
    detection: `sel:\n  User|expand: '%admins%'\ncondition: sel`,
    yes: [proc({ User: 'root' }), proc({ User: 'Administrator' })],
    no: [proc({ User: 'bob' })],
  },
  {
    name: 'booleans match booleans and their text',
    logsource: NET,
    detection: `sel:\n  Initiated: true\ncondition: sel`,
    yes: [net({ Initiated: true }), net({ Initiated: 'True' })],
    no: [net({ Initiated: false }), net({ Initiated: 'false' })],
  },
];

describe('compiled rules match exactly the events the Sigma specification says', () => {
  for (const c of cases) {
    it(c.name, () => {
      const rule = compile(c.detection, c.logsource, { placeholders: { admins: ['root', 'admin*'] } });
      for (const [i, e] of c.yes.entries()) expect(rule.match(e), `yes[${i}]`).not.toBeNull();
      for (const [i, e] of c.no.entries()) expect(rule.match(e), `no[${i}]`).toBeNull();
    });
  }
});

describe('rules remember their answers for the values they read', () => {
  it('keys tell every projection apart: absent, null, numbers, booleans and strings of any text', () => {
    const f = ['a', 'b'];
    const keys = [
      {},
      { a: null },
      { a: 1 },
      { a: '1' },
      { a: true },
      { a: 'true' },
      { a: '', b: '' },
      { a: 'x', b: 's1:y' },
      { a: 'x', b: 'y' },
      { a: 'x|s1:y' },
      { b: 'x' },
    ].map((e) => projectionKey(e, f));
    expect(new Set(keys).size).toBe(keys.length);
    expect(projectionKey({ a: ['x'] }, f)).toBeNull(); // lists are not remembered
    expect(projectionKey({ a: 'x', c: 'ignored' }, f)).toBe(projectionKey({ a: 'x', c: 'other' }, f));
  });

  it('answers an event whose read fields repeat like the first time, fields reported and all', () => {
    const rule = compile(
      `sel:\n  Image|endswith: '\\svchost.exe'\nfilter:\n  CommandLine|re: '-k \\w+'\ncondition: sel and not filter`,
    );
    const odd = proc({ Image: 'C:\\x\\svchost.exe', CommandLine: 'svchost.exe', User: 'a' });
    const fine = proc({ Image: 'C:\\x\\svchost.exe', CommandLine: 'svchost.exe -k netsvcs', User: 'a' });
    for (let round = 0; round < 20; round++) {
      // a field the rule does not read may differ: the answer is the same
      const m = rule.match({ ...odd, 'winlog.event_data.User': `user${round}` });
      expect(m?.fields).toEqual([{ field: 'winlog.event_data.Image', value: 'C:\\x\\svchost.exe' }]);
      expect(rule.match(fine)).toBeNull();
    }
  });
});

describe('regular expressions remember their answers per value', () => {
  it('answers a value seen before as the first time, case and all', () => {
    const cased = compile(`sel:\n  CommandLine|re: 'svchost\\.exe -k \\w+$'\ncondition: sel`);
    const folded = compile(`sel:\n  CommandLine|re|i: 'svchost\\.exe -k \\w+$'\ncondition: sel`);
    const values = [
      'svchost.exe -k netsvcs',
      'SVCHOST.EXE -k netsvcs',
      'svchost.exe -k net svcs',
      'svchost.exe -k x',
    ];
    const expected = [
      [true, false, false, true],
      [true, true, false, true],
    ];
    // many rounds: the later ones are answered from what the first one found
    for (let round = 0; round < 50; round++) {
      const answers = [cased, folded].map((r) =>
        values.map((v) => r.match(proc({ CommandLine: v })) !== null),
      );
      expect(answers, `round ${round}`).toEqual(expected);
    }
  });
});

describe('a match reports the fields that satisfied it', () => {
  it('lists the event fields and values of the positive searches, not of negated ones', () => {
    const rule = compile(
      `sel:\n  Image|endswith: '\\cmd.exe'\n  CommandLine|contains: whoami\nfilter:\n  User: admin\ncondition: sel and not filter`,
    );
    const m = rule.match(proc({ Image: CMD, CommandLine: 'whoami /all', User: 'bob' }));
    expect(m?.fields).toEqual(
      expect.arrayContaining([
        { field: 'winlog.event_data.Image', value: CMD },
        { field: 'winlog.event_data.CommandLine', value: 'whoami /all' },
      ]),
    );
    expect(m?.fields).toHaveLength(2);
  });

  it('carries the rule metadata and the logsource condition', () => {
    const rule = compile(`sel:\n  User: a\ncondition: sel`);
    expect(rule).toMatchObject({ id: 'r-1', title: 'test rule r-1', level: 'high', tags: ['attack.t1059'] });
    expect(JSON.stringify(rule.logsourceCondition)).toContain('Microsoft-Windows-Sysmon/Operational');
  });
});

describe('rules that cannot run fail at compile time with a reason, file and line', () => {
  it('an unknown field names the field and the logsource', () => {
    const r = tryCompile(`sel:\n  NoSuchSysmonField: a\ncondition: sel`);
    expect(r).toMatchObject({ ok: false, file: 'r-1.yml', line: 10, ruleId: 'r-1' });
    if (!r.ok) expect(r.reason).toMatch(/NoSuchSysmonField.*not known.*process_creation/);
  });

  it('an unknown logsource', () => {
    const r = tryCompile(`sel:\n  a: b\ncondition: sel`, 'product: amiga\n  category: floppy');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toMatch(/no pipeline routes the logsource product: amiga, category: floppy/);
  });

  it('a placeholder without configured values', () => {
    const r = tryCompile(`sel:\n  User|expand: '%domain_admins%'\ncondition: sel`);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toMatch(/placeholder %domain_admins% has no configured values/);
  });

  it('base64 of a value with wildcards', () => {
    const r = tryCompile(`sel:\n  CommandLine|base64: 'a*b'\ncondition: sel`);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toMatch(/base64 cannot encode a value with wildcards/);
  });

  it('a regular expression the linear-time engine refuses (backreference), already when parsed', () => {
    const r = parseSigmaDocument(ruleText(`sel:\n  CommandLine|re: '(a)\\1'\ncondition: sel`), 'r.yml');
    expect(r.rules).toEqual([]);
    expect(r.errors[0]?.message).toMatch(/not supported by the linear-time engine/);
  });

  it('regular expressions in RE2 syntax that JavaScript lacks: inline flags anywhere, (?P<name>)', () => {
    const rule = compile(`sel:\n  CommandLine|re: 'run(?i)DLL32 (?P<arg>x)'\ncondition: sel`);
    expect(rule.match(proc({ CommandLine: 'rundll32 x' }))).not.toBeNull();
    expect(rule.match(proc({ CommandLine: 'RUNdll32 x' }))).toBeNull();
  });

  it('a fieldref to an unknown field', () => {
    const r = tryCompile(`sel:\n  Image|fieldref: Nope\ncondition: sel`);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toMatch(/fieldref: field "Nope" is not known/);
  });
});
