/**
 * Vigil as an OpenID Connect relying party, on `openid-client`: discovery of the provider (lazy,
 * retried after a failure, refreshed hourly), the authorization URL (code flow, PKCE S256, state,
 * nonce), and the callback: code exchange, ID token validation (signature source, issuer,
 * audience, nonce, expiry: done by openid-client), and the user's claims (the userinfo endpoint
 * fills in what the ID token leaves out). Tokens are used here and dropped: never stored or logged.
 */
import {
  AuthorizationResponseError,
  allowInsecureRequests,
  authorizationCodeGrant,
  buildAuthorizationUrl,
  ClientError,
  type ClientMetadata,
  ClientSecretBasic,
  type Configuration,
  discovery,
  fetchUserInfo,
  None,
  ResponseBodyError,
} from 'openid-client';
import { UnauthorizedError, VigilError } from '../../core/errors.ts';
import { claimAt } from './mapping.ts';
import type { PendingLogin } from './pending.ts';
import { isLoopbackUrl, type OidcSettings } from './settings.ts';

/** Who the provider says signed in: the validated ID token's issuer and subject, and the claims. */
export interface VerifiedIdentity {
  issuer: string;
  subject: string;
  claims: Record<string, unknown>;
}

export interface RelyingPartyOptions {
  /** Seconds to wait for the provider on each request. */
  timeoutSeconds?: number;
  /** How long a discovered configuration is used before it is fetched again. */
  refreshMs?: number;
}

/** A sign-in the provider or its answer refused; `reason` goes to the audit trail (no token in it). */
export class OidcLoginError extends UnauthorizedError {
  constructor(
    readonly reason: string,
    message = 'single sign-on failed; try again, or ask an administrator if it keeps failing',
  ) {
    super(message);
    this.name = 'OidcLoginError';
  }
}

export class OidcRelyingParty {
  private discovered: { at: number; config: Promise<Configuration> } | null = null;
  private readonly timeout: number;
  private readonly refreshMs: number;

  constructor(
    readonly settings: OidcSettings,
    /** Turns `auth.oidc.clientSecret` (maybe `secret:<name>`) into the secret. */
    private readonly resolveSecret: (value: string) => Promise<string>,
    opts: RelyingPartyOptions = {},
  ) {
    this.timeout = opts.timeoutSeconds ?? 10;
    this.refreshMs = opts.refreshMs ?? 3_600_000;
  }

  /** The provider's authorization endpoint URL for a pending sign-in. */
  async authorizationUrl(p: {
    state: string;
    nonce: string;
    codeChallenge: string;
    redirectUri: string;
  }): Promise<URL> {
    return buildAuthorizationUrl(await this.configuration(), {
      redirect_uri: p.redirectUri,
      scope: this.settings.scopes.join(' '),
      state: p.state,
      nonce: p.nonce,
      code_challenge: p.codeChallenge,
      code_challenge_method: 'S256',
    });
  }

  /**
   * Finishes a sign-in from the callback's query: checks the response (state, `iss`), exchanges
   * the code with the PKCE verifier, validates the ID token (nonce included). Throws
   * OidcLoginError with the reason, or VigilError `unavailable` when the provider cannot be reached.
   */
  async finish(query: URLSearchParams, pending: PendingLogin): Promise<VerifiedIdentity> {
    const config = await this.configuration();
    const current = new URL(pending.redirectUri);
    for (const [k, v] of query) current.searchParams.append(k, v);
    try {
      const tokens = await authorizationCodeGrant(config, current, {
        pkceCodeVerifier: pending.codeVerifier,
        expectedNonce: pending.nonce,
        expectedState: pending.state,
        idTokenExpected: true,
      });
      const id = tokens.claims();
      if (!id) throw new OidcLoginError('the provider returned no ID token');
      let claims: Record<string, unknown> = { ...id };
      const missing = [this.settings.groupsClaim, this.settings.usernameClaim].some(
        (c) => claimAt(claims, c) === undefined,
      );
      if (missing && config.serverMetadata().userinfo_endpoint && tokens.access_token) {
        const info = await fetchUserInfo(config, tokens.access_token, id.sub);
        // The ID token's claims win; userinfo only fills in (its `sub` was checked to be the same).
        claims = { ...info, ...claims };
      }
      return { issuer: id.iss, subject: id.sub, claims };
    } catch (e) {
      throw asLoginError(e, this.settings.issuerName);
    }
  }

  private configuration(now = Date.now()): Promise<Configuration> {
    if (this.discovered && now - this.discovered.at < this.refreshMs) return this.discovered.config;
    const config = this.discover();
    const entry = { at: now, config };
    this.discovered = entry;
    // A failed discovery is retried by the next sign-in, not remembered.
    config.catch(() => {
      if (this.discovered === entry) this.discovered = null;
    });
    return config;
  }

  private async discover(): Promise<Configuration> {
    const s = this.settings;
    const secret = s.clientSecret === null ? null : await this.resolveSecret(s.clientSecret);
    const metadata: Partial<ClientMetadata> = secret === null ? {} : { client_secret: secret };
    let config: Configuration;
    try {
      config = await discovery(
        s.issuer,
        s.clientId,
        metadata,
        secret === null ? None() : ClientSecretBasic(secret),
        { timeout: this.timeout, ...(s.allowHttp ? { execute: [allowInsecureRequests] } : {}) },
      );
    } catch (e) {
      throw new VigilError(
        'unavailable',
        `cannot read the OpenID provider's configuration at ${s.issuerName}: ${describe(e)} (check auth.oidc.issuer)`,
        { cause: e },
      );
    }
    if (s.allowHttp) checkEndpointsStayLocal(config);
    return config;
  }
}

/** With plain http allowed for a local issuer, its endpoints must be local (or https) too. */
function checkEndpointsStayLocal(config: Configuration): void {
  const m = config.serverMetadata();
  for (const key of ['authorization_endpoint', 'token_endpoint', 'userinfo_endpoint', 'jwks_uri'] as const) {
    const v = m[key];
    if (typeof v !== 'string') continue;
    const u = new URL(v);
    if (u.protocol === 'http:' && !isLoopbackUrl(u))
      throw new VigilError(
        'unavailable',
        `the OpenID provider's ${key} ${v} uses plain http on another machine; only https is accepted there`,
      );
  }
}

/** What went wrong, in words fit for the audit trail and the log (never a token). */
function describe(e: unknown): string {
  if (e instanceof ResponseBodyError)
    return `${e.error}${e.error_description ? `: ${e.error_description}` : ''} (HTTP ${e.status})`;
  if (e instanceof AuthorizationResponseError)
    return `${e.error}${e.error_description ? `: ${e.error_description}` : ''}`;
  if (e instanceof Error) {
    const cause = e.cause instanceof Error ? e.cause.message : undefined;
    return cause && cause !== e.message ? `${e.message} (${cause})` : e.message;
  }
  return String(e);
}

function isUnreachable(e: unknown): boolean {
  if (e instanceof ClientError) return e.code === 'OAUTH_RESPONSE_IS_NOT_CONFORM';
  if (e instanceof Error && (e.name === 'TimeoutError' || e.name === 'AbortError')) return true;
  return e instanceof TypeError && /fetch failed/i.test(e.message);
}

function asLoginError(e: unknown, issuer: string): VigilError {
  if (e instanceof VigilError) return e;
  if (isUnreachable(e))
    return new VigilError(
      'unavailable',
      `the OpenID provider ${issuer} did not answer properly: ${describe(e)}`,
      {
        cause: e,
      },
    );
  if (e instanceof AuthorizationResponseError) {
    const denied = e.error === 'access_denied';
    return new OidcLoginError(
      `the provider answered ${describe(e)}`,
      denied ? 'single sign-on was cancelled or refused at the identity provider' : undefined,
    );
  }
  if (e instanceof ResponseBodyError)
    return new OidcLoginError(`the token request was refused: ${describe(e)}`);
  return new OidcLoginError(`the provider's answer failed validation: ${describe(e)}`);
}
