/**
 * A small browser for single sign-on tests: real HTTP (fetch), redirects followed by hand, a
 * cookie jar that honours Path, Max-Age and Expires (cookies are per host, not per port, as in
 * browsers), and the test provider's login and consent forms filled in.
 */

interface Cookie {
  name: string;
  value: string;
  path: string;
  httpOnly: boolean;
  sameSite: string | null;
}

export class TestBrowser {
  private readonly jar = new Map<string, Cookie>();

  /** One request, no redirect followed; cookies sent and stored. */
  async request(
    url: string | URL,
    init: { method?: string; form?: URLSearchParams } = {},
  ): Promise<Response> {
    const u = new URL(url);
    const headers: Record<string, string> = {};
    const cookie = this.cookieHeader(u);
    if (cookie) headers.cookie = cookie;
    if (init.form) headers['content-type'] = 'application/x-www-form-urlencoded';
    const res = await fetch(u, {
      method: init.method ?? (init.form ? 'POST' : 'GET'),
      headers,
      redirect: 'manual',
      ...(init.form ? { body: init.form.toString() } : {}),
    });
    for (const line of res.headers.getSetCookie()) this.store(u, line);
    return res;
  }

  /** The cookie named `name` for `url`'s host and path, as the browser would send it. */
  cookie(name: string, url: string | URL): Cookie | undefined {
    const path = new URL(url).pathname;
    return [...this.jar.values()].find((c) => c.name === name && path.startsWith(c.path));
  }

  /** Sets (or replaces) a cookie by hand, as a tampering client would. */
  setCookie(name: string, value: string, path = '/'): void {
    this.jar.set(`${name};${path}`, { name, value, path, httpOnly: false, sameSite: null });
  }

  private cookieHeader(u: URL): string {
    return [...this.jar.values()]
      .filter((c) => u.pathname.startsWith(c.path))
      .map((c) => `${c.name}=${c.value}`)
      .join('; ');
  }

  private store(u: URL, line: string): void {
    const [pair = '', ...attrs] = line.split(';').map((s) => s.trim());
    const eq = pair.indexOf('=');
    const name = pair.slice(0, eq);
    const value = pair.slice(eq + 1);
    const attr = (key: string) =>
      attrs.find((a) => a.toLowerCase().startsWith(`${key}=`))?.slice(key.length + 1) ?? null;
    const path = attr('path') ?? (u.pathname.replace(/\/[^/]*$/, '') || '/');
    const maxAge = attr('max-age');
    const expires = attr('expires');
    const key = `${name};${path}`;
    const gone =
      (maxAge !== null && Number(maxAge) <= 0) || (expires !== null && Date.parse(expires) <= Date.now());
    if (gone || value === '') {
      this.jar.delete(key);
      return;
    }
    this.jar.set(key, {
      name,
      value,
      path,
      httpOnly: attrs.some((a) => a.toLowerCase() === 'httponly'),
      sameSite: attr('samesite'),
    });
  }
}

/**
 * From the provider's authorization URL to the redirect back to the relying party: follows the
 * provider's redirects, signs in with `login`/`password` and consents. Returns the URL the
 * provider sends the browser to (the callback, with code and state), or throws with the page.
 */
export async function signInAtProvider(
  browser: TestBrowser,
  authorizationUrl: URL,
  login: string,
  password: string,
): Promise<URL> {
  let url = authorizationUrl;
  let form: URLSearchParams | undefined;
  for (let step = 0; step < 20; step++) {
    const res = await browser.request(url, form ? { form } : {});
    form = undefined;
    const location = res.headers.get('location');
    if (res.status >= 300 && res.status < 400 && location) {
      const next = new URL(location, url);
      if (next.origin !== authorizationUrl.origin) return next;
      url = next;
      continue;
    }
    const html = await res.text();
    const action = /<form method="post" action="([^"]+)"/.exec(html)?.[1];
    if (res.status !== 200 || !action || html.includes('class="error"'))
      throw new Error(`the provider answered ${res.status} at ${url.href}: ${html.slice(0, 500)}`);
    url = new URL(action, url);
    form = action.endsWith('/login') ? new URLSearchParams({ login, password }) : new URLSearchParams();
  }
  throw new Error('the provider kept redirecting');
}
