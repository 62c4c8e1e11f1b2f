/**
 * The case report, as Markdown and as a self-contained HTML page: summary, severity/TLP/phase,
 * phase history, SLA and breach-notification clocks, alerts, observables, tasks, timeline (event
 * time and recorded time), evidence with SHA-256, and the post-incident review.
 *
 * Everything in a case was typed by someone or came from an event, so every value is escaped:
 * in HTML each text goes through `escapeHtml` (the page has no scripts, and its CSP allows only
 * its own style block); in Markdown each text has its punctuation backslash-escaped, so a title
 * cannot open raw HTML, a link or a table cell.
 */
import { createHash } from 'node:crypto';
import { type BreachClock, breachClocks } from './breach-clock.ts';
import { type CaseSla, caseSla, type Severity, type SlaClock, type SlaMinutes } from './sla.ts';

export interface CaseReportData {
  case: {
    id: string;
    number: number;
    tenant: string;
    title: string;
    description: string;
    severity: string;
    tlp: string;
    incidentType: string | null;
    status: string;
    phase: string;
    resolution: string | null;
    assignee: string | null;
    tags: string[];
    personalData: boolean;
    regulations: string[];
    awareAt: string | null;
    notifiedAt: string | null;
    mergedInto: string | null;
    createdBy: string;
    createdAt: string;
    updatedAt: string;
    containedAt: string | null;
    resolvedAt: string | null;
    closedAt: string | null;
  };
  phases: { phase: string; enteredAt: string; enteredBy: string }[];
  alerts: {
    id: string;
    title: string;
    severity: string;
    ruleId: string;
    status: string;
    verdict: string | null;
    count: number;
    firstSeen: string;
    lastSeen: string;
  }[];
  observables: { type: string; value: string; tlp: string; ioc: boolean; description: string }[];
  tasks: {
    phase: string;
    title: string;
    status: string;
    assignee: string | null;
    dueAt: string | null;
    completedAt: string | null;
  }[];
  timeline: {
    kind: string;
    action: string;
    title: string;
    body: string;
    eventTime: string;
    recordedAt: string;
    authorName: string;
  }[];
  evidence: {
    name: string;
    contentType: string;
    size: number;
    sha256: string;
    description: string;
    uploadedBy: string;
    uploadedAt: string;
  }[];
  review: {
    rootCause: string;
    wentWell: string;
    wentBadly: string;
    actions: { text: string; owner: string; dueAt: string | null; done: boolean }[];
  } | null;
}

export interface CaseReportInput {
  data: CaseReportData;
  /** The tenant's SLA policies (defaults merged with its overrides). */
  policies: Record<Severity, SlaMinutes>;
  now: Date;
}

/** What both formats show, computed once. */
interface ReportModel {
  data: CaseReportData;
  sla: CaseSla;
  clocks: BreachClock[];
  generatedAt: string;
}

function model(input: CaseReportInput): ReportModel {
  const c = input.data.case;
  return {
    data: input.data,
    sla: caseSla(c, input.policies, input.now),
    clocks: breachClocks(c, input.now),
    generatedAt: input.now.toISOString(),
  };
}

/** `1 d 2 h`, `3 h 5 min`, `42 min`, `30 s`. */
export function formatDuration(ms: number): string {
  const s = Math.round(Math.abs(ms) / 1000);
  const d = Math.floor(s / 86_400);
  const h = Math.floor((s % 86_400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  if (d > 0) return h > 0 ? `${d} d ${h} h` : `${d} d`;
  if (h > 0) return m > 0 ? `${h} h ${m} min` : `${h} h`;
  if (m > 0) return `${m} min`;
  return `${s} s`;
}

function clockState(c: SlaClock): string {
  if (c.status === 'met') return `met (${formatDuration(c.remainingMs)} to spare)`;
  if (c.breached)
    return c.stoppedAt
      ? `breached (met ${formatDuration(c.remainingMs)} late)`
      : `breached (overdue by ${formatDuration(c.remainingMs)})`;
  return `${c.status === 'at_risk' ? 'at risk' : 'running'} (${formatDuration(c.remainingMs)} left)`;
}

function breachState(c: BreachClock): string {
  if (c.status === 'met') return `met (notified ${formatDuration(c.remainingMs)} before the deadline)`;
  if (c.status === 'overdue')
    return c.notifiedAt
      ? `overdue (notified ${formatDuration(c.remainingMs)} late)`
      : `overdue by ${formatDuration(c.remainingMs)}`;
  return `running (${formatDuration(c.remainingMs)} left)`;
}

const dash = (v: string | null | undefined) => (v === null || v === undefined || v === '' ? '—' : v);
const label = (v: string) => v.replace(/_/g, ' ');

type Cell = string;
interface Table {
  head: string[];
  rows: Cell[][];
}

/** The report's sections as titled tables and text blocks; both renderers walk this. */
type Block =
  | { kind: 'table'; table: Table }
  | { kind: 'fields'; rows: [string, string][] }
  | { kind: 'text'; text: string }
  | { kind: 'empty'; text: string };
interface Section {
  title: string;
  blocks: Block[];
}

function sections(m: ReportModel): Section[] {
  const { data } = m;
  const c = data.case;
  const table = (head: string[], rows: Cell[][], empty: string): Block =>
    rows.length === 0 ? { kind: 'empty', text: empty } : { kind: 'table', table: { head, rows } };
  const out: Section[] = [
    {
      title: 'Summary',
      blocks: [
        {
          kind: 'fields',
          rows: [
            ['Status', label(c.status)],
            ['Severity', c.severity],
            ['TLP', `TLP:${c.tlp.toUpperCase()}`],
            ['Phase', label(c.phase)],
            ['Incident type', dash(c.incidentType && label(c.incidentType))],
            ['Resolution', dash(c.resolution && label(c.resolution))],
            ['Assignee', dash(c.assignee)],
            ['Tags', dash(c.tags.join(', '))],
            [
              'Personal data',
              c.personalData ? `yes (${dash(c.regulations.join(', ').toUpperCase())})` : 'no',
            ],
            ['Created', `${c.createdAt} by ${c.createdBy}`],
            ['Contained', dash(c.containedAt)],
            ['Resolved', dash(c.resolvedAt)],
            ['Closed', dash(c.closedAt)],
            ...(c.mergedInto ? ([['Merged into', c.mergedInto]] as [string, string][]) : []),
          ],
        },
        ...(c.description ? [{ kind: 'text', text: c.description } as Block] : []),
      ],
    },
    {
      title: 'Phase history',
      blocks: [
        table(
          ['Phase', 'Entered', 'By'],
          data.phases.map((p) => [label(p.phase), p.enteredAt, p.enteredBy]),
          'No phase changes recorded.',
        ),
      ],
    },
    {
      title: 'SLA',
      blocks: [
        table(
          ['Target', 'Budget', 'Due', 'Stopped', 'State'],
          [m.sla.contain, m.sla.resolve].map((k) => [
            k.target,
            formatDuration(k.minutes * 60_000),
            k.dueAt,
            dash(k.stoppedAt),
            clockState(k),
          ]),
          '',
        ),
      ],
    },
    {
      title: 'Breach-notification clocks',
      blocks: [
        table(
          ['Regulation', 'Aware at', 'Deadline', 'Notified', 'State'],
          m.clocks.map((k) => [
            k.regulation.toUpperCase(),
            k.awareAt,
            k.deadline,
            dash(k.notifiedAt),
            breachState(k),
          ]),
          c.personalData
            ? 'Personal data is flagged, but no regulation is named.'
            : 'No personal data flagged: no clocks run.',
        ),
      ],
    },
    {
      title: 'Alerts',
      blocks: [
        table(
          ['Title', 'Severity', 'Rule', 'Status', 'Verdict', 'First seen', 'Last seen', 'Count'],
          data.alerts.map((a) => [
            a.title,
            a.severity,
            a.ruleId,
            label(a.status),
            dash(a.verdict && label(a.verdict)),
            a.firstSeen,
            a.lastSeen,
            String(a.count),
          ]),
          'No alerts.',
        ),
      ],
    },
    {
      title: 'Observables',
      blocks: [
        table(
          ['Type', 'Value', 'TLP', 'IOC', 'Description'],
          data.observables.map((o) => [
            o.type,
            o.value,
            `TLP:${o.tlp.toUpperCase()}`,
            o.ioc ? 'yes' : 'no',
            dash(o.description),
          ]),
          'No observables.',
        ),
      ],
    },
    {
      title: 'Tasks',
      blocks: [
        table(
          ['Phase', 'Task', 'Status', 'Assignee', 'Due', 'Completed'],
          data.tasks.map((t) => [
            label(t.phase),
            t.title,
            label(t.status),
            dash(t.assignee),
            dash(t.dueAt),
            dash(t.completedAt),
          ]),
          'No tasks.',
        ),
      ],
    },
    {
      title: 'Timeline',
      blocks: [
        table(
          ['Event time', 'Recorded', 'Kind', 'Author', 'Entry'],
          data.timeline.map((t) => [
            t.eventTime,
            t.recordedAt,
            t.kind === 'note' ? 'note' : t.action,
            t.authorName,
            t.body ? `${t.title}: ${t.body}` : t.title,
          ]),
          'No timeline entries.',
        ),
      ],
    },
    {
      title: 'Evidence',
      blocks: [
        table(
          ['Name', 'Size (bytes)', 'SHA-256', 'Type', 'Uploaded', 'By', 'Description'],
          data.evidence.map((e) => [
            e.name,
            String(e.size),
            e.sha256,
            e.contentType,
            e.uploadedAt,
            e.uploadedBy,
            dash(e.description),
          ]),
          'No evidence.',
        ),
      ],
    },
  ];
  const r = data.review;
  out.push({
    title: 'Post-incident review',
    blocks: r
      ? [
          {
            kind: 'fields',
            rows: [
              ['Root cause', dash(r.rootCause)],
              ['What went well', dash(r.wentWell)],
              ['What went badly', dash(r.wentBadly)],
            ],
          },
          table(
            ['Follow-up action', 'Owner', 'Due', 'Done'],
            r.actions.map((a) => [a.text, a.owner, dash(a.dueAt), a.done ? 'yes' : 'no']),
            'No follow-up actions.',
          ),
        ]
      : [{ kind: 'empty', text: 'No review written yet.' }],
  });
  return out;
}

// ---- Markdown --------------------------------------------------------------------------------

/**
 * Backslash-escapes the Markdown punctuation that could start HTML, a link, emphasis, code or a
 * table cell, and flattens line breaks (for inline text and table cells).
 */
export function escapeMarkdown(text: string): string {
  return text.replace(/\r\n?|\n/g, ' ').replace(/[\\`*_[\]<>|~&#]/g, (ch) => `\\${ch}`);
}

/** Escaped text kept on its lines, in a block quote; no line can start a list, heading or rule. */
function markdownBlock(text: string): string {
  return text
    .split(/\r\n?|\n/)
    .map((line) => {
      const escaped = escapeMarkdown(line.trim())
        .replace(/^[-+=]/, (m) => `\\${m}`)
        .replace(/^(\d+)([.)])/, (_m, n: string, p: string) => `${n}\\${p}`);
      return `> ${escaped}`.trimEnd();
    })
    .join('\n');
}

function markdownTable(t: Table): string {
  const row = (cells: string[]) => `| ${cells.map(escapeMarkdown).join(' | ')} |`;
  return [row(t.head), `|${t.head.map(() => '---').join('|')}|`, ...t.rows.map(row)].join('\n');
}

export function caseReportMarkdown(input: CaseReportInput): string {
  const m = model(input);
  const c = m.data.case;
  const parts = [
    `# Case #${c.number}: ${escapeMarkdown(c.title)}`,
    `**TLP:${escapeMarkdown(c.tlp.toUpperCase())}** · severity ${escapeMarkdown(c.severity)} · phase ${escapeMarkdown(label(c.phase))} · ${escapeMarkdown(label(c.status))}`,
  ];
  for (const s of sections(m)) {
    parts.push(`## ${s.title}`);
    for (const b of s.blocks) {
      if (b.kind === 'table') parts.push(markdownTable(b.table));
      else if (b.kind === 'fields')
        parts.push(b.rows.map(([k, v]) => `- **${k}:** ${escapeMarkdown(v)}`).join('\n'));
      else if (b.kind === 'text') parts.push(markdownBlock(b.text));
      else if (b.text) parts.push(`_${escapeMarkdown(b.text)}_`);
    }
  }
  parts.push(
    `---\nGenerated by Vigil at ${m.generatedAt} (case ${escapeMarkdown(c.id)}, tenant ${escapeMarkdown(c.tenant)}).`,
  );
  return `${parts.join('\n\n')}\n`;
}

// ---- HTML ------------------------------------------------------------------------------------

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

const STYLE = `body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;color:#1b1f24;margin:2rem auto;max-width:70rem;padding:0 1rem}
h1{font-size:1.6rem;margin-bottom:.25rem}h2{font-size:1.15rem;margin-top:2rem;border-bottom:1px solid #d0d7de;padding-bottom:.25rem}
table{border-collapse:collapse;width:100%;margin:.5rem 0}th,td{border:1px solid #d0d7de;padding:.3rem .5rem;text-align:left;vertical-align:top}
th{background:#f6f8fa}dl{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem}dt{font-weight:600}dd{margin:0}
.tlp{display:inline-block;font-weight:700;background:#1b1f24;color:#fff;padding:.1rem .5rem;border-radius:3px}
.text{white-space:pre-wrap;background:#f6f8fa;padding:.5rem .75rem;border-left:3px solid #d0d7de}.empty{color:#57606a;font-style:italic}
td.hash{font-family:ui-monospace,monospace;word-break:break-all}footer{margin-top:2rem;color:#57606a;font-size:.85rem}
@media print{body{margin:0;max-width:none}}`;

const STYLE_HASH = createHash('sha256').update(STYLE).digest('base64');

/**
 * The Content-Security-Policy of the HTML report: nothing loads or runs but its own style block
 * (allowed by hash), it cannot be framed, and it opens sandboxed (no scripts, no forms).
 */
export const REPORT_CSP = `default-src 'none'; style-src 'sha256-${STYLE_HASH}'; img-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'; sandbox`;

/** The part of the policy a `<meta>` tag can carry (for a saved copy opened from disk). */
const META_CSP = `default-src 'none'; style-src 'sha256-${STYLE_HASH}'; img-src 'none'; base-uri 'none'; form-action 'none'`;

function htmlTable(t: Table): string {
  const head = t.head.map((h) => `<th>${escapeHtml(h)}</th>`).join('');
  const hashCol = t.head.indexOf('SHA-256');
  const rows = t.rows
    .map(
      (r) =>
        `<tr>${r.map((v, i) => `<td${i === hashCol ? ' class="hash"' : ''}>${escapeHtml(v)}</td>`).join('')}</tr>`,
    )
    .join('\n');
  return `<table><thead><tr>${head}</tr></thead><tbody>\n${rows}\n</tbody></table>`;
}

export function caseReportHtml(input: CaseReportInput): string {
  const m = model(input);
  const c = m.data.case;
  const title = `Case #${c.number}: ${c.title}`;
  const body: string[] = [
    `<p><span class="tlp">TLP:${escapeHtml(c.tlp.toUpperCase())}</span></p>`,
    `<h1>${escapeHtml(title)}</h1>`,
    `<p>Severity ${escapeHtml(c.severity)} · phase ${escapeHtml(label(c.phase))} · ${escapeHtml(label(c.status))}</p>`,
  ];
  for (const s of sections(m)) {
    body.push(`<section><h2>${escapeHtml(s.title)}</h2>`);
    for (const b of s.blocks) {
      if (b.kind === 'table') body.push(htmlTable(b.table));
      else if (b.kind === 'fields')
        body.push(
          `<dl>${b.rows.map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${escapeHtml(v)}</dd>`).join('')}</dl>`,
        );
      else if (b.kind === 'text') body.push(`<div class="text">${escapeHtml(b.text)}</div>`);
      else if (b.text) body.push(`<p class="empty">${escapeHtml(b.text)}</p>`);
    }
    body.push('</section>');
  }
  body.push(
    `<footer>Generated by Vigil at ${escapeHtml(m.generatedAt)} (case ${escapeHtml(c.id)}, tenant ${escapeHtml(c.tenant)}).</footer>`,
  );
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(META_CSP)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
${body.join('\n')}
</body>
</html>
`;
}
