/**
 * `vigil ingest FILE...`: reads files (plain or .gz) line by line and sends them in batches,
 * with a progress bar on a terminal. CloudTrail files (`{"Records":[...]}`) are split into
 * records. Exit status 0 means every event is durable.
 */
import { closeSync, createReadStream, openSync, readFileSync, readSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { createInterface } from 'node:readline';
import { createGunzip } from 'node:zlib';
import { SingleBar } from 'cli-progress';
import type { Command } from 'commander';
import { BadRequestError } from '../../core/errors.ts';
import { DATASET_PATTERN, FORMATS, type Format, isFormat } from '../../core/event.ts';
import { isJsonSourceFormat, mayHoldRecords, splitRecords } from '../../ingest/index.ts';
import { commandContext, err, type GlobalFlags } from '../context.ts';
import { openIngestTarget } from '../ingest-target.ts';

const BATCH_LINES = 5000;
const BATCH_BYTES = 4 * 1024 * 1024;

export function ingestCommand(program: Command): void {
  program
    .command('ingest')
    .argument('<files...>', 'files to read, one event per line (.gz accepted)')
    .description(
      'send events from files into Vigil (through the running server, or directly into the data directory)',
    )
    .option('--format <format>', `format of the lines: ${FORMATS.join(', ')}`, 'auto')
    .option('--source <name>', 'source name (default: the file name)')
    .option(
      '--dataset <module.name>',
      'what the events are (event.dataset, e.g. jvm.application): routes rules of sources Vigil has no parser for',
    )
    .option('--quiet', 'no progress bar')
    .action(
      async (
        files: string[],
        opts: { format: string; source?: string; dataset?: string; quiet?: boolean },
      ) => {
        if (!isFormat(opts.format))
          throw new BadRequestError(
            `unknown format "${opts.format}"; one of ${FORMATS.join(', ')}`,
            '--format',
          );
        const format = opts.format;
        const dataset = opts.dataset;
        if (dataset !== undefined && !DATASET_PATTERN.test(dataset))
          throw new BadRequestError(
            `dataset "${dataset}" is not <module>.<name> in lower case (e.g. jvm.application)`,
            '--dataset',
          );
        const { config, logger } = commandContext(program.opts<GlobalFlags>());
        const totalBytes = files.reduce((n, f) => n + readableFileSize(f), 0);
        const target = await openIngestTarget(config, logger.child({ component: 'ingest' }));
        const bar =
          !opts.quiet && process.stderr.isTTY
            ? new SingleBar({
                format: ' {bar} {percentage}% | {events} events | {file}',
                stream: process.stderr,
              })
            : null;
        bar?.start(totalBytes, 0, { events: 0, file: '' });
        let events = 0;
        let doneBytes = 0;
        for (const file of files) {
          // archive.log.gz -> archive: every known suffix goes, not only the last one.
          const source =
            opts.source ?? (basename(file).replace(/(\.(gz|log|json|ndjson|txt))+$/, '') || basename(file));
          const send = async (lines: string[], bytes: number, as: Format = format) => {
            await target.send(source, as, lines, dataset);
            events += lines.length;
            doneBytes += bytes;
            bar?.update(doneBytes, { events, file });
          };
          await readBatches(file, format, send);
        }
        await target.finish();
        bar?.stop();
        err(`ingested ${events} events from ${files.length} file(s) into ${target.where}`);
      },
    );
}

/**
 * Sends a file's lines in batches. JSON documents of many records are split into one event per
 * record; a W3C (IIS) log's directives are not events: each line after a `#Fields:` is sent with
 * the directives it is read by (see `parseWeblog`), as `weblog`.
 */
async function readBatches(
  file: string,
  format: Format,
  send: (lines: string[], bytes: number, as?: Format) => Promise<void>,
): Promise<void> {
  const split = mayBeJson(format);
  if (split && !file.endsWith('.gz') && isOneDocument(file)) {
    const records = splitRecords(readFileSync(file, 'utf8'));
    for (let i = 0; i < records.length; i += BATCH_LINES) await send(records.slice(i, i + BATCH_LINES), 0);
    return;
  }
  const raw = createReadStream(file);
  const input = file.endsWith('.gz') ? raw.pipe(createGunzip()) : raw;
  const lines = createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY });
  const w3c = format === 'auto' || format === 'weblog' ? new W3cDirectives() : null;
  let batch: string[] = [];
  let batchFormat = format;
  let bytes = 0;
  let lastRead = 0;
  const flush = async () => {
    const read = raw.bytesRead;
    if (batch.length > 0) await send(batch, read - lastRead, batchFormat);
    lastRead = read;
    batch = [];
    bytes = 0;
  };
  for await (const line of lines) {
    if (line.trim() === '') continue;
    if (w3c?.take(line)) {
      if (w3c.active && batchFormat !== 'weblog') {
        await flush();
        batchFormat = 'weblog';
      }
      continue;
    }
    if (w3c !== null && w3c.pending.length > 0) {
      batch.push(...w3c.pending); // they were not directives after all
      w3c.pending = [];
    }
    if (w3c?.active) batch.push(w3c.prefixed(line));
    // a line may be a whole export (an Azure `records` envelope, a CloudTrail file...): its records
    else if (split && mayHoldRecords(line)) batch.push(...splitRecords(line));
    else batch.push(line);
    bytes += line.length + 1;
    if (batch.length >= BATCH_LINES || bytes >= BATCH_BYTES) await flush();
  }
  if (w3c !== null && !w3c.active) batch.push(...w3c.pending);
  await flush();
}

/** The size of a file we can read, or a BadRequestError naming it (before anything is sent). */
function readableFileSize(file: string): number {
  let size: number;
  try {
    const st = statSync(file);
    if (!st.isFile()) throw new BadRequestError(`${file} is not a regular file`, file);
    size = st.size;
    closeSync(openSync(file, 'r'));
  } catch (e) {
    if (e instanceof BadRequestError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    throw new BadRequestError(
      `cannot read ${file}: ${code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : (e as Error).message}`,
      file,
    );
  }
  return size;
}

/**
 * The W3C directives of a log file read so far (`#Software:`, `#Version:`, `#Date:`, `#Fields:`).
 * Directive-shaped lines before the first `#Fields:` are held back: a `#Fields:` makes them
 * directives, any other line first sends them on as the lines they were (nothing is dropped
 * from a file that only looked like W3C).
 */
class W3cDirectives {
  private software: string | null = null;
  private fields: string | null = null;
  /** Directive-shaped lines not yet known to be directives. */
  pending: string[] = [];

  /** Whether `line` is (or may be) a directive: remembered or held, not an event. */
  take(line: string): boolean {
    if (!/^#[A-Za-z-]+:/.test(line)) return false;
    const name = line.slice(1, line.indexOf(':')).toLowerCase();
    if (name === 'fields') {
      this.fields = line;
      this.pending = [];
      return true;
    }
    if (name === 'software') this.software = line;
    if (this.fields === null) this.pending.push(line);
    return true;
  }

  /** Whether a `#Fields:` has been seen: the lines are W3C lines. */
  get active(): boolean {
    return this.fields !== null;
  }

  /** The line with the directives that say how to read it. */
  prefixed(line: string): string {
    return this.software === null ? `${this.fields}\n${line}` : `${this.software}\n${this.fields}\n${line}`;
  }
}

/** Whether files of `format` may hold JSON documents of many records (split into one per record). */
function mayBeJson(format: Format): boolean {
  return format === 'auto' || format === 'json' || isJsonSourceFormat(format);
}

/**
 * Whether the file is one JSON document rather than one event per line: it opens with `[` (an
 * array of records), or with `{` and its first line is not a whole JSON value (a pretty-printed
 * document, or one line longer than the look-ahead).
 */
function isOneDocument(file: string): boolean {
  const fd = openSync(file, 'r');
  try {
    const head = Buffer.alloc(64 * 1024);
    const n = readSync(fd, head, 0, head.length, 0);
    const text = head
      .subarray(0, n)
      .toString('utf8')
      .replace(/^\uFEFF/, '');
    const start = text.trimStart();
    if (start.startsWith('[')) return true;
    if (!start.startsWith('{')) return false;
    const end = start.indexOf('\n');
    if (end < 0) return n === head.length || !parsesAsJson(start);
    return !parsesAsJson(start.slice(0, end));
  } finally {
    closeSync(fd);
  }
}

function parsesAsJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}
