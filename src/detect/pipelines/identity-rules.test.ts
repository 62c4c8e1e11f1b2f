/**
 * SigmaHQ's Okta and OneLogin rules (identity/okta, identity/onelogin under the corpus beside the
 * project; skipped when absent) end to end: every rule compiles with the shipped pipelines, and
 * for representative rules a realistic record, parsed by our parser, trips the rule while a
 * near-miss record does not. Records are shaped like Okta's System Log LogEvents
 * (https://developer.okta.com/docs/reference/api/system-log/#logevent-object) and OneLogin's
 * Events API events (https://developers.onelogin.com/api-docs/1/events/event-resource).
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { VigilEvent } from '../../core/event.ts';
import { parseOkta } from '../../ingest/formats/okta.ts';
import { parseOneLogin } from '../../ingest/formats/onelogin.ts';
import type { ParseContext, Parser } from '../../ingest/types.ts';
import { compileRules } from '../engine/compile.ts';
import { RuleSet } from '../engine/ruleset.ts';
import { loadSigmaDirectory } from '../sigma/load.ts';
import { loadPipelines } from './index.ts';

const RULES = resolve(import.meta.dirname, '../../../../shared/corpus/sigma/rules/identity');
const ctx: ParseContext = { received: Date.UTC(2026, 2, 11, 12), assumeTimeZone: 'UTC' };

function compileFolder(name: string) {
  const loaded = loadSigmaDirectory(join(RULES, name));
  return {
    errors: loaded.errors,
    total: loaded.rules.length,
    ...compileRules(loaded.rules, loadPipelines(), { placeholders: {} }),
  };
}

function parsed(parse: Parser, record: object): VigilEvent {
  const out = parse(JSON.stringify(record), ctx);
  if (!out.ok) throw new Error(`expected an event, got: ${out.reason}`);
  return out.event;
}

/** A LogEvent as Okta writes it (nulls included), changed by `patch`. */
function logEvent(patch: Record<string, unknown>): Record<string, unknown> {
  return {
    uuid: '2c1f7e9a-df9b-11f0-8d1e-1b6a2f0c4d55',
    published: '2026-03-11T09:14:07.418Z',
    eventType: 'user.session.start',
    version: '0',
    severity: 'INFO',
    legacyEventType: 'core.user_auth.login_success',
    displayMessage: 'User login to Okta',
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
          'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36',
        os: 'Mac OS X',
        browser: 'CHROME',
      },
      zone: 'null',
      device: 'Computer',
      id: null,
      ipAddress: '198.51.100.23',
      geographicalContext: {
        city: 'Ashburn',
        state: 'Virginia',
        country: 'United States',
        postalCode: '20149',
      },
    },
    outcome: { result: 'SUCCESS', reason: null },
    target: null,
    transaction: { type: 'WEB', id: 'ZfLx3k1rWmHc7dXq0aBcDwAAAlo', detail: {} },
    debugContext: {
      debugData: {
        requestId: 'ZfLx3k1rWmHc7dXq0aBcDwAAAlo',
        requestUri: '/idp/idx/identify',
        threatSuspected: 'false',
        url: '/idp/idx/identify?',
      },
    },
    authenticationContext: {
      authenticationProvider: null,
      credentialProvider: null,
      credentialType: null,
      issuer: null,
      interface: null,
      authenticationStep: 0,
      externalSessionId: 'idxq3Jf0n0ZRkqHl9Cwa1bS2w',
    },
    securityContext: {
      asNumber: 64496,
      asOrg: 'example transit',
      isp: 'example isp',
      domain: null,
      isProxy: false,
    },
    request: { ipChain: [{ ip: '198.51.100.23', version: 'V4', source: null }] },
    ...patch,
  };
}

/** A OneLogin Events API event, changed by `patch`. */
function oneLoginEvent(patch: Record<string, unknown>): Record<string, unknown> {
  return {
    id: 81004691744,
    created_at: '2026-03-11T09:14:07.418Z',
    account_id: 192204,
    user_id: 138593517,
    event_type_id: 5,
    notes: null,
    ipaddr: '203.0.113.41',
    actor_user_id: 138593517,
    assuming_acting_user_id: null,
    actor_system: '',
    actor_user_name: 'Priya Raman',
    user_name: 'Priya Raman',
    app_name: null,
    error_description: null,
    ...patch,
  };
}

function titles(set: RuleSet, ev: VigilEvent): string[] {
  return set.evaluate(ev).hits.map((h) => h.rule.title);
}

describe.skipIf(!existsSync(RULES))(`SigmaHQ identity rules (${RULES}; skipped when absent)`, () => {
  describe('okta', () => {
    const { errors, total, compiled, failed } = compileFolder('okta');
    const set = new RuleSet(compiled);
    const okta = (patch: Record<string, unknown>) => titles(set, parsed(parseOkta, logEvent(patch)));

    it('compiles every rule', () => {
      expect(errors).toEqual([]);
      expect(failed).toEqual([]);
      expect(compiled.length).toBe(total);
      expect(total).toBeGreaterThanOrEqual(21);
    });

    it('an ordinary sign-in trips nothing', () => {
      expect(okta({})).toEqual([]);
    });

    it('eventType lists: an admin role granted to a group', () => {
      const grant = { eventType: 'group.privilege.grant', displayMessage: 'Grant group privilege' };
      expect(okta(grant)).toContain('Okta Admin Role Assigned to an User or Group');
      expect(okta({ ...grant, eventType: 'group.privilege.revoke' })).toEqual([]);
    });

    it('outcome fields: FastPass declining a phishing attempt', () => {
      const phish = {
        eventType: 'user.authentication.auth_via_mfa',
        displayMessage: 'Authentication of user via MFA',
        outcome: { result: 'FAILURE', reason: 'FastPass declined phishing attempt' },
      };
      expect(okta(phish)).toContain('Okta FastPass Phishing Detection');
      expect(okta({ ...phish, outcome: { result: 'FAILURE', reason: 'INVALID_CREDENTIALS' } })).toEqual([]);
    });

    it('target list and debugData: new behaviours on the Admin Console', () => {
      const target = [
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
      ];
      const debugData = (behaviors: string) => ({
        debugData: { behaviors, requestUri: '/app/okta_admin_console/sso/saml', threatSuspected: 'false' },
      });
      const evaluation = {
        eventType: 'policy.evaluate_sign_on',
        displayMessage: 'Evaluation of sign-on policy',
        outcome: { result: 'ALLOW', reason: 'Sign-on policy evaluation resulted in ALLOW' },
        target,
      };
      const newDevice =
        '{New Geo-Location=NEGATIVE, New Device=POSITIVE, New IP=POSITIVE, New State=NEGATIVE, New Country=NEGATIVE, Velocity=NEGATIVE, New City=NEGATIVE}';
      expect(okta({ ...evaluation, debugContext: debugData(newDevice) })).toContain(
        'Okta New Admin Console Behaviours',
      );
      const known = newDevice.replaceAll('POSITIVE', 'NEGATIVE');
      expect(okta({ ...evaluation, debugContext: debugData(known) })).toEqual([]);
      // the same behaviours for another app are not the Admin Console
      const otherApp = [{ ...target[0], displayName: 'Salesforce.com', alternateId: 'Salesforce.com' }];
      expect(okta({ ...evaluation, target: otherApp, debugContext: debugData(newDevice) })).toEqual([]);
    });

    it('a boolean isProxy matches the rules\' "true": a session through an anonymizing proxy', () => {
      const proxied = {
        securityContext: { asNumber: 9009, asOrg: 'm247 ltd', isp: 'm247', domain: null, isProxy: true },
      };
      expect(okta(proxied)).toEqual(['Okta User Session Start Via An Anonymising Proxy Service']);
      expect(okta({ securityContext: { isProxy: null } })).toEqual([]);
    });

    it('regex filter on actor.alternateId: a password typed as the user name', () => {
      const failed = {
        legacyEventType: 'core.user_auth.login_failed',
        outcome: { result: 'FAILURE', reason: 'VERIFICATION_ERROR' },
        actor: {
          id: 'unknown',
          type: 'User',
          alternateId: 'Summer2026!',
          displayName: 'unknown',
          detailEntry: null,
        },
      };
      expect(okta(failed)).toContain('Potential Okta Password in AlternateID Field');
      const typo = { ...failed, actor: { ...failed.actor, alternateId: 'dana.hale@acme.example' } };
      expect(okta(typo)).toEqual([]);
    });

    it('displayMessage: sign-in attempts exhausted', () => {
      const locked = { eventType: 'user.account.lock', displayMessage: 'Max sign in attempts exceeded' };
      expect(okta(locked)).toContain('Okta User Account Locked Out');
      expect(okta({ ...locked, displayMessage: 'User account unlocked' })).toEqual([]);
    });

    it('routes only Okta events: the same values in a generic JSON event trip nothing', () => {
      const ev = parsed(parseOkta, logEvent({ eventType: 'user.lifecycle.create' }));
      expect(titles(set, ev)).toEqual(['New Okta User Created']);
      expect(titles(set, { ...ev, 'event.dataset': 'json', 'vigil.format': 'json' })).toEqual([]);
    });
  });

  describe('onelogin', () => {
    const { errors, total, compiled, failed } = compileFolder('onelogin');
    const set = new RuleSet(compiled);
    const onelogin = (patch: Record<string, unknown>) =>
      titles(set, parsed(parseOneLogin, oneLoginEvent(patch)));

    it('compiles every rule', () => {
      expect(errors).toEqual([]);
      expect(failed).toEqual([]);
      expect(compiled.length).toBe(total);
      expect(total).toBeGreaterThanOrEqual(2);
    });

    it('numeric event_type_id: an admin assuming a user, an account locked via the API', () => {
      expect(onelogin({ event_type_id: 3, actor_user_name: 'IT Admin', actor_user_id: 7777777 })).toEqual([
        'OneLogin User Assumed Another User',
      ]);
      expect(onelogin({ event_type_id: 532 })).toEqual(['OneLogin User Account Locked']);
      expect(onelogin({ event_type_id: 551 })).toEqual(['OneLogin User Account Locked']);
      expect(onelogin({ event_type_id: 5 })).toEqual([]);
      expect(onelogin({ event_type_id: 33 })).toEqual([]);
    });

    it('a broadcaster record in its wrapper trips the same rule', () => {
      const wrapped = {
        event: {
          ...oneLoginEvent({ event_type_id: 553 }),
          uuid: '9d224e9b-df65-4328-ac4d-ac4a36c0fbd9',
          event_timestamp: '2026-03-11 14:44:07+0530',
        },
      };
      expect(titles(set, parsed(parseOneLogin, wrapped))).toEqual(['OneLogin User Account Locked']);
    });
  });
});
