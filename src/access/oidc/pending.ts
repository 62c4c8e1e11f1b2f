/**
 * Sign-ins started and not yet finished, kept server side by their `state`: the nonce and PKCE
 * verifier never leave this process. Each is taken once (a replayed callback finds nothing) and
 * lives ten minutes. Memory is bounded: past `max` entries the oldest go first.
 */
import { randomBytes } from 'node:crypto';
import { calculatePKCECodeChallenge, randomNonce, randomPKCECodeVerifier } from 'openid-client';

export interface PendingLogin {
  state: string;
  nonce: string;
  codeVerifier: string;
  /** The redirect_uri sent to the provider (the token request must repeat it). */
  redirectUri: string;
  /** Same-origin path to land on after signing in. */
  returnTo: string;
  expiresAt: number;
}

export type Taken =
  | { ok: true; login: PendingLogin }
  | { ok: false; reason: 'unknown or already used state' | 'sign-in took longer than 10 minutes' };

export const PENDING_TTL_MS = 10 * 60_000;

export class PendingLogins {
  private readonly byState = new Map<string, PendingLogin>();

  constructor(
    private readonly ttlMs = PENDING_TTL_MS,
    private readonly max = 10_000,
  ) {}

  /** A new sign-in: fresh state (also the browser's binding cookie), nonce and PKCE verifier. */
  async start(
    redirectUri: string,
    returnTo: string,
    now = Date.now(),
  ): Promise<PendingLogin & { codeChallenge: string }> {
    this.purge(now);
    const login: PendingLogin = {
      state: randomBytes(32).toString('base64url'),
      nonce: randomNonce(),
      codeVerifier: randomPKCECodeVerifier(),
      redirectUri,
      returnTo,
      expiresAt: now + this.ttlMs,
    };
    this.byState.set(login.state, login);
    return { ...login, codeChallenge: await calculatePKCECodeChallenge(login.codeVerifier) };
  }

  /** Takes the sign-in started with `state` (it cannot be taken again). */
  take(state: string, now = Date.now()): Taken {
    const login = this.byState.get(state);
    if (!login) return { ok: false, reason: 'unknown or already used state' };
    this.byState.delete(state);
    if (login.expiresAt <= now) return { ok: false, reason: 'sign-in took longer than 10 minutes' };
    return { ok: true, login };
  }

  get size(): number {
    return this.byState.size;
  }

  private purge(now: number): void {
    // Insertion order is age order (one lifetime for all): the expired, then the oldest, come first.
    for (const [state, login] of this.byState) {
      if (login.expiresAt > now && this.byState.size < this.max) break;
      this.byState.delete(state);
    }
  }
}
