/**
 * The event fields a rule's evaluation has matched so far: a scratch list reused across rules
 * (an AND or OR that fails goes back to its mark), kept as two parallel arrays whose first `n`
 * entries are valid, so that a failing rule allocates nothing.
 */
import type { MatchedField } from './types.ts';

export class FieldsOut {
  private readonly fields: string[] = [];
  private readonly values: unknown[] = [];
  n = 0;

  add(field: string, value: unknown): void {
    this.fields[this.n] = field;
    this.values[this.n] = value;
    this.n++;
  }

  /** The matched fields in order (a new list). */
  all(): MatchedField[] {
    const out: MatchedField[] = [];
    for (let k = 0; k < this.n; k++) out.push({ field: this.fields[k] as string, value: this.values[k] });
    return out;
  }

  /** The matched fields, each field once (its first value), as a new list. */
  result(): MatchedField[] {
    const out: MatchedField[] = [];
    for (let k = 0; k < this.n; k++) {
      const field = this.fields[k] as string;
      let seen = false;
      for (let j = 0; j < k; j++) {
        if (this.fields[j] === field) {
          seen = true;
          break;
        }
      }
      if (!seen) out.push({ field, value: this.values[k] });
    }
    return out;
  }
}
