/**
 * Streaming in time order without holding the day in memory: a small binary heap, a k-way merge
 * of time-ordered streams, and `activityStream`, which turns increasing activity times into
 * time-ordered records when one activity emits several records spread over the next seconds.
 */
import type { Pending } from './types.ts';

export class MinHeap<T> {
  private readonly items: T[] = [];

  constructor(private readonly less: (a: T, b: T) => boolean) {}

  get size(): number {
    return this.items.length;
  }

  peek(): T | undefined {
    return this.items[0];
  }

  push(item: T): void {
    const a = this.items;
    a.push(item);
    let i = a.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.less(a[i] as T, a[parent] as T)) break;
      [a[i], a[parent]] = [a[parent] as T, a[i] as T];
      i = parent;
    }
  }

  pop(): T | undefined {
    const a = this.items;
    const top = a[0];
    const last = a.pop();
    if (a.length > 0 && last !== undefined) {
      a[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < a.length && this.less(a[l] as T, a[m] as T)) m = l;
        if (r < a.length && this.less(a[r] as T, a[m] as T)) m = r;
        if (m === i) break;
        [a[i], a[m]] = [a[m] as T, a[i] as T];
        i = m;
      }
    }
    return top;
  }
}

interface Head {
  item: Pending;
  stream: number;
  seq: number;
  rest: Iterator<Pending>;
}

/** Merges time-ordered streams into one; ties go to the earlier stream, then the earlier item. */
export function* mergeStreams(streams: readonly Iterable<Pending>[]): Generator<Pending> {
  const heap = new MinHeap<Head>((a, b) =>
    a.item.time !== b.item.time
      ? a.item.time < b.item.time
      : a.stream !== b.stream
        ? a.stream < b.stream
        : a.seq < b.seq,
  );
  streams.forEach((s, stream) => {
    const rest = s[Symbol.iterator]();
    const first = rest.next();
    if (!first.done) heap.push({ item: first.value, stream, seq: 0, rest });
  });
  for (;;) {
    const head = heap.pop();
    if (!head) return;
    yield head.item;
    const next = head.rest.next();
    if (!next.done) heap.push({ item: next.value, stream: head.stream, seq: head.seq + 1, rest: head.rest });
  }
}

/**
 * Runs `act` at each of the increasing `times`; every record it returns must be at or after its
 * activity's time. Records are released in time order once no later activity can precede them,
 * and records at or after `end` are dropped. Memory is bounded by the records still pending.
 */
export function* activityStream(
  times: Iterable<number>,
  act: (time: number) => readonly Pending[],
  end: number,
): Generator<Pending> {
  let seq = 0;
  const heap = new MinHeap<{ p: Pending; seq: number }>((a, b) =>
    a.p.time !== b.p.time ? a.p.time < b.p.time : a.seq < b.seq,
  );
  for (const t of times) {
    while ((heap.peek()?.p.time ?? Number.POSITIVE_INFINITY) <= t) yield (heap.pop() as { p: Pending }).p;
    for (const p of act(t)) {
      if (p.time < t) throw new Error(`activity at ${t} produced an earlier record at ${p.time}`);
      if (p.time < end) heap.push({ p, seq: seq++ });
    }
  }
  for (let top = heap.pop(); top; top = heap.pop()) yield top.p;
}

/** Sorts a finite list of records by time (stable) as a stream. */
export function sortedStream(items: readonly Pending[]): Pending[] {
  return items
    .map((p, i) => ({ p, i }))
    .sort((a, b) => a.p.time - b.p.time || a.i - b.i)
    .map((x) => x.p);
}
