/** The OpenAPI 3.1 document, generated from the same route declarations that serve requests. */
import { z } from 'zod';
import type { AnyRoute } from './route.ts';

type Json = Record<string, unknown>;

export function buildOpenApi(routes: AnyRoute[]): Json {
  const paths: Record<string, Json> = {};
  for (const r of routes) {
    const path = r.url.replace(/:([A-Za-z_]+)/g, '{$1}');
    const op: Json = {
      summary: r.summary,
      tags: r.tags,
      operationId: `${r.method.toLowerCase()}${path.replace(/[^A-Za-z0-9]+(.)?/g, (_m, c: string | undefined) => (c ? c.toUpperCase() : ''))}`,
      security: r.access.kind === 'public' ? [] : [{ bearer: [] }, { splunk: [] }, { basic: [] }],
      'x-vigil-access': r.access,
      parameters: [...parameters(r.query, 'query'), ...parameters(r.params, 'path')],
      responses: Object.fromEntries(
        Object.entries(r.responses).map(([status, schema]) => [
          status,
          typeof schema === 'string'
            ? { description: schema }
            : {
                description: `status ${status}`,
                content: { 'application/json': { schema: toSchema(schema, 'output') } },
              },
        ]),
      ),
    };
    if (r.body)
      op.requestBody = {
        required: true,
        content: { 'application/json': { schema: toSchema(r.body, 'input') } },
      };
    if (r.rawBody) {
      op.requestBody = {
        required: true,
        content: Object.fromEntries(r.rawBody.contentTypes.map((t) => [t, { schema: { type: 'string' } }])),
      };
    }
    paths[path] = { ...(paths[path] ?? {}), [r.method.toLowerCase()]: op };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Vigil API',
      version: '0.1.0',
      description: 'Ingest (Splunk HEC, Elastic _bulk, NDJSON), search, dead letters, tokens and operations.',
    },
    components: {
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', description: 'API key (vgk_…) or ingest token (vgi_…)' },
        splunk: {
          type: 'apiKey',
          in: 'header',
          name: 'Authorization',
          description: '"Splunk <ingest token>"',
        },
        basic: { type: 'http', scheme: 'basic', description: 'any user name, the token as password' },
      },
    },
    paths,
  };
}

function toSchema(schema: z.ZodType, io: 'input' | 'output'): Json {
  return z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as Json;
}

function parameters(schema: z.ZodType | undefined, where: 'query' | 'path'): Json[] {
  if (!schema) return [];
  const json = toSchema(schema, 'input') as { properties?: Record<string, Json>; required?: string[] };
  return Object.entries(json.properties ?? {}).map(([name, s]) => ({
    name,
    in: where,
    required: where === 'path' || (json.required ?? []).includes(name),
    schema: s,
    ...(typeof s.description === 'string' ? { description: s.description } : {}),
  }));
}
