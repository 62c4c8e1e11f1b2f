/**
 * The ingest journal: an append-only, checksummed log of raw batches on disk. An append resolves
 * only after its bytes are written and fdatasync'ed, so an acknowledgement sent then survives a
 * crash. Appends that arrive while a flush is running are written together by the next flush
 * (group commit), so one fsync covers many requests.
 *
 * Layout: `<dir>/<segment as 12 digits>.log`; each record is `[u32 length][u32 crc32][payload]`
 * (little endian). A segment is closed once it passes `segmentBytes`; segments are numbered up
 * forever, so a position (segment, offset) names one record for the life of the data directory.
 * On open, the tail of the last segment is checked and a torn record (crash mid-write) is cut off.
 */
import {
  closeSync,
  fdatasync,
  fsyncSync,
  ftruncate,
  mkdirSync,
  open,
  openSync,
  readdirSync,
  readSync,
  statSync,
  unlinkSync,
  writev,
} from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { crc32 } from './crc32.ts';

const writevAsync = promisify(writev);
const fdatasyncAsync = promisify(fdatasync);
const openAsync = promisify(open);
const ftruncateAsync = promisify(ftruncate);

export interface JournalPosition {
  segment: number;
  offset: number;
}

export const HEADER_BYTES = 8;
export const MAX_RECORD_BYTES = 256 * 1024 * 1024;

export function segmentPath(dir: string, segment: number): string {
  return join(dir, `${String(segment).padStart(12, '0')}.log`);
}

export function listSegments(dir: string): number[] {
  return readdirSync(dir)
    .filter((f) => /^\d{12}\.log$/.test(f))
    .map((f) => Number(f.slice(0, 12)))
    .sort((a, b) => a - b);
}

/** Bytes between two positions, given the segment size (an estimate across segments). */
export function distance(from: JournalPosition, to: JournalPosition, segmentBytes: number): number {
  return Math.max(0, (to.segment - from.segment) * segmentBytes + to.offset - from.offset);
}

export function comparePositions(a: JournalPosition, b: JournalPosition): number {
  return a.segment - b.segment || a.offset - b.offset;
}

interface Pending {
  frames: Buffer[];
  resolve: (end: JournalPosition) => void;
  reject: (e: Error) => void;
}

export class JournalWriter {
  private fd: number;
  private segment: number;
  private offset: number;
  private queue: Pending[] = [];
  private flushing = false;
  private closed = false;
  private failure: Error | null = null;

  private constructor(
    readonly dir: string,
    private readonly segmentBytes: number,
    fd: number,
    segment: number,
    offset: number,
  ) {
    this.fd = fd;
    this.segment = segment;
    this.offset = offset;
  }

  /** Opens the journal in `dir`, recovering the last segment's tail. */
  static async open(dir: string, segmentBytes: number): Promise<JournalWriter> {
    mkdirSync(dir, { recursive: true });
    const segments = listSegments(dir);
    const segment = segments.at(-1) ?? 1;
    const path = segmentPath(dir, segment);
    const fd = await openAsync(path, 'a+');
    const valid = scanValidLength(path);
    const size = statSync(path).size;
    if (valid < size) {
      await ftruncateAsync(fd, valid);
      await fdatasyncAsync(fd);
    }
    if (segments.length === 0) syncDir(dir);
    return new JournalWriter(dir, segmentBytes, fd, segment, valid);
  }

  /** Position just after the last durable record. */
  get end(): JournalPosition {
    return { segment: this.segment, offset: this.offset };
  }

  /** Appends one record; resolves with the position after it once it is on disk. */
  append(payload: Uint8Array): Promise<JournalPosition> {
    if (this.closed) return Promise.reject(new Error('journal is closed'));
    if (this.failure) return Promise.reject(this.failure);
    if (payload.length > MAX_RECORD_BYTES) return Promise.reject(new Error('journal record too large'));
    const header = Buffer.allocUnsafe(HEADER_BYTES);
    header.writeUInt32LE(payload.length, 0);
    header.writeUInt32LE(crc32(payload), 4);
    const body = Buffer.isBuffer(payload)
      ? payload
      : Buffer.from(payload.buffer, payload.byteOffset, payload.length);
    return new Promise((resolve, reject) => {
      this.queue.push({ frames: [header, body], resolve, reject });
      if (!this.flushing) void this.flush();
    });
  }

  private async flush(): Promise<void> {
    this.flushing = true;
    try {
      while (this.queue.length > 0) {
        if (this.offset >= this.segmentBytes) await this.roll();
        const batch = this.queue;
        this.queue = [];
        const frames: Buffer[] = [];
        let bytes = 0;
        for (const p of batch) {
          for (const f of p.frames) {
            frames.push(f);
            bytes += f.length;
          }
        }
        try {
          await writeAll(this.fd, frames);
          await fdatasyncAsync(this.fd);
        } catch (e) {
          // The tail may hold a torn write now; stop accepting so nothing after it is acknowledged.
          this.failure = new Error(`journal write failed: ${(e as Error).message}`);
          for (const p of batch) p.reject(this.failure);
          for (const p of this.queue) p.reject(this.failure);
          this.queue = [];
          return;
        }
        let offset = this.offset;
        for (const p of batch) {
          offset += (p.frames[0]?.length ?? 0) + (p.frames[1]?.length ?? 0);
          p.resolve({ segment: this.segment, offset });
        }
        this.offset += bytes;
      }
    } finally {
      this.flushing = false;
    }
  }

  private async roll(): Promise<void> {
    closeSync(this.fd);
    this.segment += 1;
    this.offset = 0;
    this.fd = await openAsync(segmentPath(this.dir, this.segment), 'a+');
    syncDir(this.dir);
  }

  /** Deletes whole segments that lie entirely before `position` (already stored). */
  deleteBefore(position: JournalPosition): number {
    let deleted = 0;
    for (const s of listSegments(this.dir)) {
      if (s >= position.segment || s >= this.segment) break;
      unlinkSync(segmentPath(this.dir, s));
      deleted++;
    }
    return deleted;
  }

  /** Waits for queued appends, then closes the file. */
  async close(): Promise<void> {
    this.closed = true;
    while (this.flushing || this.queue.length > 0) {
      if (!this.flushing) await this.flush();
      else await new Promise((r) => setImmediate(r));
    }
    closeSync(this.fd);
  }
}

async function writeAll(fd: number, frames: Buffer[]): Promise<void> {
  let rest = frames;
  while (rest.length > 0) {
    // writev takes at most IOV_MAX (1024) buffers per call on Linux.
    const chunk = rest.slice(0, 1024);
    const total = chunk.reduce((n, b) => n + b.length, 0);
    const { bytesWritten } = await writevAsync(fd, chunk);
    if (bytesWritten === total) {
      rest = rest.slice(1024);
      continue;
    }
    // Short write: keep the unwritten remainder.
    let skip = bytesWritten;
    const remainder: Buffer[] = [];
    for (const b of chunk) {
      if (skip >= b.length) skip -= b.length;
      else {
        remainder.push(skip > 0 ? b.subarray(skip) : b);
        skip = 0;
      }
    }
    rest = [...remainder, ...rest.slice(1024)];
  }
}

function syncDir(dir: string): void {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Length of the prefix of a segment file made of whole records with valid checksums. */
export function scanValidLength(path: string): number {
  const reader = new SegmentReader(path);
  try {
    let offset = 0;
    for (;;) {
      const rec = reader.readAt(offset);
      if (rec === null) return offset;
      offset = rec.next;
    }
  } finally {
    reader.close();
  }
}

export interface JournalRecord {
  payload: Buffer;
  /** Position of this record. */
  at: JournalPosition;
  /** Position just after it. */
  next: JournalPosition;
}

/** Reads one segment file with synchronous reads (used in the pipeline worker). */
export class SegmentReader {
  private readonly fd: number;
  private readonly header = Buffer.allocUnsafe(HEADER_BYTES);

  constructor(readonly path: string) {
    this.fd = openSync(path, 'r');
  }

  /** The record at `offset`, or null at the end or at a torn/corrupt record. */
  readAt(offset: number): { payload: Buffer; next: number } | null {
    if (readSync(this.fd, this.header, 0, HEADER_BYTES, offset) < HEADER_BYTES) return null;
    const length = this.header.readUInt32LE(0);
    const sum = this.header.readUInt32LE(4);
    if (length > MAX_RECORD_BYTES) return null;
    const payload = Buffer.allocUnsafe(length);
    if (length > 0 && readSync(this.fd, payload, 0, length, offset + HEADER_BYTES) < length) return null;
    if (crc32(payload) !== sum) return null;
    return { payload, next: offset + HEADER_BYTES + length };
  }

  close(): void {
    closeSync(this.fd);
  }
}

/**
 * Reads records from a position up to a durable end position, moving across segments.
 * Never reads past `end`, so it never sees a record that is still being written.
 */
export class JournalReader {
  private reader: SegmentReader | null = null;

  constructor(readonly dir: string) {}

  read(from: JournalPosition, end: JournalPosition, maxRecords: number, maxBytes: number): JournalRecord[] {
    const out: JournalRecord[] = [];
    let pos = { ...from };
    let bytes = 0;
    while (out.length < maxRecords && bytes < maxBytes && comparePositions(pos, end) < 0) {
      const reader = this.segment(pos.segment);
      const rec = reader ? reader.readAt(pos.offset) : null;
      if (rec === null) {
        if (pos.segment < end.segment) {
          pos = { segment: pos.segment + 1, offset: 0 };
          continue;
        }
        throw new Error(
          `journal record at ${pos.segment}:${pos.offset} is unreadable (before the durable end)`,
        );
      }
      const next = { segment: pos.segment, offset: rec.next };
      out.push({ payload: rec.payload, at: pos, next });
      bytes += rec.payload.length;
      pos = next;
    }
    return out;
  }

  private segment(n: number): SegmentReader | null {
    const path = segmentPath(this.dir, n);
    if (this.reader?.path === path) return this.reader;
    this.reader?.close();
    this.reader = null;
    try {
      this.reader = new SegmentReader(path);
    } catch {
      return null;
    }
    return this.reader;
  }

  close(): void {
    this.reader?.close();
    this.reader = null;
  }
}
