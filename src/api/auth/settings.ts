/** What the identity routes and the server need, built once from the `auth` section of the config. */
import {
  type ApiKeyRules,
  createOidcLogin,
  type Keyring,
  LoginLimiter,
  type LoginPolicy,
  type OidcLogin,
} from '../../access/index.ts';
import type { VigilConfig } from '../../config/index.ts';
import type { StateDb } from '../../store/state/index.ts';
import { type CookieSettings, cookieSettings } from '../auth.ts';
import type { ServerAuth } from '../server.ts';

export interface AuthDeps {
  db: StateDb;
  login: LoginPolicy;
  apiKeys: ApiKeyRules;
  limiter: LoginLimiter;
  cookie: CookieSettings;
  trustedOrigins: readonly string[];
  /** Single sign-on (`auth.oidc`), or null when it is off. */
  oidc: OidcLogin | null;
}

/** `keyring` reads an OIDC client secret given as `secret:<name>`. */
export function authDeps(
  db: StateDb,
  auth: VigilConfig['auth'],
  tls: boolean,
  opts: { keyring?: Keyring } = {},
): AuthDeps {
  const login: LoginPolicy = {
    minLength: auth.minPasswordLength,
    lockoutFailures: auth.lockoutFailures,
    lockoutMinutes: auth.lockoutMinutes,
    idleMinutes: auth.sessionIdleMinutes,
    maxHours: auth.sessionMaxHours,
  };
  return {
    db,
    login,
    apiKeys: { apiKeyMaxDays: auth.apiKeyMaxDays },
    limiter: new LoginLimiter({
      perIpPerMinute: auth.loginPerIpPerMinute,
      perUserPerMinute: auth.loginPerUserPerMinute,
    }),
    cookie: cookieSettings(auth, tls),
    trustedOrigins: auth.trustedOrigins,
    oidc: createOidcLogin(db, auth, login, { keyring: opts.keyring }),
  };
}

/** The server's half of the same settings (cookie, session timeouts, origins). */
export function serverAuth(deps: AuthDeps): ServerAuth {
  return {
    cookie: deps.cookie,
    session: { idleMinutes: deps.login.idleMinutes, maxHours: deps.login.maxHours },
    trustedOrigins: deps.trustedOrigins,
  };
}
