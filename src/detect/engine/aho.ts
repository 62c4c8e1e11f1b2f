/**
 * Aho-Corasick: finds which of many literal patterns occur in a text in one pass over the text
 * (time linear in the text plus the matches). The rule index uses one automaton per indexed field,
 * over the lower-cased literals the rules require there. Works on UTF-16 code units.
 */
export class AhoCorasick {
  private readonly next: Map<number, number>[] = [new Map()];
  private readonly fail: number[] = [0];
  /** Patterns ending exactly at a node. */
  private readonly out: number[][] = [[]];
  /** The nearest node on the fail chain (excluding itself) that ends a pattern; -1 when none. */
  private readonly dict: number[] = [-1];
  readonly size: number;

  constructor(patterns: readonly string[]) {
    this.size = patterns.length;
    patterns.forEach((p, i) => {
      let node = 0;
      for (let k = 0; k < p.length; k++) {
        const c = p.charCodeAt(k);
        let child = this.next[node]?.get(c);
        if (child === undefined) {
          child = this.next.length;
          this.next.push(new Map());
          this.fail.push(0);
          this.out.push([]);
          this.dict.push(-1);
          this.next[node]?.set(c, child);
        }
        node = child;
      }
      this.out[node]?.push(i);
    });
    this.link();
  }

  private link(): void {
    const queue: number[] = [];
    for (const child of this.next[0]?.values() ?? []) queue.push(child);
    for (let qi = 0; qi < queue.length; qi++) {
      const node = queue[qi] as number;
      for (const [c, child] of this.next[node] ?? []) {
        let f = this.fail[node] as number;
        while (f !== 0 && !this.next[f]?.has(c)) f = this.fail[f] as number;
        const target = this.next[f]?.get(c);
        const fc = target !== undefined && target !== child ? target : 0;
        this.fail[child] = fc;
        this.dict[child] = (this.out[fc]?.length ?? 0) > 0 ? fc : (this.dict[fc] as number);
        queue.push(child);
      }
    }
  }

  /** Calls `found` with the index of every pattern occurring in `text` (once per occurrence). */
  search(text: string, found: (pattern: number) => void): void {
    const next = this.next;
    const fail = this.fail;
    const out = this.out;
    const dict = this.dict;
    let node = 0;
    for (let k = 0; k < text.length; k++) {
      const c = text.charCodeAt(k);
      let to = next[node]?.get(c);
      while (to === undefined && node !== 0) {
        node = fail[node] as number;
        to = next[node]?.get(c);
      }
      node = to ?? 0;
      for (const p of out[node] as number[]) found(p);
      for (let d = dict[node] as number; d > 0; d = dict[d] as number) for (const p of out[d] as number[]) found(p);
    }
  }
}
