/**
 * `vigil alerts list|show|ack|start|close|reopen|assign|escalate`: the alert queue and triage
 * through the running server's API. Every action reads the alert first and sends the `version` it
 * read; when someone changed the alert in between, the API's 409 message is printed and the exit
 * code is 1. Alerts are named by id or by the 8-character prefix the list prints.
 */
import type { Command } from 'commander';
import { ALERT_STATUSES, VERDICTS } from '../../alerts/triage.ts';
import { SEVERITIES } from '../../cases/sla.ts';
import { BadRequestError } from '../../core/errors.ts';
import { err, out } from '../context.ts';
import { enc, query, type SocClient, socClient } from './soc-client.ts';
import {
  ago,
  dash,
  entityList,
  fields,
  intFlag,
  listFlag,
  oneOf,
  shortId,
  table,
  truncate,
  valueText,
  words,
} from './soc-format.ts';
import { fetchAlert, fetchCase } from './soc-lookup.ts';
import type {
  Alert,
  AlertComment,
  AlertDetail,
  AlertPage,
  EscalateResult,
  SimilarAlert,
} from './soc-types.ts';

interface ListFlags {
  status?: string;
  severity?: string;
  rule?: string;
  assignee?: string;
  entity?: string;
  since?: string;
  limit: string;
  json?: boolean;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** `me`, `none` and user ids pass as they are; a user name becomes its id (when users can be read). */
async function assigneeFilter(client: SocClient, who: string): Promise<string> {
  if (who === 'me' || who === 'none' || UUID.test(who)) return who;
  let users: { id: string; username: string; displayName: string }[];
  try {
    users = (await client.json<{ users: typeof users }>('GET', '/api/v1/users')).users;
  } catch {
    return who;
  }
  const name = who.toLowerCase();
  const user = users.find((u) => u.username === name) ?? users.find((u) => u.displayName === who);
  if (!user) throw new BadRequestError(`--assignee: no user "${who}"; give a user name or id, me or none`);
  return user.id;
}

export function alertTable(items: readonly Alert[], now = Date.now()): string[] {
  return table(
    [
      { header: 'ID' },
      { header: 'SEVERITY' },
      { header: 'STATUS' },
      { header: 'COUNT', align: 'right' },
      { header: 'TITLE', max: 48 },
      { header: 'ENTITIES', max: 48 },
      { header: 'LAST SEEN' },
    ],
    items.map((a) => [
      shortId(a.id),
      a.severity,
      a.status === 'closed' && a.verdict ? `closed (${words(a.verdict)})` : words(a.status),
      String(a.count),
      a.title,
      entityList(a.entities, 48),
      ago(a.lastSeen, now),
    ]),
  );
}

export function alertLines(
  d: AlertDetail,
  similar: readonly SimilarAlert[],
  comments: readonly AlertComment[],
  now = Date.now(),
): string[] {
  const a = d.alert;
  const lines = fields([
    ['alert', a.id],
    ['title', a.title],
    ['rule', a.ruleId],
    ['severity', `${a.severity} (confidence ${a.confidence})`],
    ['status', words(a.status)],
    ['verdict', `${words(a.verdict)}${a.duplicateOf ? ` of ${a.duplicateOf}` : ''}`],
    ['assignee', dash(a.assigneeName ?? a.assignee)],
    ['case', dash(a.caseId)],
    ['count', `${a.count} detection(s)`],
    ['first seen', `${a.firstSeen} (${ago(a.firstSeen, now)})`],
    ['last seen', `${a.lastSeen} (${ago(a.lastSeen, now)})`],
    ['created', a.createdAt],
    ['acknowledged', dash(a.acknowledgedAt)],
    ['closed', dash(a.closedAt)],
    ['ATT&CK', [...a.tactics, ...a.techniques].join(', ') || '-'],
    ['source', dash(a.source)],
    ['tenant', a.tenant],
    ['version', String(a.version)],
  ]);
  lines.push('', `Entities (${a.entities.length})`);
  for (const e of a.entities) lines.push(`  ${e.type.padEnd(8)} ${e.value}`);
  lines.push('', `Matched fields (${a.matched.length})`);
  for (const m of a.matched) lines.push(`  ${m.field} = ${truncate(valueText(m.value), 200)}`);
  const missing = d.missingEventIds.length;
  lines.push(
    '',
    `Events: ${d.events.length} stored${missing ? `, ${missing} no longer in the event store` : ''}${d.eventsError ? ` (${d.eventsError})` : ''}`,
  );
  lines.push('', `Similar alerts (${similar.length})`);
  if (similar.length > 0)
    lines.push(
      ...table(
        [
          { header: 'ID' },
          { header: 'STATUS' },
          { header: 'VERDICT' },
          { header: 'LAST SEEN' },
          { header: 'WHY' },
          { header: 'TITLE', max: 60 },
        ],
        similar.map((s) => [
          shortId(s.alert.id),
          words(s.alert.status),
          words(s.alert.verdict),
          ago(s.alert.lastSeen, now),
          s.reasons.map(words).join(', '),
          s.alert.title,
        ]),
      ).map((l) => `  ${l}`),
    );
  if (comments.length > 0) {
    lines.push('', `Comments (${comments.length})`);
    for (const c of comments) lines.push(`  ${c.createdAt} ${c.authorName}: ${truncate(c.body, 300)}`);
  }
  return lines;
}

const summary = (verb: string, a: Alert) =>
  `${verb} alert ${shortId(a.id)} — ${words(a.status)}${a.verdict ? ` (${words(a.verdict)})` : ''}${a.assigneeName ? `, assigned to ${a.assigneeName}` : ''}, version ${a.version}`;

export function alertsCommand(program: Command): void {
  const alerts = program
    .command('alerts')
    .description('the alert queue and triage (through the running server)');
  const client = () => socClient(program);

  alerts
    .command('list')
    .description('list alerts, newest first')
    .option('--status <list>', `comma-separated: ${ALERT_STATUSES.join(', ')}`)
    .option('--severity <list>', `comma-separated: ${SEVERITIES.join(', ')}`)
    .option('--rule <id>', 'alerts of one rule')
    .option('--assignee <who>', 'me, none, or a user name or id')
    .option('--entity <type:value>', 'alerts with this entity, e.g. host:ws-01')
    .option('--since <time>', 'last seen since: 24h, 7d, now-15m, or an ISO time')
    .option('--limit <n>', 'most alerts to print (1-500)', '50')
    .option('--json', 'one JSON object per alert')
    .action(async (flags: ListFlags) => {
      const c = client();
      const status = listFlag(flags.status, ALERT_STATUSES, '--status');
      const severity = listFlag(flags.severity, SEVERITIES, '--severity');
      const assignee = flags.assignee ? await assigneeFilter(c, flags.assignee) : undefined;
      const page = await c.json<AlertPage>(
        'GET',
        `/api/v1/alerts${query({
          status: status?.join(','),
          severity: severity?.join(','),
          rule: flags.rule,
          assignee,
          entity: flags.entity?.replace(/^([a-z]+)=/, '$1:'),
          since: flags.since,
          limit: intFlag(flags.limit, '--limit', 1, 500),
        })}`,
      );
      if (flags.json) {
        for (const a of page.items) out(JSON.stringify(a));
        return;
      }
      if (page.items.length === 0) out('no alerts');
      else for (const line of alertTable(page.items)) out(line);
      const counts = ALERT_STATUSES.map((s) => `${words(s)} ${page.counts[s] ?? 0}`).join(', ');
      err(`${page.items.length} shown${page.nextCursor ? ' (more: raise --limit)' : ''}; ${counts}`);
    });

  alerts
    .command('show <id>')
    .description('one alert: fields, entities, matched fields, similar alerts with their verdicts')
    .option('--json', 'print JSON: the alert, its events, similar alerts and comments')
    .action(async (id: string, flags: { json?: boolean }) => {
      const c = client();
      const d = await fetchAlert(c, id);
      const path = `/api/v1/alerts/${enc(d.alert.id)}`;
      const [similar, comments] = await Promise.all([
        c.json<{ items: SimilarAlert[] }>('GET', `${path}/similar?limit=10`),
        c.json<{ items: AlertComment[] }>('GET', `${path}/comments`),
      ]);
      if (flags.json) out(JSON.stringify({ ...d, similar: similar.items, comments: comments.items }));
      else for (const line of alertLines(d, similar.items, comments.items)) out(line);
    });

  /** Reads the alert, then posts the action with the version read. */
  const act = async (c: SocClient, id: string, action: string, body: Record<string, unknown> = {}) => {
    const { alert } = await fetchAlert(c, id);
    return c.json<Alert>('POST', `/api/v1/alerts/${enc(alert.id)}/${action}`, {
      version: alert.version,
      ...body,
    });
  };

  for (const [name, action, verb, what] of [
    ['ack', 'acknowledge', 'acknowledged', 'acknowledge a new alert'],
    ['start', 'start', 'started', 'start working on an alert (in progress)'],
    ['reopen', 'reopen', 'reopened', 'reopen a closed alert (in progress, verdict cleared)'],
  ] as const) {
    alerts
      .command(`${name} <id>`)
      .description(what)
      .action(async (id: string) => {
        out(summary(verb, await act(client(), id, action)));
      });
  }

  alerts
    .command('close <id>')
    .description('close an alert with a verdict')
    .requiredOption('--verdict <verdict>', VERDICTS.join(', '))
    .option('--duplicate-of <id>', 'with --verdict duplicate: the original alert')
    .option('--comment <text>', 'a comment added to the alert after closing it')
    .action(async (id: string, flags: { verdict: string; duplicateOf?: string; comment?: string }) => {
      const verdict = oneOf(flags.verdict, VERDICTS, '--verdict');
      if (flags.duplicateOf && verdict !== 'duplicate')
        throw new BadRequestError('--duplicate-of goes with --verdict duplicate', '--duplicate-of');
      const c = client();
      const duplicateOf = flags.duplicateOf ? (await fetchAlert(c, flags.duplicateOf)).alert.id : undefined;
      const a = await act(c, id, 'close', { verdict, ...(duplicateOf ? { duplicateOf } : {}) });
      if (flags.comment)
        await c.json('POST', `/api/v1/alerts/${enc(a.id)}/comments`, { body: flags.comment });
      out(summary('closed', a));
    });

  alerts
    .command('assign <id> <user>')
    .description('assign an alert to a user (a name or id; none to unassign)')
    .action(async (id: string, user: string) => {
      const a = await act(client(), id, 'assign', { assignee: user === 'none' ? null : user });
      out(summary(a.assignee ? 'assigned' : 'unassigned', a));
    });

  alerts
    .command('escalate <ids...>')
    .description('escalate alerts into a new case (or an existing one with --case)')
    .option('--case <id>', 'add them to this case (id or number)')
    .option('--title <text>', "the new case's title (default: the first alert's)")
    .option('--json', 'print the result as JSON')
    .action(async (ids: string[], flags: { case?: string; title?: string; json?: boolean }) => {
      if (flags.case && flags.title)
        throw new BadRequestError('give --case (an existing case) or --title (a new one), not both');
      const c = client();
      const read = [];
      for (const id of ids) read.push((await fetchAlert(c, id)).alert);
      const caseId = flags.case ? (await fetchCase(c, flags.case)).id : undefined;
      const r = await c.json<EscalateResult>('POST', '/api/v1/cases/escalate', {
        alerts: read.map((a) => ({ id: a.id, version: a.version })),
        ...(caseId ? { caseId } : {}),
        ...(flags.title ? { case: { title: flags.title } } : {}),
      });
      if (flags.json) {
        out(JSON.stringify(r));
        return;
      }
      out(
        `escalated ${r.alerts.length} alert(s) into ${r.created ? 'new ' : ''}case #${r.case.number} "${r.case.title}" (${r.case.id})`,
      );
      const o = r.observables;
      if (o.addedToCase > 0) err(`${o.addedToCase} observable(s) added to the case (${o.created} new)`);
    });
}
