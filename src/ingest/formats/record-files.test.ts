import { describe, expect, it } from 'vitest';
import { mayHoldRecords, splitRecords } from './record-files.ts';

const trail = (name: string) => ({ eventVersion: '1.09', eventSource: 'iam.amazonaws.com', eventName: name });
const azure = (op: string) => ({
  time: '2026-11-22T10:00:00Z',
  resourceId: '/tenants/t1/providers/Microsoft.aadiam',
  operationName: op,
  category: 'AuditLogs',
  properties: {},
});
const k8s = (verb: string) => ({
  kind: 'Event',
  apiVersion: 'audit.k8s.io/v1',
  auditID: `id-${verb}`,
  verb,
  stage: 'ResponseComplete',
});

describe('documents of many records are split into one JSON text per record', () => {
  it('a CloudTrail log file ({"Records":[...]})', () => {
    const out = splitRecords(JSON.stringify({ Records: [trail('CreateUser'), trail('DeleteUser')] }));
    expect(out.map((r) => JSON.parse(r).eventName)).toEqual(['CreateUser', 'DeleteUser']);
  });

  it('an Azure diagnostic settings envelope ({"records":[...]})', () => {
    const out = splitRecords(JSON.stringify({ records: [azure('Add user'), azure('Delete user')] }));
    expect(out.map((r) => JSON.parse(r).operationName)).toEqual(['Add user', 'Delete user']);
  });

  it('a Kubernetes audit EventList', () => {
    const list = { kind: 'EventList', apiVersion: 'audit.k8s.io/v1', items: [k8s('create'), k8s('delete')] };
    expect(splitRecords(JSON.stringify(list)).map((r) => JSON.parse(r).verb)).toEqual(['create', 'delete']);
  });

  it('an Okta event hook delivery', () => {
    const hook = {
      eventType: 'com.okta.event_hook',
      data: {
        events: [
          { uuid: 'a', eventType: 'user.session.start' },
          { uuid: 'b', eventType: 'user.session.end' },
        ],
      },
    };
    expect(splitRecords(JSON.stringify(hook)).map((r) => JSON.parse(r).uuid)).toEqual(['a', 'b']);
  });

  it('a JSON array of objects (API pages, content blobs), pretty-printed or not', () => {
    const text = JSON.stringify([{ a: 1 }, { a: 2 }], null, 2);
    expect(splitRecords(text).map((r) => JSON.parse(r).a)).toEqual([1, 2]);
  });
});

describe('anything else is returned whole, for the parser to judge', () => {
  it.each([
    ['one event', JSON.stringify(azure('Add user'))],
    ['an array of non-objects', '[1, 2, 3]'],
    ['an empty array', '[]'],
    ['broken JSON', '{"Records": [ {"eventName": '],
    ['a text line', '<13>Nov 22 10:00:00 host app: message'],
  ])('%s', (_, text) => {
    expect(splitRecords(text)).toEqual([text]);
  });

  it('only lines that open like an envelope are parsed to find out', () => {
    expect(mayHoldRecords('  [{"a":1}]')).toBe(true);
    expect(mayHoldRecords('{"records":[]}')).toBe(true);
    expect(mayHoldRecords('{"eventName":"x","eventSource":"y"}')).toBe(false);
    expect(mayHoldRecords('plain text')).toBe(false);
  });
});
