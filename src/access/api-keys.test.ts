import { beforeEach, describe, expect, it } from 'vitest';
import { BadRequestError, ForbiddenError, NotFoundError, UnauthorizedError } from '../core/errors.ts';
import { findCredentialByHash, type StateDb } from '../store/state/index.ts';
import { createOwnedApiKey, listOwnedApiKeys, revokeOwnedApiKey } from './api-keys.ts';
import { LOCAL_CLI_ACTOR, NO_CLIENT } from './client.ts';
import { auditTrail, makeService, makeUser, tempStateDb } from './identity.fixture.ts';
import { authenticateToken, createApiKey, hashToken } from './tokens.ts';
import { LOCAL_MANAGER, updateAccount } from './users.ts';

const by = { actor: LOCAL_CLI_ACTOR, client: NO_CLIENT };
const noLimit = { apiKeyMaxDays: 0 };
let db: StateDb;
beforeEach(async () => {
  db = await tempStateDb();
});

describe('personal API keys', () => {
  it("act for their owner: scopes narrowed to the owner, the owner's tenants, shown once, stored hashed", async () => {
    const alice = await makeUser(db, 'alice', { roles: ['analyst'], tenants: ['acme', 'globex'] });
    const k = await createOwnedApiKey(
      db,
      alice.id,
      { name: 'notebook', scopes: ['events:read', 'cases:write'] },
      noLimit,
      by,
    );
    expect(k.token).toMatch(/^vgk_/);
    expect(k.key).toMatchObject({
      name: 'notebook',
      scopes: ['events:read', 'cases:write'],
      expiresAt: null,
    });
    expect((await findCredentialByHash(db, hashToken(k.token)))?.owner_id).toBe(alice.id);
    expect(JSON.stringify(await listOwnedApiKeys(db, alice.id))).not.toContain(k.token);
    const p = await authenticateToken(db, k.token, ['api']);
    expect(p).toMatchObject({
      kind: 'api_key',
      id: k.id,
      name: 'alice/notebook',
      userId: alice.id,
      tenants: ['acme', 'globex'],
      permissions: ['events:read', 'cases:write'],
    });
    const entry = (await auditTrail(db)).find((a) => a.action === 'api_key.create');
    expect(entry?.target).toEqual({ type: 'api_key', id: k.id });
    expect(JSON.stringify(entry)).not.toContain(k.token);
  });

  it('cannot hold more than the owner', async () => {
    const alice = await makeUser(db, 'alice', { roles: ['viewer'] });
    await expect(
      createOwnedApiKey(db, alice.id, { name: 'x', scopes: ['cases:write'] }, noLimit, by),
    ).rejects.toThrow(/does not hold cases:write/);
    await expect(
      createOwnedApiKey(db, alice.id, { name: 'x', scopes: ['admin'] }, noLimit, by),
    ).rejects.toThrow(ForbiddenError);
    await expect(
      createOwnedApiKey(db, alice.id, { name: 'x', scopes: ['events:*'] }, noLimit, by),
    ).rejects.toThrow(BadRequestError);
    await expect(createOwnedApiKey(db, alice.id, { name: 'x', scopes: [] }, noLimit, by)).rejects.toThrow(
      /at least one scope/,
    );
  });

  it('narrow at once when the owner is demoted, and stop when the owner is disabled', async () => {
    const bob = await makeUser(db, 'bob', { roles: ['responder'] });
    const k = await createOwnedApiKey(
      db,
      bob.id,
      { name: 'soar', scopes: ['playbooks:run', 'alerts:read'] },
      noLimit,
      by,
    );
    expect((await authenticateToken(db, k.token, ['api'])).permissions).toEqual([
      'alerts:read',
      'playbooks:run',
    ]);
    await updateAccount(db, LOCAL_MANAGER, bob.id, { roles: ['viewer'] });
    expect((await authenticateToken(db, k.token, ['api'])).permissions).toEqual(['alerts:read']);
    await updateAccount(db, LOCAL_MANAGER, bob.id, { disabled: true });
    await expect(authenticateToken(db, k.token, ['api'])).rejects.toThrow(
      /owner of this API key is disabled/,
    );
  });

  it('expire, and respect the configured longest lifetime', async () => {
    const alice = await makeUser(db, 'alice');
    const soon = new Date(Date.now() + 60_000).toISOString();
    const k = await createOwnedApiKey(
      db,
      alice.id,
      { name: 'short', scopes: ['events:read'], expiresAt: soon },
      noLimit,
      by,
    );
    await expect(authenticateToken(db, k.token, ['api'], Date.now() + 120_000)).rejects.toThrow(/expired/);
    const past = new Date(Date.now() - 1000).toISOString();
    await expect(
      createOwnedApiKey(db, alice.id, { name: 'p', scopes: ['events:read'], expiresAt: past }, noLimit, by),
    ).rejects.toThrow(/future/);
    const capped = await createOwnedApiKey(
      db,
      alice.id,
      { name: 'c', scopes: ['events:read'] },
      { apiKeyMaxDays: 30 },
      by,
    );
    expect(Date.parse(capped.key.expiresAt ?? '') - Date.now()).toBeGreaterThan(29 * 86_400_000);
    const far = new Date(Date.now() + 90 * 86_400_000).toISOString();
    await expect(
      createOwnedApiKey(
        db,
        alice.id,
        { name: 'f', scopes: ['events:read'], expiresAt: far },
        { apiKeyMaxDays: 30 },
        by,
      ),
    ).rejects.toThrow(/at most 30 days/);
  });

  it('are revoked by their owner only', async () => {
    const alice = await makeUser(db, 'alice');
    const eve = await makeUser(db, 'eve');
    const k = await createOwnedApiKey(db, alice.id, { name: 'k', scopes: ['events:read'] }, noLimit, by);
    await expect(revokeOwnedApiKey(db, eve.id, k.id, by)).rejects.toThrow(NotFoundError);
    await revokeOwnedApiKey(db, alice.id, k.id, by);
    await expect(authenticateToken(db, k.token, ['api'])).rejects.toThrow(/revoked/);
    await expect(revokeOwnedApiKey(db, alice.id, k.id, by)).rejects.toThrow(NotFoundError);
    expect((await listOwnedApiKeys(db, alice.id))[0]?.revokedAt).not.toBeNull();
  });

  it('record when they were last used', async () => {
    const alice = await makeUser(db, 'alice');
    const k = await createOwnedApiKey(db, alice.id, { name: 'k', scopes: ['events:read'] }, noLimit, by);
    expect((await listOwnedApiKeys(db, alice.id))[0]?.lastUsedAt).toBeNull();
    await authenticateToken(db, k.token, ['api']);
    expect((await listOwnedApiKeys(db, alice.id))[0]?.lastUsedAt).not.toBeNull();
  });
});

describe('service accounts', () => {
  it('act through their keys as themselves', async () => {
    const svc = await makeService(db, 'ci-bot', ['detection_engineer']);
    const k = await createOwnedApiKey(
      db,
      svc.id,
      { name: 'ci', scopes: ['rules:write', 'rules:read'] },
      noLimit,
      by,
    );
    expect(await authenticateToken(db, k.token, ['api'])).toMatchObject({
      kind: 'service',
      id: svc.id,
      name: 'ci-bot',
      credentialId: k.id,
      roles: ['detection_engineer'],
      permissions: ['rules:read', 'rules:write'],
    });
  });
});

describe('legacy API keys (no owner)', () => {
  it('keep their scopes in their own tenant', async () => {
    const k = await createApiKey(db, { tenant: 'acme', name: 'old', scopes: ['read'] });
    const p = await authenticateToken(db, k.token, ['api']);
    expect(p).toMatchObject({ kind: 'api_key', tenants: ['acme'], userId: null });
    expect(p.permissions).toContain('events:read');
    expect(p.permissions).not.toContain('events:ingest');
  });

  it('are refused when the token is not one Vigil could have made', async () => {
    for (const t of ['vgk_short', `vgx_${'a'.repeat(43)}`, `vgk_${'a'.repeat(42)}!`])
      await expect(authenticateToken(db, t, ['api'])).rejects.toThrow(UnauthorizedError);
  });
});
