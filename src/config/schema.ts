/**
 * The one configuration schema of Vigil. Every setting lives here, with its default; the loader
 * (`load.ts`) merges a YAML file and `VIGIL_*` environment variables over these defaults.
 */
import { z } from 'zod';
import { FORMATS } from '../core/event.ts';

const port = z.number().int().min(0).max(65535);
const bytes = z.number().int().positive();
/** What Sigma's `expand` reads between the % signs (`\w+`, as pySigma and `detect/sigma/values.ts`). */
const PLACEHOLDER_NAME = /^\w+$/;

const tlsFiles = z
  .object({
    certFile: z.string().min(1).describe('PEM certificate chain file'),
    keyFile: z.string().min(1).describe('PEM private key file'),
    caFile: z.string().min(1).optional().describe('PEM CA bundle for client certificates'),
    keyPassphrase: z
      .string()
      .optional()
      .describe('passphrase of the key file (secret; `secret:<name>` reads a stored secret)'),
  })
  .strict();

/** Single sign-on with an OpenID Connect provider (authorization code flow with PKCE). */
const oidcSchema = z
  .object({
    enabled: z.boolean().default(false).describe('offer single sign-on with an OpenID Connect provider'),
    issuer: z
      .string()
      .url()
      .optional()
      .describe(
        "the provider's issuer URL (https; http only for a provider on 127.0.0.1/localhost, for testing)",
      ),
    clientId: z.string().min(1).optional().describe('the client id Vigil is registered with at the provider'),
    clientSecret: z
      .string()
      .min(1)
      .optional()
      .describe(
        'the client secret (sent with client_secret_basic; secret; `secret:<name>` reads a stored secret); omit for a public client (PKCE only)',
      ),
    redirectUri: z
      .string()
      .url()
      .optional()
      .describe(
        "the callback URL registered at the provider; default: this server's own URL + /api/v1/auth/oidc/callback (set it behind a proxy)",
      ),
    scopes: z
      .array(z.string().min(1))
      .default(['openid', 'profile', 'email'])
      .describe(
        'scopes asked for (must include openid; add groups if the provider needs it for the groups claim)',
      ),
    groupsClaim: z
      .string()
      .min(1)
      .default('groups')
      .describe("claim holding the user's groups (a dotted path such as realm_access.roles also works)"),
    usernameClaim: z
      .string()
      .min(1)
      .default('preferred_username')
      .describe('claim giving the user name of an account made at first sign-in (then email, then sub)'),
    roleMap: z
      .record(z.string(), z.union([z.string(), z.array(z.string())]))
      .default({})
      .describe('group → Vigil role(s); a user holds the roles of all their mapped groups'),
    tenantMap: z
      .record(z.string(), z.array(z.string()))
      .default({})
      .describe('group → tenants; a user holds the tenants of all their mapped groups'),
    defaultRole: z
      .string()
      .nullable()
      .default(null)
      .describe('role of a user none of whose groups is in roleMap; null: such a user is refused'),
    defaultTenants: z
      .array(z.string())
      .default(['default'])
      .describe('tenants of a user none of whose groups is in tenantMap; []: such a user is refused'),
    allowLocalLogin: z
      .boolean()
      .default(true)
      .describe('also accept user name + password sign-in (keep true for a break-glass admin)'),
    label: z.string().min(1).max(64).default('Single sign-on').describe("the console's SSO button text"),
  })
  .strict()
  .prefault({});

export const configSchema = z
  .object({
    dataDir: z
      .string()
      .min(1)
      .default('./vigil-data')
      .describe('the one data directory (state, events, journal)'),
    tenant: z.string().min(1).default('default').describe('tenant of events from listeners without a token'),
    server: z
      .object({
        host: z.string().min(1).default('127.0.0.1'),
        port: port.default(8470).describe('one HTTP port for API, console, HEC and _bulk'),
        bodyLimitBytes: bytes.default(32 * 1024 * 1024).describe('largest HTTP request body'),
        tls: tlsFiles.optional(),
        shutdownGraceMs: z.number().int().positive().default(15_000),
      })
      .strict()
      .prefault({}),
    syslog: z
      .object({
        enabled: z.boolean().default(true),
        host: z.string().min(1).default('127.0.0.1'),
        port: port.default(5514).describe('UDP and TCP syslog port (0 = any free port)'),
        tlsPort: port.optional().describe('RFC 5425 syslog over TLS; needs syslog.tls'),
        tls: tlsFiles.optional(),
        maxMessageBytes: bytes.default(64 * 1024),
        maxConnections: z.number().int().positive().default(1000),
        source: z.string().min(1).default('syslog'),
        format: z.enum(FORMATS).default('syslog'),
      })
      .strict()
      .prefault({}),
    ingest: z
      .object({
        maxEventBytes: bytes.default(1024 * 1024).describe('largest single event'),
        maxBatchEvents: z.number().int().positive().default(50_000).describe('most events in one request'),
        tokenRateEps: z.number().positive().default(100_000).describe('sustained events/s per ingest token'),
        tokenBurst: z.number().positive().default(200_000).describe('burst allowance per ingest token'),
        maxBacklogBytes: bytes
          .default(512 * 1024 * 1024)
          .describe('journal bytes not yet stored before ingest answers 503 / TCP stops reading'),
        assumeTimeZone: z.string().min(1).default('UTC').describe('zone for timestamps that carry none'),
        journalSegmentBytes: bytes.default(64 * 1024 * 1024),
      })
      .strict()
      .prefault({}),
    pipeline: z
      .object({
        batchMaxRecords: z
          .number()
          .int()
          .positive()
          .default(1000)
          .describe('most ingest requests per store commit'),
        batchMaxBytes: bytes.default(8 * 1024 * 1024).describe('most raw bytes per store commit'),
      })
      .strict()
      .prefault({}),
    store: z
      .object({
        retentionDays: z.number().int().positive().default(30),
        maxScanRows: z.number().int().positive().default(50_000_000),
        queryTimeoutMs: z.number().int().positive().default(30_000),
      })
      .strict()
      .prefault({}),
    detect: z
      .object({
        enabled: z.boolean().default(true).describe('match Sigma rules against every stored event'),
        starterRules: z.boolean().default(true).describe("load Vigil's own starter rules"),
        ruleDirs: z
          .array(z.string().min(1))
          .default([])
          .describe(
            'more folders of Sigma rules (besides <dataDir>/rules); synced into the rule library at start as built-in rules',
          ),
        statuses: z
          .array(z.enum(['stable', 'test', 'experimental', 'deprecated', 'unsupported']))
          .default(['stable', 'test', 'experimental'])
          .describe(
            'Sigma statuses of the enabled rules that run (deprecated and unsupported are off by default); a rule without a status runs',
          ),
        minLevel: z
          .enum(['informational', 'low', 'medium', 'high', 'critical'])
          .default('informational')
          .describe('lowest Sigma level of the enabled rules that run; a rule without a level runs'),
        placeholders: z
          .record(
            z
              .string()
              .regex(
                PLACEHOLDER_NAME,
                'a placeholder name is letters, digits and _ (Sigma reads %name% only with these)',
              ),
            z
              .array(z.string().min(1, 'a placeholder value is not empty'))
              .min(1, 'a placeholder needs at least one value'),
          )
          .default({})
          .describe(
            "values of the Sigma expand modifier's %name% placeholders (name → values, OR-ed; * and ? are wildcards): `Admins: [root, 'adm-*']` serves `User|expand: '%Admins%'`; a rule using a placeholder without values does not load",
          ),
      })
      .strict()
      .prefault({}),
    alerts: z
      .object({
        groupWindowMinutes: z
          .number()
          .positive()
          .default(60)
          .describe(
            'a detection joins the open alert of the same fingerprint whose last detection is at most this old (event time); later ones start a new alert',
          ),
        fingerprintEntities: z
          .array(z.enum(['user', 'host', 'ip', 'process', 'hash', 'url', 'domain', 'file']))
          .default(['host', 'user'])
          .describe(
            "entity types that, with the rule, make an alert's fingerprint (repeats group into one alert)",
          ),
        riskHalfLifeHours: z
          .number()
          .positive()
          .default(72)
          .describe('entity risk halves after this many hours without new alerts'),
        sparklineBucketMinutes: z
          .number()
          .int()
          .positive()
          .default(5)
          .describe('bucket width of alert sparklines'),
      })
      .strict()
      .prefault({}),
    cases: z
      .object({
        maxEvidenceBytes: z
          .number()
          .int()
          .positive()
          .default(100 * 1024 * 1024)
          .describe('largest evidence file accepted'),
        slaCheckSeconds: z
          .number()
          .positive()
          .default(60)
          .describe('how often SLA and breach-notification clocks are checked for new breaches'),
      })
      .strict()
      .prefault({}),
    auth: z
      .object({
        minPasswordLength: z
          .number()
          .int()
          .min(8)
          .max(128)
          .default(12)
          .describe('shortest password accepted (NIST SP 800-63B: no other composition rules)'),
        lockoutFailures: z
          .number()
          .int()
          .positive()
          .default(5)
          .describe('consecutive failed logins that lock an account'),
        lockoutMinutes: z.number().positive().default(15).describe('how long a locked account stays locked'),
        loginPerIpPerMinute: z.number().positive().default(30).describe('login attempts per client address'),
        loginPerUserPerMinute: z.number().positive().default(10).describe('login attempts per user name'),
        sessionIdleMinutes: z
          .number()
          .positive()
          .default(60)
          .describe('a console session ends after this idle time'),
        sessionMaxHours: z
          .number()
          .positive()
          .default(12)
          .describe('a console session ends this long after login'),
        cookieSecure: z
          .enum(['auto', 'always', 'never'])
          .default('auto')
          .describe('Secure session cookie: auto = when the server serves TLS; always behind a TLS proxy'),
        trustedOrigins: z
          .array(z.string().url())
          .default([])
          .describe(
            'other origins the console is served from (e.g. https://vigil.example.com behind a proxy)',
          ),
        apiKeyMaxDays: z
          .number()
          .int()
          .min(0)
          .default(0)
          .describe('longest lifetime of a personal API key in days (0 = no limit)'),
        oidc: oidcSchema,
      })
      .strict()
      .prefault({}),
    secrets: z
      .object({
        keyFile: z
          .string()
          .min(1)
          .default('secrets/master.key')
          .describe(
            'master key file (relative to dataDir; created 0600 on first start) for secrets at rest and the audit checkpoint; VIGIL_SECRET_KEY (base64, comma-separated, last is current) takes precedence',
          ),
      })
      .strict()
      .prefault({}),
    log: z
      .object({
        level: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
      })
      .strict()
      .prefault({}),
  })
  .strict();

export type VigilConfig = z.infer<typeof configSchema>;

/** Config paths whose values are secrets: masked by `vigil config --show`, never logged. */
export const SECRET_PATHS: readonly string[] = [
  'server.tls.keyPassphrase',
  'syslog.tls.keyPassphrase',
  'auth.oidc.clientSecret',
];
