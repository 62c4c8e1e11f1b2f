/**
 * Accessibility checks in the browser: axe-core's rules (labels, names, contrast, ARIA, …) with
 * serious and critical findings reported, and keyboard reachability: every visible, enabled
 * control of the page receives focus when tabbing through it.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: unknown[]; failureSummary?: string }[];
}

/** Serious and critical axe violations, one line each with the elements concerned. */
export async function axeViolations(page: Page): Promise<string[]> {
  // Evaluated through the DevTools protocol, which the page's CSP does not govern.
  await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: Document, opts: object) => Promise<{ violations: unknown[] }> } }).axe;
    const r = await axe.run(document, { resultTypes: ['violations'] });
    return r.violations as AxeViolation[];
  });
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${v.id} (${v.impact}): ${v.help} — ${v.nodes
          .slice(0, 4)
          .map((n) => `${JSON.stringify(n.target)} ${n.failureSummary?.split('\n')[1]?.trim() ?? ''}`)
          .join('; ')}`,
    );
}

/**
 * Controls that Tab never reaches. Roving-focus widgets (tabs, radio groups) are reached by their
 * one tabbable member, as the ARIA practices have it; `tabindex="-1"` members are not expected.
 */
export async function unreachableByTab(page: Page, maxPresses = 600): Promise<string[]> {
  const count = await page.evaluate(() => {
    const selector =
      'a[href], button, input:not([type="hidden"]), select, textarea, [tabindex], [contenteditable="true"]';
    const candidates = [...document.querySelectorAll<HTMLElement>(selector)].filter((el) => {
      if (el.getAttribute('tabindex') === '-1') return false;
      if ((el as HTMLButtonElement).disabled) return false;
      if (el.closest('[aria-hidden="true"], [inert]')) return false;
      if (el instanceof HTMLInputElement && el.type === 'radio' && !el.checked) {
        const group = el.name ? document.querySelectorAll(`input[type=radio][name="${CSS.escape(el.name)}"]:checked`) : [];
        if (group.length > 0) return false;
      }
      const box = el.getBoundingClientRect();
      const style = getComputedStyle(el);
      const shown = style.visibility !== 'hidden' && style.display !== 'none';
      // Visually hidden inputs (switches, checkboxes) still count: their label is what shows.
      return shown && (box.width > 0 || box.height > 0 || el.matches('input'));
    });
    candidates.forEach((el, i) => el.setAttribute('data-kbd', String(i)));
    (document.activeElement as HTMLElement | null)?.blur();
    return candidates.length;
  });
  const reached = new Set<string>();
  let previous: string | null = null;
  for (let i = 0; i < maxPresses && reached.size < count; i++) {
    await page.keyboard.press('Tab');
    const id = await page.evaluate(() => document.activeElement?.closest('[data-kbd]')?.getAttribute('data-kbd') ?? null);
    if (id !== null) reached.add(id);
    if (id !== null && id === previous) break;
    previous = id;
  }
  return page.evaluate((ids) => {
    const out: string[] = [];
    for (const el of document.querySelectorAll<HTMLElement>('[data-kbd]')) {
      if (!ids.includes(el.getAttribute('data-kbd') ?? '')) {
        const name = el.getAttribute('aria-label') ?? el.textContent?.trim().slice(0, 40) ?? '';
        out.push(`<${el.tagName.toLowerCase()}> "${name}"`);
      }
      el.removeAttribute('data-kbd');
    }
    return out;
  }, [...reached]);
}
