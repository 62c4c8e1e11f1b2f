/**
 * Incremental RFC 6587 deframer for syslog over TCP/TLS.
 *
 * Both framings may be mixed on one connection; the choice is made per frame by its first byte:
 * - Octet counting (`<len> <msg>`): a frame that starts with a digit 1-9, followed by up to 10 digits
 *   and one space, carries exactly `len` bytes. If the digits are not followed by a space (e.g.
 *   `2024-05-01 ...`), the bytes read so far are taken as the start of a non-transparent frame.
 *   (`123 abc` is always read as a count: that ambiguity is RFC 6587's own.)
 * - Non-transparent framing: the frame ends at LF (a CR right before the LF is dropped, so CRLF
 *   works) or at NUL. Empty frames (blank lines, stray CR/LF/NUL between frames) are skipped.
 *   At connection close, pending bytes of a non-transparent frame are delivered as a last frame:
 *   many senders close without a final LF.
 * A trailing LF (or CRLF) inside an octet-counted message is dropped too.
 *
 * Limits: a frame larger than `maxFrameBytes` is not delivered; it yields a rejection with the
 * reason and its first bytes, and the rest of that frame is skipped (to its counted end, or to the
 * next LF/NUL), so the stream resynchronises. An octet-counted frame cut short by the connection
 * closing yields "truncated frame: expected N bytes, got M".
 *
 * Invalid UTF-8 never throws: the frame is decoded with U+FFFD replacement characters and flagged
 * (`invalidUtf8: true`), so the event is still kept and searchable; the listener marks such events.
 */
import { isUtf8 } from 'node:buffer';

export const DEFAULT_MAX_FRAME_BYTES = 64 * 1024;
/** How many leading bytes of a rejected frame are kept in the rejection. */
export const REJECTED_SAMPLE_BYTES = 512;
/** More digits than this cannot be a sane octet count; such a frame is read as non-transparent. */
const MAX_COUNT_DIGITS = 10;

const LF = 0x0a;
const CR = 0x0d;
const NUL = 0x00;
const SP = 0x20;
const DIGIT_0 = 0x30;
const DIGIT_1 = 0x31;
const DIGIT_9 = 0x39;

/** One deframed message. */
export interface SyslogFrame {
  text: string;
  /** True when the bytes were not valid UTF-8 and were decoded with U+FFFD replacements. */
  invalidUtf8: boolean;
}

/** A frame that could not be delivered; `raw` holds its first bytes (at most REJECTED_SAMPLE_BYTES). */
export interface FrameRejection {
  reason: string;
  raw: Uint8Array;
}

export interface DeframeOutput {
  frames: SyslogFrame[];
  rejections: FrameRejection[];
}

type State =
  | { kind: 'start' }
  | { kind: 'count'; digits: number[] }
  | { kind: 'octets'; expected: number; got: number; parts: Buffer[] }
  | { kind: 'line'; size: number; parts: Buffer[] }
  | { kind: 'skipOctets'; remaining: number; sample: Sampler }
  | { kind: 'skipLine'; sample: Sampler };

/** Collects the first bytes of an oversized frame while the rest of it is skipped. */
interface Sampler {
  framing: 'octet-counted' | 'non-transparent';
  /** Declared size (octet counting), or bytes seen so far (non-transparent). */
  total: number;
  parts: Buffer[];
  size: number;
}

/** Decodes one frame's bytes; strips one trailing LF or CRLF. */
export function decodeFrame(bytes: Buffer): SyslogFrame {
  let end = bytes.length;
  if (end > 0 && bytes[end - 1] === LF) {
    end--;
    if (end > 0 && bytes[end - 1] === CR) end--;
  }
  const body = end === bytes.length ? bytes : bytes.subarray(0, end);
  return { text: body.toString('utf8'), invalidUtf8: !isUtf8(body) };
}

/** First `max` bytes of `buf`, as a copy that does not pin a larger buffer. */
export function sampleBytes(buf: Uint8Array, max = REJECTED_SAMPLE_BYTES): Uint8Array {
  return Uint8Array.prototype.slice.call(buf, 0, Math.min(max, buf.length));
}

export class SyslogDeframer {
  private state: State = { kind: 'start' };
  private out: DeframeOutput = { frames: [], rejections: [] };
  private ended = false;

  constructor(private readonly maxFrameBytes: number = DEFAULT_MAX_FRAME_BYTES) {}

  /** Feeds one chunk; returns the frames and rejections completed by it. */
  push(chunk: Buffer): DeframeOutput {
    if (this.ended) return { frames: [], rejections: [] };
    let pos = 0;
    while (pos < chunk.length) pos = this.step(chunk, pos);
    return this.take();
  }

  /** Signals the end of the stream: delivers or rejects whatever is pending. Idempotent. */
  end(): DeframeOutput {
    if (this.ended) return { frames: [], rejections: [] };
    this.ended = true;
    const s = this.state;
    switch (s.kind) {
      case 'count':
        this.rejectNow(
          `truncated frame: connection closed inside the octet-count prefix "${digitsText(s.digits)}"`,
          Buffer.from(s.digits),
        );
        break;
      case 'octets':
        this.rejectNow(`truncated frame: expected ${s.expected} bytes, got ${s.got}`, Buffer.concat(s.parts));
        break;
      case 'line': {
        const frame = Buffer.concat(s.parts, s.size);
        this.finishLine(frame.length > 0 && frame[frame.length - 1] === CR ? frame.subarray(0, -1) : frame);
        break;
      }
      case 'skipOctets':
      case 'skipLine':
        this.flushSample(s.sample, false);
        break;
      case 'start':
        break;
    }
    this.state = { kind: 'start' };
    return this.take();
  }

  /** True when a partial frame is buffered. */
  get pending(): boolean {
    return this.state.kind !== 'start';
  }

  private take(): DeframeOutput {
    const out = this.out;
    this.out = { frames: [], rejections: [] };
    return out;
  }

  /** Consumes bytes from `pos` in the current state; returns the new position. */
  private step(chunk: Buffer, pos: number): number {
    const s = this.state;
    switch (s.kind) {
      case 'start': {
        const b = chunk[pos]!;
        if (b === LF || b === CR || b === NUL) return pos + 1;
        if (b >= DIGIT_1 && b <= DIGIT_9) {
          this.state = { kind: 'count', digits: [b] };
          return pos + 1;
        }
        this.state = { kind: 'line', size: 0, parts: [] };
        return pos;
      }
      case 'count':
        return this.stepCount(s, chunk, pos);
      case 'octets': {
        const n = Math.min(s.expected - s.got, chunk.length - pos);
        s.parts.push(chunk.subarray(pos, pos + n));
        s.got += n;
        if (s.got === s.expected) {
          this.emitFrame(Buffer.concat(s.parts, s.got));
          this.state = { kind: 'start' };
        }
        return pos + n;
      }
      case 'line':
        return this.stepLine(s, chunk, pos);
      case 'skipOctets': {
        const n = Math.min(s.remaining, chunk.length - pos);
        this.addSample(s.sample, chunk.subarray(pos, pos + n));
        s.remaining -= n;
        if (s.remaining === 0) {
          this.flushSample(s.sample, true);
          this.state = { kind: 'start' };
        }
        return pos + n;
      }
      case 'skipLine': {
        const t = findTrailer(chunk, pos);
        const stop = t === -1 ? chunk.length : t;
        this.addSample(s.sample, chunk.subarray(pos, stop));
        if (t === -1) return chunk.length;
        this.flushSample(s.sample, true);
        this.state = { kind: 'start' };
        return t + 1;
      }
    }
  }

  private stepCount(s: { kind: 'count'; digits: number[] }, chunk: Buffer, pos: number): number {
    const b = chunk[pos]!;
    if (b >= DIGIT_0 && b <= DIGIT_9 && s.digits.length < MAX_COUNT_DIGITS) {
      s.digits.push(b);
      return pos + 1;
    }
    if (b === SP) {
      const expected = Number(digitsText(s.digits));
      if (expected > this.maxFrameBytes) {
        const sample: Sampler = { framing: 'octet-counted', total: expected, parts: [], size: 0 };
        this.state = { kind: 'skipOctets', remaining: expected, sample };
      } else {
        this.state = { kind: 'octets', expected, got: 0, parts: [] };
      }
      return pos + 1;
    }
    // Not an octet count: the digits start a non-transparent frame; re-read from this byte.
    const prefix = Buffer.from(s.digits);
    this.state = { kind: 'line', size: prefix.length, parts: [prefix] };
    return pos;
  }

  private stepLine(s: { kind: 'line'; size: number; parts: Buffer[] }, chunk: Buffer, pos: number): number {
    const t = findTrailer(chunk, pos);
    const stop = t === -1 ? chunk.length : t;
    if (stop > pos) {
      s.parts.push(chunk.subarray(pos, stop));
      s.size += stop - pos;
    }
    // One byte of slack: a CR right before the LF is part of the trailer, not of the message.
    if (s.size > this.maxFrameBytes + 1) {
      const sample = newSampler('non-transparent');
      for (const p of s.parts) this.addSample(sample, p);
      if (t === -1) {
        this.state = { kind: 'skipLine', sample };
        return chunk.length;
      }
      this.flushSample(sample, true);
      this.state = { kind: 'start' };
      return t + 1;
    }
    if (t === -1) return chunk.length;
    let frame = Buffer.concat(s.parts, s.size);
    if (chunk[t] === LF && frame.length > 0 && frame[frame.length - 1] === CR) frame = frame.subarray(0, -1);
    this.state = { kind: 'start' };
    this.finishLine(frame);
    return t + 1;
  }

  /** Delivers a complete non-transparent frame (trailer already removed), or rejects it if too large. */
  private finishLine(frame: Buffer): void {
    if (frame.length > this.maxFrameBytes) {
      const sample = newSampler('non-transparent');
      this.addSample(sample, frame);
      this.flushSample(sample, true);
    } else if (frame.length > 0) {
      this.emitFrame(frame);
    }
  }

  private emitFrame(bytes: Buffer): void {
    const frame = decodeFrame(bytes);
    if (frame.text.length > 0) this.out.frames.push(frame);
  }

  private rejectNow(reason: string, bytes: Uint8Array): void {
    this.out.rejections.push({ reason, raw: sampleBytes(bytes) });
  }

  private addSample(s: Sampler, bytes: Buffer): void {
    if (s.framing === 'non-transparent') s.total += bytes.length;
    if (s.size >= REJECTED_SAMPLE_BYTES || bytes.length === 0) return;
    const take = Buffer.from(bytes.subarray(0, REJECTED_SAMPLE_BYTES - s.size));
    s.parts.push(take);
    s.size += take.length;
  }

  /** Emits the rejection of an oversized frame; `complete` is false when the stream ended inside it. */
  private flushSample(s: Sampler, complete: boolean): void {
    const size = complete || s.framing === 'octet-counted' ? `${s.total}` : `at least ${s.total}`;
    const tail = complete ? '' : '; connection closed before its end';
    const reason = `frame of ${size} bytes exceeds the limit of ${this.maxFrameBytes} bytes (${s.framing}${tail})`;
    this.out.rejections.push({ reason, raw: new Uint8Array(Buffer.concat(s.parts, s.size)) });
  }
}

function newSampler(framing: Sampler['framing']): Sampler {
  return { framing, total: 0, parts: [], size: 0 };
}

function digitsText(digits: number[]): string {
  return String.fromCharCode(...digits);
}

/** Index of the next LF or NUL at or after `from`, or -1. */
function findTrailer(buf: Buffer, from: number): number {
  const lf = buf.indexOf(LF, from);
  const end = lf === -1 ? buf.length : lf;
  const nul = buf.subarray(from, end).indexOf(NUL);
  return nul === -1 ? lf : from + nul;
}
