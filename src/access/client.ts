/**
 * Who did something and from where, for the audit entries of identity events: every sign-in, and
 * every change to users, sessions and keys. Entries carry ids, names and roles, never secrets.
 */
import type { AuditActor } from '../store/state/index.ts';
import type { Principal } from './principal.ts';

/** Where a request came from. */
export interface ClientInfo {
  ip: string | null;
  userAgent: string | null;
}

export const NO_CLIENT: ClientInfo = { ip: null, userAgent: null };

/** The local command line acting on the data directory (`vigil user …`). */
export const LOCAL_CLI_ACTOR: AuditActor = { kind: 'system', id: null, name: 'vigil cli' };

export function actorOf(principal: Principal | null): AuditActor {
  if (!principal) return { kind: 'anonymous', id: null, name: null };
  return { kind: principal.kind, id: principal.id, name: principal.name };
}

/** The audit fields of a client: `{ ip, userAgent }`, truncated to sane lengths. */
export function clientFields(client: ClientInfo): { ip: string | null; userAgent: string | null } {
  return { ip: client.ip?.slice(0, 64) ?? null, userAgent: client.userAgent?.slice(0, 256) ?? null };
}
