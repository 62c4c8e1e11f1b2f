/**
 * The alert workflow in Chromium, against a real Vigil whose demo slice made alerts through the
 * starter rules: the queue moved through with j/k, an alert acknowledged with `a`, one opened with
 * Enter (its matched fields highlighted), one closed with `c` and a verdict, one escalated with `e`
 * into a new case (the case page opens); the entity page and the filled overview; axe on the
 * queue and the detail page. Screenshots go to test-results/console/ (20–23).
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../helpers/vigil.ts';
import { axeViolations, unreachableByTab } from './a11y.ts';
import { type ConsoleWorld, startConsoleWorld } from './harness.ts';

const NEW_PASSWORD = 'a long passphrase for the alerts test';

interface ApiAlert {
  id: string;
  title: string;
  status: string;
  verdict: string | null;
  caseId: string | null;
  entities: { type: string; value: string }[];
}

let w: ConsoleWorld;
let page: Page;

beforeAll(async () => {
  w = await startConsoleWorld();
  page = w.page;
}, 120_000);
afterAll(async () => w?.close());

const alertOf = (id: string) => w.vigil.api<{ alert: ApiAlert }>(`/api/v1/alerts/${id}`).then((d) => d.alert);

/** The id of the queue row the cursor is on. */
const cursorRow = () => page.locator('tr[data-alert-row][data-selected="true"]');
const cursorId = async () => (await cursorRow().getAttribute('data-alert-row')) ?? '';

async function openQueue(search = ''): Promise<void> {
  await page.goto(`/alerts${search}`);
  await page.getByRole('heading', { level: 2, name: 'Alerts' }).waitFor();
  await page.getByRole('table', { name: 'Alerts' }).locator('tr[data-alert-row]').first().waitFor();
  await page.evaluate('document.activeElement?.blur()');
}

describe('the alert workflow in Chromium', () => {
  it('has alerts from the demo data (through the starter rules), then signs in', async () => {
    const list = await waitFor(
      async () => {
        const l = await w.vigil.api<{ items: ApiAlert[] }>('/api/v1/alerts?limit=100');
        return l.items.length >= 4 ? l : false;
      },
      60_000,
      'alerts from the demo data',
    );
    expect(list.items.length).toBeGreaterThanOrEqual(4);

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

  let acknowledged = '';

  it('moves through the queue with j/k and acknowledges the alert under the cursor with a', async () => {
    await openQueue();
    const rows = page.locator('tr[data-alert-row]');
    expect(await rows.count()).toBeGreaterThanOrEqual(4);
    const ids = await rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-alert-row') ?? ''));
    expect(await page.locator('[data-count="new"]').textContent()).toMatch(/^\d+$/);

    await page.keyboard.press('j');
    expect(await cursorId()).toBe(ids[0]);
    await page.keyboard.press('j');
    await page.keyboard.press('j');
    expect(await cursorId()).toBe(ids[2]);
    await page.keyboard.press('k');
    expect(await cursorId()).toBe(ids[1]);

    acknowledged = await cursorId();
    expect((await alertOf(acknowledged)).status).toBe('new');
    await page.keyboard.press('a');
    await page
      .locator(`tr[data-alert-row="${acknowledged}"] [data-status="acknowledged"]`)
      .waitFor({ timeout: 10_000 });
    expect((await alertOf(acknowledged)).status).toBe('acknowledged');
    // The cursor stays on the alert it was on.
    expect(await cursorId()).toBe(acknowledged);
    await w.screenshot('20-alerts-queue');
    expect(await axeViolations(page), 'axe on the alert queue').toEqual([]);
    expect(await unreachableByTab(page), 'controls Tab does not reach on the queue').toEqual([]);
  });

  it('opens the alert under the cursor with Enter: header, ATT&CK, entities with risk, matched fields highlighted', async () => {
    await page.evaluate('document.activeElement?.blur()');
    await page.keyboard.press('Enter');
    await page.waitForURL(new RegExp(`/alerts/${acknowledged}$`));
    const alert = await alertOf(acknowledged);
    await page.getByRole('heading', { level: 2, name: alert.title }).waitFor();
    await expect.poll(() => page.locator('[data-matched-field]').count()).toBeGreaterThan(0);
    expect(await page.locator('[data-status="acknowledged"]').count()).toBeGreaterThan(0);
    const entities = page.getByRole('table', { name: 'Entities' });
    if (alert.entities.length > 0) {
      await entities.locator('tr[data-entity]').first().waitFor();
      await expect.poll(() => entities.locator('td[data-risk]').first().textContent()).toMatch(/\d/);
    }
    const similar = page
      .getByRole('table', { name: 'Similar alerts' })
      .or(page.getByText(/No similar alert/));
    await similar.first().waitFor();
    // A comment.
    await page.getByRole('textbox', { name: 'Add a comment' }).fill('Checked with the host owner.');
    await page.getByRole('button', { name: 'Comment', exact: true }).click();
    await page.getByText('Checked with the host owner.').waitFor();
    await page.evaluate('window.scrollTo(0, 0)');
    await page.waitForTimeout(200);
    await w.screenshot('21-alert-detail');
    expect(await axeViolations(page), 'axe on the alert page').toEqual([]);
    expect(await unreachableByTab(page), 'controls Tab does not reach on the alert page').toEqual([]);
  });

  it("opens an entity's page: its risk, its alerts", async () => {
    const alert = await alertOf(acknowledged);
    const entity = alert.entities.find((e) => e.type === 'host' || e.type === 'user') ?? alert.entities[0];
    if (!entity) return;
    await page
      .getByRole('table', { name: 'Entities' })
      .getByRole('link', { name: entity.value, exact: true })
      .click();
    await page.waitForURL(/\/entities\//);
    await page.getByRole('heading', { level: 2 }).filter({ hasText: entity.value }).waitFor();
    await expect.poll(() => page.locator('[data-tile="Risk score"]').textContent()).toMatch(/\d/);
    await page.locator(`tr[data-entity-alert="${acknowledged}"]`).waitFor();
    await w.screenshot('22-entity');
  });

  it('closes an alert with c and a verdict', async () => {
    await openQueue();
    await page.keyboard.press('j');
    await page.keyboard.press('j');
    const id = await cursorId();
    expect(id).not.toBe('');
    await page.keyboard.press('c');
    const dialog = page.getByRole('dialog', { name: 'Close the alert' });
    await dialog.waitFor();
    await dialog.getByRole('button', { name: 'Close alert' }).click();
    await dialog.getByText(/Choose a verdict/).waitFor();
    await dialog.getByRole('radio', { name: /^Benign true positive/ }).check();
    await dialog.getByRole('button', { name: 'Close alert' }).click();
    await dialog.waitFor({ state: 'detached' });
    await waitFor(async () => (await alertOf(id)).status === 'closed', 10_000, 'the alert closed');
    expect(await alertOf(id)).toMatchObject({ status: 'closed', verdict: 'benign_true_positive' });
    // Closed alerts leave the open queue.
    await page.locator(`tr[data-alert-row="${id}"]`).waitFor({ state: 'detached' });
  });

  it('escalates an alert with e into a new case, and the case page opens', async () => {
    await openQueue();
    await page.keyboard.press('j');
    const id = await cursorId();
    const alert = await alertOf(id);
    await page.keyboard.press('e');
    const dialog = page.getByRole('dialog', { name: 'Escalate the alert to a case' });
    await dialog.waitFor();
    expect(await dialog.getByRole('textbox', { name: 'Case title' }).inputValue()).toBe(alert.title);
    await dialog.getByRole('textbox', { name: 'Case title' }).fill(`Investigate: ${alert.title}`);
    await dialog.getByRole('button', { name: 'Open the case' }).click();
    await page.waitForURL(/\/cases\/[^/]+$/);
    const caseId = decodeURIComponent(new URL(page.url()).pathname.split('/').at(-1) ?? '');
    const c = await w.vigil.api<{ id: string; title: string; alerts: { id: string }[] }>(
      `/api/v1/cases/${encodeURIComponent(caseId)}`,
    );
    expect(c.title).toBe(`Investigate: ${alert.title}`);
    expect(c.alerts.map((a) => a.id)).toContain(id);
    expect(await alertOf(id)).toMatchObject({ status: 'escalated', caseId });
  });

  it('selects two alerts with x and acknowledges both at once', async () => {
    await openQueue('?status=new');
    const rows = page.locator('tr[data-alert-row]');
    if ((await rows.count()) < 2) return;
    await page.keyboard.press('j');
    await page.keyboard.press('x');
    const first = await cursorId();
    await page.keyboard.press('j');
    await page.keyboard.press('x');
    const second = await cursorId();
    expect(await page.locator('tr[data-checked="true"]').count()).toBe(2);
    await page.keyboard.press('a');
    await page.getByRole('status').filter({ hasText: '2 of 2 alerts acknowledged' }).waitFor();
    expect((await alertOf(first)).status).toBe('acknowledged');
    expect((await alertOf(second)).status).toBe('acknowledged');
  });

  it('groups by rule, saves the filter as a shared view and applies it again', async () => {
    await openQueue('?severity=high&group=rule');
    await page.locator('tr[data-group]').first().waitFor();
    const severities = await page.locator('tr[data-alert-row] td:nth-child(2)').allTextContents();
    expect(new Set(severities)).toEqual(new Set(['high']));
    await page.getByRole('button', { name: 'Save view' }).click();
    const dialog = page.getByRole('dialog', { name: 'Save this view of the queue' });
    await dialog.getByRole('textbox', { name: 'Name' }).fill('High, by rule');
    await dialog.getByRole('switch', { name: 'Share with everyone in the tenant' }).check();
    await dialog.getByRole('button', { name: 'Save', exact: true }).click();
    await dialog.waitFor({ state: 'detached' });
    const views = await w.vigil.api<{ items: { name: string; shared: boolean; query: unknown }[] }>(
      '/api/v1/views?kind=alerts',
    );
    expect(views.items).toEqual([
      expect.objectContaining({
        name: 'High, by rule',
        shared: true,
        query: { severity: 'high', group: 'rule' },
      }),
    ]);
    await openQueue();
    expect(await page.locator('tr[data-group]').count()).toBe(0);
    await page.getByRole('combobox', { name: 'Saved view' }).click();
    await page.getByRole('option', { name: 'High, by rule (shared)' }).click();
    await page.waitForURL(/severity=high/);
    expect(new URL(page.url()).searchParams.get('group')).toBe('rule');
    await page.locator('tr[data-group]').first().waitFor();
  });

  it('shows a new alert live: announced as "1 new" when scrolled down, then in the list', async () => {
    await page.setViewportSize({ width: 1440, height: 600 });
    await openQueue();
    await page.evaluate('window.scrollTo(0, document.body.scrollHeight)');
    await expect.poll(() => page.evaluate('window.scrollY')).toBeGreaterThan(240);
    // A new account on a host no alert names yet: a new alert of the useradd rule.
    const now = new Date();
    const stamp = `${now.toUTCString().slice(8, 11)} ${String(now.getUTCDate()).padStart(2, ' ')} ${now.toISOString().slice(11, 19)}`;
    const line = `<86>${stamp} web-99 useradd[4242]: new user: name=intruder, UID=1010, GID=1010, home=/home/intruder, shell=/bin/bash, from=/dev/pts/2`;
    const res = await w.vigil.http('/api/v1/ingest?format=rfc3164&source=linux-syslog', {
      method: 'POST',
      headers: { authorization: `Bearer ${w.vigil.adminKey}`, 'content-type': 'text/plain' },
      body: line,
    });
    expect(res.ok).toBe(true);
    const announce = page.locator('[data-new-alerts]');
    await announce.waitFor({ timeout: 20_000 });
    expect(await announce.textContent()).toMatch(/^1 new alert/);
    await announce.click();
    await expect.poll(() => page.evaluate('window.scrollY')).toBe(0);
    await page.locator('tr[data-alert-row]', { hasText: 'host web-99' }).waitFor();
    await page.setViewportSize({ width: 1440, height: 900 });
  });

  it('fills the overview: open alerts and cases, MTTD/MTTA, SLA, alerts by severity, risky entities, cases by phase', async () => {
    await page.goto('/overview');
    await page.getByRole('heading', { level: 2, name: 'Overview' }).waitFor();
    await expect.poll(() => page.locator('[data-tile="Open alerts"]').textContent()).toMatch(/\d/);
    await expect.poll(() => page.locator('[data-tile="Open cases"]').textContent()).toMatch(/Open cases1/);
    await expect.poll(() => page.locator('[data-tile="MTTD / MTTA"]').textContent()).toMatch(/\d/);
    await expect.poll(() => page.locator('[data-tile="MTTR · SLA breaches"]').textContent()).toMatch(/\d/);
    await page
      .getByRole('table', { name: 'Top risky entities' })
      .locator('tr[data-risky-entity]')
      .first()
      .waitFor();
    await expect.poll(() => page.locator('tr[data-phase="detection_analysis"]').textContent()).toMatch(/1$/);
    await page.getByRole('img', { name: /Alerts per day by severity/ }).waitFor();
    await page.waitForTimeout(300);
    await w.screenshot('23-overview-filled');
  });

  it('shows the false-positive rate per rule in the rules list', async () => {
    await page.goto('/detections');
    const rules = page.getByRole('table', { name: 'Detection rules' });
    await rules.locator('tbody tr').first().waitFor();
    expect(await rules.getByRole('columnheader', { name: 'FP rate' }).count()).toBe(1);
  });

  it('ran without a Content-Security-Policy violation or an uncaught error', () => {
    expect(w.pageErrors).toEqual([]);
  });
});
