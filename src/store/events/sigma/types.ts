/** What a Sigma hunt asks of the event store and what it answers. */
import type { VigilEvent } from '../../../core/event.ts';
import type { Placeholders } from '../../../detect/engine/types.ts';
import type { SigmaRule } from '../../../detect/sigma/model.ts';

export interface HuntRequest {
  tenants: readonly string[];
  /** A parsed Sigma detection rule (`parseSigmaDocument`). */
  rule: SigmaRule;
  /** ISO 8601, inclusive. */
  from: string;
  /** ISO 8601, exclusive. */
  to: string;
  /** Default 100, at most 10,000. */
  limit?: number;
  /** `nextCursor` of the previous page (same rule and tenants). */
  cursor?: string;
  /** Values of `%placeholder%`s for the `expand` modifier, as the detection engine takes them. */
  placeholders?: Placeholders;
}

export interface HuntResult {
  /** The matching events, newest first, each with `vigil.id` (the shape `search` returns). */
  events: VigilEvent[];
  /** Every match in [from, to), as of the first page. */
  count: number;
  /** The scanned range [from, to), fixed by the first page. */
  from: string;
  to: string;
  /** Day tables the range covers. */
  days: number;
  nextCursor: string | null;
  tookMs: number;
  rule: { id: string; title: string; level: string | null; file: string; line: number };
}
