/**
 * Audit entries for refused credentials (`auth.denied`), without letting an attacker flood the
 * trail: the first failure of a kind (same credential, address, reason and route) in a window is
 * written at once; repeats in that window are counted and written as one summary entry when the
 * window ends. Past `maxKeys` distinct kinds in a window, further failures only add to one
 * overflow summary. The presented secret is never written: a known credential is named by its
 * id and name, an unknown one not at all.
 */

import {
  type AuditActor,
  type AuditInput,
  type AuditOutcome,
  appendAudit,
  findCredentialByHash,
  type StateDb,
} from '../store/state/index.ts';
import { hashToken } from './tokens.ts';

export interface AuthFailure {
  /** The secret the client presented, if any (used only to find the credential; never stored). */
  token: string | undefined;
  /** Who it is, when authentication succeeded and authorization refused. */
  known?: { tenant: string | null; actor: AuditActor };
  /** `failure`: the credential was refused (401); `denied`: it lacks the permission (403). */
  outcome: Extract<AuditOutcome, 'failure' | 'denied'>;
  /** The message the client got (never contains the secret). */
  reason: string;
  ip: string | null;
  userAgent: string | null;
  method: string;
  /** The route pattern or path, without the query string. */
  route: string;
}

interface Slot {
  first: AuthFailure;
  /** Set once the credential lookup is done and the first entry is being written. */
  who: { tenant: string | null; actor: AuditActor } | null;
  repeats: number;
}

export interface AuthFailureAuditorOptions {
  windowMs?: number;
  maxKeys?: number;
  onError: (e: unknown) => void;
}

export class AuthFailureAuditor {
  private window = new Map<string, Slot>();
  private overflow = 0;
  private windowStart = new Date();
  private readonly inflight = new Set<Promise<unknown>>();
  private readonly timer: NodeJS.Timeout;
  private readonly windowMs: number;
  private readonly maxKeys: number;

  constructor(
    private readonly db: StateDb,
    private readonly opts: AuthFailureAuditorOptions,
  ) {
    this.windowMs = opts.windowMs ?? 60_000;
    this.maxKeys = opts.maxKeys ?? 1000;
    this.timer = setInterval(() => void this.flush(), this.windowMs);
    this.timer.unref();
  }

  /** Records a refused request; never throws, never delays the response. */
  record(f: AuthFailure): void {
    const tokenHash = f.token ? hashToken(f.token) : null;
    const who = f.known ? `${f.known.actor.kind}:${f.known.actor.id}` : (tokenHash ?? '-');
    const key = [f.outcome, f.ip ?? '-', who, f.reason, f.method, f.route].join('\u0000');
    const seen = this.window.get(key);
    if (seen) {
      seen.repeats++;
      return;
    }
    if (this.window.size >= this.maxKeys) {
      this.overflow++;
      return;
    }
    const slot: Slot = { first: f, who: null, repeats: 0 };
    this.window.set(key, slot);
    this.track(
      (async () => {
        slot.who = f.known ?? (await this.identify(tokenHash));
        await appendAudit(this.db, this.entry(slot.who, f, null));
      })(),
    );
  }

  /** Writes the summaries of the current window and starts a new one. */
  async flush(): Promise<void> {
    await Promise.allSettled([...this.inflight]);
    const end = new Date();
    const window = { from: this.windowStart.toISOString(), to: end.toISOString() };
    const summaries: { who: NonNullable<Slot['who']>; slot: Slot }[] = [];
    for (const [key, slot] of this.window) {
      if (!slot.who) continue; // its first entry is still being written: it stays for the next window
      if (slot.repeats > 0) summaries.push({ who: slot.who, slot });
      this.window.delete(key);
    }
    const overflow = this.overflow;
    this.overflow = 0;
    this.windowStart = end;
    for (const { who, slot } of summaries) {
      this.track(appendAudit(this.db, this.entry(who, slot.first, { repeats: slot.repeats, window })));
    }
    if (overflow > 0) {
      this.track(
        appendAudit(this.db, {
          tenant: null,
          actor: { kind: 'anonymous', id: null, name: null },
          action: 'auth.denied',
          outcome: 'failure',
          details: { overflow, window, note: `more than ${this.maxKeys} distinct refusals in one window` },
        }),
      );
    }
    await Promise.allSettled([...this.inflight]);
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.flush();
  }

  private entry(
    who: NonNullable<Slot['who']>,
    f: AuthFailure,
    summary: { repeats: number; window: { from: string; to: string } } | null,
  ): AuditInput {
    return {
      tenant: who.tenant,
      actor: who.actor,
      action: 'auth.denied',
      outcome: f.outcome,
      ip: f.ip,
      userAgent: f.userAgent,
      details: { reason: f.reason, method: f.method, route: f.route, ...(summary ?? {}) },
    };
  }

  private async identify(tokenHash: string | null): Promise<NonNullable<Slot['who']>> {
    const anonymous = { tenant: null, actor: { kind: 'anonymous' as const, id: null, name: null } };
    if (tokenHash === null) return anonymous;
    const c = await findCredentialByHash(this.db, tokenHash);
    if (!c) return anonymous;
    return {
      tenant: c.tenant,
      actor: { kind: c.kind === 'api' ? 'api_key' : 'ingest', id: c.id, name: c.name },
    };
  }

  private track(p: Promise<unknown>): void {
    const guarded = p.catch((e: unknown) => this.opts.onError(e));
    this.inflight.add(guarded);
    void guarded.finally(() => this.inflight.delete(guarded));
  }
}
