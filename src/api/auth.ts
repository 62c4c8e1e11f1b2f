/**
 * Reads credentials from a request in every form our clients send them, and decides whether a
 * principal may call a route. The token check itself lives in `src/access` (one place).
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { Principal } from '../access/index.ts';
import { ForbiddenError, UnauthorizedError } from '../core/errors.ts';
import type { Access } from './route.ts';

/**
 * The secret presented by a client, from `Authorization: Bearer|Splunk|ApiKey <token>`,
 * `Basic base64(user:token)` (Beats, Logstash, curl -u), or `?token=` for HEC-style clients.
 * Throws UnauthorizedError for a header that is present but malformed.
 */
export function presentedToken(headers: IncomingHttpHeaders, queryToken?: string): string | undefined {
  const auth = headers.authorization;
  if (!auth) return queryToken || undefined;
  const space = auth.indexOf(' ');
  if (space < 0) throw new UnauthorizedError('malformed Authorization header: expected "<scheme> <token>"');
  const scheme = auth.slice(0, space).toLowerCase();
  const value = auth.slice(space + 1).trim();
  if (!value) throw new UnauthorizedError('malformed Authorization header: empty credentials');
  switch (scheme) {
    case 'bearer':
    case 'splunk':
      return value;
    case 'apikey': {
      // Elastic clients send base64("id:key"); accept the key part, or a bare token.
      if (value.startsWith('vg')) return value;
      const decoded = Buffer.from(value, 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      return colon >= 0 ? decoded.slice(colon + 1) : decoded;
    }
    case 'basic': {
      const decoded = Buffer.from(value, 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      if (colon < 0) throw new UnauthorizedError('malformed Basic credentials');
      // The token may be the password (Beats, Logstash) or the user name (curl -u token:).
      const user = decoded.slice(0, colon);
      const pass = decoded.slice(colon + 1);
      return pass || user;
    }
    default:
      throw new UnauthorizedError(
        `unsupported Authorization scheme "${scheme}"; use Bearer, Splunk, ApiKey or Basic`,
      );
  }
}

/** Throws ForbiddenError when `principal` may not call a route declared with `access`. */
export function authorize(access: Access, principal: Principal): void {
  const admin = principal.kind === 'api' && principal.scopes.includes('admin');
  if (access.kind === 'ingest') {
    if (principal.kind === 'ingest' || admin || principal.scopes.includes('ingest')) return;
    throw new ForbiddenError('this API key may not ingest events (needs the ingest scope)');
  }
  if (access.kind === 'api') {
    if (principal.kind !== 'api')
      throw new ForbiddenError('ingest tokens may only send events; use an API key');
    if (admin || principal.scopes.includes(access.scope)) return;
    throw new ForbiddenError(`this API key lacks the "${access.scope}" scope`);
  }
}
