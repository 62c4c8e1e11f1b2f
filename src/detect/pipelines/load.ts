/**
 * Loads pipeline YAML files: parse, validate with the zod schema, merge file-wide settings into
 * each logsource, and check that no two logsources claim the same Sigma logsource. Problems come
 * back as {@link PipelineProblem}s naming the file and the key; only {@link loadPipelines}, meant
 * for the shipped files, throws (a `ConfigError` listing them).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { ConfigError } from '../../core/errors.ts';
import {
  DEFAULT_KEYWORD_FIELDS,
  type LogsourceRoute,
  type PipelineFile,
  type Pipelines,
  pipelineFileSchema,
} from './schema.ts';

/** The pipelines shipped with Vigil: the YAML files beside this module. */
export const DEFAULT_PIPELINE_DIR: string = import.meta.dirname;

export interface PipelineProblem {
  file: string;
  /** Dotted path of the bad key (`logsources.3.when`), `` for the whole file. */
  key: string;
  message: string;
}

export type PipelinesOutcome =
  | { ok: true; pipelines: Pipelines }
  | { ok: false; problems: PipelineProblem[] };
type FileOutcome = { ok: true; routes: LogsourceRoute[] } | { ok: false; problems: PipelineProblem[] };

function list(v: string | string[] | undefined): string[] {
  return v === undefined ? [] : typeof v === 'string' ? [v] : v;
}

function toRoutes(p: PipelineFile): LogsourceRoute[] {
  return p.logsources.map((l) => {
    const fields = new Map<string, string[]>();
    for (const [k, v] of Object.entries(p.fields ?? {})) fields.set(k, list(v));
    for (const [k, v] of Object.entries(l.fields ?? {})) fields.set(k, list(v));
    const src = l.sourceFields;
    const route: LogsourceRoute = {
      pipeline: p.name,
      id: l.id,
      when: l.when,
      fields,
      sourceFields: src === '*' ? '*' : new Set(src ?? []),
      sourceTemplate: src === undefined ? [] : list(l.sourceTemplate ?? p.sourceTemplate),
      keywords: l.keywords ?? p.keywords ?? DEFAULT_KEYWORD_FIELDS,
    };
    if (l.product !== undefined) route.product = l.product;
    if (l.category !== undefined) route.category = l.category;
    if (l.service !== undefined) route.service = l.service;
    return route;
  });
}

/** The problems the schema cannot see: duplicate ids, source fields without a template. */
function semanticProblems(file: string, p: PipelineFile): PipelineProblem[] {
  const out: PipelineProblem[] = [];
  const ids = new Set<string>();
  p.logsources.forEach((l, i) => {
    if (ids.has(l.id))
      out.push({ file, key: `logsources.${i}.id`, message: `duplicate logsource id ${l.id}` });
    ids.add(l.id);
    if (l.sourceFields !== undefined && l.sourceTemplate === undefined && p.sourceTemplate === undefined) {
      out.push({
        file,
        key: `logsources.${i}.sourceFields`,
        message: 'sourceFields needs a sourceTemplate (on the logsource or the file)',
      });
    }
  });
  return out;
}

/** Parses and validates one pipeline file's text. `file` only names it in problems. */
export function parsePipelineText(text: string, file: string): FileOutcome {
  let doc: unknown;
  try {
    doc = parseYaml(text);
  } catch (e) {
    return { ok: false, problems: [{ file, key: '', message: `not valid YAML: ${(e as Error).message}` }] };
  }
  const parsed = pipelineFileSchema.safeParse(doc);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((iss) => ({
      file,
      key: iss.path.map(String).join('.'),
      message: iss.message,
    }));
    return { ok: false, problems };
  }
  const problems = semanticProblems(file, parsed.data);
  return problems.length > 0 ? { ok: false, problems } : { ok: true, routes: toRoutes(parsed.data) };
}

function logsourceKey(r: LogsourceRoute): string {
  return `product=${r.product ?? ''} category=${r.category ?? ''} service=${r.service ?? ''}`;
}

/** Reads every `*.yaml` file of `dir` (sorted by name). Never throws. */
export function readPipelines(dir: string = DEFAULT_PIPELINE_DIR): PipelinesOutcome {
  let names: string[];
  try {
    names = readdirSync(dir)
      .filter((n) => n.endsWith('.yaml') || n.endsWith('.yml'))
      .sort();
  } catch (e) {
    return { ok: false, problems: [{ file: dir, key: '', message: `cannot read: ${(e as Error).message}` }] };
  }
  const problems: PipelineProblem[] = [];
  const routes: LogsourceRoute[] = [];
  const seen = new Map<string, string>();
  for (const name of names) {
    const file = join(dir, name);
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (e) {
      problems.push({ file, key: '', message: `cannot read: ${(e as Error).message}` });
      continue;
    }
    const out = parsePipelineText(text, file);
    if (!out.ok) {
      problems.push(...out.problems);
      continue;
    }
    out.routes.forEach((r, i) => {
      const key = logsourceKey(r);
      const first = seen.get(key);
      if (first !== undefined) {
        problems.push({
          file,
          key: `logsources.${i}`,
          message: `logsource ${key} is already routed by ${first}`,
        });
      } else seen.set(key, `${basename(file)} (${r.id})`);
      routes.push(r);
    });
  }
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, pipelines: { routes, files: names.map((n) => join(dir, n)) } };
}

/** One line per problem: `file: key: message`. */
export function formatProblems(problems: readonly PipelineProblem[]): string {
  return problems.map((p) => `${p.file}: ${p.key === '' ? '' : `${p.key}: `}${p.message}`).join('\n');
}

/** Loads the pipelines of `dir` (default: the shipped ones); throws a `ConfigError` on any problem. */
export function loadPipelines(dir: string = DEFAULT_PIPELINE_DIR): Pipelines {
  const out = readPipelines(dir);
  if (!out.ok) {
    const first = out.problems[0];
    throw new ConfigError(
      `invalid detection pipeline:\n${formatProblems(out.problems)}`,
      first === undefined ? undefined : `${first.file}:${first.key}`,
    );
  }
  return out.pipelines;
}
