/**
 * Types shared by the demo generator's modules (re-exported from index.ts).
 */

/** One raw text as a shipper would deliver it, with the format to parse it as. */
export interface DemoRecord {
  format: 'json' | 'syslog' | 'cef' | 'leef' | 'windows' | 'cloudtrail' | 'zeek' | 'suricata';
  /** Which sender it came from, e.g. 'windows-dc01', 'linux-syslog', 'zeek', 'edgewall-fw'. */
  source: string;
  raw: string;
  /** Event time, epoch ms; the timestamp written inside `raw` denotes this instant. */
  time: number;
}

export interface DemoOptions {
  /** PRNG seed; the same seed and day give the same output. Default 1. */
  seed?: number;
  /** 'YYYY-MM-DD': the UTC day. Default: the 24h ending now (or ending at `end`). */
  day?: string;
  /** Epoch ms, alternative to `day`: the day is the 24h before it. */
  end?: number;
  /** Volume multiplier: 1 is about 20,000 events. */
  scale?: number;
}

/** State shared while rendering records in output order (record ids grow with time). */
export interface RenderContext {
  /** Next EventRecordID for a Windows computer and channel. */
  recordId(computer: string, channel: string): number;
}

/** A record whose time is fixed but whose text is rendered only when it is emitted. */
export interface Pending {
  time: number;
  render(ctx: RenderContext): DemoRecord;
}

/** Pending record with a text that needs no render-time state. */
export function ready(record: DemoRecord): Pending {
  return { time: record.time, render: () => record };
}
