/** Specification of the RFC 6587 deframer: both framings, limits, resync, truncation, UTF-8, chunking. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type DeframeOutput, REJECTED_SAMPLE_BYTES, SyslogDeframer } from './syslog-framing.ts';

const runs = Number(process.env.FUZZ_RUNS ?? 300);

/** Feeds `chunks` then ends the stream; returns everything produced. */
function deframe(chunks: (string | Buffer)[], max?: number): DeframeOutput {
  const d = new SyslogDeframer(max);
  const out: DeframeOutput = { frames: [], rejections: [] };
  for (const c of chunks) {
    const o = d.push(typeof c === 'string' ? Buffer.from(c) : c);
    out.frames.push(...o.frames);
    out.rejections.push(...o.rejections);
  }
  const o = d.end();
  out.frames.push(...o.frames);
  out.rejections.push(...o.rejections);
  return out;
}

const texts = (o: DeframeOutput) => o.frames.map((f) => f.text);
const reasons = (o: DeframeOutput) => o.rejections.map((r) => r.reason);

/** Splits `buf` at the given (sorted, deduplicated) offsets. */
function splitAt(buf: Buffer, points: number[]): Buffer[] {
  const sorted = [...new Set(points)].sort((a, b) => a - b);
  const parts: Buffer[] = [];
  let prev = 0;
  for (const p of sorted) {
    parts.push(buf.subarray(prev, p));
    prev = p;
  }
  parts.push(buf.subarray(prev));
  return parts;
}

describe('octet counting', () => {
  it('reads `<len> <msg>` frames, several per chunk', () => {
    const o = deframe(['5 hello11 hello world']);
    expect(texts(o)).toEqual(['hello', 'hello world']);
    expect(o.rejections).toEqual([]);
  });

  it('counts bytes, not characters', () => {
    const msg = '<13>1 - h app - - - café ☕';
    const o = deframe([`${Buffer.byteLength(msg)} ${msg}`]);
    expect(texts(o)).toEqual([msg]);
  });

  it('keeps LFs inside a counted message but drops one trailing LF or CRLF', () => {
    const o = deframe(['11 line1\nline26 last\r\n']);
    expect(texts(o)).toEqual(['line1\nline2', 'last']);
  });

  it('reads digits not followed by a space as the start of a non-transparent frame', () => {
    const o = deframe(['2024-05-01 something happened\n']);
    expect(texts(o)).toEqual(['2024-05-01 something happened']);
  });
});

describe('non-transparent framing', () => {
  it('ends frames at LF, CRLF or NUL and skips empty frames', () => {
    const o = deframe(['<13>a\n<13>b\r\n<13>c\0\n\n\r\n<13>d\n']);
    expect(texts(o)).toEqual(['<13>a', '<13>b', '<13>c', '<13>d']);
  });

  it('delivers an unterminated last frame when the connection closes', () => {
    const o = deframe(['<13>first\n<13>last without LF']);
    expect(texts(o)).toEqual(['<13>first', '<13>last without LF']);
    expect(o.rejections).toEqual([]);
  });
});

describe('mixed framing on one connection', () => {
  it('chooses the framing per frame', () => {
    const o = deframe(['<13>lf one\n9 <13>octet<13>lf two\n5 <13>x\n']);
    expect(texts(o)).toEqual(['<13>lf one', '<13>octet', '<13>lf two', '<13>x']);
  });
});

describe('limits', () => {
  it('rejects an oversized octet-counted frame with its first bytes and resyncs after it', () => {
    const big = 'A'.repeat(40);
    const o = deframe([`40 ${big}5 <13>k`], 32);
    expect(texts(o)).toEqual(['<13>k']);
    expect(reasons(o)).toEqual(['frame of 40 bytes exceeds the limit of 32 bytes (octet-counted)']);
    expect(Buffer.from(o.rejections[0]!.raw).toString()).toBe(big);
  });

  it('rejects an oversized LF frame and resyncs at the next LF', () => {
    const big = 'B'.repeat(100);
    const o = deframe([big.slice(0, 30), big.slice(30) + '\n<13>next\n'], 32);
    expect(texts(o)).toEqual(['<13>next']);
    expect(reasons(o)).toEqual(['frame of 100 bytes exceeds the limit of 32 bytes (non-transparent)']);
    expect(Buffer.from(o.rejections[0]!.raw).toString()).toBe(big);
  });

  it('keeps at most REJECTED_SAMPLE_BYTES of a rejected frame', () => {
    const o = deframe([`${'C'.repeat(5000)}\n`], 1000);
    expect(o.rejections[0]!.raw.length).toBe(REJECTED_SAMPLE_BYTES);
  });

  it('accepts a frame of exactly the limit, also with CRLF', () => {
    const exact = 'D'.repeat(32);
    const o = deframe([`${exact}\r\n32 ${exact}${exact}\n`], 32);
    expect(texts(o)).toEqual([exact, exact, exact]);
    expect(o.rejections).toEqual([]);
  });

  it('rejects a frame one byte over the limit', () => {
    const o = deframe([`${'E'.repeat(33)}\n<13>ok\n`], 32);
    expect(texts(o)).toEqual(['<13>ok']);
    expect(reasons(o)).toHaveLength(1);
  });

  it('reports an oversized frame cut by the connection close once', () => {
    const o = deframe([`${'F'.repeat(50)}`], 32);
    expect(reasons(o)).toEqual([
      'frame of at least 50 bytes exceeds the limit of 32 bytes (non-transparent; connection closed before its end)',
    ]);
  });
});

describe('truncation at close', () => {
  it('rejects an octet-counted frame cut short', () => {
    const o = deframe(['5 <13>a\n', '10 abc']);
    expect(reasons(o)).toEqual(['truncated frame: expected 10 bytes, got 3']);
    expect(Buffer.from(o.rejections[0]!.raw).toString()).toBe('abc');
    expect(texts(o)).toEqual(['<13>a']);
  });

  it('rejects a stream that ends inside the length prefix', () => {
    const o = deframe(['12']);
    expect(reasons(o)).toEqual(['truncated frame: connection closed inside the octet-count prefix "12"']);
  });

  it('ignores input after end()', () => {
    const d = new SyslogDeframer();
    d.end();
    expect(d.push(Buffer.from('x\n'))).toEqual({ frames: [], rejections: [] });
  });
});

describe('invalid UTF-8', () => {
  it('decodes with U+FFFD and flags the frame instead of failing', () => {
    const o = deframe([Buffer.from([0x3c, 0x31, 0x33, 0x3e, 0xff, 0xfe, 0x41, 0x0a, 0x6f, 0x6b, 0x0a])]);
    expect(o.frames).toEqual([
      { text: '<13>\uFFFD\uFFFDA', invalidUtf8: true },
      { text: 'ok', invalidUtf8: false },
    ]);
  });
});

describe('chunking', () => {
  const stream = Buffer.from('<13>a\n10 <13>octet\n\r\n<13>é\r\n7 <13>xyz<13>z\0');
  const expected = ['<13>a', '<13>octet', '<13>é', '<13>xyz', '<13>z'];

  it('gives the same frames for a split at every byte boundary', () => {
    for (let i = 0; i <= stream.length; i++) {
      expect(texts(deframe(splitAt(stream, [i])))).toEqual(expected);
    }
  });

  it('gives the same frames fed one byte at a time', () => {
    expect(texts(deframe(splitAt(stream, [...stream.keys()])))).toEqual(expected);
  });

  it('property: any split of a mixed-framing stream yields the same frames and rejections', () => {
    const msg = fc
      .string({ unit: 'grapheme', minLength: 1, maxLength: 20 })
      .map((s) => `<14>${s.replace(/[\n\0\r]/g, '_')}`)
      .filter((s) => Buffer.byteLength(s) <= 256);
    const item = fc.oneof(
      fc.record({ kind: fc.constant('octet' as const), msg }),
      fc.record({ kind: fc.constantFrom('lf' as const, 'crlf' as const, 'nul' as const), msg }),
      fc.record({ kind: fc.constant('big' as const), msg: fc.constant('G'.repeat(300)) }),
    );
    fc.assert(
      fc.property(
        fc.array(item, { maxLength: 8 }),
        fc.array(fc.nat(), { maxLength: 12 }),
        (items, rawPoints) => {
          const wire = items
            .map((it) => {
              if (it.kind === 'octet' || it.kind === 'big') return `${Buffer.byteLength(it.msg)} ${it.msg}`;
              return it.msg + (it.kind === 'lf' ? '\n' : it.kind === 'crlf' ? '\r\n' : '\0');
            })
            .join('');
          const buf = Buffer.from(wire);
          const points = rawPoints.map((p) => p % (buf.length + 1));
          const out = deframe(splitAt(buf, points), 256);
          expect(texts(out)).toEqual(items.filter((it) => it.kind !== 'big').map((it) => it.msg));
          expect(reasons(out)).toEqual(
            items
              .filter((it) => it.kind === 'big')
              .map(() => 'frame of 300 bytes exceeds the limit of 256 bytes (octet-counted)'),
          );
        },
      ),
      { numRuns: runs },
    );
  });

  it('property: arbitrary bytes never throw and chunking does not change the result', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 200 }),
        fc.array(fc.nat(), { maxLength: 10 }),
        (bytes, rawPoints) => {
          const buf = Buffer.from(bytes);
          const whole = deframe([buf], 16);
          const split = deframe(
            splitAt(
              buf,
              rawPoints.map((p) => p % (buf.length + 1)),
            ),
            16,
          );
          expect(split).toEqual(whole);
          for (const f of whole.frames) expect(Buffer.byteLength(f.text)).toBeGreaterThan(0);
        },
      ),
      { numRuns: runs },
    );
  });
});
