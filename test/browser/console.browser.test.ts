/**
 * The web console end to end in Chromium, against a real Vigil holding a slice of the demo day:
 * sign in (and the forced password change), the overview, a search narrowed by a filter from the
 * field sidebar, a rule test on pasted events, the ATT&CK coverage matrix and its Navigator layer,
 * the admin pages, keyboard navigation, and accessibility (axe: no serious or critical finding;
 * every control reachable by Tab) on the main pages. Screenshots go to test-results/console/.
 */
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, unreachableByTab } from './a11y.ts';
import { type ConsoleWorld, startConsoleWorld } from './harness.ts';

const NEW_PASSWORD = 'a long passphrase for the browser test';

let w: ConsoleWorld;
let page: Page;

beforeAll(async () => {
  w = await startConsoleWorld();
  page = w.page;
}, 120_000);
afterAll(async () => w?.close());

/** Goes to a console path and waits until the page's main heading shows. */
async function open(path: string, heading: string | RegExp): Promise<void> {
  await page.goto(path);
  await page.getByRole('heading', { level: 2, name: heading }).waitFor();
}

async function checkA11y(name: string): Promise<void> {
  expect(await axeViolations(page), `axe on ${name}`).toEqual([]);
  expect(await unreachableByTab(page), `controls Tab does not reach on ${name}`).toEqual([]);
}

describe('the web console in Chromium', () => {
  it('signs in with the one-time password, makes the admin choose a new one, then shows the overview', async () => {
    await page.goto('/');
    await page.waitForURL(/\/login/);
    await page.getByRole('textbox', { name: 'User name', exact: true }).waitFor();
    await w.screenshot('01-login');
    await checkA11y('the sign-in page');

    await page.getByRole('textbox', { name: 'User name', exact: true }).fill('admin');
    await page.getByRole('textbox', { name: 'Password', exact: true }).fill('not the password');
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await expect
      .poll(() => page.getByRole('alert').textContent())
      .toMatch(/wrong user name or password|invalid/i);

    await page.getByRole('textbox', { name: 'Password', exact: true }).fill(w.adminPassword);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByRole('heading', { name: 'Choose a new password' }).waitFor();
    await w.screenshot('02-change-password');
    await page.getByRole('textbox', { name: 'Current password', exact: true }).fill(w.adminPassword);
    await page.getByRole('textbox', { name: 'New password', exact: true }).fill(NEW_PASSWORD);
    await page.getByRole('textbox', { name: 'New password again', exact: true }).fill(NEW_PASSWORD);
    await page.getByRole('button', { name: 'Change password' }).click();
    await page.getByRole('heading', { level: 2, name: 'Overview' }).waitFor();
    expect(page.url()).toMatch(/\/overview$/);
  });

  it('shows the overview: volumes, detections by level, top rules, ingest health per source', async () => {
    await open('/overview', 'Overview');
    await expect.poll(() => page.locator('[data-tile="Events, 24 h"]').textContent()).toMatch(/\d/);
    const health = page.getByRole('table', { name: 'Ingest health per source' });
    await health.waitFor();
    await expect.poll(() => health.locator('tbody tr').count()).toBeGreaterThan(3);
    await expect.poll(() => health.getByText('receiving').count()).toBeGreaterThan(0);
    await page.getByRole('img', { name: /Detections per hour by level/ }).waitFor();
    await page.waitForTimeout(300); // charts draw on the next frame
    await w.screenshot('03-overview');
    await checkA11y('the overview');
  });

  it('checks the query as it is typed and refuses to run an invalid one', async () => {
    await open('/search', 'Search');
    const query = page.getByRole('textbox', { name: 'Query' });
    await query.fill('event.code:(4625');
    await expect.poll(() => page.locator('[data-query-error]').textContent()).toMatch(/column/);
    expect(await page.getByRole('button', { name: 'Search', exact: true }).isDisabled()).toBe(true);
    await query.fill('');
  });

  it('searches, adds a filter from the field sidebar, and every result then has that value', async () => {
    await open('/search', 'Search');
    const table = page.getByRole('table', { name: 'Events' });
    await table.locator('tbody tr').first().waitFor();
    const before = await eventCount();
    await page.getByRole('button', { name: 'Top values of event.dataset' }).click();
    const top = page.locator('[data-top-values="event.dataset"]');
    await top.waitFor();
    const add = top.getByRole('button', { name: /^Filter for event\.dataset: / }).first();
    const label = (await add.getAttribute('aria-label')) ?? '';
    const value = label.replace('Filter for event.dataset: ', '');
    await add.click();
    await page.locator(`[data-filter="event.dataset: ${value}"]`).waitFor();
    expect(new URL(page.url()).searchParams.get('f')).toContain(value);
    await expect.poll(eventCount).toBeLessThan(before);
    await table.locator('tbody tr').first().waitFor();
    const datasets = await table.locator('tbody tr[data-row] td:nth-child(3)').allTextContents();
    expect(datasets.length).toBeGreaterThan(0);
    expect(new Set(datasets)).toEqual(new Set([value]));
    // An event opens to its fields and its JSON.
    await table
      .getByRole('button', { name: /^Open event / })
      .first()
      .click();
    await page.getByRole('tab', { name: 'JSON' }).click();
    await expect
      .poll(() => page.getByLabel('Event JSON').textContent())
      .toContain(`"event.dataset": "${value}"`);
    await w.screenshot('04-search-filtered');
    await checkA11y('search');
  });

  it('tests a rule on pasted events: one matches on its fields, the other does not and says why', async () => {
    await open('/detections/test', 'Detections');
    await page.getByRole('button', { name: 'Run the test' }).click();
    const summary = page.locator('[data-test-summary]');
    await summary.waitFor();
    expect(await summary.textContent()).toMatch(/1 of 2 events matched/);
    const hit = page.locator('[data-event-result="match"]');
    expect(await hit.textContent()).toMatch(/Whoami privilege discovery matched on .*CommandLine/);
    const miss = page.locator('[data-event-result="no match"]');
    expect(await miss.textContent()).toMatch(/does not match: .*Image\|endswith/);
    await hit.getByRole('button', { name: /Show the event/ }).click();
    await expect.poll(() => hit.locator('[data-matched-field]').count()).toBeGreaterThan(0);
    await w.screenshot('05-rule-test');
    // A broken rule is answered with where the problem is.
    await page
      .getByRole('textbox', { name: 'Sigma rule (YAML)' })
      .fill('title: Broken\nlogsource: {product: windows}\ndetection:\n  s: {a: 1}\n  condition: s and t\n');
    await page.getByRole('button', { name: 'Run the test' }).click();
    await expect.poll(() => page.getByRole('alert').first().textContent()).toMatch(/rule\.yml:5:\d+/);
  });

  it('renders the ATT&CK coverage matrix of the enabled rules and exports it as a Navigator layer', async () => {
    await open('/detections/coverage', 'Detections');
    const matrix = page.locator('[data-coverage-matrix]');
    await matrix.waitFor();
    expect(await matrix.locator('[data-tactic]').count()).toBeGreaterThanOrEqual(14);
    expect(await matrix.locator('[data-technique]').count()).toBeGreaterThan(3);
    await matrix.locator('[data-technique]').first().click();
    await page.getByRole('dialog').getByRole('link').first().waitFor();
    await w.screenshot('06-coverage');
    await matrix.locator('[data-technique]').first().click();
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export ATT&CK Navigator layer' }).click();
    const layer = JSON.parse(readFileSync((await (await download).path()) as string, 'utf8')) as {
      versions: Record<string, string>;
      domain: string;
      techniques: { techniqueID: string; tactic?: string; score: number }[];
    };
    expect(layer.versions).toMatchObject({ layer: '4.5', attack: '18' });
    expect(layer.domain).toBe('enterprise-attack');
    expect(layer.techniques.length).toBeGreaterThan(3);
    expect(layer.techniques[0]).toMatchObject({
      techniqueID: expect.stringMatching(/^T\d{4}/),
      score: expect.any(Number),
    });
    await checkA11y('the coverage matrix');
  });

  it('lists the rules with level and hits, and opens one with its YAML', async () => {
    await open('/detections', 'Detections');
    const rules = page.getByRole('table', { name: 'Detection rules' });
    await rules.locator('tbody tr').first().waitFor();
    await w.screenshot('07-rules');
    await checkA11y('the rules list');
    await rules.getByRole('link').first().click();
    await page.getByLabel('Rule YAML').waitFor();
    expect(await page.getByLabel('Rule YAML').textContent()).toMatch(/detection:/);
    await w.screenshot('08-rule-detail');
  });

  it('administers: ingest token with its setup lines, users, API keys, sources, audit log, dead letters', async () => {
    await open('/admin/tokens', 'Admin');
    await page.getByRole('textbox', { name: 'Source', exact: true }).fill('browser-test');
    await page.getByRole('button', { name: 'Create', exact: true }).click();
    const once = page.getByRole('status').filter({ hasText: 'not shown again' });
    await once.waitFor();
    const token = (await once.locator('code').textContent()) ?? '';
    expect(token).toMatch(/^vgi_/);
    expect(await page.getByText(`Authorization: Splunk ${token}`).count()).toBeGreaterThan(0);
    await w.screenshot('09-admin-tokens');
    await checkA11y('ingest tokens');

    await open('/admin/users', 'Admin');
    await page.getByRole('table', { name: 'Users' }).getByText('admin', { exact: true }).first().waitFor();
    await w.screenshot('10-admin-users');
    await checkA11y('users');

    await open('/admin/audit', 'Admin');
    await page.getByRole('table', { name: 'Audit log' }).getByText('auth.login').first().waitFor();
    await w.screenshot('11-admin-audit');
    await checkA11y('the audit log');

    for (const [path, name] of [
      ['/admin/api-keys', '12-admin-api-keys'],
      ['/admin/sources', '13-admin-sources'],
      ['/admin/dead-letters', '14-admin-dead-letters'],
    ] as const) {
      await open(path, 'Admin');
      await page.waitForLoadState('networkidle');
      await w.screenshot(name);
    }
  });

  it('moves with the keyboard: g then a letter, / to the search field, ? for the shortcuts', async () => {
    await open('/overview', 'Overview');
    await page.keyboard.press('g');
    await page.keyboard.press('s');
    await page.waitForURL(/\/search/);
    await page.getByRole('heading', { level: 2, name: 'Search' }).waitFor();
    await page.keyboard.press('/');
    expect(await page.evaluate("document.activeElement?.getAttribute('data-shortcut-focus')")).not.toBeNull();
    await page.keyboard.press('Escape');
    await page.keyboard.press('?');
    const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await help.waitFor();
    expect(await help.textContent()).toContain('Go to Detections');
    await w.screenshot('15-shortcuts');
    await page.keyboard.press('Escape');
    await page.keyboard.press('g');
    await page.keyboard.press('d');
    await page.waitForURL(/\/detections$/);
  });

  it('switches to the light theme and keeps it, still readable', async () => {
    await open('/overview', 'Overview');
    await page.getByRole('button', { name: 'Switch to the light theme' }).click();
    await page.reload();
    await page.getByRole('heading', { level: 2, name: 'Overview' }).waitFor();
    expect(await page.evaluate('document.documentElement.dataset.mantineColorScheme')).toBe('light');
    await page.waitForTimeout(300);
    await w.screenshot('16-overview-light');
    expect(await axeViolations(page), 'axe on the overview, light theme').toEqual([]);
    await page.getByRole('button', { name: 'Switch to the dark theme' }).click();
  });

  it('ran without a Content-Security-Policy violation or an uncaught error', () => {
    expect(w.pageErrors).toEqual([]);
  });
});

async function eventCount(): Promise<number> {
  const text =
    (await page
      .getByText(/^[\d,]+ events/)
      .first()
      .textContent()) ?? '';
  return Number(text.split(' ')[0]?.replace(/,/g, ''));
}
