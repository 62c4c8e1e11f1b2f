/**
 * Live updates: one `EventSource` on `GET /api/v1/live` (same-origin, the session cookie) while
 * signed in. Each change invalidates the cached answers of its area (`alerts`, `cases`, …), a
 * burst of changes once; `resync` (the server says changes were missed) invalidates them all.
 * The seq of the last change seen is kept: the browser sends it as `Last-Event-ID` when it
 * reconnects by itself, and a reconnection after a failure names it as `?lastEventId=`.
 * Pages that want the changes themselves (the queue's "N new") listen with `useLiveChanges`.
 */
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import type { LiveChange } from './alert-types.ts';
import { useSession } from './session.tsx';
import { useTenant } from './tenant.tsx';

/** The named events the server sends (an EventSource hears only the names it listens to). */
export const LIVE_EVENTS = [
  'alert.created',
  'alert.grouped',
  'alert.updated',
  'case.created',
  'case.updated',
  'suppression.created',
  'suppression.revoked',
  'sla.breached',
  'sla.policy',
  'breach_clock.overdue',
  'resync',
] as const;

/** Every area the live feed may change. */
export const LIVE_AREAS = ['alerts', 'cases', 'entities', 'soc', 'tuning', 'suppressions'] as const;

/** The query-key areas (first key element) a change of `action` makes stale. */
export function areasFor(action: string): readonly string[] {
  const topic = action.split('.')[0];
  switch (topic) {
    case 'alert':
      return ['alerts', 'entities', 'soc', 'tuning'];
    case 'case':
      return ['cases', 'alerts', 'entities', 'soc'];
    case 'suppression':
      return ['suppressions', 'tuning'];
    case 'sla':
    case 'breach_clock':
      return ['soc', 'cases'];
    case 'resync':
      return LIVE_AREAS;
    default:
      return [];
  }
}

/** What the hook needs of an EventSource (a fake one in tests). */
export interface EventSourceLike {
  readonly readyState: number;
  onopen: ((e: Event) => void) | null;
  onerror: ((e: Event) => void) | null;
  addEventListener(type: string, listener: (e: MessageEvent) => void): void;
  close(): void;
}

export type EventSourceFactory = (url: string) => EventSourceLike;

const CLOSED = 2;

export function liveUrl(tenant: string | null, lastSeq: number | null): string {
  const q = new URLSearchParams();
  if (tenant) q.set('tenant', tenant);
  if (lastSeq !== null) q.set('lastEventId', String(lastSeq));
  const s = q.toString();
  return `/api/v1/live${s ? `?${s}` : ''}`;
}

/** Waits between reconnections after a failure: 1 s, 2 s, 4 s, … at most 30 s. */
export function retryDelay(attempt: number): number {
  return Math.min(30_000, 1000 * 2 ** Math.max(0, attempt));
}

export interface LiveConnectionOptions {
  factory: EventSourceFactory;
  url: (lastSeq: number | null) => string;
  /** A change (or a resync: `change` null) arrived. */
  onChange: (action: string, change: LiveChange | null) => void;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (t: unknown) => void;
}

/**
 * One live stream, reopened after failures. The browser's own reconnection (the server ends a
 * stream every few minutes) keeps the stream; a failed one (refused, server gone) is closed by
 * the browser, and this opens a new one after `retryDelay`.
 */
export class LiveConnection {
  lastSeq: number | null = null;
  private source: EventSourceLike | null = null;
  private timer: unknown = null;
  private attempt = 0;
  private opened = false;
  private stopped = false;
  private readonly setTimer: (fn: () => void, ms: number) => unknown;
  private readonly clearTimer: (t: unknown) => void;

  constructor(private readonly opts: LiveConnectionOptions) {
    this.setTimer = opts.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
    this.clearTimer = opts.clearTimer ?? ((t) => clearTimeout(t as ReturnType<typeof setTimeout>));
  }

  start(): void {
    this.stopped = false;
    this.open();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer !== null) this.clearTimer(this.timer);
    this.timer = null;
    this.source?.close();
    this.source = null;
  }

  private open(): void {
    if (this.stopped) return;
    const es = this.opts.factory(this.opts.url(this.lastSeq));
    this.source = es;
    es.onopen = () => {
      // A stream reopened without a seq to resume from may have missed changes.
      if (this.opened && this.lastSeq === null) this.opts.onChange('resync', null);
      this.opened = true;
      this.attempt = 0;
    };
    es.onerror = () => {
      if (es.readyState !== CLOSED || this.stopped || this.source !== es) return;
      es.close();
      this.source = null;
      this.timer = this.setTimer(
        () => {
          this.timer = null;
          this.open();
        },
        retryDelay(this.attempt++),
      );
    };
    const receive = (name: string) => (e: MessageEvent) => {
      if (e.lastEventId && /^\d+$/.test(e.lastEventId)) this.lastSeq = Number(e.lastEventId);
      if (name === 'resync') return this.opts.onChange('resync', null);
      let change: LiveChange | null = null;
      try {
        change = JSON.parse(String(e.data)) as LiveChange;
      } catch {
        // not a change: refresh the area by its name anyway
      }
      this.opts.onChange(change?.action ?? name, change);
    };
    for (const name of LIVE_EVENTS) es.addEventListener(name, receive(name));
    es.addEventListener('message', receive('message'));
  }
}

/**
 * Collects the areas to refresh and invalidates them together after `delayMs`: a burst of
 * changes (a batch of detections grouped into alerts) refetches each list once.
 */
export class Invalidator {
  private readonly pending = new Set<string>();
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly invalidate: (area: string) => void,
    private readonly delayMs = 500,
  ) {}

  add(areas: readonly string[]): void {
    for (const a of areas) this.pending.add(a);
    if (this.pending.size > 0 && this.timer === null)
      this.timer = setTimeout(() => this.flush(), this.delayMs);
  }

  flush(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    const areas = [...this.pending];
    this.pending.clear();
    for (const a of areas) this.invalidate(a);
  }

  cancel(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    this.pending.clear();
  }
}

type ChangeListener = (change: LiveChange) => void;
const listeners = new Set<ChangeListener>();

/** Calls `listener` with every live change while the calling component is mounted. */
export function useLiveChanges(listener: ChangeListener): void {
  const latest = useRef(listener);
  latest.current = listener;
  useEffect(() => {
    const l: ChangeListener = (c) => latest.current(c);
    listeners.add(l);
    return () => {
      listeners.delete(l);
    };
  }, []);
}

const browserFactory: EventSourceFactory | null =
  typeof EventSource === 'undefined' ? null : (url) => new EventSource(url);

export interface LiveUpdatesOptions {
  enabled: boolean;
  tenant: string | null;
  factory?: EventSourceFactory | null;
  delayMs?: number;
}

/** Keeps one live stream open while `enabled`, invalidating what its changes make stale. */
export function useLiveUpdates({
  enabled,
  tenant,
  factory = browserFactory,
  delayMs = 500,
}: LiveUpdatesOptions) {
  const client = useQueryClient();
  useEffect(() => {
    if (!enabled || !factory) return;
    const invalidator = new Invalidator(
      (area) => void client.invalidateQueries({ queryKey: [area] }),
      delayMs,
    );
    const connection = new LiveConnection({
      factory,
      url: (seq) => liveUrl(tenant, seq),
      onChange: (action, change) => {
        invalidator.add(areasFor(action));
        if (change) for (const l of listeners) l(change);
      },
    });
    connection.start();
    return () => {
      connection.stop();
      invalidator.cancel();
    };
  }, [enabled, tenant, factory, delayMs, client]);
}

/** The app's live stream: open for users who may read alerts, in the chosen tenant. */
export function LiveUpdates(): null {
  const { session, can } = useSession();
  const { tenant } = useTenant();
  useLiveUpdates({
    enabled: session !== null && !session.mustChangePassword && can('alerts:read'),
    tenant,
  });
  return null;
}
