/** Which routes serve a Sigma logsource, and the order in which a Sigma field maps. */
import { describe, expect, it } from 'vitest';
import { NEVER } from './condition.ts';
import { loadPipelines, parsePipelineText } from './load.ts';
import { keywordFields, mapField, resolveLogsource } from './resolve.ts';
import type { Pipelines } from './schema.ts';

const TEXT = `
name: t
sourceTemplate: ['src.{field}', 'alt.{field}']
fields: { EventID: t.id }
logsources:
  - id: pc-win
    product: win
    category: process_creation
    when: { field: k, equals: pc-win }
    sourceFields: [CommandLine]
    sourceTemplate: 'src.{field}'
    fields: { Image: [src.Image, src.NewProcessName], EventID: t.override }
  - id: pc-lin
    product: lin
    category: process_creation
    when: { field: k, equals: pc-lin }
    fields: { Image: process.executable }
  - id: svc
    product: win
    service: sysmon
    when: { field: k, equals: svc }
    sourceFields: '*'
    keywords: [event.original]
`;
const out = parsePipelineText(TEXT, 't.yaml');
if (!out.ok) throw new Error('fixture pipeline invalid');
const p: Pipelines = { routes: out.routes, files: ['t.yaml'] };

describe('resolveLogsource', () => {
  it('takes the route that agrees on every key, case-insensitively', () => {
    const r = resolveLogsource(p, { product: 'Win', category: 'process_creation' });
    expect(r).toEqual({ known: true, routes: ['t/pc-win'], conditions: { field: 'k', equals: 'pc-win' } });
  });

  it('gives a product-less rule the routes of every product, as alternatives', () => {
    const r = resolveLogsource(p, { category: 'process_creation' });
    expect(r.routes).toEqual(['t/pc-win', 't/pc-lin']);
    expect(r.conditions).toEqual({
      any: [
        { field: 'k', equals: 'pc-win' },
        { field: 'k', equals: 'pc-lin' },
      ],
    });
  });

  it('does not give a category rule a service route of the same product', () => {
    expect(resolveLogsource(p, { product: 'win', category: 'process_creation' }).routes).not.toContain(
      't/svc',
    );
    expect(resolveLogsource(p, { product: 'win', service: 'sysmon' }).routes).toEqual(['t/svc']);
  });

  it('an unknown or empty logsource is not known and matches nothing', () => {
    expect(resolveLogsource(p, { product: 'win', category: 'dns_query' })).toEqual({
      known: false,
      routes: [],
      conditions: NEVER,
    });
    expect(resolveLogsource(p, {}).known).toBe(false);
    expect(resolveLogsource(p, { product: ' ' }).known).toBe(false);
  });
});

describe('mapField', () => {
  const pcWin = { product: 'win', category: 'process_creation' };
  it('uses the logsource mapping over the file-wide one', () => {
    expect(mapField(p, pcWin, 'EventID')).toEqual(['t.override']);
    expect(mapField(p, { product: 'lin', category: 'process_creation' }, 'EventID')).toEqual(['t.id']);
  });

  it('keeps listed source fields under the logsource template; refuses unlisted ones', () => {
    expect(mapField(p, pcWin, 'CommandLine')).toEqual(['src.CommandLine']);
    expect(mapField(p, pcWin, 'CommandLin')).toBeNull();
  });

  it('with sourceFields "*" maps any name through every template', () => {
    expect(mapField(p, { product: 'win', service: 'sysmon' }, 'Whatever')).toEqual([
      'src.Whatever',
      'alt.Whatever',
    ]);
  });

  it('passes ECS and Vigil names through, but not other dotted names', () => {
    expect(mapField(p, pcWin, 'process.parent.executable')).toEqual(['process.parent.executable']);
    expect(mapField(p, pcWin, 'message')).toEqual(['message']);
    expect(mapField(p, pcWin, 'userIdentity.arn')).toBeNull();
  });

  it('unions the targets of a product-less rule over its routes', () => {
    expect(mapField(p, { category: 'process_creation' }, 'Image')).toEqual([
      'src.Image',
      'src.NewProcessName',
      'process.executable',
    ]);
  });

  it('is null for unknown logsources, keyword searches and malformed names', () => {
    expect(mapField(p, { product: 'nope' }, 'Image')).toBeNull();
    expect(mapField(p, pcWin, '')).toBeNull();
    expect(mapField(p, { product: 'win', service: 'sysmon' }, 'a b')).toBeNull();
  });
});

describe('keywordFields', () => {
  it('is the raw event and the message unless the logsource says otherwise', () => {
    expect(keywordFields(p, { product: 'win', category: 'process_creation' })).toEqual([
      'event.original',
      'message',
    ]);
    expect(keywordFields(p, { product: 'win', service: 'sysmon' })).toEqual(['event.original']);
    expect(keywordFields(p, { product: 'nope' })).toEqual(['event.original', 'message']);
  });
  it('unions the fields of the routes a logsource stands for', () => {
    expect(keywordFields(p, { service: 'sysmon' })).toEqual(['event.original']);
    expect(keywordFields(p, { product: 'win' })).toEqual(['event.original', 'message']);
  });
});

const shipped = loadPipelines();

describe('the shipped pipelines', () => {
  it('search keywords in the raw Windows event only, and in the message of Linux events too', () => {
    expect(keywordFields(shipped, { product: 'windows' })).toEqual(['event.original']);
    expect(keywordFields(shipped, { product: 'windows', service: 'security' })).toEqual(['event.original']);
    expect(keywordFields(shipped, { product: 'linux' })).toEqual(['event.original', 'message']);
    expect(keywordFields(shipped, { product: 'linux', service: 'auditd' })).toEqual([
      'event.original',
      'message',
    ]);
  });

  it('map the Windows process_creation names of Sysmon and of Security 4688', () => {
    const pc = { product: 'windows', category: 'process_creation' };
    expect(mapField(shipped, pc, 'Image')).toEqual([
      'winlog.event_data.Image',
      'winlog.event_data.NewProcessName',
    ]);
    expect(mapField(shipped, pc, 'ProcessId')).toEqual(['process.pid']);
    expect(mapField(shipped, pc, 'EventID')).toEqual(['winlog.event_id']);
  });

  it('refuse a field Sysmon never writes for the category', () => {
    expect(mapField(shipped, { product: 'windows', category: 'file_event' }, 'CommandLine')).toBeNull();
  });

  it('leave logsources of sources Vigil has no parser for unknown', () => {
    expect(resolveLogsource(shipped, { product: 'windows', category: 'file_access' }).known).toBe(false);
    expect(resolveLogsource(shipped, { product: 'windows', category: 'file_rename' }).known).toBe(false);
    expect(resolveLogsource(shipped, { category: 'firewall' }).known).toBe(false);
  });

  it('know the cloud and SaaS audit logs Vigil parses', () => {
    for (const ls of [
      { product: 'okta', service: 'okta' },
      { product: 'azure', service: 'signinlogs' },
      { product: 'gcp', service: 'gcp.audit' },
      { product: 'm365', service: 'threat_management' },
      { product: 'github', service: 'audit' },
      { product: 'kubernetes', service: 'audit' },
      { category: 'webserver' },
      { product: 'jvm', category: 'application' },
      { product: 'cisco', service: 'aaa' },
    ]) {
      expect(resolveLogsource(shipped, ls).known, JSON.stringify(ls)).toBe(true);
    }
  });
});
