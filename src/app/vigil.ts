/**
 * The composition root: opens the stores, starts the pipeline, the syslog listeners and the HTTP
 * server from one configuration, and shuts them down in the order that loses nothing
 * (stop intake → flush the journal → let the worker store the backlog → close stores).
 */
import type { FastifyInstance } from 'fastify';
import { AuthFailureAuditor } from '../access/index.ts';
import { authFailureHook } from '../api/audit/context.ts';
import { auditRoutes } from '../api/audit/routes.ts';
import { authDeps, authRoutes, serverAuth } from '../api/auth/index.ts';
import {
  type AnyRoute,
  adminRoutes,
  alertRoutes,
  buildServer,
  bulkRoutes,
  caseRoutes,
  detectionRoutes,
  type EventQueries,
  eventRoutes,
  hecRoutes,
  huntRoutes,
  type IngestDeps,
  liveRoutes,
  ndjsonRoutes,
  opsRoutes,
  RateLimiter,
  rolesRoutes,
  socRoutes,
  tenantRoutes,
  tuningRoutes,
  type WorkflowDeps,
} from '../api/index.ts';
import { ruleRoutes } from '../api/rules/routes.ts';
import type { VigilConfig } from '../config/index.ts';
import { type SyslogListeners, startSyslogListeners } from '../listeners/index.ts';
import { createMetrics, type Logger } from '../ops/index.ts';
import type { Pipeline } from '../pipeline/index.ts';
import { openStateDb, type StateDb } from '../store/state/index.ts';
import { createAlertIntake, LiveFeed, startSlaWatch } from '../workflow/index.ts';
import { checkConfig } from './checks.ts';
import { ensureFirstRun, type FirstRun } from './first-run.ts';
import { landingPage } from './landing.ts';
import { dataPaths } from './paths.ts';
import { type RuleManager, startRulePipeline } from './rules.ts';
import { readTlsFiles, startAuditKeeping } from './security.ts';
import { claimDataDir, removeServerInfo, writeServerInfo } from './server-info.ts';

export interface RunningVigil {
  url: string;
  syslog: { udpPort?: number; tcpPort?: number; tlsPort?: number };
  firstRun: FirstRun;
  pipeline: Pipeline;
  rules: RuleManager;
  /** Changes of alerts and cases as they commit (what `GET /api/v1/live` streams). */
  live: LiveFeed;
  server: FastifyInstance;
  /** The route table the server was built from (each with its access rule). */
  routes: readonly AnyRoute[];
  close(): Promise<void>;
}

export async function startVigil(
  config: VigilConfig,
  logger: Logger,
  opts: { hookModules?: string[] } = {},
): Promise<RunningVigil> {
  checkConfig(config);
  const paths = dataPaths(config.dataDir);
  claimDataDir(paths.serverInfo);
  const metrics = createMetrics();
  const db: StateDb = await openStateDb({ path: paths.state });
  // Before anything appends to the audit trail: the checkpoint must see the trail from its start.
  const audit = await startAuditKeeping(db, config, logger);
  const secrets = { db, keyring: audit.keyring };
  const firstRun = await ensureFirstRun(db, paths, config.tenant);

  const live = new LiveFeed();
  const intake = createAlertIntake(db, config.alerts, live);
  const { pipeline, rules } = await startRulePipeline(
    db,
    config,
    logger.child({ component: 'pipeline' }),
    metrics,
    async (findings) => {
      const r = await intake(findings);
      if (r.detections > 0) metrics.detections.inc(r.detections);
      if (r.alertsCreated > 0) metrics.alerts.inc({ outcome: 'created' }, r.alertsCreated);
      if (r.alertsGrouped > 0) metrics.alerts.inc({ outcome: 'grouped' }, r.alertsGrouped);
      if (r.suppressed > 0) metrics.alerts.inc({ outcome: 'suppressed' }, r.suppressed);
    },
    opts.hookModules,
  );

  const events = eventQueries(pipeline);
  const slaWatch = startSlaWatch({
    db,
    live,
    intervalSeconds: config.cases.slaCheckSeconds,
    onError: (e) => logger.warn({ err: e }, 'SLA check failed'),
  });
  let syslog: SyslogListeners | null = null;
  if (config.syslog.enabled) {
    syslog = await startSyslogListeners({
      host: config.syslog.host,
      udpPort: config.syslog.port,
      tcpPort: config.syslog.port,
      ...(config.syslog.tlsPort !== undefined && config.syslog.tls
        ? {
            tlsPort: config.syslog.tlsPort,
            tls: await readTlsFiles(config.syslog.tls, 'syslog.tls', secrets),
          }
        : {}),
      maxMessageBytes: config.syslog.maxMessageBytes,
      maxConnections: config.syslog.maxConnections,
      source: config.syslog.source,
      tenant: config.tenant,
      format: config.syslog.format,
      sink: pipeline,
      onError: (e: unknown) => logger.warn({ err: e }, 'syslog listener error'),
    });
  }

  const ingest: IngestDeps = {
    sink: pipeline,
    limiter: new RateLimiter(config.ingest.tokenRateEps, config.ingest.tokenBurst),
    metrics,
    maxEventBytes: config.ingest.maxEventBytes,
    maxBatchEvents: config.ingest.maxBatchEvents,
  };
  const scheme = config.server.tls ? 'https' : 'http';
  let url = '';
  const auth = authDeps(db, config.auth, Boolean(config.server.tls), { keyring: audit.keyring });
  const authFailures = new AuthFailureAuditor(db, {
    onError: (e) => logger.error({ err: e }, 'cannot write the audit entry of a refused request'),
  });
  // Every route of the server, as registered: the authorization matrix test iterates this list.
  const workflow: WorkflowDeps = {
    db,
    live,
    dataDir: paths.root,
    alerts: config.alerts,
    cases: config.cases,
    events,
  };
  const routes: AnyRoute[] = [
    ...hecRoutes(ingest),
    ...bulkRoutes(ingest),
    ...ndjsonRoutes(ingest),
    ...eventRoutes(events),
    ...authRoutes(auth),
    ...adminRoutes(db),
    ...rolesRoutes(),
    ...tenantRoutes(db),
    ...detectionRoutes(db),
    ...auditRoutes({ db, verify: audit.verify }),
    ...huntRoutes(
      { huntSigma: (req) => pipeline.call('huntSigma', req) },
      { placeholders: config.detect.placeholders, rules },
    ),
    ...ruleRoutes(rules, { placeholders: config.detect.placeholders }),
    ...alertRoutes(workflow),
    ...tuningRoutes(workflow),
    ...caseRoutes(workflow),
    ...socRoutes(workflow),
    ...liveRoutes(workflow),
    ...opsRoutes({
      metrics,
      events,
      backlogBytes: () => pipeline.backlogBytes,
      notReady: () => (pipeline.accepting ? [] : ['ingest backlog is full']),
      landingPage: () => landingPage({ url, syslogPort: syslog?.tcpPort }),
    }),
  ];
  const http = await buildServer({
    logger,
    stateDb: db,
    auth: serverAuth(auth),
    bodyLimitBytes: config.server.bodyLimitBytes,
    https: config.server.tls ? await readTlsFiles(config.server.tls, 'server.tls', secrets) : undefined,
    onAuthFailure: authFailureHook(authFailures),
    routes,
  });
  await http.listen({ host: config.server.host, port: config.server.port });
  const address = http.server.address();
  const port = typeof address === 'object' && address ? address.port : config.server.port;
  url = `${scheme}://${config.server.host}:${port}`;
  const syslogPorts = {
    ...(syslog?.udpPort !== undefined ? { udpPort: syslog.udpPort } : {}),
    ...(syslog?.tcpPort !== undefined ? { tcpPort: syslog.tcpPort } : {}),
    ...(syslog?.tlsPort !== undefined ? { tlsPort: syslog.tlsPort } : {}),
  };
  writeServerInfo(paths.serverInfo, {
    pid: process.pid,
    url,
    startedAt: new Date().toISOString(),
    syslog: syslogPorts,
  });

  let closing: Promise<void> | null = null;
  const close = () => {
    closing ??= (async () => {
      logger.info('shutting down: stopping intake, storing the backlog');
      await syslog?.close();
      await http.close();
      await pipeline.close();
      await slaWatch.stop();
      await authFailures.close();
      await audit.close();
      await db.destroy();
      removeServerInfo(paths.serverInfo);
      logger.info('stopped');
    })();
    return closing;
  };
  return { url, syslog: syslogPorts, firstRun, pipeline, rules, live, server: http, routes, close };
}

function eventQueries(pipeline: Pipeline): EventQueries {
  return {
    search: (req) => pipeline.call('search', req),
    count: (req) => pipeline.call('count', req),
    topValues: (req, field, limit) => pipeline.call('topValues', req, field, limit),
    histogram: (req, buckets) => pipeline.call('histogram', req, buckets),
    deadLetters: (opts) => pipeline.call('deadLetters', opts),
    stats: (tenants) => pipeline.call('stats', tenants),
  };
}
