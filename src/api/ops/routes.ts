/**
 * Liveness, readiness, Prometheus metrics, store statistics, and the web console: `/` (its
 * index.html, or the landing page until it is built), its pages and its assets (`console/`).
 */
import { z } from 'zod';
import { can } from '../../access/index.ts';
import type { Metrics } from '../../ops/index.ts';
import { ConsoleFiles } from '../console/files.ts';
import { consoleRoutes } from '../console/routes.ts';
import type { EventQueries } from '../events/routes.ts';
import { defineRoute } from '../route.ts';

export interface OpsDeps {
  metrics: Metrics;
  events: EventQueries;
  /** Why the process is not ready (empty when ready). */
  notReady: () => string[];
  backlogBytes: () => number;
  landingPage: () => string;
  /** The built web console (default: `web/dist`); `/` serves its index.html when there is one. */
  console?: ConsoleFiles;
}

export function opsRoutes(deps: OpsDeps) {
  const consoleFiles = deps.console ?? new ConsoleFiles();
  return [
    defineRoute({
      method: 'GET',
      url: '/healthz',
      summary: 'Liveness: the process answers',
      tags: ['ops'],
      access: { kind: 'public' },
      responses: { 200: z.object({ status: z.literal('ok') }) },
      handler: () => ({ status: 'ok' as const }),
    }),
    defineRoute({
      method: 'GET',
      url: '/readyz',
      summary: 'Readiness: stores open, pipeline running, queue not full',
      tags: ['ops'],
      access: { kind: 'public' },
      responses: { 200: z.object({ status: z.string(), reasons: z.array(z.string()) }), 503: 'not ready' },
      handler: ({ reply }) => {
        const reasons = deps.notReady();
        if (reasons.length > 0) return reply.code(503).send({ status: 'not ready', reasons });
        return { status: 'ready', reasons };
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/metrics',
      summary: 'Prometheus metrics (events in/stored/rejected per source, queue depth, batch latency)',
      tags: ['ops'],
      access: { kind: 'api', permission: 'metrics:read' },
      responses: { 200: 'Prometheus text exposition format' },
      handler: async ({ reply }) => {
        const text = await deps.metrics.registry.metrics();
        return reply.type(deps.metrics.registry.contentType).send(text);
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/v1/stats',
      summary: "Events stored per day in the caller's tenants, the store's size and the pipeline backlog",
      tags: ['ops'],
      access: { kind: 'api', permission: 'events:read' },
      responses: {
        200: z.object({
          totalEvents: z.number(),
          days: z.array(z.object({ day: z.string(), events: z.number() })),
          bytes: z.number().nullable().describe("the store's size (all tenants): null without metrics:read"),
          backlogBytes: z
            .number()
            .nullable()
            .describe('the ingest backlog (all tenants): null without metrics:read'),
        }),
      },
      handler: async ({ tenants, principal }) => {
        const stats = await deps.events.stats(tenants);
        // Size and backlog describe the whole installation, not the caller's tenants.
        const installation = principal !== null && can(principal, 'metrics:read');
        return {
          totalEvents: stats.totalEvents,
          days: stats.days,
          bytes: installation ? stats.bytes : null,
          backlogBytes: installation ? deps.backlogBytes() : null,
        };
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/',
      summary: 'The web console (its index.html), or a landing page when the console is not built',
      tags: ['ops'],
      access: { kind: 'public' },
      responses: { 200: 'HTML' },
      handler: ({ reply }) => {
        const html = consoleFiles.indexHtml();
        if (html !== null) reply.header('cache-control', 'no-cache');
        return reply.type('text/html; charset=utf-8').send(html ?? deps.landingPage());
      },
    }),
    ...consoleRoutes(consoleFiles),
  ];
}
