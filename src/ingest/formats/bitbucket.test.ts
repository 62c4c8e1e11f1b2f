import { describe, expect, it } from 'vitest';
import type { VigilEvent } from '../../core/event.ts';
import type { ParseContext } from '../types.ts';
import { isBitbucketRecord, normalizeBitbucket, parseBitbucket } from './bitbucket.ts';

const ctx: ParseContext = { received: Date.UTC(2026, 10, 22, 12), assumeTimeZone: 'UTC' };

function ok(raw: string): VigilEvent {
  const out = parseBitbucket(raw, ctx);
  if (!out.ok) throw new Error(`expected an event, got: ${out.reason}`);
  return out.event;
}

// Lines of a Bitbucket Data Center audit log file (<home>/log/audit/*.audit.log), shaped like
// the samples of Elastic's atlassian_bitbucket integration (data_stream/audit/_dev/test/pipeline/
// test-audit-files.log) and Atlassian's "Audit log integrations in Bitbucket" page.
const PERMISSION_GRANTED = {
  affectedObjects: [{ id: '52', name: 'j.doe', type: 'USER' }],
  auditType: {
    action: 'Global permission granted',
    actionI18nKey: 'bitbucket.service.user.audit.action.globalpermissiongranted',
    area: 'PERMISSIONS',
    category: 'Permissions',
    categoryI18nKey: 'bitbucket.service.audit.category.permissions',
    level: 'BASE',
  },
  author: { id: '2', name: 'admin', type: 'NORMAL' },
  changedValues: [],
  extraAttributes: [
    {
      name: 'Permission',
      nameI18nKey: 'bitbucket.service.user.audit.attribute.permission.permission',
      value: 'SYS_ADMIN',
    },
    { name: 'target', nameI18nKey: 'bitbucket.audit.attribute.legacy.target', value: 'Global' },
  ],
  method: 'Browser',
  node: '8767044c-1b98-4d64-82db-ef29af8c3792',
  source: '10.100.100.2',
  system: 'https://bitbucket.example.com',
  timestamp: { epochSecond: 1763799342, nano: 313000000 },
  version: '1.0',
};

const LOGIN_FAILED = {
  affectedObjects: [{ id: '52', name: 'j.doe', type: 'USER' }],
  auditType: {
    action: 'User login failed',
    actionI18nKey: 'bitbucket.service.user.audit.action.authenticationfailure',
    area: 'SECURITY',
    category: 'Authentication',
    categoryI18nKey: 'bitbucket.service.audit.category.authentication',
    level: 'ADVANCED',
  },
  author: { id: '-2', name: 'Anonymous', type: 'user' },
  changedValues: [],
  extraAttributes: [
    { name: 'Authentication method', nameI18nKey: 'bitbucket.audit.attribute.authmethod', value: 'form' },
  ],
  method: 'Browser',
  node: '8767044c-1b98-4d64-82db-ef29af8c3792',
  source: '198.51.100.23, 10.0.0.4',
  system: 'https://bitbucket.example.com',
  timestamp: { epochSecond: 1763799400, nano: 19000000 },
  version: '1.0',
};

// An entity of the audit REST API (/rest/auditing/1.0/events): `type`, ISO `timestamp`.
const API_USER_DELETED = {
  timestamp: '2021-11-27T17:38:58.087Z',
  author: { name: 'admin', type: 'NORMAL', id: '2', uri: 'http://bitbucket.internal:7990/users/admin' },
  type: {
    categoryI18nKey: 'bitbucket.service.audit.category.usersandgroups',
    category: 'Users and groups',
    actionI18nKey: 'bitbucket.service.user.audit.action.userdeleted',
    action: 'User deleted',
  },
  affectedObjects: [{ name: 'test.user', type: 'USER' }],
  changedValues: [],
  source: '10.50.73.5',
  system: 'http://bitbucket.internal:7990',
  node: '8767044c-1b98-4d64-82db-ef29af8c3792',
  method: 'Browser',
  extraAttributes: [],
};

describe('parseBitbucket', () => {
  it('an audit log file line', () => {
    const raw = JSON.stringify(PERMISSION_GRANTED);
    expect(ok(raw)).toMatchObject({
      '@timestamp': '2025-11-22T08:15:42.313Z',
      'event.original': raw,
      'vigil.format': 'bitbucket',
      'event.kind': 'event',
      'event.module': 'bitbucket',
      'event.dataset': 'bitbucket.audit',
      'event.action': 'bitbucket.service.user.audit.action.globalpermissiongranted',
      'event.category': ['iam'],
      'event.type': ['change'],
      'user.name': 'admin',
      'user.id': '2',
      'user.target.name': 'j.doe',
      'user.target.id': '52',
      'source.ip': '10.100.100.2',
      'service.address': 'https://bitbucket.example.com',
      'service.node.name': '8767044c-1b98-4d64-82db-ef29af8c3792',
    });
  });

  it('keeps the whole entry under bitbucket.<name>; lists of objects as JSON text', () => {
    const ev = ok(JSON.stringify(PERMISSION_GRANTED));
    expect(ev).toMatchObject({
      'bitbucket.auditType.action': 'Global permission granted',
      'bitbucket.auditType.category': 'Permissions',
      'bitbucket.auditType.level': 'BASE',
      'bitbucket.author.name': 'admin',
      'bitbucket.method': 'Browser',
      'bitbucket.timestamp.epochSecond': 1763799342,
    });
    expect(JSON.parse(String(ev['bitbucket.extraAttributes']))[0].value).toBe('SYS_ADMIN');
  });

  it('a failed login is a failed authentication start; the client is the first address', () => {
    expect(ok(JSON.stringify(LOGIN_FAILED))).toMatchObject({
      '@timestamp': '2025-11-22T08:16:40.019Z',
      'event.category': ['authentication'],
      'event.type': ['start'],
      'event.outcome': 'failure',
      'user.name': 'Anonymous',
      'source.ip': '198.51.100.23',
    });
  });

  it('a REST API entity: type under bitbucket.type, ISO timestamp', () => {
    expect(ok(JSON.stringify(API_USER_DELETED))).toMatchObject({
      '@timestamp': '2021-11-27T17:38:58.087Z',
      'bitbucket.type.action': 'User deleted',
      'bitbucket.type.category': 'Users and groups',
      'event.action': 'bitbucket.service.user.audit.action.userdeleted',
      'event.category': ['iam'],
      'event.type': ['deletion'],
      'user.target.name': 'test.user',
    });
  });

  it('a source with a port gives the address; a non-address is source.address', () => {
    expect(ok(JSON.stringify({ ...PERMISSION_GRANTED, source: '10.1.2.3:51234' }))['source.ip']).toBe(
      '10.1.2.3',
    );
    const ev = ok(JSON.stringify({ ...PERMISSION_GRANTED, source: 'lb.internal' }));
    expect(ev['source.ip']).toBeUndefined();
    expect(ev['source.address']).toBe('lb.internal');
  });

  it('falls back to the receive time when the timestamp is unreadable', () => {
    const ev = ok(JSON.stringify({ ...PERMISSION_GRANTED, timestamp: { epochSecond: 'x' } }));
    expect(ev['@timestamp']).toBe('2026-11-22T12:00:00.000Z');
  });

  it('rejects a whole REST API page, and objects without an audit type, with reasons', () => {
    const page = normalizeBitbucket({ entities: [API_USER_DELETED], pagingInfo: {} }, '{}', ctx);
    expect(page.ok).toBe(false);
    if (!page.ok) expect(page.reason).toMatch(/entities/);
    const other = normalizeBitbucket({ author: { name: 'x' } }, '{}', ctx);
    expect(other.ok).toBe(false);
    if (!other.ok) expect(other.reason).toMatch(/auditType/);
  });
});

describe('isBitbucketRecord', () => {
  it('claims file lines and REST API entities', () => {
    expect(isBitbucketRecord(PERMISSION_GRANTED)).toBe(true);
    expect(isBitbucketRecord(LOGIN_FAILED)).toBe(true);
    expect(isBitbucketRecord(API_USER_DELETED)).toBe(true);
  });

  it('does not claim Jira or Confluence entries of the same format', () => {
    const jira = {
      ...PERMISSION_GRANTED,
      auditType: {
        action: 'Group created',
        actionI18nKey: 'jira.auditing.group.created',
        area: 'USER_MANAGEMENT',
        category: 'group management',
        categoryI18nKey: 'jira.auditing.category.groupmanagement',
        level: 'BASE',
      },
    };
    expect(isBitbucketRecord(jira)).toBe(false);
  });

  it('does not claim other providers', () => {
    expect(isBitbucketRecord({ action: 'repo.create', actor: 'octocat', created_at: 1583763373109 })).toBe(
      false,
    );
    expect(
      isBitbucketRecord({
        eventName: 'ConsoleLogin',
        eventSource: 'signin.amazonaws.com',
        awsRegion: 'us-east-1',
      }),
    ).toBe(false);
    // Kubernetes audit: `kind`, `verb`, no audit type object
    expect(
      isBitbucketRecord({ kind: 'Event', apiVersion: 'audit.k8s.io/v1', verb: 'create', auditID: 'a' }),
    ).toBe(false);
    // an audit type without an author or a timestamp
    expect(isBitbucketRecord({ type: { action: 'x', category: 'y' } })).toBe(false);
  });
});
