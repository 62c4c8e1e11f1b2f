/** Detections (rule matches) as the pipeline stored them, newest first. */
import { z } from 'zod';
import { listDetections, type StateDb } from '../../store/state/index.ts';
import { defineRoute } from '../route.ts';

const detection = z.object({
  id: z.string(),
  seq: z.number(),
  kind: z.string(),
  ruleId: z.string(),
  title: z.string(),
  level: z.string().nullable(),
  tags: z.array(z.string()),
  source: z.string(),
  eventIds: z.array(z.string()),
  eventTime: z.string(),
  matched: z.array(z.object({ field: z.string(), value: z.unknown() })),
  createdAt: z.string(),
});

export function detectionRoutes(db: StateDb) {
  return [
    defineRoute({
      method: 'GET',
      url: '/api/v1/detections',
      summary: 'List detections: which rule matched which event, on which fields',
      tags: ['detections'],
      access: { kind: 'api', permission: 'detections:read' },
      query: z.object({
        limit: z.coerce.number().int().min(1).max(1000).default(100),
        before: z.coerce
          .number()
          .int()
          .positive()
          .optional()
          .describe('seq of the last detection of the previous page'),
        ruleId: z.string().max(256).optional(),
      }),
      responses: { 200: z.object({ items: z.array(detection), nextBefore: z.number().nullable() }) },
      handler: async ({ query, tenants }) => {
        const items = (
          await listDetections(db, tenants, {
            limit: query.limit,
            ...(query.before !== undefined ? { before: query.before } : {}),
            ...(query.ruleId ? { ruleId: query.ruleId } : {}),
          })
        ).map(({ tenant: _tenant, ...rest }) => rest);
        const last = items.at(-1);
        return { items, nextBefore: items.length === query.limit && last ? last.seq : null };
      },
    }),
  ];
}
