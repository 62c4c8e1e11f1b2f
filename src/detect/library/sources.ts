/**
 * Reading rule sources into text documents `{path, text}`: a folder (every `*.yml`/`*.yaml` below
 * it), a `.zip` archive, a single YAML file, or files already in memory (an upload). Other files
 * are ignored (counted). Every source is bounded: number of files, bytes per file, total bytes.
 * Zip entries are read from the archive's central directory with their declared sizes checked
 * before anything is inflated, and the inflate writes into a buffer of exactly that size, so an
 * archive cannot expand past the limits (zip bomb); entry names that are absolute or climb out of
 * the archive (`..`, zip slip) are refused. A file that cannot be taken is a problem with its path
 * and reason; only a source that cannot be read at all throws.
 */
import { type Dirent, readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { unzipSync } from 'fflate';
import { BadRequestError, VigilError } from '../../core/errors.ts';

export interface RuleSourceFile {
  /** Path inside the source, `/`-separated (a folder: relative to it; a zip: the entry name). */
  path: string;
  text: string;
}

export interface SourceProblem {
  path: string;
  reason: string;
}

export interface SourceRead {
  files: RuleSourceFile[];
  /** Files that are not YAML (README, samples, …): skipped silently, only counted. */
  ignored: number;
  /** YAML files that could not be taken (too large, unsafe name, not UTF-8, …). */
  problems: SourceProblem[];
}

export interface LibraryLimits {
  /** Most YAML files in one source. */
  maxFiles: number;
  /** Largest single YAML file. */
  maxFileBytes: number;
  /** Most bytes of YAML in one source (after decompression). */
  maxTotalBytes: number;
  /** Most entries (files of any kind) a zip may list. */
  maxEntries: number;
}

export const DEFAULT_LIMITS: LibraryLimits = {
  maxFiles: 20_000,
  maxFileBytes: 1024 * 1024,
  maxTotalBytes: 64 * 1024 * 1024,
  maxEntries: 200_000,
};

const YAML_NAME = /\.ya?ml$/i;
const utf8 = new TextDecoder('utf-8', { fatal: true });

export function isYamlName(name: string): boolean {
  return YAML_NAME.test(name);
}

/** Why a path inside a source is unsafe to keep, or null when it is a plain relative path. */
export function unsafePath(path: string): string | null {
  if (path.length === 0) return 'the name is empty';
  if (path.length > 1024) return 'the name is longer than 1024 characters';
  if (path.includes('\0')) return 'the name contains a NUL character';
  if (path.includes('\\')) return 'the name contains a backslash';
  if (path.startsWith('/') || /^[A-Za-z]:/.test(path)) return 'the name is an absolute path';
  if (path.split('/').some((s) => s === '..')) return 'the name climbs out of the archive ("..")';
  return null;
}

/** Normalizes `./a//b.yml` to `a/b.yml`. */
function cleanPath(path: string): string {
  return path
    .split('/')
    .filter((s) => s !== '' && s !== '.')
    .join('/');
}

class Budget {
  files = 0;
  bytes = 0;
  constructor(
    private readonly limits: LibraryLimits,
    private readonly what: string,
  ) {}

  /** A problem for one oversized file, or null; throws when the whole source is over its limits. */
  take(size: number): string | null {
    if (size > this.limits.maxFileBytes)
      return `the file has ${size} bytes; the limit is ${this.limits.maxFileBytes} bytes per rule file`;
    this.files++;
    this.bytes += size;
    if (this.files > this.limits.maxFiles)
      throw new VigilError(
        'too_large',
        `${this.what} holds more than ${this.limits.maxFiles} YAML files; import it in parts`,
      );
    if (this.bytes > this.limits.maxTotalBytes)
      throw new VigilError(
        'too_large',
        `${this.what} holds more than ${this.limits.maxTotalBytes} bytes of YAML; import it in parts`,
      );
    return null;
  }
}

function decode(bytes: Uint8Array): string | null {
  try {
    const text = utf8.decode(bytes);
    return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  } catch {
    return null;
  }
}

/** Every `*.yml`/`*.yaml` below `dir` (symbolic links followed, each real folder once), sorted. */
export function readRuleFolder(dir: string, limits: LibraryLimits = DEFAULT_LIMITS): SourceRead {
  const out: SourceRead = { files: [], ignored: 0, problems: [] };
  let root: string;
  try {
    root = realpathSync(dir);
    if (!statSync(root).isDirectory()) throw new Error('not a folder');
  } catch (e) {
    throw new BadRequestError(`cannot read the rule folder ${dir}: ${(e as Error).message}`);
  }
  const budget = new Budget(limits, `the folder ${dir}`);
  const seen = new Set<string>([root]);
  const walk = (abs: string, rel: string) => {
    let entries: Dirent[];
    try {
      entries = readdirSync(abs, { withFileTypes: true });
    } catch (e) {
      out.problems.push({ path: rel || '.', reason: `cannot read the folder: ${(e as Error).message}` });
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const d of entries) {
      const p = join(abs, d.name);
      const r = rel ? `${rel}/${d.name}` : d.name;
      let isDir = d.isDirectory();
      let isFile = d.isFile();
      if (d.isSymbolicLink()) {
        try {
          const real = realpathSync(p);
          const st = statSync(real);
          isDir = st.isDirectory() && !seen.has(real);
          isFile = st.isFile();
          if (isDir) seen.add(real);
        } catch {
          continue; // a dangling link
        }
      }
      if (isDir) walk(p, r);
      else if (isFile && isYamlName(d.name)) readOne(p, r, budget, out);
      else if (isFile) out.ignored++;
    }
  };
  walk(root, '');
  return out;
}

function readOne(abs: string, rel: string, budget: Budget, out: SourceRead): void {
  try {
    const problem = budget.take(statSync(abs).size);
    if (problem) {
      out.problems.push({ path: rel, reason: problem });
      return;
    }
    const text = decode(readFileSync(abs));
    if (text === null) out.problems.push({ path: rel, reason: 'the file is not valid UTF-8' });
    else out.files.push({ path: rel, text });
  } catch (e) {
    if (e instanceof VigilError) throw e;
    out.problems.push({ path: rel, reason: `cannot read the file: ${(e as Error).message}` });
  }
}

/** The YAML entries of a zip archive. Throws when the bytes are not a zip or break a whole-source limit. */
export function readRuleZip(
  bytes: Uint8Array,
  limits: LibraryLimits = DEFAULT_LIMITS,
  what = 'the archive',
): SourceRead {
  const out: SourceRead = { files: [], ignored: 0, problems: [] };
  const budget = new Budget(limits, what);
  const taken = new Set<string>();
  let entries = 0;
  let unzipped: Record<string, Uint8Array>;
  try {
    unzipped = unzipSync(bytes, {
      filter: (f) => {
        if (++entries > limits.maxEntries)
          throw new VigilError('too_large', `${what} lists more than ${limits.maxEntries} entries`);
        if (f.name.endsWith('/')) return false; // a folder entry
        if (!isYamlName(f.name)) {
          out.ignored++;
          return false;
        }
        const unsafe = unsafePath(f.name);
        if (unsafe) {
          out.problems.push({ path: f.name, reason: `refused: ${unsafe}` });
          return false;
        }
        if (f.compression !== 0 && f.compression !== 8) {
          out.problems.push({
            path: f.name,
            reason: `compression method ${f.compression} is not supported (only stored and deflate)`,
          });
          return false;
        }
        // The inflate output buffer has the declared size, so this bounds what is expanded.
        const problem = budget.take(Math.max(f.originalSize, f.compression === 0 ? f.size : 0));
        if (problem) {
          out.problems.push({ path: f.name, reason: problem });
          return false;
        }
        if (taken.has(cleanPath(f.name))) {
          out.problems.push({ path: f.name, reason: 'the archive lists this name twice' });
          return false;
        }
        taken.add(cleanPath(f.name));
        return true;
      },
    });
  } catch (e) {
    if (e instanceof VigilError) throw e;
    throw new BadRequestError(`${what} is not a readable zip archive: ${(e as Error).message}`);
  }
  for (const name of Object.keys(unzipped).sort()) {
    const text = decode(unzipped[name]!);
    if (text === null) out.problems.push({ path: name, reason: 'the file is not valid UTF-8' });
    else out.files.push({ path: cleanPath(name), text });
  }
  return out;
}

/** One YAML file from disk; its path in the result is its base name. */
export function readRuleFile(file: string, limits: LibraryLimits = DEFAULT_LIMITS): SourceRead {
  let st: ReturnType<typeof statSync>;
  try {
    st = statSync(file);
  } catch (e) {
    throw new BadRequestError(`cannot read the rule file ${file}: ${(e as Error).message}`);
  }
  if (!st.isFile()) throw new BadRequestError(`${file} is not a file`);
  if (!isYamlName(file))
    throw new BadRequestError(`${file} is not a .yml/.yaml file (nor a .zip or a folder)`);
  return fromTexts([{ path: basename(file), bytes: readFileSync(file) }], limits, file);
}

/** Files already in memory (an upload): bytes or text, with their paths checked like zip entries. */
export function fromTexts(
  items: readonly { path: string; bytes?: Uint8Array; text?: string }[],
  limits: LibraryLimits = DEFAULT_LIMITS,
  what = 'the upload',
): SourceRead {
  const out: SourceRead = { files: [], ignored: 0, problems: [] };
  const budget = new Budget(limits, what);
  const taken = new Set<string>();
  for (const item of items) {
    const unsafe = unsafePath(item.path);
    if (unsafe) {
      out.problems.push({ path: item.path, reason: `refused: ${unsafe}` });
      continue;
    }
    const path = cleanPath(item.path);
    if (!isYamlName(path)) {
      out.ignored++;
      continue;
    }
    if (taken.has(path)) {
      out.problems.push({ path, reason: 'the same path is given twice' });
      continue;
    }
    const size = item.bytes ? item.bytes.byteLength : Buffer.byteLength(item.text ?? '');
    const problem = budget.take(size);
    if (problem) {
      out.problems.push({ path, reason: problem });
      continue;
    }
    const text = item.bytes ? decode(item.bytes) : (item.text ?? '').replace(/^\ufeff/, '');
    if (text === null) {
      out.problems.push({ path, reason: 'the file is not valid UTF-8' });
      continue;
    }
    taken.add(path);
    out.files.push({ path, text });
  }
  return out;
}

/** A folder, a `.zip` or a single `.yml`/`.yaml`, by what is at `path`. */
export function readRuleSource(path: string, limits: LibraryLimits = DEFAULT_LIMITS): SourceRead {
  let st: ReturnType<typeof statSync>;
  try {
    st = statSync(path);
  } catch (e) {
    throw new BadRequestError(`cannot read ${path}: ${(e as Error).message}`);
  }
  if (st.isDirectory()) return readRuleFolder(path, limits);
  if (/\.zip$/i.test(path)) {
    if (st.size > limits.maxTotalBytes * 2)
      throw new VigilError('too_large', `${path} has ${st.size} bytes; import it in parts`);
    return readRuleZip(readFileSync(path), limits, path);
  }
  return readRuleFile(path, limits);
}
