/**
 * A real OpenID provider (`oidc-provider`) on 127.0.0.1 for single sign-on tests: clients of the
 * test's choosing, an in-memory account store (login name, password, claims such as `groups`),
 * and small login and consent pages of its own (the provider's development pages accept any
 * password). Open it first (the port gives the issuer), then `register` the clients once their
 * redirect URIs are known.
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider, { type ProviderClient } from 'oidc-provider';

export interface TestAccount {
  password: string;
  /** Claims besides `sub` (the login name): name, preferred_username, email, groups… */
  claims: Record<string, unknown>;
}

export interface TestProvider {
  issuer: string;
  /** Login name → account; change claims between sign-ins to model changes at the provider. */
  accounts: Map<string, TestAccount>;
  /** Creates the provider with these clients (once). */
  register(clients: ProviderClient[]): void;
  /**
   * When set, token requests are re-sent as this client (a provider that hands out tokens minted
   * for another client), to check that Vigil refuses them.
   */
  tokenRequestsAs: { clientId: string; clientSecret: string } | null;
  close(): Promise<void>;
}

/** A fixed RSA signing key: generated once per test process. */
let signingKey: Record<string, unknown> | undefined;
function jwk(): Record<string, unknown> {
  signingKey ??= {
    ...generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' }),
    kid: 'test-key',
    use: 'sig',
  };
  return signingKey;
}

const page = (body: string) => `<!doctype html><html><body>${body}</body></html>`;
const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export function loginForm(uid: string, error = ''): string {
  return page(
    `${error ? `<p class="error">${escapeHtml(error)}</p>` : ''}<form method="post" action="/interaction/${uid}/login">` +
      '<input name="login"><input name="password" type="password"><button>Sign in</button></form>',
  );
}

async function formBody(req: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

/** `port` 0 picks a free one; a given port lets a test bring a stopped provider back. */
export async function openTestProvider(
  accounts: Record<string, TestAccount>,
  port = 0,
): Promise<TestProvider> {
  const server: Server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const store = new Map(Object.entries(accounts));
  let provider: Provider | undefined;
  let handle: ((req: IncomingMessage, res: ServerResponse) => void) | undefined;

  const fixture: TestProvider = {
    issuer,
    accounts: store,
    tokenRequestsAs: null,
    register(clients) {
      if (provider) throw new Error('the test provider is registered already');
      provider = new Provider(issuer, {
        clients,
        findAccount: async (_ctx, id) => {
          const a = store.get(id);
          return a && { accountId: id, claims: () => ({ ...a.claims, sub: id }) };
        },
        claims: {
          openid: ['sub'],
          profile: ['name', 'preferred_username'],
          email: ['email'],
          groups: ['groups'],
        },
        features: { devInteractions: { enabled: false } },
        interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
        cookies: { keys: [randomBytes(16).toString('hex')] },
        jwks: { keys: [jwk()] },
        pkce: { required: () => true },
        ttl: { Interaction: 600, Session: 600, Grant: 600, AccessToken: 600, IdToken: 600 },
      });
      handle = provider.callback();
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };

  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    if (!provider || !handle) {
      res.writeHead(503).end('the test provider has no clients yet');
      return;
    }
    const p = provider;
    const h = handle;
    const m = /^\/interaction\/([^/?]+)(\/login|\/confirm)?/.exec(req.url ?? '');
    if (!m) {
      const swap = fixture.tokenRequestsAs;
      if (swap && req.method === 'POST' && req.url === '/token') {
        const basic = Buffer.from(`${swap.clientId}:${swap.clientSecret}`).toString('base64');
        req.headers.authorization = `Basic ${basic}`;
      }
      h(req, res);
      return;
    }
    interaction(p, store, req, res, m[1] as string, m[2]).catch((e: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(`interaction failed: ${(e as Error).message}`);
    });
  });
  return fixture;
}

/** The provider's login and consent steps, as its own pages would do them. */
async function interaction(
  provider: Provider,
  accounts: Map<string, TestAccount>,
  req: IncomingMessage,
  res: ServerResponse,
  uid: string,
  step: string | undefined,
): Promise<void> {
  const details = await provider.interactionDetails(req, res);
  const html = (body: string) => res.writeHead(200, { 'content-type': 'text/html' }).end(body);
  if (req.method === 'GET') {
    if (details.prompt.name === 'login') return void html(loginForm(uid));
    return void html(
      page(`<form method="post" action="/interaction/${uid}/confirm"><button>Allow</button></form>`),
    );
  }
  if (step === '/login') {
    const form = await formBody(req);
    const login = form.get('login') ?? '';
    const account = accounts.get(login);
    if (!account || account.password !== form.get('password'))
      return void html(loginForm(uid, 'wrong login or password'));
    await provider.interactionFinished(
      req,
      res,
      { login: { accountId: login } },
      { mergeWithLastSubmission: false },
    );
    return;
  }
  const accountId = details.session?.accountId;
  if (!accountId) throw new Error('consent without a signed-in account');
  const grant = details.grantId
    ? await provider.Grant.find(details.grantId)
    : new provider.Grant({ accountId, clientId: details.params.client_id });
  if (!grant) throw new Error('grant not found');
  const { missingOIDCScope, missingOIDCClaims } = details.prompt.details;
  if (missingOIDCScope) grant.addOIDCScope(missingOIDCScope.join(' '));
  if (missingOIDCClaims) grant.addOIDCClaims(missingOIDCClaims);
  await provider.interactionFinished(
    req,
    res,
    { consent: { grantId: await grant.save() } },
    { mergeWithLastSubmission: true },
  );
}
