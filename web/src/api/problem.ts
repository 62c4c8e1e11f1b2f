/** API errors as the console sees them: RFC 9457 problems (`detail`, `code`, `location`). */
export interface Problem {
  type?: string;
  title?: string;
  status: number;
  detail: string;
  code: string;
  location?: string;
  currentVersion?: number;
}

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly location: string | undefined;
  readonly currentVersion: number | undefined;

  constructor(p: Problem) {
    super(p.detail);
    this.name = 'ApiError';
    this.status = p.status;
    this.code = p.code;
    this.location = p.location;
    this.currentVersion = p.currentVersion;
  }
}

/** The problem of a failed response (or one made up from its status when the body is not one). */
export async function problemOf(res: Response): Promise<Problem> {
  const text = await res.text().catch(() => '');
  try {
    const body = JSON.parse(text) as Partial<Problem>;
    if (typeof body.detail === 'string')
      return { ...body, status: res.status, detail: body.detail, code: body.code ?? String(res.status) };
  } catch {
    // not JSON: fall through
  }
  return { status: res.status, code: String(res.status), detail: text.slice(0, 300) || res.statusText };
}

/** A message for people from anything thrown. */
export function messageOf(e: unknown): string {
  if (e instanceof Error) return e.message;
  return String(e);
}
