/**
 * Loading a folder of Sigma files: every `*.yml`/`*.yaml` below it, parsed, with all rules and all
 * errors (each naming its file). An unreadable file or folder is an error, never a throw.
 */
import { type Dirent, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SigmaError } from './errors.ts';
import { type ParseResult, parseSigmaDocument } from './parse.ts';

export interface LoadResult extends ParseResult {
  /** The files read, in sorted order. */
  files: string[];
}

function listYaml(dir: string, out: string[], errors: SigmaError[]): void {
  let names: Dirent[];
  try {
    names = readdirSync(dir, { withFileTypes: true });
  } catch (e) {
    errors.push(
      new SigmaError({ file: dir, line: 1, column: 1, reason: `cannot read the folder: ${String(e)}` }),
    );
    return;
  }
  for (const d of names.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const p = join(dir, d.name);
    if (d.isDirectory()) listYaml(p, out, errors);
    else if (d.isFile() && /\.ya?ml$/i.test(d.name)) out.push(p);
  }
}

export function loadSigmaDirectory(dir: string): LoadResult {
  const result: LoadResult = { rules: [], correlations: [], filters: [], errors: [], files: [] };
  listYaml(dir, result.files, result.errors);
  for (const file of result.files) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (e) {
      result.errors.push(
        new SigmaError({ file, line: 1, column: 1, reason: `cannot read the file: ${String(e)}` }),
      );
      continue;
    }
    const r = parseSigmaDocument(text, file);
    result.rules.push(...r.rules);
    result.correlations.push(...r.correlations);
    result.filters.push(...r.filters);
    result.errors.push(...r.errors);
  }
  return result;
}
