/**
 * Single sign-on from start to session: `begin` makes a pending sign-in and the provider URL;
 * `complete` takes the callback, checks that this browser started this sign-in (the state in its
 * cookie), consumes the state, lets the relying party validate the provider's answer, makes or
 * updates the user, and opens a console session exactly as a password sign-in does. Every
 * failure is audited as `auth.oidc.login` with its reason.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { VigilError } from '../../core/errors.ts';
import type { StateDb } from '../../store/state/index.ts';
import type { ClientInfo } from '../client.ts';
import type { LoginResult } from '../login.ts';
import { LoginLimiter } from '../login-limiter.ts';
import { userPrincipal } from '../principal-of.ts';
import { createSession, endSession, purgeStaleSessions, type SessionPolicy } from '../sessions.ts';
import { PendingLogins } from './pending.ts';
import { auditOidcLogin, provisionUser } from './provision.ts';
import { OidcLoginError, type OidcRelyingParty } from './relying-party.ts';
import { safeReturnPath } from './return-to.ts';

export interface CallbackInput {
  /** The callback's query string (code, state, iss; or error). */
  query: URLSearchParams;
  /** The state held in this browser's sign-in cookie, if any. */
  browserState: string | undefined;
  client: ClientInfo;
  /** The session the browser still holds, if any: ended and replaced. */
  previousSessionId?: string | undefined;
}

export class OidcLogin {
  readonly pending = new PendingLogins();
  /** Starts and callbacks per client address (each callback writes an audit entry). */
  private readonly limiter: LoginLimiter;

  constructor(
    private readonly db: StateDb,
    readonly rp: OidcRelyingParty,
    private readonly sessions: SessionPolicy,
    limits: { perIpPerMinute: number },
  ) {
    // Per address only: the second bucket (one key for all) is made too large to matter.
    this.limiter = new LoginLimiter({ perIpPerMinute: limits.perIpPerMinute, perUserPerMinute: 1e12 });
  }

  get settings() {
    return this.rp.settings;
  }

  /** A new sign-in: where to send the browser, and the state to bind to it (cookie). */
  async begin(redirectUri: string, returnTo: string | undefined, client: ClientInfo, now = Date.now()) {
    this.throttle(client, now);
    const p = await this.pending.start(redirectUri, safeReturnPath(returnTo), now);
    try {
      return { url: await this.rp.authorizationUrl(p), state: p.state };
    } catch (e) {
      this.pending.take(p.state);
      throw e;
    }
  }

  async complete(input: CallbackInput, now = Date.now()): Promise<LoginResult & { returnTo: string }> {
    this.throttle(input.client, now);
    const state = input.query.get('state');
    if (!state) throw await this.fail(input, 'no state in the callback');
    if (!input.browserState || !sameSecret(state, input.browserState))
      throw await this.fail(input, 'state does not match the sign-in this browser started');
    const taken = this.pending.take(state, now);
    if (!taken.ok) throw await this.fail(input, taken.reason);
    const { login } = taken;

    let identity: Awaited<ReturnType<OidcRelyingParty['finish']>>;
    try {
      identity = await this.rp.finish(input.query, login);
    } catch (e) {
      if (e instanceof OidcLoginError) throw await this.fail(input, e.reason, e);
      if (e instanceof VigilError) throw await this.fail(input, e.message, e);
      throw e;
    }
    const user = await provisionUser(this.db, this.settings, identity, input.client, now);

    if (input.previousSessionId) await endSession(this.db, input.previousSessionId);
    await purgeStaleSessions(this.db, this.sessions, now);
    const session = await createSession(this.db, user.id, input.client, this.sessions, now);
    return { session, principal: userPrincipal(user), user, returnTo: login.returnTo };
  }

  private throttle(client: ClientInfo, now: number): void {
    const wait = this.limiter.take(client.ip ?? 'unknown', '', now);
    if (wait > 0)
      throw new VigilError('rate_limited', `too many sign-in attempts; try again in ${wait} s`, {
        retryAfter: wait,
      });
  }

  private async fail(input: CallbackInput, reason: string, error?: VigilError): Promise<VigilError> {
    const providerError = input.query.get('error');
    await auditOidcLogin(this.db, input.client, {
      outcome: 'failure',
      details: {
        reason: reason.slice(0, 500),
        issuer: this.settings.issuerName,
        ...(providerError ? { providerError: providerError.slice(0, 100) } : {}),
      },
    });
    return (
      error ??
      new OidcLoginError(reason, `single sign-on failed: ${reason}; start again from the sign-in page`)
    );
  }
}

/** Constant-time comparison of two secrets of any length. */
function sameSecret(a: string, b: string): boolean {
  const h = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(h(a), h(b));
}
