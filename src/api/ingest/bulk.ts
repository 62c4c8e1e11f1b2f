/**
 * Elastic `_bulk` compatibility (`POST /_bulk`, `POST /{index}/_bulk`): NDJSON action/source
 * pairs with per-item results, so Beats, Logstash, Vector and Fluent Bit's es output send to
 * Vigil unchanged. `index` and `create` store the document; `update` and `delete` are answered
 * per item with an error (events are immutable here). Invalid JSON fails only its own item.
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { VigilError } from '../../core/errors.ts';
import { defineRoute, type ErrorFormatter } from '../route.ts';
import { checkRate, type IngestDeps, originOf, splitLines, submitEvents } from './common.ts';

type Item = Record<string, Record<string, unknown>>;

export const elasticErrors: ErrorFormatter = (e) => {
  const status = e instanceof VigilError ? e.status : 500;
  const type =
    e instanceof VigilError
      ? ({
          unauthorized: 'security_exception',
          forbidden: 'security_exception',
          overloaded: 'es_rejected_execution_exception',
          rate_limited: 'es_rejected_execution_exception',
          too_large: 'content_too_long_exception',
          bad_request: 'parse_exception',
        }[e.code as string] ?? 'exception')
      : 'exception';
  const reason = e instanceof Error ? e.message : 'internal error';
  // Elasticsearch answers 429 to overload; clients back off and retry on it.
  const code = e instanceof VigilError && e.code === 'overloaded' ? 429 : status;
  const headers: Record<string, string> = { 'x-elastic-product': 'Elasticsearch' };
  if (e instanceof VigilError && e.retryAfter) headers['retry-after'] = String(e.retryAfter);
  return {
    status: code,
    body: { error: { type, reason, root_cause: [{ type, reason }] }, status: code },
    headers,
  };
};

const bulkResponse = z.object({
  took: z.number(),
  errors: z.boolean(),
  items: z.array(z.record(z.string(), z.unknown())),
});

export function bulkRoutes(deps: IngestDeps) {
  const route = (url: string) =>
    defineRoute({
      method: 'POST',
      url,
      summary: 'Elastic _bulk: NDJSON action/source pairs with per-item results',
      tags: ['ingest'],
      access: { kind: 'ingest' },
      rawBody: { contentTypes: ['application/x-ndjson', 'application/json'] },
      query: z.object({ source: z.string().optional() }),
      params: z.object({ index: z.string().optional() }),
      responses: {
        200: bulkResponse,
        400: 'Elastic error body',
        401: 'Elastic error body',
        429: 'Elastic error body',
      },
      errors: elasticErrors,
      handler: async ({ principal, tenant, request, params, query, reply }) => {
        const started = Date.now();
        const body = (request.body as Buffer | undefined) ?? Buffer.alloc(0);
        const origin = originOf(principal, tenant, query.source);
        const { lines, invalid } = splitLines(body);
        if (lines.length === 0 && invalid.length === 0) {
          throw new VigilError('bad_request', 'request body is required (NDJSON action and source lines)');
        }
        const items: Item[] = [];
        const byIndex = new Map<string, string[]>();
        for (let i = 0; i < lines.length; i++) {
          const actionLine = lines[i] as string;
          let action: Record<string, Record<string, unknown> | undefined>;
          try {
            action = JSON.parse(actionLine) as typeof action;
          } catch {
            throw new VigilError(
              'bad_request',
              `line ${i + 1}: malformed action/metadata line, expected a JSON object`,
            );
          }
          const op = Object.keys(action ?? {})[0];
          const meta = (op && action[op]) || {};
          const index = String(meta._index ?? params.index ?? 'default');
          const id = String(meta._id ?? randomUUID());
          if (op === 'delete') {
            items.push(
              itemError(
                op,
                index,
                id,
                400,
                'action_request_validation_exception',
                'events are immutable: delete is not supported',
              ),
            );
            continue;
          }
          if (op !== 'index' && op !== 'create' && op !== 'update') {
            throw new VigilError(
              'bad_request',
              `line ${i + 1}: unknown bulk action "${op ?? ''}"; expected index, create, update or delete`,
            );
          }
          const source = lines[++i];
          if (source === undefined) {
            throw new VigilError(
              'bad_request',
              `line ${i + 1}: the ${op} action has no source line after it`,
            );
          }
          if (op === 'update') {
            items.push(
              itemError(
                op,
                index,
                id,
                400,
                'action_request_validation_exception',
                'events are immutable: update is not supported',
              ),
            );
            continue;
          }
          if (!isJsonObject(source)) {
            items.push(
              itemError(
                op,
                index,
                id,
                400,
                'document_parsing_exception',
                'failed to parse: the source is not a JSON object',
              ),
            );
            continue;
          }
          const docs = byIndex.get(index) ?? [];
          docs.push(source);
          byIndex.set(index, docs);
          items.push({
            [op]: {
              _index: index,
              _id: id,
              _version: 1,
              result: 'created',
              status: 201,
              _shards: { total: 1, successful: 1, failed: 0 },
              _seq_no: 0,
              _primary_term: 1,
            },
          });
        }
        checkRate(deps, principal!, lines.length / 2);
        const format = 'json';
        await Promise.all(
          [...byIndex.entries()].map(([index, docs]) =>
            submitEvents(deps, origin, format, docs, { meta: { 'data_stream.name': index } }),
          ),
        );
        if (invalid.length > 0) await submitEvents(deps, origin, format, [], { invalid });
        reply.header('x-elastic-product', 'Elasticsearch');
        const errors = items.some((it) => Object.values(it)[0]?.error !== undefined) || invalid.length > 0;
        return { took: Date.now() - started, errors, items };
      },
    });
  return [route('/_bulk'), route('/:index/_bulk')];
}

function isJsonObject(text: string): boolean {
  try {
    const v: unknown = JSON.parse(text);
    return typeof v === 'object' && v !== null && !Array.isArray(v);
  } catch {
    return false;
  }
}

function itemError(
  op: string,
  index: string,
  id: string,
  status: number,
  type: string,
  reason: string,
): Item {
  return { [op]: { _index: index, _id: id, status, error: { type, reason } } };
}
