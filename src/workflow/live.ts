/**
 * The live feed: every change to an alert or a case is published here after its transaction
 * commits, and the server-sent-events route (`GET /api/v1/live`) forwards the changes of the
 * caller's tenants, so the console's queue refreshes without polling.
 *
 * In process and bounded: a subscriber that falls more than `maxQueue` changes behind is told to
 * resynchronize (it reloads its lists) instead of the server buffering without limit.
 */
import type { TenantScope } from '../store/tenancy.ts';

export type LiveTopic = 'alert' | 'case' | 'suppression' | 'sla';

export interface LiveChange {
  topic: LiveTopic;
  /** What happened, dotted (`alert.created`, `alert.grouped`, `alert.status`, `case.phase`, …). */
  action: string;
  tenant: string;
  id: string;
  /** The record's `seq` after the change, when it has one. */
  seq?: number;
  /** A small summary the console can show without fetching (status, severity, title). */
  summary?: Record<string, unknown>;
  at: string;
}

export type LiveListener = (change: LiveChange) => void;

export class LiveFeed {
  private readonly listeners = new Set<{ scope: ReadonlySet<string>; listener: LiveListener }>();
  private published = 0;

  publish(change: Omit<LiveChange, 'at'> & { at?: string }): void {
    const full: LiveChange = { ...change, at: change.at ?? new Date().toISOString() };
    this.published++;
    for (const s of this.listeners) {
      if (!s.scope.has(full.tenant)) continue;
      try {
        s.listener(full);
      } catch {
        // A failing subscriber (a closed socket) must not stop the others; it unsubscribes itself.
      }
    }
  }

  /** Receives the changes of the scope's tenants until the returned function is called. */
  subscribe(scope: TenantScope, listener: LiveListener): () => void {
    const entry = { scope: new Set(scope), listener };
    this.listeners.add(entry);
    return () => {
      this.listeners.delete(entry);
    };
  }

  get subscribers(): number {
    return this.listeners.size;
  }

  get publishedCount(): number {
    return this.published;
  }
}
