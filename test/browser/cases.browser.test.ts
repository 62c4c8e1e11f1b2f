/**
 * A case worked end to end in Chromium, against a real Vigil whose demo slice made alerts: a demo
 * alert escalated into a case through the API, then in the console the board, the case page, a
 * timeline note with a past event time, the tasks of a template (one completed), an evidence file
 * uploaded (its SHA-256 shown) and downloaded, the case moved through every IR phase to
 * post-incident, the review written, and the case closed with a resolution, which closes its
 * alert. Axe on the board and the case page. Screenshots go to test-results/console/ (30–33).
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../helpers/vigil.ts';
import { axeViolations, unreachableByTab } from './a11y.ts';
import { type ConsoleWorld, startConsoleWorld } from './harness.ts';

const NEW_PASSWORD = 'a long passphrase for the cases test';
const PHASES = ['containment', 'eradication', 'recovery', 'post_incident'] as const;
const PHASE_LABELS: Record<(typeof PHASES)[number], string> = {
  containment: 'Containment',
  eradication: 'Eradication',
  recovery: 'Recovery',
  post_incident: 'Post-incident activity',
};
const EVIDENCE = Buffer.from('Received: from mx.attacker.example (203.0.113.7)\nSubject: invoice overdue\n');

interface ApiAlert {
  id: string;
  title: string;
  status: string;
  verdict: string | null;
  caseId: string | null;
  version: number;
}

let w: ConsoleWorld;
let page: Page;
let caseId = '';
let caseNumber = 0;
let alertId = '';

beforeAll(async () => {
  w = await startConsoleWorld();
  page = w.page;
}, 120_000);
afterAll(async () => w?.close());

async function adminPost<T>(path: string, body: unknown): Promise<{ status: number; json: T }> {
  const res = await w.vigil.http(path, {
    method: 'POST',
    headers: { authorization: `Bearer ${w.vigil.adminKey}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as T };
}

async function checkA11y(name: string): Promise<void> {
  expect(await axeViolations(page), `axe on ${name}`).toEqual([]);
  expect(await unreachableByTab(page), `controls Tab does not reach on ${name}`).toEqual([]);
}

const step = (phase: string) => page.locator(`[data-phase-stepper] [data-step="${phase}"]`);

async function openTab(name: RegExp): Promise<void> {
  await page.getByRole('tab', { name }).click();
}

describe('a case in Chromium', () => {
  it('escalates a demo alert into a case through the API, then signs in', async () => {
    const alert = await waitFor(
      async () => {
        const l = await w.vigil.api<{ items: ApiAlert[] }>('/api/v1/alerts?status=new&limit=20');
        return l.items[0] ?? false;
      },
      60_000,
      'an alert from the demo data',
    );
    alertId = alert.id;
    const esc = await adminPost<{ case: { id: string; number: number }; created: boolean }>(
      '/api/v1/cases/escalate',
      {
        alerts: [{ id: alert.id, version: alert.version }],
        case: { title: `Browser test: ${alert.title}`, severity: 'high' },
      },
    );
    expect(esc.status).toBe(201);
    caseId = esc.json.case.id;
    caseNumber = esc.json.case.number;

    await page.goto('/login');
    await page.getByRole('textbox', { name: 'User name', exact: true }).fill('admin');
    await page.getByRole('textbox', { name: 'Password', exact: true }).fill(w.adminPassword);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByRole('heading', { name: 'Choose a new password' }).waitFor();
    await page.getByRole('textbox', { name: 'Current password', exact: true }).fill(w.adminPassword);
    await page.getByRole('textbox', { name: 'New password', exact: true }).fill(NEW_PASSWORD);
    await page.getByRole('textbox', { name: 'New password again', exact: true }).fill(NEW_PASSWORD);
    await page.getByRole('button', { name: 'Change password' }).click();
    await page.getByRole('heading', { level: 2, name: 'Overview' }).waitFor();
  });

  it('shows the case on the board in its phase, with its SLA clock', async () => {
    await page.goto('/cases');
    await page.getByRole('heading', { level: 2, name: 'Cases' }).waitFor();
    const card = page.locator(`[data-phase-column="detection_analysis"] [data-case-id="${caseId}"]`);
    await card.waitFor();
    expect(await card.textContent()).toContain(`#${caseNumber} Browser test:`);
    expect(await card.locator('[data-sla]').textContent()).toMatch(/contain: \d+ h \d\d min left/);
    await w.screenshot('30-cases-board');
    await checkA11y('the case board');
    // The list view has it too.
    await page.getByText('List', { exact: true }).click();
    await page.getByRole('table', { name: 'Cases' }).locator(`[data-case-row="${caseNumber}"]`).waitFor();
  });

  it('opens the case: its alert, and a note with a past event time on the timeline', async () => {
    await page.goto('/cases');
    await page.getByRole('link', { name: new RegExp(`^#${caseNumber} Browser test:`) }).click();
    await page.getByRole('heading', { level: 2, name: new RegExp(`#${caseNumber}`) }).waitFor();
    expect(await step('detection_analysis').getAttribute('aria-current')).toBe('step');
    expect(await step('detection_analysis').textContent()).toMatch(/entered \d{4}-\d\d-\d\d /);

    const past = new Date(Date.now() - 3 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');
    await page.getByRole('textbox', { name: 'Note title' }).fill('User reported the mail');
    await page.getByRole('textbox', { name: 'When it happened (UTC)' }).fill(past);
    await page
      .getByRole('textbox', { name: 'Note', exact: true })
      .fill('Finance forwarded the invoice mail.');
    await page.getByRole('button', { name: 'Add note' }).click();
    const note = page.locator('[data-timeline-entry="note"]').filter({ hasText: 'User reported the mail' });
    await note.waitFor();
    expect(await note.textContent()).toContain(`${past}:00Z`);
    expect(await note.textContent()).toMatch(/recorded \d{4}-/);

    await openTab(/^Alerts/);
    const row = page.locator(`[data-alert-row="${alertId}"]`);
    await row.waitFor();
    expect(await row.getAttribute('data-alert-status')).toBe('escalated');
  });

  it('adds the tasks of a template and completes one', async () => {
    await openTab(/^Tasks/);
    await page.getByRole('combobox', { name: 'Tasks of a template' }).click();
    await page.getByRole('option', { name: /^Phishing/ }).click();
    await page.getByRole('button', { name: 'Add template tasks' }).click();
    await expect.poll(() => page.getByRole('status').first().textContent()).toMatch(/Added \d+ tasks/);
    const tasks = page.locator('[data-task]');
    await tasks.first().waitFor();
    expect(await tasks.count()).toBeGreaterThan(3);
    const first = tasks.first();
    const title = (await first.getAttribute('data-task')) ?? '';
    // the box shows the task's stored status: it turns checked once the server has answered
    await first.getByRole('checkbox').click();
    await expect
      .poll(() => page.locator(`[data-task="${title}"]`).getAttribute('data-task-status'), {
        timeout: 10_000,
      })
      .toBe('done');
    expect(await page.locator(`[data-task="${title}"]`).getByRole('checkbox').isChecked()).toBe(true);
    await expect
      .poll(() => page.getByRole('tab', { name: /^Tasks/ }).textContent())
      .toMatch(/Tasks \(1\/\d+\)/);
  });

  it('uploads an evidence file, shows its SHA-256, and downloads the same bytes', async () => {
    await openTab(/^Evidence/);
    await page.locator('input[type=file]').setInputFiles({
      name: 'invoice-mail-headers.txt',
      mimeType: 'text/plain',
      buffer: EVIDENCE,
    });
    await page.getByRole('textbox', { name: 'Description' }).fill('headers of the reported mail');
    await page.getByRole('button', { name: 'Upload' }).click();
    const row = page.locator('[data-evidence="invoice-mail-headers.txt"]');
    await row.waitFor();
    const sha = createHash('sha256').update(EVIDENCE).digest('hex');
    expect(await row.locator('[data-sha256]').textContent()).toBe(sha);
    expect(await row.textContent()).toContain('headers of the reported mail');
    await w.screenshot('32-case-evidence');

    const download = page.waitForEvent('download');
    await page.getByRole('link', { name: 'Download invoice-mail-headers.txt' }).click();
    const file = await download;
    expect(file.suggestedFilename()).toBe('invoice-mail-headers.txt');
    expect(readFileSync((await file.path()) as string)).toEqual(EVIDENCE);
  });

  it('moves through every phase to post-incident, each entry with its time', async () => {
    for (const phase of PHASES) {
      await page.getByRole('button', { name: `Move to ${PHASE_LABELS[phase]}`, exact: true }).click();
      await expect.poll(() => step(phase).getAttribute('aria-current')).toBe('step');
    }
    for (const phase of ['detection_analysis', ...PHASES])
      expect(await step(phase).textContent(), phase).toMatch(/entered \d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ/);
    expect(await step('recovery').getAttribute('data-state')).toBe('done');
    await expect.poll(() => page.locator('[data-clock="contain"]').getAttribute('data-tone')).toBe('met');
    await openTab(/^Timeline/);
    await w.screenshot('31-case-detail');
    await checkA11y('the case page');
  });

  it('writes the post-incident review with a follow-up action', async () => {
    await openTab(/^Review/);
    await page.getByRole('textbox', { name: 'Root cause' }).fill('No attachment sandboxing for finance.');
    await page.getByRole('textbox', { name: 'What went well' }).fill('The user reported within minutes.');
    await page.getByRole('textbox', { name: 'What went badly' }).fill('Containment waited for approval.');
    await page.getByRole('button', { name: 'Add a follow-up action' }).click();
    await page.getByRole('textbox', { name: 'Action 1' }).fill('Sandbox attachments for finance mailboxes');
    await page.getByRole('textbox', { name: 'Owner' }).fill('mail team');
    await page.getByRole('textbox', { name: 'Due' }).fill('2030-06-30');
    await page.getByRole('button', { name: 'Save the review' }).click();
    await expect.poll(() => page.getByText(/^Last saved by /).count()).toBe(1);
    const stored = await w.vigil.api<{
      review: { rootCause: string; actions: { owner: string; dueAt: string }[] };
    }>(`/api/v1/cases/${caseId}`);
    expect(stored.review.rootCause).toBe('No attachment sandboxing for finance.');
    expect(stored.review.actions).toMatchObject([{ owner: 'mail team', dueAt: '2030-06-30T23:59:59.000Z' }]);
  });

  it('opens a case by hand (its template tasks come with it), links it to the first, then merges it in', async () => {
    await page.goto('/cases');
    await page.getByRole('button', { name: 'New case' }).click();
    const dialog = page.getByRole('dialog', { name: 'New case' });
    await dialog.getByRole('textbox', { name: 'Title' }).fill('Second report of the invoice mail');
    await dialog.getByRole('combobox', { name: 'Incident type' }).click();
    await page.getByRole('option', { name: 'Phishing' }).click();
    await dialog.locator('[data-template-preview]').waitFor();
    await dialog.getByRole('button', { name: 'Open the case' }).click();
    await page.waitForURL(/\/cases\/[0-9a-f-]{36}$/);
    const second = page.url().split('/').pop() ?? '';
    await page.getByRole('heading', { level: 2, name: /#2 Second report/ }).waitFor();
    expect(await page.getByRole('tab', { name: /^Tasks/ }).textContent()).toMatch(/Tasks \(0\/\d+\)/);

    await page.getByRole('button', { name: 'More' }).click();
    await page.getByRole('menuitem', { name: 'Link to another case' }).click();
    const link = page.getByRole('dialog', { name: 'Link case #2 to another' });
    await link.getByRole('combobox', { name: 'Related case' }).click();
    await page.getByRole('option', { name: new RegExp(`^#${caseNumber} Browser test`) }).click();
    await link.getByRole('button', { name: 'Link', exact: true }).click();
    await link.waitFor({ state: 'detached' });
    const linked = page.getByRole('region', { name: 'Linked cases' });
    await linked.getByRole('link', { name: new RegExp(`^#${caseNumber} Browser test`) }).waitFor();

    await page.getByRole('button', { name: 'More' }).click();
    await page.getByRole('menuitem', { name: 'Merge into another case' }).click();
    const merge = page.getByRole('dialog', { name: 'Merge case #2 into another' });
    await merge.getByRole('combobox', { name: 'Case to merge into' }).click();
    await page.getByRole('option', { name: new RegExp(`^#${caseNumber} Browser test`) }).click();
    await merge.getByRole('button', { name: 'Merge', exact: true }).click();
    await page.waitForURL(new RegExp(`/cases/${caseId}$`));
    await page.getByRole('heading', { level: 2, name: new RegExp(`#${caseNumber} Browser test`) }).waitFor();
    const merged = await w.vigil.api<{ status: string; mergedInto: string | null }>(
      `/api/v1/cases/${second}`,
    );
    expect(merged).toMatchObject({ status: 'closed', mergedInto: caseId });
  });

  it('closes the case with a resolution, which closes its alert with that verdict', async () => {
    await page.getByRole('button', { name: 'Close case' }).click();
    const dialog = page.getByRole('dialog', { name: `Close case #${caseNumber}` });
    await dialog.getByRole('radio', { name: 'True positive', exact: true }).check();
    await dialog.getByRole('button', { name: 'Close the case' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.locator('[data-resolution="true_positive"]').waitFor();
    await openTab(/^Alerts/);
    const row = page.locator(`[data-alert-row="${alertId}"]`);
    await expect.poll(() => row.getAttribute('data-alert-status')).toBe('closed');
    expect(await row.textContent()).toContain('true positive');
    await w.screenshot('33-case-closed');
    // The report, as Markdown and as an HTML page.
    for (const [item, pattern] of [
      ['Markdown', /^# /m],
      ['HTML page', /<html/i],
    ] as const) {
      await page.getByRole('button', { name: 'Report' }).click();
      const download = page.waitForEvent('download');
      await page.getByRole('menuitem', { name: item }).click();
      const text = readFileSync((await (await download).path()) as string, 'utf8');
      expect(text, item).toMatch(pattern);
      expect(text, item).toContain('Browser test:');
      expect(text, item).toContain('No attachment sandboxing for finance.');
    }
    const { alert } = await w.vigil.api<{ alert: ApiAlert }>(`/api/v1/alerts/${alertId}`);
    expect(alert).toMatchObject({ status: 'closed', verdict: 'true_positive', caseId });
  });

  it('ran without a Content-Security-Policy violation or an uncaught error', () => {
    expect(w.pageErrors).toEqual([]);
  });
});
