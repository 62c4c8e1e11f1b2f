/**
 * Single sign-on with an OpenID Connect provider (authorization code + PKCE), built from the
 * `auth.oidc` settings. See `flow.ts` for the sign-in, `provision.ts` for who the user becomes.
 */
import type { VigilConfig } from '../../config/index.ts';
import { ConfigError } from '../../core/errors.ts';
import type { StateDb } from '../../store/state/index.ts';
import type { Keyring } from '../keyring.ts';
import { resolveSecretRef, SECRET_REF_PREFIX } from '../secret-store.ts';
import type { SessionPolicy } from '../sessions.ts';
import { OidcLogin } from './flow.ts';
import { OidcRelyingParty, type RelyingPartyOptions } from './relying-party.ts';
import { oidcSettings } from './settings.ts';

export { type CallbackInput, OidcLogin } from './flow.ts';
export { claimAt, grantOf, groupsOf, type OidcGrant } from './mapping.ts';
export { PENDING_TTL_MS, type PendingLogin, PendingLogins } from './pending.ts';
export { auditOidcLogin, provisionUser, SSO_ACTOR, usernameFromClaim } from './provision.ts';
export { OidcLoginError, OidcRelyingParty, type VerifiedIdentity } from './relying-party.ts';
export { safeReturnPath } from './return-to.ts';
export { CALLBACK_PATH, isLoopbackUrl, LOGIN_PATH, type OidcSettings, oidcSettings } from './settings.ts';

/**
 * Single sign-on from the `auth.oidc` settings, or null when it is off. Throws ConfigError for a
 * bad setting, or a `secret:<name>` client secret with no keyring to read it. Nothing is fetched
 * from the provider until the first sign-in.
 */
export function createOidcLogin(
  db: StateDb,
  auth: VigilConfig['auth'],
  sessions: SessionPolicy,
  opts: { keyring?: Keyring | undefined; relyingParty?: RelyingPartyOptions } = {},
): OidcLogin | null {
  const settings = oidcSettings(auth.oidc);
  if (!settings) return null;
  const { keyring } = opts;
  if (settings.clientSecret?.startsWith(SECRET_REF_PREFIX) && !keyring)
    throw new ConfigError(
      'auth.oidc.clientSecret refers to a stored secret, but no keyring is loaded here',
      'auth.oidc.clientSecret',
    );
  const resolve = (value: string) =>
    keyring ? resolveSecretRef(db, keyring, value, 'auth.oidc.clientSecret') : Promise.resolve(value);
  const rp = new OidcRelyingParty(settings, resolve, opts.relyingParty);
  return new OidcLogin(db, rp, sessions, { perIpPerMinute: auth.loginPerIpPerMinute });
}
