/**
 * The built web console on disk (`web/dist`, made by `npm run build:web`): its `index.html` and
 * the hashed files under `assets/`. Names are checked before they touch the file system, so a
 * request can only ever read a file inside `assets/`.
 */
import { createReadStream, existsSync, type ReadStream, readFileSync, statSync } from 'node:fs';
import { extname, join, resolve, sep } from 'node:path';

/** Where `npm run build:web` writes the console. */
export const DEFAULT_CONSOLE_DIR = resolve(import.meta.dirname, '..', '..', '..', 'web', 'dist');

/** Top-level paths of the console's pages (client-side routes); each answers with index.html. */
export const CONSOLE_PAGES = [
  'overview',
  'alerts',
  'cases',
  'search',
  'detections',
  'admin',
  'account',
  'login',
] as const;

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.json': 'application/json',
  '.map': 'application/json',
  '.txt': 'text/plain; charset=utf-8',
};

/** A path below `assets/`: plain names separated by `/`, no dot-only segment, no backslash. */
const ASSET_PATH = /^[A-Za-z0-9_-][A-Za-z0-9._-]*(?:\/[A-Za-z0-9_-][A-Za-z0-9._-]*)*$/;

export interface AssetFile {
  stream: ReadStream;
  size: number;
  type: string;
  /** `gzip` when the pre-compressed copy (`name.gz`, made by the build) is sent. */
  encoding: 'gzip' | null;
}

export class ConsoleFiles {
  private index: { mtimeMs: number; html: string } | null = null;

  constructor(readonly dir: string = DEFAULT_CONSOLE_DIR) {}

  /** index.html, re-read when the build changed it; null when the console is not built. */
  indexHtml(): string | null {
    const file = join(this.dir, 'index.html');
    let mtimeMs: number;
    try {
      mtimeMs = statSync(file).mtimeMs;
    } catch {
      return null;
    }
    if (this.index?.mtimeMs !== mtimeMs) this.index = { mtimeMs, html: readFileSync(file, 'utf8') };
    return this.index.html;
  }

  /** The file `assets/<path>`, or null when there is none (or the path is not a plain name). */
  asset(path: string, acceptsGzip: boolean): AssetFile | null {
    if (!ASSET_PATH.test(path)) return null;
    const root = resolve(this.dir, 'assets');
    const file = resolve(root, path);
    if (!file.startsWith(root + sep)) return null;
    const type = TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';
    if (acceptsGzip && existsSync(`${file}.gz`)) {
      const size = fileSize(`${file}.gz`);
      if (size !== null) return { stream: createReadStream(`${file}.gz`), size, type, encoding: 'gzip' };
    }
    const size = fileSize(file);
    if (size === null) return null;
    return { stream: createReadStream(file), size, type, encoding: null };
  }
}

function fileSize(file: string): number | null {
  try {
    const s = statSync(file);
    return s.isFile() ? s.size : null;
  } catch {
    return null;
  }
}
