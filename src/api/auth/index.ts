/** The identity routes: sign-in (password, single sign-on) and sessions, personal API keys, user and service-account management. */
import type { AnyRoute } from '../route.ts';
import { apiKeyRoutes } from './api-key-routes.ts';
import { oidcRoutes } from './oidc.ts';
import { sessionRoutes } from './session-routes.ts';
import type { AuthDeps } from './settings.ts';
import { userRoutes } from './user-routes.ts';

export { type AuthDeps, authDeps, serverAuth } from './settings.ts';

export function authRoutes(deps: AuthDeps): AnyRoute[] {
  return [...sessionRoutes(deps), ...oidcRoutes(deps), ...apiKeyRoutes(deps), ...userRoutes(deps)];
}
