/** What the identity routes and the server need, built once from the `auth` section of the config. */
import { type ApiKeyRules, LoginLimiter, type LoginPolicy } from '../../access/index.ts';
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
}

export function authDeps(db: StateDb, auth: VigilConfig['auth'], tls: boolean): AuthDeps {
  return {
    db,
    login: {
      minLength: auth.minPasswordLength,
      lockoutFailures: auth.lockoutFailures,
      lockoutMinutes: auth.lockoutMinutes,
      idleMinutes: auth.sessionIdleMinutes,
      maxHours: auth.sessionMaxHours,
    },
    apiKeys: { apiKeyMaxDays: auth.apiKeyMaxDays },
    limiter: new LoginLimiter({
      perIpPerMinute: auth.loginPerIpPerMinute,
      perUserPerMinute: auth.loginPerUserPerMinute,
    }),
    cookie: cookieSettings(auth, tls),
    trustedOrigins: auth.trustedOrigins,
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
