/**
 * The one configuration schema of Vigil. Every setting lives here, with its default; the loader
 * (`load.ts`) merges a YAML file and `VIGIL_*` environment variables over these defaults.
 */
import { z } from 'zod';
import { FORMATS } from '../core/event.ts';

const port = z.number().int().min(0).max(65535);
const bytes = z.number().int().positive();

const tlsFiles = z
  .object({
    certFile: z.string().min(1).describe('PEM certificate chain file'),
    keyFile: z.string().min(1).describe('PEM private key file'),
    caFile: z.string().min(1).optional().describe('PEM CA bundle for client certificates'),
    keyPassphrase: z.string().optional().describe('passphrase of the key file (secret)'),
  })
  .strict();

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
          .describe('more folders of Sigma rules (besides <dataDir>/rules)'),
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
export const SECRET_PATHS: readonly string[] = ['server.tls.keyPassphrase', 'syslog.tls.keyPassphrase'];
