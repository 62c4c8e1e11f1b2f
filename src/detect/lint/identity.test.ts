import { describe, expect, it } from 'vitest';
import { parseForLint } from './documents.ts';
import { checkIdentity } from './identity.ts';
import { brief, rule } from './lint.fixture.ts';

const docs = (...files: [string, string][]) =>
  files.flatMap(([file, text]) => parseForLint(text, file).documents);

describe('identity checks across the set', () => {
  it('reports a repeated id on the later document, naming the first', () => {
    const f = checkIdentity(docs(['a.yml', rule()], ['b.yml', rule().replace('Whoami Execution', 'Copy')]));
    expect(f.map((x) => `${x.file} ${x.line}:${x.column} ${x.code}`)).toEqual([
      'b.yml 2:5 sigma/duplicate-id',
    ]);
    expect(f[0]?.message).toBe(
      'id 929a690e-bef0-4204-a928-ef5e620d6fcc is also the id of a.yml:1 (Whoami Execution)',
    );
    expect(f[0]?.severity).toBe('error');
  });

  it('finds nothing when ids and names differ', () => {
    const other = rule().replace(
      '929a690e-bef0-4204-a928-ef5e620d6fcc',
      '08fbc97d-0a2f-491c-ae21-8ffcfd3174e9',
    );
    expect(checkIdentity(docs(['a.yml', rule({ head: 'name: a' })], ['b.yml', other]))).toEqual([]);
  });

  it('reports repeated names, and documents of one file', () => {
    const two = `${rule({ head: 'name: whoami' })}---\n${rule({ head: 'name: whoami' }).replace('929a690e', '929a690f')}`;
    expect(brief(checkIdentity(docs(['a.yml', two])))).toEqual(['21:7 sigma/duplicate-name']);
  });

  it('warns when a correlation names a rule that is not in the set', () => {
    const corr = `title: Many whoami
id: 5b1a3c2d-0e4f-4a6b-8c7d-9e0f1a2b3c4d
correlation:
  type: event_count
  rules:
    - whoami
    - missing-rule
  group-by: [User]
  timespan: 5m
  condition: {gte: 3}
`;
    const f = checkIdentity(docs(['a.yml', rule({ head: 'name: whoami' })], ['c.yml', corr]));
    expect(f.map((x) => `${x.file} ${x.line}:${x.column} ${x.code}`)).toEqual([
      'c.yml 7:7 sigma/unknown-rule-reference',
    ]);
  });
});
