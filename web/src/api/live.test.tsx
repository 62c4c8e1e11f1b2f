// @vitest-environment happy-dom
/**
 * The live hook with a fake EventSource: changes invalidate the query keys of their areas (a
 * burst once), resync invalidates every area, a failed stream is reopened after a pause from the
 * last seq seen, and the stream closes with the component.
 */
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { cleanup, renderHook } from '@testing-library/react';
import type { ReactNode } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { LiveChange } from './alert-types.ts';
import {
  areasFor,
  type EventSourceLike,
  LIVE_AREAS,
  liveUrl,
  retryDelay,
  useLiveChanges,
  useLiveUpdates,
} from './live.ts';

class FakeSource implements EventSourceLike {
  static opened: FakeSource[] = [];
  readyState = 0;
  onopen: ((e: Event) => void) | null = null;
  onerror: ((e: Event) => void) | null = null;
  closed = false;
  private readonly listeners = new Map<string, ((e: MessageEvent) => void)[]>();

  constructor(readonly url: string) {
    FakeSource.opened.push(this);
  }
  addEventListener(type: string, l: (e: MessageEvent) => void) {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), l]);
  }
  close() {
    this.closed = true;
    this.readyState = 2;
  }
  open() {
    this.readyState = 1;
    this.onopen?.(new Event('open'));
  }
  send(event: string, data: unknown, id?: number) {
    const e = { data: JSON.stringify(data), lastEventId: id === undefined ? '' : String(id) } as MessageEvent;
    for (const l of this.listeners.get(event) ?? []) l(e);
  }
  /** The browser gave up on the stream (refused, server gone). */
  fail() {
    this.readyState = 2;
    this.onerror?.(new Event('error'));
  }
  /** The stream dropped and the browser reconnects by itself. */
  drop() {
    this.readyState = 0;
    this.onerror?.(new Event('error'));
  }
}

const change = (action: string, seq: number): LiveChange => ({
  topic: action.split('.')[0] ?? '',
  action,
  tenant: 't1',
  id: `id-${seq}`,
  seq,
  at: '2026-01-05T12:00:00Z',
});

let client: QueryClient;
let invalidated: string[];
const factory = (url: string) => new FakeSource(url);

function mount(opts: { enabled?: boolean; tenant?: string | null } = {}) {
  const wrapper = ({ children }: { children: ReactNode }) => (
    <QueryClientProvider client={client}>{children}</QueryClientProvider>
  );
  const heard: LiveChange[] = [];
  const hook = renderHook(
    () => {
      useLiveUpdates({
        enabled: opts.enabled ?? true,
        tenant: opts.tenant === undefined ? 't1' : opts.tenant,
        factory,
        delayMs: 100,
      });
      useLiveChanges((c) => heard.push(c));
    },
    { wrapper },
  );
  return { hook, heard };
}

beforeEach(() => {
  vi.useFakeTimers();
  FakeSource.opened = [];
  client = new QueryClient();
  invalidated = [];
  vi.spyOn(client, 'invalidateQueries').mockImplementation(async (f) => {
    invalidated.push(String((f as { queryKey: unknown[] }).queryKey[0]));
  });
});
afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

describe('useLiveUpdates', () => {
  it('opens one stream in the tenant and invalidates the areas of a burst of changes once', () => {
    const { heard } = mount();
    expect(FakeSource.opened.map((s) => s.url)).toEqual(['/api/v1/live?tenant=t1']);
    const es = FakeSource.opened[0]!;
    es.open();
    es.send('alert.created', change('alert.created', 7), 7);
    es.send('alert.grouped', change('alert.grouped', 8), 8);
    es.send('alert.updated', change('alert.updated', 9), 9);
    expect(invalidated).toEqual([]);
    vi.advanceTimersByTime(100);
    expect(invalidated.sort()).toEqual(['alerts', 'entities', 'soc', 'tuning']);
    expect(heard.map((c) => c.action)).toEqual(['alert.created', 'alert.grouped', 'alert.updated']);

    invalidated = [];
    es.send('case.updated', change('case.updated', 10), 10);
    vi.advanceTimersByTime(100);
    expect(invalidated).toContain('cases');
  });

  it('invalidates every area on resync', () => {
    mount();
    FakeSource.opened[0]!.send('resync', { reason: 'missed' });
    vi.advanceTimersByTime(100);
    expect(invalidated.sort()).toEqual([...LIVE_AREAS].sort());
  });

  it('leaves a dropped stream to the browser, and reopens a failed one from the last seq after a pause', () => {
    mount({ tenant: null });
    const first = FakeSource.opened[0]!;
    first.open();
    first.send('alert.updated', change('alert.updated', 41), 41);
    first.drop();
    vi.advanceTimersByTime(10_000);
    expect(FakeSource.opened).toHaveLength(1);

    first.fail();
    expect(first.closed).toBe(true);
    vi.advanceTimersByTime(retryDelay(0) - 1);
    expect(FakeSource.opened).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(FakeSource.opened[1]!.url).toBe('/api/v1/live?lastEventId=41');
    // It fails again: the pause doubles.
    FakeSource.opened[1]!.fail();
    vi.advanceTimersByTime(retryDelay(1));
    expect(FakeSource.opened).toHaveLength(3);
  });

  it('closes the stream when the component goes, and opens none when disabled', () => {
    const { hook } = mount();
    hook.unmount();
    expect(FakeSource.opened[0]!.closed).toBe(true);
    FakeSource.opened = [];
    mount({ enabled: false });
    expect(FakeSource.opened).toEqual([]);
  });
});

describe('live helpers', () => {
  it('maps actions to areas, builds the URL and backs off up to 30 s', () => {
    expect(areasFor('suppression.created')).toEqual(['suppressions', 'tuning']);
    expect(areasFor('evidence.download')).toEqual([]);
    expect(liveUrl('a b', 3)).toBe('/api/v1/live?tenant=a+b&lastEventId=3');
    expect([0, 1, 2, 10].map(retryDelay)).toEqual([1000, 2000, 4000, 30_000]);
  });
});
