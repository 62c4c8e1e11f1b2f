/**
 * Where the browser lands after signing in: only a path on this server. Anything that could leave
 * the origin (`//evil.example`, `/\evil.example`, `https://…`, `javascript:`) becomes `/`.
 */

const BASE = 'http://vigil.invalid';

export function safeReturnPath(raw: string | undefined | null): string {
  if (typeof raw !== 'string' || raw.length === 0 || raw.length > 2048) return '/';
  // One leading slash, then not a second slash or backslash (protocol-relative), and no control
  // characters or backslashes anywhere (browsers fold `\` into `/`, and strip tabs and newlines).
  if (!raw.startsWith('/') || raw.startsWith('//') || raw.startsWith('/\\')) return '/';
  if (/[\u0000-\u001f\u007f\\]/.test(raw)) return '/';
  let url: URL;
  try {
    url = new URL(raw, BASE);
  } catch {
    return '/';
  }
  if (url.origin !== BASE) return '/';
  return `${url.pathname}${url.search}${url.hash}`;
}
