/**
 * Vigil's own ingest endpoint: one event per line, in any supported format (`?format=`, default
 * `auto`). The CLI's `vigil ingest` uses it when a server is running.
 */
import { z } from 'zod';
import { VigilError } from '../../core/errors.ts';
import { DATASET_PATTERN, declaredDataset, FORMATS } from '../../core/event.ts';
import { defineRoute } from '../route.ts';
import { checkRate, type IngestDeps, originOf, splitLines, submitEvents } from './common.ts';

export function ndjsonRoutes(deps: IngestDeps) {
  return [
    defineRoute({
      method: 'POST',
      url: '/api/v1/ingest',
      summary: 'Send events, one per line (NDJSON, syslog, CEF, LEEF, … chosen by ?format=)',
      tags: ['ingest'],
      access: { kind: 'ingest' },
      rawBody: { contentTypes: ['application/x-ndjson', 'text/plain'] },
      query: z.object({
        format: z.enum(FORMATS).default('auto').describe('format of every line; auto detects per line'),
        source: z
          .string()
          .min(1)
          .max(128)
          .optional()
          .describe('source name (API keys only; tokens name their own)'),
        dataset: z
          .string()
          .max(128)
          .regex(DATASET_PATTERN, 'a dataset is <module>.<name> in lower case, e.g. jvm.application')
          .optional()
          .describe("what the events are (event.dataset, e.g. cisco.aaa); replaces the parser's guess"),
      }),
      responses: {
        200: z.object({ accepted: z.number(), deadLettered: z.number() }),
        400: 'problem',
        401: 'problem',
        413: 'problem',
        429: 'problem',
        503: 'problem',
      },
      handler: async ({ principal, tenant, request, query }) => {
        const body = (request.body as Buffer | undefined) ?? Buffer.alloc(0);
        const { lines, invalid } = splitLines(body);
        if (lines.length === 0 && invalid.length === 0)
          throw new VigilError('bad_request', 'no events in the body');
        checkRate(deps, principal!, lines.length + invalid.length);
        return submitEvents(deps, originOf(principal, tenant, query.source), query.format, lines, {
          invalid,
          ...(query.dataset === undefined ? {} : { meta: declaredDataset(query.dataset) }),
        });
      },
    }),
  ];
}
