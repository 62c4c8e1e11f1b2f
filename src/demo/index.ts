/**
 * `vigil demo` data: a deterministic synthetic day of mixed security telemetry for the fictional
 * Northwind Labs (see entities.ts), as raw texts in their native wire formats, streamed in time
 * order without holding the day in memory, with four attack stories embedded (see stories.ts).
 *
 * Volumes at scale 1 (about 21,700 records, seed 1): Windows ~8,800 (winlogbeat and evtx_dump
 * JSON), Linux syslog ~3,000, app syslog (RFC 5424) ~900, portal JSON ~480, Zeek ~4,000,
 * Suricata ~1,700, firewall CEF ~1,800, mail LEEF ~270, CloudTrail ~700. These include the
 * stories' ~1,500 records (ssh-spray ~380, phishing ~480, port-scan ~600, aws ~20), which do not
 * scale. Scale 10 streams ~205,000 records with a small, constant working set.
 */
import { appStreams } from './apps.ts';
import { cloudStreams } from './cloud.ts';
import { perimeterStreams } from './firewall.ts';
import { linuxStream } from './linux.ts';
import { mergeStreams, sortedStream } from './merge.ts';
import { networkStreams } from './network.ts';
import { Rng } from './random.ts';
import { type DayWindow, resolveWindow } from './schedule.ts';
import { buildStories } from './stories.ts';
import type { StoryInfo } from './story-kit.ts';
import type { DemoOptions, DemoRecord, Pending, RenderContext } from './types.ts';
import { workstationLogons } from './windows-logons.ts';
import { serverStreams } from './windows-servers.ts';
import { workstationActivity } from './windows-workstations.ts';

export { DEMO_GEO, STORY_IPS } from './entities.ts';
export type { StoryId, StoryInfo, StoryStep } from './story-kit.ts';
export type { DemoOptions, DemoRecord } from './types.ts';

interface Resolved {
  window: DayWindow;
  rng: Rng;
  scale: number;
}

function resolve(opts: DemoOptions): Resolved {
  const w = resolveWindow(opts);
  if (!w.ok) throw new RangeError(w.reason);
  const scale = opts.scale ?? 1;
  if (!Number.isFinite(scale) || scale < 0)
    throw new RangeError(`scale must be a number >= 0, got ${opts.scale}`);
  const seed = opts.seed ?? 1;
  if (!Number.isFinite(seed)) throw new RangeError(`seed must be a number, got ${opts.seed}`);
  return { window: w.window, rng: new Rng(Math.trunc(seed) >>> 0), scale };
}

/** Windows EventRecordIDs: per computer and channel, starting from a seeded offset, growing with time. */
function renderContext(rng: Rng): RenderContext {
  const next = new Map<string, number>();
  return {
    recordId(computer, channel) {
      const key = `${computer}/${channel}`;
      const id = next.get(key) ?? rng.fork(key).int(20_000, 2_000_000);
      next.set(key, id + 1);
      return id;
    },
  };
}

/**
 * The day's records in time order (ties in a fixed order). Throws RangeError for a malformed
 * `day`, `end`, `scale` or `seed`. The same options give the same records.
 */
export function* generateDemoDay(opts: DemoOptions = {}): Generator<DemoRecord> {
  const { window, rng, scale } = resolve(opts);
  const streams: Iterable<Pending>[] = [
    workstationLogons(rng.fork('ws-logons'), window),
    workstationActivity(rng.fork('workstations'), window, scale),
    ...serverStreams(rng.fork('servers'), window, scale),
    linuxStream(rng.fork('linux'), window, scale),
    ...appStreams(rng.fork('apps'), window, scale),
    ...networkStreams(rng.fork('network'), window, scale),
    ...perimeterStreams(rng.fork('perimeter'), window, scale),
    ...cloudStreams(rng.fork('cloud'), window, scale),
    ...buildStories(rng.fork('stories'), window).map((s) =>
      sortedStream(s.records.filter((r) => r.time >= window.start && r.time < window.end)),
    ),
  ];
  const ctx = renderContext(rng.fork('record-ids'));
  for (const p of mergeStreams(streams)) yield p.render(ctx);
}

/** The attack stories of the day these options generate, with the instants of their steps. */
export function demoStories(opts: DemoOptions = {}): StoryInfo[] {
  const { window, rng } = resolve(opts);
  return buildStories(rng.fork('stories'), window).map((s) => s.info);
}
