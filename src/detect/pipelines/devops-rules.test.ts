/**
 * `product: github, service: audit` and `product: bitbucket, service: audit` against events from
 * Vigil's real GitHub and Bitbucket parsers (called directly): every SigmaHQ rule of
 * rules/application/{github,bitbucket} compiles, each route holds exactly its product's events,
 * and representative rules fire on a record that should trip them and not on a near miss.
 * Skipped when the SigmaHQ corpus (../shared/corpus/sigma) is absent.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { VigilEvent } from '../../core/event.ts';
import { parseBitbucket } from '../../ingest/formats/bitbucket.ts';
import { parseGitHub } from '../../ingest/formats/github.ts';
import type { Parser } from '../../ingest/types.ts';
import { compileRules } from '../engine/compile.ts';
import { RuleSet } from '../engine/ruleset.ts';
import { loadSigmaDirectory } from '../sigma/load.ts';
import { evaluateCondition } from './condition.ts';
import { loadPipelines } from './load.ts';

const RULES = resolve(import.meta.dirname, '../../../../shared/corpus/sigma/rules/application');
const pipelines = loadPipelines();
const ctx = { received: Date.parse('2026-11-22T12:00:00Z'), assumeTimeZone: 'UTC' };

function parsed(parse: Parser, record: object): VigilEvent {
  const out = parse(JSON.stringify(record), ctx);
  if (!out.ok) throw new Error(`sample did not parse: ${out.reason}`);
  return out.event;
}

function routes(ev: VigilEvent): string[] {
  return pipelines.routes
    .filter((r) => evaluateCondition(r.when, ev))
    .map((r) => `${r.pipeline}/${r.id}`)
    .sort();
}

function compiledFolder(folder: string) {
  const loaded = loadSigmaDirectory(resolve(RULES, folder));
  return { loaded, ...compileRules(loaded.rules, pipelines, { placeholders: {} }) };
}

function titlesHit(set: RuleSet, ev: VigilEvent): string[] {
  return set
    .evaluate(ev)
    .hits.map((h) => h.rule.title)
    .sort();
}

/** An audit-log streaming entry (fields as GitHub's audit-log event reference lists them). */
function gh(action: string, extra: object = {}): object {
  return {
    '@timestamp': 1763799342123,
    _document_id: 'Zb8tR2c9Q1a0xK4mYq7w3g',
    action,
    actor: 'mallory-ops',
    actor_id: 90412237,
    actor_ip: '203.0.113.77',
    actor_location: { country_code: 'NL' },
    business: 'example-corp',
    created_at: 1763799342123,
    org: 'example-corp-eng',
    org_id: 118230541,
    request_id: 'C3A2:1F0B:9D2E4A:A1B3C5:6740F12E',
    user_agent: 'Mozilla/5.0 (X11; Linux x86_64) Gecko/20100101 Firefox/133.0',
    ...extra,
  };
}

/** A line of the Bitbucket Data Center audit log file. */
function bb(category: string, action: string, key: string): object {
  return {
    affectedObjects: [],
    auditType: {
      action,
      actionI18nKey: key,
      area: 'GLOBAL_CONFIG_AND_ADMINISTRATION',
      category,
      categoryI18nKey: 'bitbucket.service.audit.category.globaladministration',
      level: 'ADVANCED',
    },
    author: { id: '2', name: 'admin', type: 'NORMAL' },
    changedValues: [],
    extraAttributes: [],
    method: 'Browser',
    node: '8767044c-1b98-4d64-82db-ef29af8c3792',
    source: '198.51.100.23',
    system: 'https://bitbucket.example.com',
    timestamp: { epochSecond: 1763799342, nano: 313000000 },
    version: '1.0',
  };
}

describe.skipIf(!existsSync(RULES))(
  `SigmaHQ GitHub and Bitbucket rules (${RULES}; skipped when absent)`,
  () => {
    it('every rule of github/ and bitbucket/ compiles', () => {
      for (const folder of ['github', 'bitbucket']) {
        const { loaded, compiled, failed } = compiledFolder(folder);
        expect(loaded.rules.length, folder).toBeGreaterThanOrEqual(14);
        expect(failed.map((f) => `${f.file}: ${f.reason}`)).toEqual([]);
        expect(compiled.length).toBe(loaded.rules.length);
      }
    });

    it('each product routes only its own events', () => {
      expect(routes(parsed(parseGitHub, gh('repo.destroy')))).toEqual(['github/audit']);
      const bitbucket = parsed(parseBitbucket, bb('Security', 'Unauthorized access to a resource', 'k'));
      expect(routes(bitbucket)).toEqual(['bitbucket/audit']);
    });

    describe('GitHub rules', () => {
      const set = new RuleSet(compiledFolder('github').compiled);

      it.each([
        ['repo.destroy', 'Github Delete Action Invoked'],
        ['org.disable_two_factor_requirement', 'Github High Risk Configuration Disabled'],
        ['repository_vulnerability_alerts.disable', 'Outdated Dependency Or Vulnerability Alert Disabled'],
        ['org.add_member', 'New Github Organization Member Added'],
        ['secret_scanning_push_protection.bypass', 'Github Push Protection Bypass Detected'],
        ['repo.register_self_hosted_runner', 'Github Self Hosted Runner Changes Detected'],
        ['repo.pages_public', 'GitHub Repository Pages Site Changed to Public'],
      ])('%s trips "%s"', (action, title) => {
        expect(
          titlesHit(set, parsed(parseGitHub, gh(action, { repo: 'example-corp-eng/payments-api' }))),
        ).toEqual([title]);
      });

      it('near misses trip nothing', () => {
        // a repository created, not destroyed; runners listed, not changed; secret scanning enabled
        for (const action of ['repo.create', 'org.runner_group_runners_listed', 'secret_scanning.enable']) {
          expect(titlesHit(set, parsed(parseGitHub, gh(action))), action).toEqual([]);
        }
      });

      it('also fires on ECS JSON from Elastic’s GitHub integration (action in event.action)', () => {
        const ecs: VigilEvent = {
          'event.dataset': 'github.audit',
          'event.action': 'repo.destroy',
          'user.name': 'mallory-ops',
        };
        expect(titlesHit(set, ecs)).toEqual(['Github Delete Action Invoked']);
      });
    });

    describe('Bitbucket rules', () => {
      const set = new RuleSet(compiledFolder('bitbucket').compiled);
      const cases: ReadonlyArray<readonly [string, string, string, string]> = [
        [
          'Authentication',
          'User login failed',
          'bitbucket.service.user.audit.action.authenticationfailure',
          'Bitbucket User Login Failure',
        ],
        [
          'Permissions',
          'Global permission granted',
          'bitbucket.service.user.audit.action.globalpermissiongranted',
          'Bitbucket Global Permission Changed',
        ],
        [
          // the product writes "Audit Log", the rule "Audit log": values compare case-insensitively
          'Auditing',
          'Audit Log configuration updated',
          'atlassian.audit.event.action.audit.config.updated',
          'Bitbucket Audit Log Configuration Updated',
        ],
        [
          'Data pipeline',
          'Full data export triggered',
          'bitbucket.dataexport.audit.action.fullexporttriggered',
          'Bitbucket Full Data Export Triggered',
        ],
        [
          'Security',
          'Unauthorized access to a resource',
          'bitbucket.service.audit.action.unauthorizedaccess',
          'Bitbucket Unauthorized Access To A Resource',
        ],
      ];

      it.each(cases)('%s / %s trips "%s"', (category, action, key, title) => {
        expect(titlesHit(set, parsed(parseBitbucket, bb(category, action, key)))).toEqual([title]);
      });

      it('fires on an audit REST API entity too (type instead of auditType)', () => {
        const { auditType, timestamp, ...rest } = bb(
          'Authentication',
          'User login failed(SSH)',
          'bitbucket.service.user.audit.action.authenticationfailure.ssh',
        ) as { auditType: object; timestamp: object };
        const entity = { ...rest, type: auditType, timestamp: '2025-11-22T08:15:42.313Z' };
        expect(titlesHit(set, parsed(parseBitbucket, entity))).toEqual([
          'Bitbucket User Login Failure Via SSH',
        ]);
      });

      it('near misses trip nothing', () => {
        // a successful login; a permission action under another category; an export that is not full
        const misses = [
          bb(
            'Authentication',
            'User login succeeded',
            'bitbucket.service.user.audit.action.authenticationsuccess',
          ),
          bb('Repositories', 'Global permission granted', 'k'),
          bb('Data pipeline', 'Data export completed', 'k'),
        ];
        for (const m of misses) expect(titlesHit(set, parsed(parseBitbucket, m))).toEqual([]);
      });
    });
  },
);
