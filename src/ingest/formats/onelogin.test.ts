/**
 * OneLogin events. Samples follow the Event object of OneLogin's Events API
 * (https://developers.onelogin.com/api-docs/1/events/event-resource: `id`, `created_at`,
 * `account_id`, `event_type_id`, ... with null for what does not apply) and the event
 * broadcaster's SIEM (NDJSON) records as Sumo Logic's OneLogin app documents them
 * (`{"event": {..., "uuid", "event_timestamp": "2026-06-02 10:40:17+0530"}}`).
 */
import { describe, expect, it } from 'vitest';
import type { VigilEvent } from '../../core/event.ts';
import type { ParseContext } from '../types.ts';
import { isOneLoginRecord, normalizeOneLogin, parseOneLogin } from './onelogin.ts';

const ctx: ParseContext = { received: Date.UTC(2026, 5, 2, 12), assumeTimeZone: 'UTC' };

function ok(raw: string): VigilEvent {
  const out = parseOneLogin(raw, ctx);
  if (!out.ok) throw new Error(`expected an event, got: ${out.reason}`);
  return out.event;
}

/** Events API: a user signing in to OneLogin (event type 5). */
const API_LOGIN = {
  id: 81004691744,
  created_at: '2026-06-01T13:12:06.437Z',
  account_id: 192204,
  user_id: 138593517,
  event_type_id: 5,
  notes: null,
  ipaddr: '203.0.113.41',
  actor_user_id: 138593517,
  assuming_acting_user_id: null,
  role_id: null,
  app_id: null,
  group_id: null,
  otp_device_id: null,
  policy_id: null,
  actor_system: '',
  custom_message: null,
  role_name: null,
  app_name: null,
  group_name: null,
  actor_user_name: 'Priya Raman',
  user_name: 'Priya Raman',
  policy_name: null,
  otp_device_name: null,
  operation_name: null,
  directory_sync_run_id: null,
  directory_id: null,
  resolution: null,
  client_id: null,
  resource_type_id: null,
  error_description: null,
};

/** Broadcaster (SIEM NDJSON): a provisioning error for an app (event type 64, not in our table). */
const BROADCAST_PROVISIONING = {
  event: {
    resource_type_id: null,
    user_name: 'Benjamin Collak',
    account_id: 22348,
    app_id: 367304,
    login_id: 109322310,
    ipaddr: null,
    actor_user_id: null,
    notes: null,
    proxy_ip: null,
    actor_user_name: 'OneLogin::Provisioning',
    user_id: 31810542,
    error_description: 'team_license_limit',
    uuid: '9d224e9b-df65-4328-ac4d-ac4a36c0fbd9',
    event_type_id: 64,
    login_name: '109322310',
    event_timestamp: '2026-06-02 10:40:17+0530',
    actor_system: 'OneLogin::Provisioning',
    app_name: 'Dropbox',
    risk_score: null,
  },
};

describe('parseOneLogin: the ECS view of an event', () => {
  it('maps an Events API sign-in', () => {
    const ev = ok(JSON.stringify(API_LOGIN));
    expect(ev).toMatchObject({
      '@timestamp': '2026-06-01T13:12:06.437Z',
      'vigil.format': 'onelogin',
      'event.kind': 'event',
      'event.module': 'onelogin',
      'event.dataset': 'onelogin.events',
      'event.code': '5',
      'event.action': 'user-logged-in',
      'event.category': ['authentication'],
      'event.outcome': 'success',
      'event.id': '81004691744',
      'user.name': 'Priya Raman',
      'user.id': '138593517',
      'organization.id': '192204',
      'source.ip': '203.0.113.41',
    });
  });

  it('keeps the event under onelogin.* with its own names and a numeric event_type_id', () => {
    const ev = ok(JSON.stringify(API_LOGIN));
    expect(ev).toMatchObject({
      'onelogin.event_type_id': 5,
      'onelogin.actor_user_name': 'Priya Raman',
      'onelogin.ipaddr': '203.0.113.41',
      'onelogin.app_name': null,
    });
  });

  it('takes a broadcaster record out of its wrapper and reads its offset time', () => {
    const ev = ok(JSON.stringify(BROADCAST_PROVISIONING));
    expect(ev).toMatchObject({
      '@timestamp': '2026-06-02T05:10:17.000Z',
      'event.id': '9d224e9b-df65-4328-ac4d-ac4a36c0fbd9',
      'event.code': '64',
      'onelogin.event_type_id': 64,
      'onelogin.app_name': 'Dropbox',
      'error.message': 'team_license_limit',
      'user.name': 'Benjamin Collak',
    });
    expect(ev['event.action']).toBeUndefined(); // 64 is not one we name
    expect(ev['onelogin.event.event_type_id']).toBeUndefined();
    expect(ev['source.ip']).toBeUndefined(); // ipaddr null
  });

  it('marks the failed-authentication type as a failure', () => {
    const ev = ok(JSON.stringify({ ...API_LOGIN, event_type_id: 6, notes: 'Invalid password' }));
    expect(ev).toMatchObject({ 'event.outcome': 'failure', message: 'Invalid password' });
  });
});

describe('rejections say what to do', () => {
  it('an Events API page must be split into its data elements', () => {
    const page = {
      status: { type: 'success', message: 'Success', code: 200, error: false },
      pagination: { before_cursor: null, after_cursor: 'cGFnZV9udW1iZXI6Ojoy' },
      data: [API_LOGIN],
    };
    const out = parseOneLogin(JSON.stringify(page), ctx);
    expect(out.ok).toBe(false);
    if (!out.ok) expect(out.reason).toMatch(/each element of data/);
    expect(isOneLoginRecord(page)).toBe(false);
  });

  it('an object without event_type_id is not a OneLogin event', () => {
    const out = normalizeOneLogin({ account_id: 1, created_at: '2026-06-01T13:12:06.437Z' }, '{}', ctx);
    expect(out).toEqual({ ok: false, reason: expect.stringMatching(/event_type_id/) });
  });
});

describe('isOneLoginRecord', () => {
  it('claims API and broadcaster events', () => {
    expect(isOneLoginRecord(API_LOGIN)).toBe(true);
    expect(isOneLoginRecord(BROADCAST_PROVISIONING)).toBe(true);
  });

  it('does not claim ECS JSON, Okta or CloudTrail records', () => {
    const ecs = { '@timestamp': '2026-06-01T13:12:06.437Z', event: { kind: 'event', code: '5' } };
    const okta = {
      uuid: 'u',
      published: '2026-06-01T13:12:06.437Z',
      eventType: 'user.session.start',
      actor: {},
    };
    const cloudTrail = {
      eventName: 'ConsoleLogin',
      eventSource: 'signin.amazonaws.com',
      awsRegion: 'us-east-1',
    };
    expect(isOneLoginRecord(ecs)).toBe(false);
    expect(isOneLoginRecord(okta)).toBe(false);
    expect(isOneLoginRecord(cloudTrail)).toBe(false);
    // the id alone is not enough: a record needs the account and a time too
    expect(isOneLoginRecord({ event_type_id: 5 })).toBe(false);
  });
});
