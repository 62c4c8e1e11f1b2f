/**
 * Alerts and cases as people name them on the command line: an alert by its id or the start of it
 * (the 8 characters `vigil alerts list` prints), a case by its id, its number (`42` or `#42`) or
 * the start of its id.
 */
import { BadRequestError, NotFoundError } from '../../core/errors.ts';
import { enc, query, type SocClient } from './soc-client.ts';
import type { AlertDetail, AlertPage, CaseDetail, CasePage } from './soc-types.ts';

/** How many of the newest records a prefix is looked for in. */
const PREFIX_SCAN_PAGES = 20;
const PAGE = 500;
const CASE_PAGE = 200;

const looksLikePrefix = (s: string) => /^[0-9a-f][0-9a-f-]{3,34}$/i.test(s);

async function fetchOr404<T>(load: () => Promise<T>): Promise<T | undefined> {
  try {
    return await load();
  } catch (e) {
    if (e instanceof NotFoundError) return undefined;
    throw e;
  }
}

function onlyMatch(what: string, arg: string, ids: readonly string[]): string {
  if (ids.length > 1)
    throw new BadRequestError(
      `${what} "${arg}" is ambiguous: it starts ${ids.length} ids (${ids.slice(0, 5).join(', ')}); give more characters`,
    );
  return ids[0]!;
}

/** The alert (with its matched events) that `arg` names. */
export async function fetchAlert(client: SocClient, arg: string): Promise<AlertDetail> {
  const get = (id: string) => client.json<AlertDetail>('GET', `/api/v1/alerts/${enc(id)}`);
  const direct = await fetchOr404(() => get(arg));
  if (direct) return direct;
  if (!looksLikePrefix(arg)) throw new NotFoundError(`no alert ${arg} in your tenants`);
  const prefix = arg.toLowerCase();
  const found = new Set<string>();
  let cursor: string | undefined;
  for (let page = 0; page < PREFIX_SCAN_PAGES && found.size < 2; page++) {
    const r = await client.json<AlertPage>('GET', `/api/v1/alerts${query({ limit: PAGE, cursor })}`);
    for (const a of r.items) if (a.id.startsWith(prefix)) found.add(a.id);
    if (!r.nextCursor) break;
    cursor = r.nextCursor;
  }
  if (found.size === 0)
    throw new NotFoundError(
      `no alert ${arg}: not an alert id, nor the start of one among the newest ${PREFIX_SCAN_PAGES * PAGE}`,
    );
  return get(onlyMatch('alert', arg, [...found]));
}

/** The case (with everything) that `arg` names: an id, a number (`42`, `#42`), or an id's start. */
export async function fetchCase(client: SocClient, arg: string): Promise<CaseDetail> {
  const get = (id: string) => client.json<CaseDetail>('GET', `/api/v1/cases/${enc(id)}`);
  const num = /^#?(\d{1,9})$/.exec(arg.trim());
  if (num) {
    const n = Number(num[1]);
    const ids = await scanCases(client, `#${n}`, (c) => c.number === n);
    if (ids.length === 0) throw new NotFoundError(`no case #${n} in your tenants`);
    return get(onlyMatch('case number', arg, ids));
  }
  const direct = await fetchOr404(() => get(arg));
  if (direct) return direct;
  if (!looksLikePrefix(arg)) throw new NotFoundError(`no case ${arg} in your tenants`);
  const prefix = arg.toLowerCase();
  const ids = await scanCases(client, undefined, (c) => c.id.startsWith(prefix));
  if (ids.length === 0)
    throw new NotFoundError(
      `no case ${arg}: not a case id or number, nor the start of an id among the newest ${PREFIX_SCAN_PAGES * CASE_PAGE}`,
    );
  return get(onlyMatch('case', arg, ids));
}

async function scanCases(
  client: SocClient,
  q: string | undefined,
  match: (c: CasePage['items'][number]) => boolean,
): Promise<string[]> {
  const found = new Set<string>();
  let cursor: string | undefined;
  for (let page = 0; page < PREFIX_SCAN_PAGES && found.size < 2; page++) {
    const r = await client.json<CasePage>('GET', `/api/v1/cases${query({ q, limit: CASE_PAGE, cursor })}`);
    for (const c of r.items) if (match(c)) found.add(c.id);
    if (!r.nextCursor) break;
    cursor = r.nextCursor;
  }
  return [...found];
}
