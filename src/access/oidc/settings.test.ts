import { describe, expect, it } from 'vitest';
import { loadConfig, maskSecrets } from '../../config/index.ts';
import { ConfigError } from '../../core/errors.ts';
import { oidcSettings } from './settings.ts';

const oidc = (o: Record<string, unknown>) =>
  loadConfig({ env: {}, overrides: { dataDir: '/nonexistent-vigil', 'auth.oidc': o } }).auth.oidc;
const check = (o: Record<string, unknown>) => () => oidcSettings(oidc(o));
const base = { enabled: true, issuer: 'https://idp.example.org/realms/soc', clientId: 'vigil' };

describe('the auth.oidc settings', () => {
  it('are off by default', () => {
    expect(oidcSettings(oidc({}))).toBeNull();
  });

  it('need an issuer and a client id when enabled', () => {
    expect(check({ enabled: true, clientId: 'vigil' })).toThrow(/auth\.oidc\.issuer is not set/);
    expect(check({ enabled: true, issuer: base.issuer })).toThrow(/auth\.oidc\.clientId is not set/);
  });

  it('take https issuers; plain http only for a provider on this machine', () => {
    expect(oidcSettings(oidc(base))).toMatchObject({
      allowHttp: false,
      clientSecret: null,
      redirectUri: null,
    });
    for (const local of ['http://127.0.0.1:9000', 'http://localhost:9000/x', 'http://[::1]:9000'])
      expect(oidcSettings(oidc({ ...base, issuer: local }))?.allowHttp, local).toBe(true);
    const e = (() => {
      try {
        oidcSettings(oidc({ ...base, issuer: 'http://idp.example.org' }));
      } catch (err) {
        return err;
      }
    })();
    expect(e).toBeInstanceOf(ConfigError);
    expect((e as ConfigError).location).toBe('auth.oidc.issuer');
    expect((e as Error).message).toMatch(/must use https/);
  });

  it('check roles and tenants of the maps, naming the entry', () => {
    expect(check({ ...base, roleMap: { soc: 'wizard' } })).toThrow(
      /auth\.oidc\.roleMap\.soc: unknown role "wizard"/,
    );
    expect(check({ ...base, defaultRole: 'root' })).toThrow(/auth\.oidc\.defaultRole/);
    expect(check({ ...base, tenantMap: { soc: ['bad tenant'] } })).toThrow(/auth\.oidc\.tenantMap\.soc/);
    const s = oidcSettings(oidc({ ...base, roleMap: { soc: 'analyst', leads: ['analyst', 'admin'] } }));
    expect(s?.roleMap.get('leads')).toEqual(['analyst', 'admin']);
    expect(s?.roleMap.get('soc')).toEqual(['analyst']);
  });

  it('need openid among the scopes, and a redirect URI without query or fragment', () => {
    expect(check({ ...base, scopes: ['profile'] })).toThrow(/must include openid/);
    expect(check({ ...base, redirectUri: 'https://vigil.example.org/cb?x=1' })).toThrow(/query or fragment/);
  });

  it('are read from VIGIL_AUTH__OIDC__* variables too', () => {
    const c = loadConfig({
      env: {
        VIGIL_AUTH__OIDC__ENABLED: 'true',
        VIGIL_AUTH__OIDC__ISSUER: base.issuer,
        VIGIL_AUTH__OIDC__CLIENT_ID: 'vigil',
        VIGIL_AUTH__OIDC__ROLE_MAP: '{"soc":"analyst"}',
      },
      overrides: { dataDir: '/nonexistent-vigil' },
    });
    expect(oidcSettings(c.auth.oidc)?.roleMap.get('soc')).toEqual(['analyst']);
  });

  it('mask the client secret in `vigil config --show`', () => {
    const c = loadConfig({
      env: {},
      overrides: { dataDir: '/nonexistent-vigil', 'auth.oidc': { ...base, clientSecret: 'hunter2-long' } },
    });
    expect(JSON.stringify(maskSecrets(c))).not.toContain('hunter2-long');
  });
});
