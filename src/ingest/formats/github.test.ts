import { describe, expect, it } from 'vitest';
import type { VigilEvent } from '../../core/event.ts';
import type { ParseContext } from '../types.ts';
import { isGitHubRecord, normalizeGitHub, parseGitHub } from './github.ts';

const ctx: ParseContext = { received: Date.UTC(2026, 10, 22, 12), assumeTimeZone: 'UTC' };

function ok(raw: string): VigilEvent {
  const out = parseGitHub(raw, ctx);
  if (!out.ok) throw new Error(`expected an event, got: ${out.reason}`);
  return out.event;
}

// Samples shaped like audit-log streaming / REST audit-log entries. Field sets per action from
// "Audit log events for your enterprise" (docs.github.com/en/enterprise-cloud@latest/admin/
// monitoring-activity-in-your-enterprise/reviewing-audit-logs-for-your-enterprise/
// audit-log-events-for-your-enterprise) and the REST example (`@timestamp`/`created_at` in ms).
const REPO_DESTROY = {
  '@timestamp': 1763799342123,
  _document_id: 'Zb8tR2c9Q1a0xK4mYq7w3g',
  action: 'repo.destroy',
  actor: 'mallory-ops',
  actor_id: 90412237,
  actor_ip: '203.0.113.77',
  actor_is_bot: false,
  actor_location: { country_code: 'NL' },
  business: 'example-corp',
  business_id: 4821,
  created_at: 1763799342123,
  operation_type: 'remove',
  org: 'example-corp-eng',
  org_id: 118230541,
  repo: 'example-corp-eng/payments-api',
  repo_id: 702114593,
  request_id: 'C3A2:1F0B:9D2E4A:A1B3C5:6740F12E',
  user_agent:
    'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_6) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36',
  visibility: 'private',
};

const ORG_ADD_MEMBER = {
  '@timestamp': 1763799400456,
  _document_id: 'p0XJ3tN5S5KQ2bYc1m8v4A',
  action: 'org.add_member',
  actor: 'octo-admin',
  actor_id: 5523,
  actor_location: { country_code: 'US' },
  created_at: 1763799400456,
  operation_type: 'create',
  org: 'example-corp-eng',
  org_id: 118230541,
  permission: 'read',
  user: 'new-contractor',
  user_id: 77120045,
};

const PUSH_PROTECTION_BYPASS = {
  '@timestamp': 1763799500789,
  _document_id: 'u7Kc0P2bTzq8Yf3eA9sL1w',
  action: 'secret_scanning_push_protection.bypass',
  actor: 'dev-jane',
  actor_id: 3312090,
  created_at: 1763799500789,
  operation_type: 'modify',
  org: 'example-corp-eng',
  repo: 'example-corp-eng/infra-live',
  reason: 'false_positive',
  token_type: 'aws_access_key_id',
};

describe('parseGitHub', () => {
  it('repo.destroy from audit-log streaming', () => {
    const raw = JSON.stringify(REPO_DESTROY);
    expect(ok(raw)).toMatchObject({
      '@timestamp': '2025-11-22T08:15:42.123Z',
      'event.original': raw,
      'vigil.format': 'github',
      'event.kind': 'event',
      'event.module': 'github',
      'event.dataset': 'github.audit',
      'event.action': 'repo.destroy',
      'event.id': 'Zb8tR2c9Q1a0xK4mYq7w3g',
      'event.category': ['configuration'],
      'event.type': ['deletion'],
      'user.name': 'mallory-ops',
      'user.id': '90412237',
      'source.ip': '203.0.113.77',
      'source.geo.country_iso_code': 'NL',
      'user_agent.original': REPO_DESTROY.user_agent,
      'organization.name': 'example-corp-eng',
      'organization.id': '118230541',
    });
  });

  it('keeps the whole entry under github.<name> with GitHub names', () => {
    const ev = ok(JSON.stringify(REPO_DESTROY));
    expect(ev).toMatchObject({
      'github.action': 'repo.destroy',
      'github.actor': 'mallory-ops',
      'github.actor_ip': '203.0.113.77',
      'github.actor_location.country_code': 'NL',
      'github.repo': 'example-corp-eng/payments-api',
      'github.operation_type': 'remove',
      'github.actor_is_bot': false,
      'github.@timestamp': 1763799342123,
    });
  });

  it('org.add_member: the user acted on is user.target, and the event is iam', () => {
    expect(ok(JSON.stringify(ORG_ADD_MEMBER))).toMatchObject({
      'event.category': ['iam', 'configuration'],
      'event.type': ['creation'],
      'user.name': 'octo-admin',
      'user.target.name': 'new-contractor',
      'user.target.id': '77120045',
      'source.geo.country_iso_code': 'US',
    });
  });

  it('takes event.type from operation_type before the verb', () => {
    const ev = ok(JSON.stringify(PUSH_PROTECTION_BYPASS));
    expect(ev['event.type']).toEqual(['change']);
    expect(ev['source.ip']).toBeUndefined();
  });

  it('derives event.type from the verb when operation_type is absent (older API entries)', () => {
    const remove = {
      actor: 'a',
      org: 'o',
      created_at: 1611611822014,
      action: 'org.remove_self_hosted_runner',
    };
    const added = {
      actor: 'a',
      org: 'o',
      created_at: 1611611822014,
      action: 'org.runner_group_runners_added',
    };
    const disabled = {
      actor: 'a',
      org: 'o',
      created_at: 1611611822014,
      action: 'repo.advanced_security_disabled',
    };
    expect(ok(JSON.stringify(remove))['event.type']).toEqual(['deletion']);
    expect(ok(JSON.stringify(added))['event.type']).toEqual(['creation']);
    expect(ok(JSON.stringify(disabled))['event.type']).toEqual(['change']);
  });

  it('reads created_at when there is no @timestamp (organization API export)', () => {
    const raw =
      '{"actor":"github-actor","org":"Example-Org","created_at":1583364382722,"action":"org.invite_member",' +
      '"actor_location":{"country_code":"US"},"user":"github-user"}';
    expect(ok(raw)['@timestamp']).toBe('2020-03-04T23:26:22.722Z');
  });

  it('sign-in actions are authentication events with an outcome', () => {
    const failed = { ...REPO_DESTROY, action: 'user.failed_login', operation_type: 'authentication' };
    expect(ok(JSON.stringify(failed))).toMatchObject({
      'event.category': ['authentication'],
      'event.type': ['start'],
      'event.outcome': 'failure',
    });
  });

  it('an actor_ip that is not an address is kept only under github.', () => {
    const ev = ok(JSON.stringify({ ...REPO_DESTROY, actor_ip: '' }));
    expect(ev['source.ip']).toBeUndefined();
  });

  it('falls back to the receive time when the entry has no readable time', () => {
    const ev = ok(JSON.stringify({ ...ORG_ADD_MEMBER, '@timestamp': 'soon', created_at: 'later' }));
    expect(ev['@timestamp']).toBe('2026-11-22T12:00:00.000Z');
  });

  it('rejects an object without a dotted action, with a reason', () => {
    const out = normalizeGitHub({ actor: 'x', created_at: 1 }, '{}', ctx);
    expect(out.ok).toBe(false);
    if (!out.ok) expect(out.reason).toMatch(/"action"/);
    expect(parseGitHub('[1]', ctx).ok).toBe(false);
  });
});

describe('isGitHubRecord', () => {
  it('claims audit-log entries', () => {
    expect(isGitHubRecord(REPO_DESTROY)).toBe(true);
    expect(isGitHubRecord(ORG_ADD_MEMBER)).toBe(true);
    // an organization API export entry without _document_id
    const exported = {
      actor: 'github-actor',
      created_at: 1619474375960,
      action: 'pull_request.merge',
      actor_location: { country_code: 'US' },
    };
    expect(isGitHubRecord(exported)).toBe(true);
  });

  it('does not claim an app log that only shares the action style', () => {
    expect(isGitHubRecord({ action: 'user.login', actor: 'bob', created_at: 1763799342123 })).toBe(false);
  });

  it('does not claim other providers or ECS JSON', () => {
    // CloudTrail
    expect(
      isGitHubRecord({ eventName: 'CreateUser', eventSource: 'iam.amazonaws.com', awsRegion: 'us-east-1' }),
    ).toBe(false);
    // Okta System Log: object actor, eventType
    expect(
      isGitHubRecord({
        actor: { id: '00u1', type: 'User' },
        eventType: 'user.session.start',
        published: '2026-11-22T08:00:00.000Z',
      }),
    ).toBe(false);
    // ECS JSON from Elastic's GitHub integration: string @timestamp, action under event
    expect(
      isGitHubRecord({
        '@timestamp': '2026-11-22T08:00:00.000Z',
        event: { action: 'repo.create', dataset: 'github.audit' },
        user: { name: 'octocat' },
      }),
    ).toBe(false);
    // an app log whose action is a sentence
    expect(isGitHubRecord({ action: 'User logged in', actor: 'bob', created_at: 1763799342123 })).toBe(false);
    // Bitbucket / Atlassian audit entries
    expect(
      isGitHubRecord({
        auditType: { action: 'User login failed', category: 'Authentication' },
        author: { name: 'bob' },
        timestamp: { epochSecond: 1763799342, nano: 0 },
      }),
    ).toBe(false);
  });
});
