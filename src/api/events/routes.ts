/** Search over stored events: results with cursor pagination, counts, top values, histogram. */
import { z } from 'zod';
import { resolveTimeRange } from '../../core/time-range.ts';
import { parseQuery } from '../../hunt/index.ts';
import type {
  DeadLetterPage,
  Histogram,
  ScopeRequest,
  SearchRequest,
  SearchResult,
  StoreStats,
  TopValue,
} from '../../store/events/index.ts';
import type { TenantScope } from '../../store/state/index.ts';
import { defineRoute } from '../route.ts';
import type { Scoped } from '../tenancy.ts';

/**
 * The read side of the event store, as the API reaches it (through the pipeline worker). Every
 * request carries the request's `TenantScope`, which the store filters by in SQL.
 */
export interface EventQueries {
  search(req: Scoped<SearchRequest>): Promise<SearchResult>;
  count(req: Scoped<ScopeRequest>): Promise<number>;
  topValues(req: Scoped<ScopeRequest>, field: string, limit?: number): Promise<TopValue[]>;
  histogram(req: Scoped<ScopeRequest>, buckets?: number): Promise<Histogram>;
  deadLetters(opts: { tenants: TenantScope; limit?: number; cursor?: string }): Promise<DeadLetterPage>;
  stats(tenants: TenantScope): Promise<StoreStats>;
}

const range = {
  q: z
    .string()
    .max(8192)
    .default('')
    .describe('query, e.g. `event.code:4625 source.ip:10.0.0.0/8 -user.name:svc_*`'),
  from: z.string().optional().describe('start: ISO 8601, epoch, or now-24h (default)'),
  to: z.string().optional().describe('end: ISO 8601, epoch, or now (default)'),
};

const searchInput = z.object({
  ...range,
  limit: z.coerce.number().int().min(1).max(10_000).default(100),
  cursor: z.string().max(2048).optional(),
  sort: z.enum(['asc', 'desc']).default('desc'),
});
type SearchInput = z.infer<typeof searchInput>;

const eventList = z.object({
  events: z.array(z.record(z.string(), z.unknown())),
  nextCursor: z.string().nullable(),
  tookMs: z.number(),
});

export function eventRoutes(events: EventQueries) {
  const base = (
    input: { q: string; from?: string | undefined; to?: string | undefined },
    tenants: TenantScope,
  ) => ({
    tenants,
    ...resolveTimeRange(input.from, input.to),
    query: parseQuery(input.q),
  });
  const search = (input: SearchInput, tenants: TenantScope) =>
    events.search({
      ...base(input, tenants),
      sort: input.sort,
      limit: input.limit,
      ...(input.cursor ? { cursor: input.cursor } : {}),
    });

  return [
    defineRoute({
      method: 'GET',
      url: '/api/v1/events/search',
      summary: 'Search events',
      tags: ['events'],
      access: { kind: 'api', permission: 'events:read' },
      query: searchInput,
      responses: { 200: eventList, 400: 'problem', 422: 'query would scan too much' },
      handler: ({ query, tenants }) => search(query, tenants),
    }),
    defineRoute({
      method: 'POST',
      url: '/api/v1/events/search',
      summary: 'Search events (query in a JSON body)',
      tags: ['events'],
      access: { kind: 'api', permission: 'events:read' },
      body: searchInput,
      responses: { 200: eventList, 400: 'problem', 422: 'query would scan too much' },
      handler: ({ body, tenants }) => search(body, tenants),
    }),
    defineRoute({
      method: 'GET',
      url: '/api/v1/events/count',
      summary: 'Count events matching a query',
      tags: ['events'],
      access: { kind: 'api', permission: 'events:read' },
      query: z.object(range),
      responses: { 200: z.object({ count: z.number() }) },
      handler: async ({ query, tenants }) => ({ count: await events.count(base(query, tenants)) }),
    }),
    defineRoute({
      method: 'GET',
      url: '/api/v1/events/top',
      summary: 'Most frequent values of a field among matching events',
      tags: ['events'],
      access: { kind: 'api', permission: 'events:read' },
      query: z.object({
        ...range,
        field: z.string().min(1).max(256),
        limit: z.coerce.number().int().min(1).max(1000).default(10),
      }),
      responses: {
        200: z.object({
          field: z.string(),
          values: z.array(z.object({ value: z.unknown(), count: z.number() })),
        }),
      },
      handler: async ({ query, tenants }) => ({
        field: query.field,
        values: await events.topValues(base(query, tenants), query.field, query.limit),
      }),
    }),
    defineRoute({
      method: 'GET',
      url: '/api/v1/events/histogram',
      summary: 'Event counts over time',
      tags: ['events'],
      access: { kind: 'api', permission: 'events:read' },
      query: z.object({ ...range, buckets: z.coerce.number().int().min(1).max(1000).default(60) }),
      responses: {
        200: z.object({
          intervalMs: z.number(),
          buckets: z.array(z.object({ start: z.string(), count: z.number() })),
        }),
      },
      handler: ({ query, tenants }) => events.histogram(base(query, tenants), query.buckets),
    }),
    defineRoute({
      method: 'GET',
      url: '/api/v1/dead-letters',
      summary: 'Events that could not be parsed or accepted, with the reason and the raw bytes',
      tags: ['events'],
      access: { kind: 'api', permission: 'events:read' },
      query: z.object({
        limit: z.coerce.number().int().min(1).max(1000).default(100),
        cursor: z.string().optional(),
      }),
      responses: {
        200: z.object({
          items: z.array(
            z.object({
              id: z.string(),
              received: z.string(),
              source: z.string(),
              reason: z.string(),
              raw: z.string(),
              rawBase64: z.string(),
            }),
          ),
          nextCursor: z.string().nullable(),
        }),
      },
      handler: async ({ query, tenants }) => {
        const page = await events.deadLetters({
          tenants,
          limit: query.limit,
          ...(query.cursor ? { cursor: query.cursor } : {}),
        });
        return {
          items: page.items.map((d) => {
            const raw = Buffer.from(d.raw);
            return {
              id: d.id,
              received: d.received,
              source: d.source,
              reason: d.reason,
              raw: raw.toString('utf8'),
              rawBase64: raw.toString('base64'),
            };
          }),
          nextCursor: page.nextCursor,
        };
      },
    }),
  ];
}
