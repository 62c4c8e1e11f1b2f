/**
 * Evidence files on disk: `<dataDir>/evidence/<sha256>`, content-addressed (identical content is
 * stored once, whichever case it belongs to), written once — to a temporary file, fsynced, renamed
 * into place, then made read-only (0400) — and never altered. A download re-hashes the file: one
 * that no longer matches its SHA-256 is refused before a byte is sent, and a file altered while it
 * streams ends the response with an error instead of completing it.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { chmod, mkdir, open, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { BadRequestError, VigilError } from '../core/errors.ts';

export interface StoredFile {
  sha256: string;
  size: number;
  /** Whether these bytes were already stored (another upload of the same content). */
  existed: boolean;
}

export function evidenceDir(dataDir: string): string {
  return join(dataDir, 'evidence');
}

export function evidencePath(dataDir: string, sha256: string): string {
  if (!/^[0-9a-f]{64}$/.test(sha256)) throw new BadRequestError('not a SHA-256 hex digest', 'sha256');
  return join(evidenceDir(dataDir), sha256);
}

export function sha256Hex(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** The SHA-256 of a file on disk (hex), or null when there is no file. */
export async function hashFile(path: string): Promise<string | null> {
  const h = createHash('sha256');
  try {
    await pipeline(createReadStream(path), h);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
  return h.digest('hex');
}

/**
 * Stores `bytes` under their SHA-256. Content already present (and intact) is not written again;
 * a present file that no longer matches its name is replaced by the good copy.
 */
export async function storeEvidenceFile(dataDir: string, bytes: Buffer): Promise<StoredFile> {
  const sha256 = sha256Hex(bytes);
  const dir = evidenceDir(dataDir);
  const final = evidencePath(dataDir, sha256);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  if ((await hashFile(final)) === sha256) return { sha256, size: bytes.length, existed: true };
  const tmp = join(dir, `.tmp-${process.pid}-${randomBytes(8).toString('hex')}`);
  const fh = await open(tmp, 'wx', 0o600);
  try {
    await fh.writeFile(bytes);
    await fh.sync();
  } catch (e) {
    await fh.close();
    await rm(tmp, { force: true });
    throw e;
  }
  await fh.close();
  try {
    await rename(tmp, final);
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
  await chmod(final, 0o400);
  await syncDir(dir);
  return { sha256, size: bytes.length, existed: false };
}

/** Makes the rename durable (the directory entry); not every platform lets a directory be fsynced. */
async function syncDir(dir: string): Promise<void> {
  let fh: Awaited<ReturnType<typeof open>> | null = null;
  try {
    fh = await open(dir, 'r');
    await fh.sync();
  } catch {
    // best effort (e.g. Windows)
  } finally {
    await fh?.close();
  }
}

/** The evidence file is gone or altered: an integrity failure an administrator must look into. */
export class EvidenceIntegrityError extends VigilError {
  readonly actual: string | null;
  constructor(message: string, actual: string | null) {
    super('internal', message);
    this.name = 'EvidenceIntegrityError';
    this.actual = actual;
  }
}

/**
 * Opens an evidence file for download after checking that its content still hashes to
 * `sha256` (EvidenceIntegrityError otherwise). The returned stream checks again as it reads, and
 * fails instead of ending when the file changed in between.
 */
export async function openEvidenceFile(
  dataDir: string,
  sha256: string,
  size: number,
): Promise<NodeJS.ReadableStream> {
  const path = evidencePath(dataDir, sha256);
  const info = await stat(path).catch(() => null);
  if (!info)
    throw new EvidenceIntegrityError(
      `the evidence file ${sha256} is missing from ${evidenceDir(dataDir)}; restore it from a backup — the download is refused`,
      null,
    );
  const actual = info.size === size ? await hashFile(path) : `(size ${info.size}, expected ${size})`;
  if (actual !== sha256)
    throw new EvidenceIntegrityError(
      `the evidence file ${sha256} on disk no longer matches its SHA-256 (it hashes to ${actual}): it was altered or damaged, so the download is refused; restore it from a backup`,
      actual,
    );
  return createReadStream(path).pipe(new VerifyingStream(sha256));
}

/** Passes bytes through and fails at the end when they do not hash to `expected`. */
class VerifyingStream extends Transform {
  private readonly hash = createHash('sha256');
  constructor(private readonly expected: string) {
    super();
  }
  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    this.hash.update(chunk);
    done(null, chunk);
  }
  override _flush(done: TransformCallback): void {
    const actual = this.hash.digest('hex');
    done(
      actual === this.expected
        ? null
        : new EvidenceIntegrityError(
            `the evidence file ${this.expected} changed while it was read (now ${actual})`,
            actual,
          ),
    );
  }
}

/** A file name fit to keep: its last path component, without control characters, at most 255 characters. */
export function cleanFileName(name: string): string {
  const base = name.split(/[/\\]/).pop() ?? '';
  const clean = base
    .replace(/[\u0000-\u001f\u007f]/g, '')
    .trim()
    .slice(0, 255);
  if (clean === '' || clean === '.' || clean === '..')
    throw new BadRequestError('name the evidence file (?name=)', 'name');
  return clean;
}

/** `Content-Disposition: attachment` with an ASCII fallback and the UTF-8 name (RFC 6266). */
export function attachmentHeader(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}
