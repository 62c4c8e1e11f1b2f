/**
 * The analyst's whole flow in one Chromium session, through the console only (the API is used
 * just to wait until the demo slice has made alerts): sign in → the alert queue shows a demo
 * alert → acknowledge it (`a`) → escalate it to a new case (`e`, the dialog) → on the case page
 * add the tasks of a template and upload an evidence file → move the case through every IR phase
 * → close it with a resolution → the alert shows closed with that verdict. Then the Roles and
 * Tenants tabs of Admin (axe; a tenant created). Screenshots: test-results/console/40-flow-*.png,
 * 41-admin-roles.png, 42-admin-tenants.png.
 */
import { createHash } from 'node:crypto';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../helpers/vigil.ts';
import { axeViolations, unreachableByTab } from './a11y.ts';
import { type ConsoleWorld, startConsoleWorld } from './harness.ts';

const NEW_PASSWORD = 'a long passphrase for the analyst flow';
const PHASES = [
  ['containment', 'Containment'],
  ['eradication', 'Eradication'],
  ['recovery', 'Recovery'],
  ['post_incident', 'Post-incident activity'],
] as const;
const EVIDENCE = Buffer.from(
  'ps -ef on the host at 10:02 UTC\nroot 4242 /tmp/.x/miner --pool 198.51.100.9\n',
);

let w: ConsoleWorld;
let page: Page;
let alertId = '';
let alertTitle = '';
let caseNumber = '';

beforeAll(async () => {
  w = await startConsoleWorld();
  page = w.page;
}, 120_000);
afterAll(async () => w?.close());

const cursorRow = () => page.locator('tr[data-alert-row][data-selected="true"]');
const step = (phase: string) => page.locator(`[data-phase-stepper] [data-step="${phase}"]`);
const section = (name: string) =>
  page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: new RegExp(`^${name}`) });

async function checkA11y(name: string): Promise<void> {
  expect(await axeViolations(page), `axe on ${name}`).toEqual([]);
  expect(await unreachableByTab(page), `controls Tab does not reach on ${name}`).toEqual([]);
}

describe("the analyst's flow, in one browser session", () => {
  it('signs in (choosing a new password) once the demo data has made alerts', async () => {
    // The one use of the API: waiting for the pipeline to have turned the demo slice into alerts.
    await waitFor(
      async () =>
        (await w.vigil.api<{ items: unknown[] }>('/api/v1/alerts?status=new&limit=1')).items.length > 0,
      60_000,
      'alerts from the demo data',
    );
    await page.goto('/');
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

  it('shows a demo alert in the queue and acknowledges it with a', async () => {
    await section('Alerts').click();
    await page.getByRole('heading', { level: 2, name: 'Alerts' }).waitFor();
    const rows = page.getByRole('table', { name: 'Alerts' }).locator('tr[data-alert-row]');
    await rows.first().waitFor();
    await page.evaluate('document.activeElement?.blur()');
    await page.keyboard.press('j');
    alertId = (await cursorRow().getAttribute('data-alert-row')) ?? '';
    expect(alertId).not.toBe('');
    expect(await cursorRow().locator('[data-status="new"]').count()).toBe(1);
    await w.screenshot('40-flow-1-queue');

    await page.keyboard.press('a');
    await page.locator(`tr[data-alert-row="${alertId}"] [data-status="acknowledged"]`).waitFor();
    expect(await cursorRow().getAttribute('data-alert-row')).toBe(alertId);
  });

  it('escalates it with e into a new case, and the case page opens with the alert in it', async () => {
    await page.keyboard.press('e');
    const dialog = page.getByRole('dialog', { name: 'Escalate the alert to a case' });
    await dialog.waitFor();
    const title = dialog.getByRole('textbox', { name: 'Case title' });
    alertTitle = await title.inputValue();
    expect(alertTitle).not.toBe('');
    await title.fill(`Flow: ${alertTitle}`);
    await w.screenshot('40-flow-2-escalate');
    await dialog.getByRole('button', { name: 'Open the case' }).click();
    await page.waitForURL(/\/cases\/[^/]+$/);
    const heading = page.getByRole('heading', { level: 2, name: /^#\d+ Flow: / });
    await heading.waitFor();
    caseNumber = /#(\d+)/.exec((await heading.textContent()) ?? '')?.[1] ?? '';
    expect(caseNumber).not.toBe('');
    expect(await step('detection_analysis').getAttribute('aria-current')).toBe('step');

    await page.getByRole('tab', { name: /^Alerts/ }).click();
    const row = page.locator(`[data-alert-row="${alertId}"]`);
    await row.waitFor();
    expect(await row.getAttribute('data-alert-status')).toBe('escalated');
  });

  it('adds the tasks of a template to the case', async () => {
    await page.getByRole('tab', { name: /^Tasks/ }).click();
    await page.getByRole('combobox', { name: 'Tasks of a template' }).click();
    await page.getByRole('option', { name: /^Malware/ }).click();
    await page.getByRole('button', { name: 'Add template tasks' }).click();
    await expect.poll(() => page.getByRole('status').first().textContent()).toMatch(/Added \d+ tasks/);
    await page.locator('[data-task]').first().waitFor();
    expect(await page.locator('[data-task]').count()).toBeGreaterThan(2);
    await expect
      .poll(() => page.getByRole('tab', { name: /^Tasks/ }).textContent())
      .toMatch(/Tasks \(0\/\d+\)/);
  });

  it('uploads an evidence file, whose SHA-256 the page shows', async () => {
    await page.getByRole('tab', { name: /^Evidence/ }).click();
    await page.locator('input[type=file]').setInputFiles({
      name: 'process-list.txt',
      mimeType: 'text/plain',
      buffer: EVIDENCE,
    });
    await page.getByRole('textbox', { name: 'Description' }).fill('process list taken during triage');
    await page.getByRole('button', { name: 'Upload' }).click();
    const row = page.locator('[data-evidence="process-list.txt"]');
    await row.waitFor();
    expect(await row.locator('[data-sha256]').textContent()).toBe(
      createHash('sha256').update(EVIDENCE).digest('hex'),
    );
    await w.screenshot('40-flow-3-case-evidence');
  });

  it('moves the case through every phase', async () => {
    for (const [phase, label] of PHASES) {
      await page.getByRole('button', { name: `Move to ${label}`, exact: true }).click();
      await expect.poll(() => step(phase).getAttribute('aria-current')).toBe('step');
    }
    for (const phase of ['detection_analysis', ...PHASES.map(([p]) => p)])
      expect(await step(phase).textContent(), phase).toMatch(/entered \d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ/);
    await w.screenshot('40-flow-4-phases');
  });

  it('closes the case with a resolution', async () => {
    await page.getByRole('button', { name: 'Close case' }).click();
    const dialog = page.getByRole('dialog', { name: `Close case #${caseNumber}` });
    await dialog.getByRole('radio', { name: 'True positive', exact: true }).check();
    await dialog.getByRole('button', { name: 'Close the case' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.locator('[data-resolution="true_positive"]').waitFor();
    await page.getByRole('tab', { name: /^Alerts/ }).click();
    const row = page.locator(`[data-alert-row="${alertId}"]`);
    await expect.poll(() => row.getAttribute('data-alert-status')).toBe('closed');
    expect(await row.textContent()).toContain('true positive');
    await w.screenshot('40-flow-5-case-closed');
  });

  it('shows the alert closed with the verdict of the case', async () => {
    await page.locator(`[data-alert-row="${alertId}"]`).getByRole('link').click();
    await page.waitForURL(new RegExp(`/alerts/${alertId}$`));
    await page.getByRole('heading', { level: 2, name: alertTitle }).waitFor();
    await page.locator('[data-status="closed"]').first().waitFor();
    expect(await page.locator('[data-verdict="true_positive"]').count()).toBeGreaterThan(0);
    await w.screenshot('40-flow-6-alert-closed');
    // Closed alerts leave the open queue.
    await page.getByRole('link', { name: '← Alert queue' }).click();
    await page.getByRole('heading', { level: 2, name: 'Alerts' }).waitFor();
    await page.getByRole('table', { name: 'Alerts' }).locator('tr[data-alert-row]').first().waitFor();
    expect(await page.locator(`tr[data-alert-row="${alertId}"]`).count()).toBe(0);
  });

  it('shows the permission matrix and the roles the admin holds (Admin → Roles)', async () => {
    await section('Admin').click();
    await page.getByRole('tab', { name: 'Roles' }).click();
    await page.waitForURL(/\/admin\/roles$/);
    const matrix = page.getByRole('table', { name: 'Permission matrix' });
    await matrix.waitFor();
    expect(await page.locator('[data-your-roles]').getAttribute('data-your-roles')).toBe('admin');
    expect(await matrix.locator('th[data-held="true"]').allTextContents()).toEqual(['admin(yours)']);
    // A row per permission, a column per role; an analyst writes alerts, a viewer does not.
    const alertsWrite = matrix.locator('tr[data-permission="alerts:write"] td');
    expect(await alertsWrite.count()).toBe(6);
    expect(await alertsWrite.evaluateAll((tds) => tds.map((td) => td.getAttribute('data-grants')))).toEqual([
      'false',
      'true',
      'true',
      'false',
      'false',
      'true',
    ]);
    await w.screenshot('41-admin-roles');
    await checkA11y('the Roles tab');
  });

  it('lists the tenants with their counts and creates one (Admin → Tenants)', async () => {
    await page.getByRole('tab', { name: 'Tenants' }).click();
    await page.waitForURL(/\/admin\/tenants$/);
    const table = page.getByRole('table', { name: 'Tenants' });
    const rows = table.locator('tr[data-tenant]');
    await rows.first().waitFor();
    expect(await rows.count()).toBe(1);
    const home = rows.first();
    expect(Number(await home.locator('[data-count="users"]').textContent())).toBe(1);
    expect(Number(await home.locator('[data-count="sources"]').textContent())).toBeGreaterThan(0);
    expect(Number(await home.locator('[data-count="open-alerts"]').textContent())).toBeGreaterThan(0);
    // The flow's case is closed.
    expect(await home.locator('[data-count="open-cases"]').textContent()).toBe('0');
    await checkA11y('the Tenants tab');

    const form = page.getByRole('form', { name: 'New tenant' });
    await form.getByRole('textbox', { name: 'Tenant id' }).fill('acme-eu');
    await form.getByRole('textbox', { name: 'Name' }).fill('Acme Europe');
    await form.getByRole('button', { name: 'Create tenant' }).click();
    await page.getByRole('status').filter({ hasText: 'Created tenant acme-eu' }).waitFor();
    const made = table.locator('tr[data-tenant="acme-eu"]');
    await made.waitFor();
    expect(await made.textContent()).toContain('Acme Europe');
    expect(await made.locator('[data-count="users"]').textContent()).toBe('1');
    await w.screenshot('42-admin-tenants');
    expect(await axeViolations(page), 'axe on the Tenants tab after a creation').toEqual([]);
  });

  it('ran without a Content-Security-Policy violation or an uncaught error', () => {
    expect(w.pageErrors).toEqual([]);
  });
});
