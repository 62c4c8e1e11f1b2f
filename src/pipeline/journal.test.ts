import { appendFileSync, mkdtempSync, statSync, truncateSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { JournalReader, JournalWriter, listSegments, segmentPath } from './journal.ts';

const tmp = () => mkdtempSync(join(tmpdir(), 'vigil-journal-'));
const enc = (s: string) => Buffer.from(s);

describe('ingest journal', () => {
  it('appends records and reads them back in order up to the durable end', async () => {
    const dir = tmp();
    const w = await JournalWriter.open(dir, 1 << 20);
    const ends = await Promise.all(['a', 'bb', 'ccc'].map((s) => w.append(enc(s))));
    expect(ends.map((e) => e.offset)).toEqual([9, 19, 30]);
    const r = new JournalReader(dir);
    const recs = r.read({ segment: 1, offset: 0 }, w.end, 100, 1 << 20);
    expect(recs.map((x) => x.payload.toString())).toEqual(['a', 'bb', 'ccc']);
    expect(r.read(recs[1]!.next, w.end, 100, 1 << 20).map((x) => x.payload.toString())).toEqual(['ccc']);
    expect(r.read({ segment: 1, offset: 0 }, w.end, 2, 1 << 20)).toHaveLength(2);
    await w.close();
  });

  it('rolls to a new segment past the size limit and reads across segments', async () => {
    const dir = tmp();
    const w = await JournalWriter.open(dir, 32);
    for (let i = 0; i < 10; i++) await w.append(enc(`record-${i}-xxxxxxxxxxxx`));
    expect(listSegments(dir).length).toBeGreaterThan(3);
    const recs = new JournalReader(dir).read({ segment: 1, offset: 0 }, w.end, 100, 1 << 20);
    expect(recs.map((x) => x.payload.toString())).toEqual(
      Array.from({ length: 10 }, (_, i) => `record-${i}-xxxxxxxxxxxx`),
    );
    const deleted = w.deleteBefore(recs[5]!.at);
    expect(deleted).toBeGreaterThan(0);
    expect(new JournalReader(dir).read(recs[5]!.at, w.end, 100, 1 << 20)).toHaveLength(5);
    await w.close();
  });

  it('cuts a torn tail on reopen and keeps every whole record', async () => {
    const dir = tmp();
    const w = await JournalWriter.open(dir, 1 << 20);
    await w.append(enc('one'));
    await w.append(enc('two'));
    await w.close();
    const path = segmentPath(dir, 1);
    const whole = statSync(path).size;
    appendFileSync(path, Buffer.from([50, 0, 0, 0, 1, 2, 3, 4, 65, 66])); // header says 50 bytes, 2 follow
    const w2 = await JournalWriter.open(dir, 1 << 20);
    expect(w2.end).toEqual({ segment: 1, offset: whole });
    await w2.append(enc('three'));
    const recs = new JournalReader(dir).read({ segment: 1, offset: 0 }, w2.end, 100, 1 << 20);
    expect(recs.map((x) => x.payload.toString())).toEqual(['one', 'two', 'three']);
    await w2.close();
  });

  it('detects a corrupted record by its checksum', async () => {
    const dir = tmp();
    const w = await JournalWriter.open(dir, 1 << 20);
    await w.append(enc('first'));
    await w.append(enc('second'));
    await w.close();
    const path = segmentPath(dir, 1);
    truncateSync(path, statSync(path).size - 1);
    appendFileSync(path, 'X');
    const w2 = await JournalWriter.open(dir, 1 << 20);
    expect(w2.end.offset).toBe(13);
    await w2.close();
  });

  it('groups concurrent appends into few flushes and resolves each with its own end', async () => {
    const dir = tmp();
    const w = await JournalWriter.open(dir, 1 << 30);
    const ends = await Promise.all(Array.from({ length: 500 }, (_, i) => w.append(enc(String(i)))));
    for (let i = 1; i < ends.length; i++) expect(ends[i]!.offset).toBeGreaterThan(ends[i - 1]!.offset);
    expect(w.end).toEqual(ends.at(-1));
    await w.close();
  });
});
