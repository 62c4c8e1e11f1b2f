import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  type CaseReportData,
  caseReportHtml,
  caseReportMarkdown,
  escapeHtml,
  escapeMarkdown,
  formatDuration,
  REPORT_CSP,
} from './report.ts';
import { effectivePolicies } from './sla.ts';

const T0 = '2030-01-01T00:00:00.000Z';
const at = (minutes: number) => new Date(Date.parse(T0) + minutes * 60_000).toISOString();
const EVIL = '<script>alert(1)</script>';

function data(over: Partial<CaseReportData['case']> = {}): CaseReportData {
  return {
    case: {
      id: 'case-1',
      number: 42,
      tenant: 'acme',
      title: `Phish ${EVIL}`,
      description: 'Mail to finance.\n# not a heading\n- not a list',
      severity: 'critical',
      tlp: 'amber',
      incidentType: 'phishing',
      status: 'open',
      phase: 'eradication',
      resolution: null,
      assignee: 'alice',
      tags: ['finance'],
      personalData: true,
      regulations: ['gdpr'],
      awareAt: null,
      notifiedAt: null,
      mergedInto: null,
      createdBy: 'alice',
      createdAt: T0,
      updatedAt: at(100),
      containedAt: at(100),
      resolvedAt: null,
      closedAt: null,
      ...over,
    },
    phases: [
      { phase: 'detection_analysis', enteredAt: T0, enteredBy: 'alice' },
      { phase: 'eradication', enteredAt: at(100), enteredBy: 'bob' },
    ],
    alerts: [
      {
        id: 'al-1',
        title: 'Office spawning PowerShell',
        severity: 'high',
        ruleId: 'r-1',
        status: 'escalated',
        verdict: null,
        count: 2,
        firstSeen: at(-5),
        lastSeen: at(-1),
      },
    ],
    observables: [{ type: 'domain', value: 'evil.example', tlp: 'amber', ioc: true, description: '' }],
    tasks: [
      {
        phase: 'containment',
        title: 'Block sender',
        status: 'done',
        assignee: 'bob',
        dueAt: null,
        completedAt: at(50),
      },
    ],
    timeline: [
      {
        kind: 'note',
        action: 'note',
        title: 'Called the user',
        body: `They clicked ${EVIL} | and | pipes`,
        eventTime: at(-30),
        recordedAt: at(20),
        authorName: 'alice',
      },
    ],
    evidence: [
      {
        name: 'mail.eml',
        contentType: 'message/rfc822',
        size: 2048,
        sha256: 'ab'.repeat(32),
        description: 'original mail',
        uploadedBy: 'alice',
        uploadedAt: at(10),
      },
    ],
    review: {
      rootCause: 'No DMARC',
      wentWell: 'Fast triage',
      wentBadly: 'Slow containment',
      actions: [{ text: 'Enable DMARC', owner: 'it', dueAt: at(10_000), done: false }],
    },
  };
}

const input = (d = data()) => ({ data: d, policies: effectivePolicies([]), now: new Date(at(120)) });

describe('the case report as HTML', () => {
  it('escapes every value: <script> in a title or a note comes out as text', () => {
    const html = caseReportHtml(input());
    expect(html).not.toContain('<script');
    expect(html).toContain('Phish &#60;script&#62;alert(1)&#60;/script&#62;');
    expect(html).toContain('They clicked &#60;script&#62;');
  });

  it('is a self-contained page: no scripts, no external resources, its own style allowed by hash', () => {
    const html = caseReportHtml(input());
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).not.toMatch(/<script|<link|<img|<iframe|\ssrc=|\shref=|\son\w+=/i);
    expect(html).toContain('<meta http-equiv="Content-Security-Policy"');
    const style = /<style>([\s\S]*?)<\/style>/.exec(html)?.[1] ?? '';
    const hash = createHash('sha256').update(style).digest('base64');
    expect(REPORT_CSP).toContain(`style-src 'sha256-${hash}'`);
    expect(REPORT_CSP).toMatch(/default-src 'none'/);
    expect(REPORT_CSP).not.toMatch(/script-src|unsafe/);
  });

  it('shows summary, phase history, SLA, breach clocks, alerts, observables, tasks, timeline, evidence and review', () => {
    const html = caseReportHtml(input());
    for (const h of [
      'Summary',
      'Phase history',
      'SLA',
      'Breach-notification clocks',
      'Alerts',
      'Observables',
      'Tasks',
      'Timeline',
      'Evidence',
      'Post-incident review',
    ])
      expect(html).toContain(`<h2>${h}</h2>`);
    expect(html).toContain('TLP:AMBER');
    expect(html).toContain('ab'.repeat(32));
    expect(html).toContain(at(-30)); // the note's event time
    expect(html).toContain(at(20)); // and when it was recorded
    expect(html).toContain('Enable DMARC');
    // Critical: contained at 100 min within 240 (met); resolve due after 1440 min, 1320 left at 120.
    expect(html).toContain('met (2 h 20 min to spare)');
    expect(html).toContain('running (22 h left)');
    // GDPR from creation: 72 h, 70 h left.
    expect(html).toContain(`GDPR</td><td>${T0}</td><td>${at(72 * 60)}`);
  });
});

describe('the case report as Markdown', () => {
  it('escapes every value: <script> and table pipes in a title or a note cannot become HTML or cells', () => {
    const md = caseReportMarkdown(input());
    expect(md).not.toMatch(/(?<!\\)<\/?script/);
    expect(md).toContain('# Case #42: Phish \\<script\\>alert(1)\\</script\\>');
    expect(md).toContain('They clicked \\<script\\>alert(1)\\</script\\> \\| and \\| pipes');
  });

  it('keeps a multi-line description as quoted lines that start no heading or list', () => {
    const md = caseReportMarkdown(input());
    expect(md).toContain('> Mail to finance.\n> \\# not a heading\n> \\- not a list');
  });

  it('has the same sections, the timeline with both times, and evidence with SHA-256', () => {
    const md = caseReportMarkdown(input());
    for (const h of ['Summary', 'Phase history', 'SLA', 'Breach-notification clocks', 'Timeline', 'Evidence'])
      expect(md).toContain(`## ${h}`);
    expect(md).toContain('| Event time | Recorded | Kind | Author | Entry |');
    expect(md).toContain(`| ${at(-30)} | ${at(20)} | note | alice |`);
    expect(md).toContain('ab'.repeat(32));
    expect(md).toContain('**TLP:AMBER**');
  });

  it('says so when a case has no review or no personal data', () => {
    const d = data({ personalData: false, regulations: [] });
    d.review = null;
    const md = caseReportMarkdown(input(d));
    expect(md).toContain('_No review written yet._');
    expect(md).toContain('_No personal data flagged: no clocks run._');
  });
});

describe('report helpers', () => {
  it('escape HTML and Markdown', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&#60;a href=&#34;x&#34;&#62;&#39;&#38;&#39;&#60;/a&#62;');
    expect(escapeMarkdown('[x](javascript:y) *b* `c` <d> a|b\nnext')).toBe(
      '\\[x\\](javascript:y) \\*b\\* \\`c\\` \\<d\\> a\\|b next',
    );
  });

  it('format durations', () => {
    expect([30_000, 5 * 60_000, 125 * 60_000, 26 * 3_600_000, -90 * 60_000].map(formatDuration)).toEqual([
      '30 s',
      '5 min',
      '2 h 5 min',
      '1 d 2 h',
      '1 h 30 min',
    ]);
  });
});
