/** Filters from the sidebar and the event view: the query they make, read back by Vigil's own parser. */
import { describe, expect, it } from 'vitest';
import { tryParseQuery } from '../../shared.ts';
import {
  addFilter,
  composeQuery,
  decodeFilters,
  encodeFilters,
  type Filter,
  filterTerm,
  invertFilter,
  removeFilter,
} from './filters.ts';

const parsed = (q: string) => {
  const r = tryParseQuery(q);
  if (!r.ok) throw new Error(`${q}: ${r.error.message}`);
  return r.query;
};

describe('filter terms', () => {
  it('"filter for" is an exact match on the value, whatever characters it holds', () => {
    for (const value of [
      'zeek.conn',
      'C:\\Windows\\System32\\cmd.exe',
      'say "hi" *now*',
      '10.0.0.0/8',
      'a:b (c)',
    ]) {
      expect(parsed(filterTerm({ field: 'process.name', value, negate: false }))).toEqual({
        kind: 'field',
        field: 'process.name',
        op: 'eq',
        value,
      });
    }
  });

  it('"filter out" negates it; numbers and booleans stay bare; a missing value means the field is absent', () => {
    expect(parsed(filterTerm({ field: 'user.name', value: 'svc', negate: true }))).toEqual({
      kind: 'not',
      child: { kind: 'field', field: 'user.name', op: 'eq', value: 'svc' },
    });
    expect(filterTerm({ field: 'destination.port', value: 443, negate: false })).toBe('destination.port:443');
    expect(filterTerm({ field: 'event.success', value: true, negate: false })).toBe('event.success:true');
    expect(parsed(filterTerm({ field: 'user.name', value: null, negate: false }))).toEqual({
      kind: 'not',
      child: { kind: 'field', field: 'user.name', op: 'exists', value: '' },
    });
  });
});

describe('the query of text and filters', () => {
  const ds: Filter = { field: 'event.dataset', value: 'zeek.conn', negate: false };
  const noSvc: Filter = { field: 'user.name', value: 'svc', negate: true };

  it('requires every filter besides the text, keeping an OR of the text together', () => {
    expect(composeQuery('', [])).toBe('');
    expect(composeQuery('', [ds])).toBe('event.dataset:"zeek.conn"');
    expect(composeQuery('*', [ds])).toBe('event.dataset:"zeek.conn"');
    const q = composeQuery('a OR b', [ds, noSvc]);
    expect(q).toBe('(a OR b) event.dataset:"zeek.conn" -user.name:"svc"');
    expect(parsed(q)).toMatchObject({
      kind: 'and',
      children: [{ kind: 'or' }, { kind: 'field' }, { kind: 'not' }],
    });
  });

  it('adding the same value again replaces it (so "exclude" flips an "add"); remove and invert', () => {
    let f = addFilter([], ds);
    f = addFilter(f, { ...ds, negate: true });
    expect(f).toEqual([{ ...ds, negate: true }]);
    f = addFilter(f, noSvc);
    expect(invertFilter(f, noSvc)).toEqual([
      { ...ds, negate: true },
      { ...noSvc, negate: false },
    ]);
    expect(removeFilter(f, ds)).toEqual([noSvc]);
  });

  it('round-trips through the URL and drops what is malformed', () => {
    const f = [ds, noSvc, { field: 'destination.port', value: 53, negate: false }];
    expect(decodeFilters(encodeFilters(f))).toEqual(f);
    expect(decodeFilters('not json')).toEqual([]);
    expect(decodeFilters('[["bad field!","x",0],["ok","y",1],[1,2]]')).toEqual([
      { field: 'ok', value: 'y', negate: true },
    ]);
  });
});
