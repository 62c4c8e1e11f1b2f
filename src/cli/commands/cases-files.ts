/**
 * `vigil cases evidence add|get` and `vigil cases report`: files in and out of a case. Evidence is
 * uploaded as raw bytes and checked on the way back against the SHA-256 the server recorded; a
 * download that does not match is not written.
 */
import { createHash } from 'node:crypto';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { Command } from 'commander';
import { BadRequestError, NotFoundError, VigilError } from '../../core/errors.ts';
import { err, out } from '../context.ts';
import { enc, query, type SocClient } from './soc-client.ts';
import { bytesText, oneOf, shortId } from './soc-format.ts';
import { fetchCase } from './soc-lookup.ts';
import type { CaseDetail, CaseEvidence } from './soc-types.ts';

const REPORT_FORMATS = ['markdown', 'html'] as const;

/** The evidence of the case that `arg` names: its id or the start of it. */
function evidenceOf(c: CaseDetail, arg: string): CaseEvidence {
  const exact = c.evidence.find((e) => e.id === arg);
  if (exact) return exact;
  const starts = arg.length >= 4 ? c.evidence.filter((e) => e.id.startsWith(arg.toLowerCase())) : [];
  if (starts.length === 1) return starts[0]!;
  if (starts.length > 1)
    throw new BadRequestError(`evidence "${arg}" is ambiguous in case #${c.number}; give more characters`);
  throw new NotFoundError(
    `case #${c.number} has no evidence ${arg}; \`vigil cases show ${c.number}\` lists its files`,
  );
}

/** Writes `bytes` to `file`, or to stdout when `file` is `-` or not given (refused on a terminal). */
function deliver(bytes: Buffer, file: string | undefined, what: string): void {
  if (file === undefined || file === '-') {
    if (file === undefined && process.stdout.isTTY)
      throw new BadRequestError(
        `${what} is not printed on a terminal; give -o FILE (or -o - to force it)`,
        '-o',
      );
    process.stdout.write(bytes);
    return;
  }
  writeFileSync(file, bytes);
  err(`wrote ${what} to ${file} (${bytesText(bytes.length)})`);
}

export function registerCaseFiles(cases: Command, client: () => SocClient): void {
  const evidence = cases.command('evidence').description('evidence files of a case');

  evidence
    .command('add <case> <file>')
    .description('upload a file as evidence (stored once per SHA-256, read-only)')
    .option('--description <text>', 'what the file is')
    .option('--name <name>', 'the name to store it under (default: the file name)')
    .option('--json', 'print the evidence record as JSON')
    .action(
      async (arg: string, file: string, flags: { description?: string; name?: string; json?: boolean }) => {
        if (!statSync(file).isFile()) throw new BadRequestError(`${file} is not a file`);
        const bytes = readFileSync(file);
        const c = client();
        const detail = await fetchCase(c, arg);
        const e = await c.upload<CaseEvidence>(
          `/api/v1/cases/${enc(detail.id)}/evidence${query({
            name: flags.name ?? basename(file),
            description: flags.description,
          })}`,
          bytes,
        );
        if (flags.json) out(JSON.stringify(e));
        else
          out(
            `added evidence ${e.id} to case #${detail.number}: ${e.name}, ${bytesText(e.size)}, sha256 ${e.sha256}`,
          );
      },
    );

  evidence
    .command('get <case> <evidence>')
    .description('download an evidence file (its SHA-256 is checked before it is written)')
    .option('-o, --output <file>', 'where to write it (- for stdout; default stdout unless a terminal)')
    .action(async (arg: string, evidenceArg: string, flags: { output?: string }) => {
      const c = client();
      const detail = await fetchCase(c, arg);
      const e = evidenceOf(detail, evidenceArg);
      const { bytes } = await c.download(`/api/v1/cases/${enc(detail.id)}/evidence/${enc(e.id)}`);
      const sha256 = createHash('sha256').update(bytes).digest('hex');
      if (sha256 !== e.sha256)
        throw new VigilError(
          'internal',
          `evidence ${shortId(e.id)} arrived with SHA-256 ${sha256}, not the recorded ${e.sha256}; nothing written`,
        );
      deliver(bytes, flags.output, `evidence ${e.name}`);
    });

  cases
    .command('report <case>')
    .description('the case report as Markdown or a self-contained HTML page')
    .option('--format <format>', REPORT_FORMATS.join(' or '), 'markdown')
    .option('-o, --output <file>', 'where to write it (default stdout)')
    .action(async (arg: string, flags: { format: string; output?: string }) => {
      const format = oneOf(flags.format, REPORT_FORMATS, '--format');
      const c = client();
      const detail = await fetchCase(c, arg);
      const { bytes } = await c.download(`/api/v1/cases/${enc(detail.id)}/report${query({ format })}`);
      deliver(bytes, flags.output ?? '-', `the report of case #${detail.number}`);
    });
}
