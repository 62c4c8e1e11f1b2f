/**
 * `vigil cases list|show|create|phase|close|note` (and `evidence`, `report` in cases-files.ts):
 * incident cases through the running server's API. A case is named by its id, its number (`42`
 * or `#42`) or the start of its id. Changes send the `version` just read; a 409 prints the API's
 * message and exits 1.
 */
import type { Command } from 'commander';
import { breachClocks } from '../../cases/breach-clock.ts';
import { CASE_PHASES, CASE_RESOLUTIONS, CASE_STATUSES, PHASE_LABELS } from '../../cases/phases.ts';
import {
  caseSla,
  DEFAULT_SLA_POLICIES,
  SEVERITIES,
  type Severity,
  type SlaMinutes,
} from '../../cases/sla.ts';
import { INCIDENT_TYPES } from '../../cases/templates.ts';
import { BadRequestError } from '../../core/errors.ts';
import { parseTimeExpression } from '../../core/time-range.ts';
import { err, out } from '../context.ts';
import { registerCaseFiles } from './cases-files.ts';
import { enc, query, type SocClient, socClient } from './soc-client.ts';
import {
  ago,
  breachText,
  bytesText,
  dash,
  fields,
  intFlag,
  listFlag,
  oneOf,
  shortId,
  slaText,
  table,
  truncate,
  words,
} from './soc-format.ts';
import { fetchCase } from './soc-lookup.ts';
import type {
  CaseCloseResult,
  CaseDetail,
  CasePage,
  CaseRecord,
  TenantSlaPolicies,
  TimelineEntry,
} from './soc-types.ts';

/** Timeline entries `cases show` prints (the newest); --json has them all. */
const SHOWN_TIMELINE = 15;

export function caseTable(items: CasePage['items'], now = Date.now()): string[] {
  return table(
    [
      { header: '#', align: 'right' },
      { header: 'SEVERITY' },
      { header: 'STATUS' },
      { header: 'PHASE' },
      { header: 'ALERTS', align: 'right' },
      { header: 'TASKS', align: 'right' },
      { header: 'CREATED' },
      { header: 'TITLE', max: 60 },
    ],
    items.map((c) => [
      String(c.number),
      c.severity,
      c.status === 'closed' && c.resolution ? `closed (${words(c.resolution)})` : c.status,
      words(c.phase),
      String(c.alertCount),
      `${c.tasksDone}/${c.taskCount}`,
      ago(c.createdAt, now),
      c.title,
    ]),
  );
}

/** The SLA policies of the case's tenant (the defaults when they cannot be read). */
async function policiesOf(client: SocClient, tenant: string): Promise<Record<Severity, SlaMinutes>> {
  try {
    const r = await client.json<{ tenants: TenantSlaPolicies[] }>('GET', '/api/v1/sla/policies');
    const mine = r.tenants.find((t) => t.tenant === tenant);
    if (!mine) return { ...DEFAULT_SLA_POLICIES };
    const out = { ...DEFAULT_SLA_POLICIES };
    for (const p of mine.policies) out[p.severity] = p;
    return out;
  } catch {
    return { ...DEFAULT_SLA_POLICIES };
  }
}

export function caseLines(
  c: CaseDetail,
  policies: Record<Severity, SlaMinutes>,
  now: Date = new Date(),
): string[] {
  const at = now.getTime();
  const lines = [
    `Case #${c.number}: ${c.title}`,
    ...fields([
      ['id', c.id],
      ['status', `${c.status}${c.resolution ? ` (${words(c.resolution)})` : ''}`],
      ['phase', PHASE_LABELS[c.phase]],
      ['severity', c.severity],
      ['TLP', c.tlp.toUpperCase()],
      ['type', words(c.incidentType)],
      ['assignee', dash(c.assignee)],
      ['tags', c.tags.join(', ') || '-'],
      ['created', `${c.createdAt} by ${c.createdBy} (${ago(c.createdAt, at)})`],
      ['contained', dash(c.containedAt)],
      ['resolved', dash(c.resolvedAt)],
      ['closed', dash(c.closedAt)],
      ...(c.mergedInto ? [['merged into', c.mergedInto] as const] : []),
      ['tenant', c.tenant],
      ['version', String(c.version)],
    ]),
  ];
  if (c.description.trim()) lines.push('', truncate(c.description.trim(), 500));

  const sla = caseSla(c, policies, now);
  lines.push(
    '',
    'SLA',
    ...fields([
      ['contain', slaText(sla.contain)],
      ['resolve', slaText(sla.resolve)],
    ]).map((l) => `  ${l}`),
  );
  for (const b of breachClocks(c, now)) lines.push(`  ${b.regulation.toUpperCase()}: ${breachText(b)}`);

  lines.push('', 'Phase history');
  for (const p of c.phases) lines.push(`  ${p.enteredAt}  ${words(p.phase).padEnd(18)}  by ${p.enteredBy}`);

  const done = c.tasks.filter((t) => t.status === 'done').length;
  lines.push('', `Tasks (${done}/${c.tasks.length} done)`);
  for (const t of c.tasks)
    lines.push(
      `  [${t.status === 'done' ? 'x' : t.status === 'in_progress' ? '~' : ' '}] ${words(t.phase).padEnd(18)}  ${t.title}${t.assignee ? ` (${t.assignee})` : ''}`,
    );

  lines.push('', `Alerts (${c.alerts.length})`);
  for (const a of c.alerts)
    lines.push(
      `  ${shortId(a.id)}  ${a.severity.padEnd(13)} ${words(a.status)}${a.verdict ? ` (${words(a.verdict)})` : ''}  ${truncate(a.title, 60)}`,
    );

  lines.push('', `Observables (${c.observables.length})`);
  for (const o of c.observables)
    lines.push(
      `  ${o.type.padEnd(8)} ${truncate(o.value, 80)}${o.ioc ? '  IOC' : ''}  (${o.sightings} sighting${o.sightings === 1 ? '' : 's'})`,
    );

  lines.push('', `Evidence (${c.evidence.length})`);
  for (const e of c.evidence)
    lines.push(
      `  ${shortId(e.id)}  ${e.name}  ${bytesText(e.size)}  sha256 ${e.sha256}${e.description ? `  ${truncate(e.description, 60)}` : ''}`,
    );

  if (c.links.length > 0) {
    lines.push('', 'Linked cases');
    for (const l of c.links) lines.push(`  #${l.number}  ${l.status}  ${l.title}`);
  }

  const timeline = [...c.timeline].sort(byEventTime).slice(-SHOWN_TIMELINE);
  lines.push(
    '',
    `Timeline (${c.timeline.length > timeline.length ? `last ${timeline.length} of ` : ''}${c.timeline.length})`,
  );
  for (const t of timeline)
    lines.push(
      `  ${t.eventTime}  ${t.kind === 'note' ? 'note' : 'auto'}  ${t.author.name}: ${truncate(t.title || t.body, 100)}${t.kind === 'note' && t.title && t.body ? ` — ${truncate(t.body, 100)}` : ''}`,
    );
  return lines;
}

const byEventTime = (a: TimelineEntry, b: TimelineEntry) =>
  a.eventTime < b.eventTime ? -1 : a.eventTime > b.eventTime ? 1 : a.recordedAt < b.recordedAt ? -1 : 1;

const caseSummary = (verb: string, c: CaseRecord) =>
  `${verb} case #${c.number} "${truncate(c.title, 60)}" — ${c.status}, ${words(c.phase)}, version ${c.version}`;

/** `containment`, `Containment` or `post-incident` as the phase it names. */
function phaseArg(text: string) {
  return oneOf(text.trim().toLowerCase().replace(/-/g, '_'), CASE_PHASES, 'phase');
}

export function casesCommand(program: Command): void {
  const cases = program.command('cases').description('incident cases (through the running server)');
  const client = () => socClient(program);

  cases
    .command('list')
    .description('list cases, newest first')
    .option('--status <list>', `comma-separated: ${CASE_STATUSES.join(', ')}`)
    .option('--phase <list>', `comma-separated: ${CASE_PHASES.join(', ')}`)
    .option('--severity <list>', `comma-separated: ${SEVERITIES.join(', ')}`)
    .option('--search <text>', 'text in the title or description')
    .option('--limit <n>', 'most cases to print (1-200)', '50')
    .option('--json', 'one JSON object per case')
    .action(
      async (flags: {
        status?: string;
        phase?: string;
        severity?: string;
        search?: string;
        limit: string;
        json?: boolean;
      }) => {
        const page = await client().json<CasePage>(
          'GET',
          `/api/v1/cases${query({
            status: listFlag(flags.status, CASE_STATUSES, '--status')?.join(','),
            phase: listFlag(flags.phase?.replace(/-/g, '_'), CASE_PHASES, '--phase')?.join(','),
            severity: listFlag(flags.severity, SEVERITIES, '--severity')?.join(','),
            q: flags.search,
            limit: intFlag(flags.limit, '--limit', 1, 200),
          })}`,
        );
        if (flags.json) {
          for (const c of page.items) out(JSON.stringify(c));
          return;
        }
        if (page.items.length === 0) out('no cases');
        else for (const line of caseTable(page.items)) out(line);
        const phases = CASE_PHASES.map((p) => `${words(p)} ${page.phases[p] ?? 0}`).join(', ');
        err(`${page.items.length} of ${page.total} cases; by phase: ${phases}`);
      },
    );

  cases
    .command('show <case>')
    .description('one case (id or number): summary, SLA, phase history, tasks, alerts, observables, evidence')
    .option('--json', 'print the case as JSON')
    .action(async (arg: string, flags: { json?: boolean }) => {
      const c = client();
      const detail = await fetchCase(c, arg);
      if (flags.json) out(JSON.stringify(detail));
      else for (const line of caseLines(detail, await policiesOf(c, detail.tenant))) out(line);
    });

  cases
    .command('create')
    .description('open a case by hand (an incident type adds its template tasks)')
    .requiredOption('--title <text>', 'what the case is about')
    .option('--severity <severity>', SEVERITIES.join(', '))
    .option('--type <type>', `incident type: ${INCIDENT_TYPES.join(', ')}`)
    .option('--description <text>', 'a longer description')
    .option('--json', 'print the case as JSON')
    .action(
      async (flags: {
        title: string;
        severity?: string;
        type?: string;
        description?: string;
        json?: boolean;
      }) => {
        const body = {
          title: flags.title,
          ...(flags.severity ? { severity: oneOf(flags.severity, SEVERITIES, '--severity') } : {}),
          ...(flags.type ? { incidentType: oneOf(flags.type, INCIDENT_TYPES, '--type') } : {}),
          ...(flags.description ? { description: flags.description } : {}),
        };
        const created = await client().json<CaseRecord>('POST', '/api/v1/cases', body);
        if (flags.json) out(JSON.stringify(created));
        else out(`${caseSummary('opened', created)} (${created.id})`);
      },
    );

  cases
    .command('phase <case> <phase>')
    .description(`move a case to an IR phase: ${CASE_PHASES.join(', ')} (moving back is recorded)`)
    .action(async (arg: string, phaseText: string) => {
      const phase = phaseArg(phaseText);
      const c = client();
      const detail = await fetchCase(c, arg);
      const moved = await c.json<CaseRecord>('POST', `/api/v1/cases/${enc(detail.id)}/phase`, {
        version: detail.version,
        phase,
      });
      out(caseSummary('moved', moved));
    });

  cases
    .command('close <case>')
    .description('close a case with a resolution; its escalated alerts are closed with the same verdict')
    .requiredOption('--resolution <verdict>', CASE_RESOLUTIONS.join(', '))
    .action(async (arg: string, flags: { resolution: string }) => {
      const resolution = oneOf(flags.resolution, CASE_RESOLUTIONS, '--resolution');
      const c = client();
      const detail = await fetchCase(c, arg);
      const r = await c.json<CaseCloseResult>('POST', `/api/v1/cases/${enc(detail.id)}/close`, {
        version: detail.version,
        resolution,
      });
      out(`${caseSummary('closed', r.case)}; ${r.alerts.length} alert(s) closed as ${words(resolution)}`);
    });

  cases
    .command('note <case> <text>')
    .description('add a note to the case timeline')
    .option('--at <time>', 'when it happened: ISO 8601 (or now-2h); default now')
    .option('--title <text>', 'a short title for the note')
    .action(async (arg: string, text: string, flags: { at?: string; title?: string }) => {
      if (!text.trim()) throw new BadRequestError('the note is empty');
      const eventTime = flags.at
        ? new Date(parseTimeExpression(flags.at, Date.now(), '--at')).toISOString()
        : undefined;
      const c = client();
      const detail = await fetchCase(c, arg);
      const entry = await c.json<TimelineEntry>('POST', `/api/v1/cases/${enc(detail.id)}/notes`, {
        body: text,
        ...(flags.title ? { title: flags.title } : {}),
        ...(eventTime ? { eventTime } : {}),
      });
      out(`noted on case #${detail.number} at ${entry.eventTime} (${entry.id})`);
    });

  registerCaseFiles(cases, client);
}
