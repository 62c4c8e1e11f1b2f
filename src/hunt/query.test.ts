import { describe, expect, it } from 'vitest';
import { BadRequestError } from '../core/errors.ts';
import { type QueryNode, QuerySyntaxError } from './ast.ts';
import { formatQuery } from './format.ts';
import { parseQuery, tryParseQuery } from './query.ts';

const text = (value: string): QueryNode => ({ kind: 'text', value });
const f = (field: string, op: string, value = ''): QueryNode =>
  ({ kind: 'field', field, op, value }) as QueryNode;
const and = (...children: QueryNode[]): QueryNode => ({ kind: 'and', children });
const or = (...children: QueryNode[]): QueryNode => ({ kind: 'or', children });
const not = (child: QueryNode): QueryNode => ({ kind: 'not', child });

describe('parseQuery', () => {
  it.each<[string, QueryNode]>([
    ['', { kind: 'all' }],
    ['   ', { kind: 'all' }],
    ['*', { kind: 'all' }],
    ['powershell', text('powershell')],
    ['"failed password"', text('failed password')],
    ['*mimikatz*', text('mimikatz')],
    ['user.name:root', f('user.name', 'eq', 'root')],
    ['user.name:"John Smith"', f('user.name', 'eq', 'John Smith')],
    ['user.name:"a*b"', f('user.name', 'eq', 'a*b')],
    ['process.command_line:*-enc*', f('process.command_line', 'contains', '-enc')],
    ['process.name:power*', f('process.name', 'prefix', 'power')],
    ['file.path:*.exe', f('file.path', 'suffix', '.exe')],
    ['file.path:/usr/bin/ssh', f('file.path', 'eq', '/usr/bin/ssh')],
    ['source.ip:10.0.0.0/8', f('source.ip', 'cidr', '10.0.0.0/8')],
    ['destination.ip:2001:db8::/32', f('destination.ip', 'cidr', '2001:db8::/32')],
    ['related.ip:192.168.1.0/24', f('related.ip', 'cidr', '192.168.1.0/24')],
    ['foo.bar.ip:fe80::/10', f('foo.bar.ip', 'cidr', 'fe80::/10')],
    ['source.ip:10.1.2.3', f('source.ip', 'eq', '10.1.2.3')],
    ['source.ip:"10.0.0.0/8"', f('source.ip', 'eq', '10.0.0.0/8')],
    ['source.ip:10.*', f('source.ip', 'prefix', '10.')],
    ['user.name:*', f('user.name', 'exists')],
    ['_exists_:user.name', f('user.name', 'exists')],
    ['destination.port:>1024', f('destination.port', 'gt', '1024')],
    ['destination.port:>=1024', f('destination.port', 'gte', '1024')],
    ['event.severity:<3.5', f('event.severity', 'lt', '3.5')],
    ['@timestamp:<=2026-11-22T16:56:54Z', f('@timestamp', 'lte', '2026-11-22T16:56:54Z')],
    ['winlog.event_data.Image:*\\\\cmd.exe', f('winlog.event_data.Image', 'suffix', '\\cmd.exe')],
    ['message:a\\ b\\*c', f('message', 'eq', 'a b*c')],
    ['url.full:\\>x', f('url.full', 'eq', '>x')],
    ['x\\:y', text('x:y')],
    ['-user.name:root', not(f('user.name', 'eq', 'root'))],
    ['NOT user.name:root', not(f('user.name', 'eq', 'root'))],
    ['-(a OR b)', not(or(text('a'), text('b')))],
    ['NOT NOT a', not(not(text('a')))],
    ['a b', and(text('a'), text('b'))],
    ['a AND b AND c', and(text('a'), text('b'), text('c'))],
    ['a OR b c', or(text('a'), and(text('b'), text('c')))],
    ['(a OR b) c', and(or(text('a'), text('b')), text('c'))],
    ['a OR (b OR c)', or(text('a'), or(text('b'), text('c')))],
    ['a and b', and(text('a'), text('and'), text('b'))],
    ['user.name:(root OR admin*)', or(f('user.name', 'eq', 'root'), f('user.name', 'prefix', 'admin'))],
    ['host.name:(NOT "web 1" db*)', and(not(f('host.name', 'eq', 'web 1')), f('host.name', 'prefix', 'db'))],
    [
      'event.action:logon -event.outcome:success',
      and(f('event.action', 'eq', 'logon'), not(f('event.outcome', 'eq', 'success'))),
    ],
  ])('%s', (query, expected) => {
    expect(parseQuery(query)).toEqual(expected);
  });

  it.each<[string, RegExp, number]>([
    ['a AND', /expected a term/, 6],
    ['OR a', /'OR' needs a term on both sides/, 1],
    ['(a OR b', /'\(' at column 1 is not closed/, 8],
    ['a)', /unexpected '\)'/, 2],
    ['()', /empty parentheses/, 1],
    ['"abc', /unterminated quoted string/, 1],
    ['a\\', /dangling/, 2],
    ['a - b', /'-' must be directly followed by a term/, 3],
    ['user.name:', /missing value after 'user.name:'/, 11],
    [':x', /missing field name/, 1],
    ['us$er:x', /invalid field name 'us\$er'/, 1],
    ['f:a*b', /'\*' is supported only at the start and end/, 4],
    ['f:**', /wildcard needs some text/, 3],
    ['f:>', /needs a number or an ISO 8601 timestamp/, 3],
    ['f:>=yesterday', /needs a number or an ISO 8601 timestamp, got 'yesterday'/, 3],
    ['source.ip:10.0.0.0/33', /invalid CIDR network '10.0.0.0\/33'/, 11],
    ['source.ip:10.0.0/8', /invalid CIDR/, 11],
    ['host.ip:2001:db8::g/32', /invalid CIDR/, 9],
    ['f:(a g:b)', /field term cannot appear inside 'f:\( ... \)'/, 6],
    ['_exists_:"bad name"', /_exists_ needs a field name/, 10],
    ['""', /empty phrase/, 1],
  ])('rejects %j', (query, message, column) => {
    const error = (() => {
      try {
        parseQuery(query);
      } catch (e) {
        return e;
      }
      return null;
    })();
    expect(error).toBeInstanceOf(QuerySyntaxError);
    expect(error).toBeInstanceOf(BadRequestError);
    const e = error as QuerySyntaxError;
    expect(e.message).toMatch(message);
    expect(e.column).toBe(column);
    expect(e.message).toContain(`at column ${column}`);
    expect(e.code).toBe('bad_request');
  });

  it('caps the length, the number of terms and the nesting depth', () => {
    expect(() => parseQuery('a'.repeat(8193))).toThrow(/longer than 8192 bytes \(at column 8193\)/);
    expect(() => parseQuery('é'.repeat(4097))).toThrow(/longer than 8192 bytes \(at column 4097\)/);
    expect(parseQuery('é'.repeat(4096))).toEqual({ kind: 'text', value: 'é'.repeat(4096) });
    expect(() => parseQuery('a '.repeat(1100))).toThrow(/more than 1024 terms/);
    expect(parseQuery('a '.repeat(1000))).toMatchObject({ kind: 'and' });
    expect(() => parseQuery(`${'('.repeat(70)}a${')'.repeat(70)}`)).toThrow(/nested more than 64 levels/);
    expect(() => parseQuery(`${'NOT '.repeat(70)}a`)).toThrow(/nested more than 64 levels/);
    expect(() => parseQuery(`${'-'.repeat(2000)}a`)).toThrow(QuerySyntaxError);
  });

  it('tryParseQuery returns an outcome instead of throwing', () => {
    expect(tryParseQuery('a:b')).toEqual({ ok: true, query: f('a', 'eq', 'b') });
    const bad = tryParseQuery('(a');
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error.column).toBe(3);
  });
});

describe('formatQuery', () => {
  it.each<[string, string]>([
    ['a b', '"a" AND "b"'],
    ['a OR b c', '"a" OR ("b" AND "c")'],
    ['-user.name:root', 'NOT user.name:"root"'],
    ['f:*a\\ b*', 'f:*a\\ b*'],
    ['f:\\>x*', 'f:\\>x*'],
    ['_exists_:f', 'f:*'],
    ['source.ip:10.0.0.0/8', 'source.ip:10.0.0.0/8'],
    ['f:>=2026-11-22\\ 10:00:00Z', 'f:>=2026-11-22\\ 10:00:00Z'],
    ['', '*'],
  ])('%s prints as %s', (query, printed) => {
    const first = parseQuery(query);
    expect(formatQuery(first)).toBe(printed);
    expect(parseQuery(printed)).toEqual(first);
  });
});
