/**
 * The file side of `rules test`: the Sigma files under the given paths (as the lint finds them),
 * each read with its `X.samples.json` when there is one. Unreadable files and missing paths are
 * returned for the caller to report.
 */
import { existsSync, readFileSync } from 'node:fs';
import { collectRuleFiles } from '../lint/files.ts';
import type { RuleFileInput } from './run.ts';
import { samplesPathFor } from './samples.ts';

export interface RuleTestInputs {
  inputs: RuleFileInput[];
  /** Paths that do not exist. */
  missing: string[];
  /** Files that could not be read, with the reason. */
  unreadable: string[];
}

export function readRuleTestInputs(paths: readonly string[]): RuleTestInputs {
  const { files, missing } = collectRuleFiles(paths);
  const inputs: RuleFileInput[] = [];
  const unreadable: string[] = [];
  for (const file of files) {
    try {
      const input: RuleFileInput = { file, text: readFileSync(file, 'utf8') };
      const samples = samplesPathFor(file);
      if (existsSync(samples)) input.samples = { file: samples, text: readFileSync(samples, 'utf8') };
      inputs.push(input);
    } catch (e) {
      unreadable.push(`${file}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  return { inputs, missing, unreadable };
}
