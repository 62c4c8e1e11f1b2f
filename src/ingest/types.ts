import type { Format, VigilEvent } from '../core/event.ts';

/** What a parser knows besides the text itself. */
export interface ParseContext {
  /** When Vigil received the text (epoch ms). Used to fill in missing years and as a fallback time. */
  received: number;
  /**
   * IANA time zone or fixed offset (`+02:00`) assumed for timestamps that carry no zone
   * (RFC 3164, some CEF/LEEF). Default `UTC`.
   */
  assumeTimeZone: string;
  /** Metadata from the transport (HEC envelope fields, syslog peer address), merged by the pipeline. */
  meta?: Readonly<Record<string, string | number>>;
}

export type ParseOutcome = { ok: true; event: VigilEvent } | { ok: false; reason: string };

/**
 * A parser turns one raw text into one ECS-normalized event, or a clear rejection.
 * It must never throw: any input gives an event or `{ ok: false, reason }`.
 * Every event it returns has `@timestamp` (ISO 8601 UTC, `Z`, up to microseconds),
 * `event.original` (the raw text, unchanged) and `vigil.format`.
 */
export type Parser = (raw: string, ctx: ParseContext) => ParseOutcome;

export type { Format, VigilEvent };
