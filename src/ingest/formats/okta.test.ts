/**
 * Okta System Log LogEvents. Samples follow the LogEvent object of Okta's System Log API reference
 * (https://developer.okta.com/docs/reference/api/system-log/#logevent-object) and the records in
 * Elastic's okta integration tests (packages/okta/data_stream/system/_dev/test/pipeline): nulls
 * where Okta writes null, `debugData` values always strings, `securityContext.isProxy` a boolean.
 */
import { describe, expect, it } from 'vitest';
import type { VigilEvent } from '../../core/event.ts';
import type { ParseContext } from '../types.ts';
import { isOktaRecord, normalizeOkta, parseOkta, splitOktaBatch } from './okta.ts';

const ctx: ParseContext = { received: Date.UTC(2026, 2, 11, 12), assumeTimeZone: 'UTC' };

function ok(raw: string): VigilEvent {
  const out = parseOkta(raw, ctx);
  if (!out.ok) throw new Error(`expected an event, got: ${out.reason}`);
  return out.event;
}

/** A failed sign-in: Okta writes the typed user name as the actor even when it matches no user. */
const FAILED_LOGIN = {
  actor: {
    id: '00u1abvz4pYqdM8ms4x6',
    type: 'User',
    alternateId: 'dana.hale@acme.example',
    displayName: 'Dana Hale',
    detailEntry: null,
  },
  client: {
    userAgent: {
      rawUserAgent:
        'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36',
      os: 'Windows 10',
      browser: 'CHROME',
    },
    zone: 'null',
    device: 'Computer',
    id: null,
    ipAddress: '198.51.100.23',
    geographicalContext: {
      city: 'Frankfurt am Main',
      state: 'Hesse',
      country: 'Germany',
      postalCode: '60313',
      geolocation: { lat: 50.1188, lon: 8.6843 },
    },
  },
  device: null,
  authenticationContext: {
    authenticationProvider: null,
    credentialProvider: null,
    credentialType: null,
    issuer: null,
    interface: null,
    authenticationStep: 0,
    externalSessionId: 'unknown',
  },
  displayMessage: 'User login to Okta',
  eventType: 'user.session.start',
  outcome: { result: 'FAILURE', reason: 'INVALID_CREDENTIALS' },
  published: '2026-03-11T09:14:07.418Z',
  securityContext: {
    asNumber: 64496,
    asOrg: 'example transit',
    isp: 'example isp',
    domain: 'example.net',
    isProxy: false,
  },
  severity: 'WARN',
  debugContext: {
    debugData: {
      requestId: 'ZfLx3k1rWmHc7dXq0aBcDwAAAlo',
      requestUri: '/api/v1/authn',
      threatSuspected: 'false',
      url: '/api/v1/authn?',
    },
  },
  legacyEventType: 'core.user_auth.login_failed',
  transaction: { type: 'WEB', id: 'ZfLx3k1rWmHc7dXq0aBcDwAAAlo', detail: {} },
  uuid: '6f1c2e8a-df9b-11f0-a3c4-0b52d7e9f1a6',
  version: '0',
  request: {
    ipChain: [
      {
        ip: '198.51.100.23',
        geographicalContext: { city: 'Frankfurt am Main', country: 'Germany' },
        version: 'V4',
        source: null,
      },
    ],
  },
  target: null,
};

/** An admin creating a user: the new user is a target of type User. */
const USER_CREATED = {
  ...FAILED_LOGIN,
  actor: {
    id: '00u9adminXYZ1234567',
    type: 'User',
    alternateId: 'it.admin@acme.example',
    displayName: 'IT Admin',
    detailEntry: null,
  },
  displayMessage: 'Create Okta user',
  eventType: 'user.lifecycle.create',
  legacyEventType: 'core.user.config.user_creation.success',
  outcome: { result: 'SUCCESS', reason: null },
  severity: 'INFO',
  target: [
    {
      id: '00u7newuserABCDEFG8',
      type: 'User',
      alternateId: 'new.hire@acme.example',
      displayName: 'New Hire',
      detailEntry: null,
    },
  ],
};

/** A sign-on policy evaluation for the Admin Console, with Okta's behaviour detection results. */
const POLICY_EVALUATION = {
  ...FAILED_LOGIN,
  displayMessage: 'Evaluation of sign-on policy',
  eventType: 'policy.evaluate_sign_on',
  legacyEventType: null,
  outcome: { result: 'ALLOW', reason: 'Sign-on policy evaluation resulted in ALLOW' },
  severity: 'INFO',
  debugContext: {
    debugData: {
      behaviors:
        '{New Geo-Location=POSITIVE, New Device=POSITIVE, New IP=POSITIVE, New State=NEGATIVE, New Country=NEGATIVE, Velocity=NEGATIVE, New City=POSITIVE}',
      requestUri: '/app/okta_admin_console/sso/saml',
      threatSuspected: 'false',
    },
  },
  target: [
    {
      id: '0oa1admin8consoleXYZ',
      type: 'AppInstance',
      alternateId: 'Okta Admin Console',
      displayName: 'Okta Admin Console',
      detailEntry: null,
    },
    {
      id: 'rul1abc2def3ghi4jk5',
      type: 'Rule',
      alternateId: 'unknown',
      displayName: 'Catch-all Rule',
      detailEntry: null,
    },
  ],
};

describe('parseOkta: the ECS view of a LogEvent', () => {
  it('maps a failed sign-in: action, outcome, user, source, agent, time, id', () => {
    const ev = ok(JSON.stringify(FAILED_LOGIN));
    expect(ev).toMatchObject({
      '@timestamp': '2026-03-11T09:14:07.418Z',
      'vigil.format': 'okta',
      'event.kind': 'event',
      'event.module': 'okta',
      'event.dataset': 'okta.system',
      'event.action': 'user.session.start',
      'event.outcome': 'failure',
      'event.reason': 'INVALID_CREDENTIALS',
      'event.id': '6f1c2e8a-df9b-11f0-a3c4-0b52d7e9f1a6',
      'event.category': ['authentication'],
      'event.type': ['start'],
      message: 'User login to Okta',
      'log.level': 'warn',
      'user.name': 'dana.hale@acme.example',
      'user.id': '00u1abvz4pYqdM8ms4x6',
      'user.full_name': 'Dana Hale',
      'source.ip': '198.51.100.23',
      'source.geo.city_name': 'Frankfurt am Main',
      'source.geo.country_name': 'Germany',
      'source.as.number': 64496,
      'source.as.organization.name': 'example transit',
      'user_agent.original': FAILED_LOGIN.client.userAgent.rawUserAgent,
    });
  });

  it('keeps the whole record under okta.* with Okta names and value types', () => {
    const raw = JSON.stringify(FAILED_LOGIN);
    const ev = ok(raw);
    expect(ev).toMatchObject({
      'okta.eventType': 'user.session.start',
      'okta.legacyEventType': 'core.user_auth.login_failed',
      'okta.actor.alternateId': 'dana.hale@acme.example',
      'okta.outcome.reason': 'INVALID_CREDENTIALS',
      'okta.debugContext.debugData.requestUri': '/api/v1/authn',
      'okta.debugContext.debugData.threatSuspected': 'false',
      'okta.securityContext.isProxy': false,
      'okta.client.geographicalContext.geolocation.lat': 50.1188,
      'okta.target': null,
      'event.original': raw,
    });
    // a list of objects stays one JSON text, not split into fields
    expect(typeof ev['okta.request.ipChain']).toBe('string');
  });

  it('writes each target key as a list as well as the JSON text', () => {
    const ev = ok(JSON.stringify(POLICY_EVALUATION));
    expect(ev['okta.target.displayName']).toEqual(['Okta Admin Console', 'Catch-all Rule']);
    expect(ev['okta.target.type']).toEqual(['AppInstance', 'Rule']);
    expect(JSON.parse(String(ev['okta.target']))).toEqual(POLICY_EVALUATION.target);
    expect(ev['event.outcome']).toBe('success'); // ALLOW
  });

  it('names the affected user from a User target', () => {
    const ev = ok(JSON.stringify(USER_CREATED));
    expect(ev).toMatchObject({
      'user.name': 'it.admin@acme.example',
      'user.target.name': 'new.hire@acme.example',
      'user.target.id': '00u7newuserABCDEFG8',
      'event.category': ['iam'],
      'event.type': ['creation'],
    });
  });

  it('does not take an app acting for a user name', () => {
    const ev = ok(
      JSON.stringify({
        ...USER_CREATED,
        actor: { id: '0oa2clientABC', type: 'PublicClientApp', alternateId: 'Okta Admin Console' },
      }),
    );
    expect(ev['user.name']).toBeUndefined();
    expect(ev['okta.actor.alternateId']).toBe('Okta Admin Console');
  });

  it('says unknown for results that are neither success nor failure', () => {
    const ev = ok(JSON.stringify({ ...FAILED_LOGIN, outcome: { result: 'CHALLENGE', reason: null } }));
    expect(ev['event.outcome']).toBe('unknown');
  });

  it('falls back to the receive time when published is unreadable', () => {
    const ev = ok(JSON.stringify({ ...FAILED_LOGIN, published: 'yesterday' }));
    expect(ev['@timestamp']).toBe('2026-03-11T12:00:00.000Z');
  });
});

describe('rejections say what to do', () => {
  it('an event hook delivery must be split', () => {
    const hook = {
      eventType: 'com.okta.event_hook',
      eventTypeVersion: '1.0',
      cloudEventsVersion: '0.1',
      source: 'https://acme.okta.com/api/v1/eventHooks/whk1a2b3c4d5e6f7g8h9',
      eventId: 'b5a188b9-5ece-4636-b041-482ffda96311',
      data: { events: [FAILED_LOGIN, USER_CREATED] },
      eventTime: '2026-03-11T09:14:09.000Z',
      contentType: 'application/json',
    };
    const out = parseOkta(JSON.stringify(hook), ctx);
    expect(out.ok).toBe(false);
    if (!out.ok) expect(out.reason).toMatch(/event hook.*split/);
    expect(isOktaRecord(hook)).toBe(false);
    expect(splitOktaBatch(JSON.stringify(hook)).map((t) => JSON.parse(t).eventType)).toEqual([
      'user.session.start',
      'user.lifecycle.create',
    ]);
  });

  it('an object without eventType is not a LogEvent', () => {
    const out = normalizeOkta({ uuid: 'x', published: '2026-03-11T09:14:07.418Z' }, '{}', ctx);
    expect(out).toEqual({ ok: false, reason: expect.stringMatching(/no eventType/) });
  });
});

describe('splitOktaBatch', () => {
  it('splits the System Log API array into one text per LogEvent', () => {
    const parts = splitOktaBatch(JSON.stringify([FAILED_LOGIN, POLICY_EVALUATION]));
    expect(parts).toHaveLength(2);
    expect(ok(parts[1] ?? '')['event.action']).toBe('policy.evaluate_sign_on');
  });

  it('returns anything else as it is', () => {
    const one = JSON.stringify(FAILED_LOGIN);
    expect(splitOktaBatch(one)).toEqual([one]);
    expect(splitOktaBatch('[not json')).toEqual(['[not json']);
    expect(splitOktaBatch('[1,2]')).toEqual(['[1,2]']);
  });
});

describe('isOktaRecord', () => {
  it('claims LogEvents', () => {
    expect(isOktaRecord(FAILED_LOGIN)).toBe(true);
    expect(isOktaRecord(POLICY_EVALUATION)).toBe(true);
  });

  it('does not claim other sources that share a key', () => {
    // CloudTrail records also have eventType ("AwsApiCall"), but no published/uuid/actor
    const cloudTrail = {
      eventVersion: '1.09',
      eventTime: '2026-03-11T09:14:07Z',
      eventSource: 'iam.amazonaws.com',
      eventName: 'CreateUser',
      eventType: 'AwsApiCall',
      eventID: '3fcfb5c3-8b5e-4a7e-a1d2-6c0f1f5f9e21',
      userIdentity: { type: 'IAMUser', userName: 'alice' },
    };
    const ecs = {
      '@timestamp': '2026-03-11T09:14:07.418Z',
      event: { dataset: 'okta.system', action: 'user.session.start' },
      okta: { event_type: 'user.session.start', uuid: '6f1c2e8a' },
    };
    const github = { action: 'org.add_member', actor: 'octocat', '@timestamp': 1773220447418 };
    expect(isOktaRecord(cloudTrail)).toBe(false);
    expect(isOktaRecord(ecs)).toBe(false);
    expect(isOktaRecord(github)).toBe(false);
  });
});
