/**
 * The browser tests' world: the console built (web/dist, rebuilt when stale), a real Vigil on a
 * temp data directory with a slice of the demo day in it (and the detections it makes), and
 * Debian's Chromium (installed by scripts/ensure-chromium.sh) driven by playwright-core.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { generateDemoDay } from '../../src/demo/index.ts';
import { startTestVigil, type TestVigil, tempDir, waitFor } from '../helpers/vigil.ts';

const ROOT = resolve(import.meta.dirname, '..', '..');
export const CHROMIUM = '/usr/bin/chromium';
export const SCREENSHOTS = join(ROOT, 'test-results', 'console');

/** Builds web/dist when it is missing or older than its sources (as `npm start` does). */
export function buildConsole(): void {
  const r = spawnSync(process.execPath, [join(ROOT, 'scripts', 'build-web.mjs'), '--if-stale'], {
    cwd: ROOT,
    encoding: 'utf8',
    // vitest sets NODE_ENV=test, which would make a React development build.
    env: { ...process.env, NODE_ENV: 'production' },
  });
  if (r.status !== 0) throw new Error(`building the console failed:\n${r.stdout}\n${r.stderr}`);
}

/** Makes sure Chromium is installed (apt-get as root), like `npm test` does before the suite. */
export function ensureChromium(): void {
  if (existsSync(CHROMIUM)) return;
  const r = spawnSync('bash', [join(ROOT, 'scripts', 'ensure-chromium.sh')], { encoding: 'utf8' });
  if (r.status !== 0 || !existsSync(CHROMIUM))
    throw new Error(`Chromium is missing and could not be installed:\n${r.stderr}`);
}

/** Sends `scale` of the demo day to Vigil through its ingest API and waits until it is stored. */
async function loadDemo(vigil: TestVigil, scale: number): Promise<number> {
  const batches = new Map<string, { source: string; format: string; lines: string[] }>();
  for (const r of generateDemoDay({ seed: 7, scale, end: Date.now() })) {
    const key = `${r.source}\u0000${r.format}`;
    const b = batches.get(key) ?? { source: r.source, format: r.format, lines: [] };
    b.lines.push(r.raw);
    batches.set(key, b);
  }
  let total = 0;
  for (const b of batches.values()) {
    const res = await vigil.http(`/api/v1/ingest?format=${b.format}&source=${encodeURIComponent(b.source)}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${vigil.adminKey}`, 'content-type': 'text/plain' },
      body: b.lines.join('\n'),
    });
    if (!res.ok) throw new Error(`ingest ${b.source}: ${res.status} ${await res.text()}`);
    total += b.lines.length;
  }
  await waitFor(
    async () => {
      const { count } = await vigil.api<{ count: number }>('/api/v1/events/count?from=now-3d&to=now%2B1d');
      return count >= total * 0.9;
    },
    60_000,
    `${total} demo events stored`,
  );
  return total;
}

export interface ConsoleWorld {
  vigil: TestVigil;
  browser: Browser;
  context: BrowserContext;
  page: Page;
  adminPassword: string;
  /** Problems the page reported: CSP violations, uncaught errors, console errors (not failed requests). */
  pageErrors: string[];
  events: number;
  screenshot(name: string): Promise<void>;
  close(): Promise<void>;
}

export async function startConsoleWorld(opts: { demoScale?: number } = {}): Promise<ConsoleWorld> {
  ensureChromium();
  buildConsole();
  mkdirSync(SCREENSHOTS, { recursive: true });
  const vigil = await startTestVigil({}, { dataDir: tempDir('vigil-browser-') });
  const adminPassword = vigil.firstRun.adminPassword;
  if (!adminPassword) throw new Error('a fresh Vigil should print a one-time admin password');
  const events = await loadDemo(vigil, opts.demoScale ?? 0.05);
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-dev-shm-usage',
    ],
  });
  // A fresh profile per run: a new context has its own storage and cookies.
  const context = await browser.newContext({
    baseURL: vigil.url,
    viewport: { width: 1440, height: 900 },
    acceptDownloads: true,
  });
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  const pageErrors: string[] = [];
  page.on('pageerror', (e) => pageErrors.push(`uncaught: ${e.message}`));
  page.on('console', (m) => {
    const text = m.text();
    // Failed requests are logged by the browser too; the tests check the answers they expect.
    if (m.type() === 'error' && !/^Failed to load resource/.test(text)) pageErrors.push(`console: ${text}`);
  });
  return {
    vigil,
    browser,
    context,
    page,
    adminPassword,
    pageErrors,
    events,
    screenshot: async (name) => {
      await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
    },
    close: async () => {
      await context.close().catch(() => {});
      await browser.close().catch(() => {});
      await vigil.close();
    },
  };
}
