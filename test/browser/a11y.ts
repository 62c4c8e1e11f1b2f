/**
 * Accessibility checks in the browser: axe-core's rules (labels, names, contrast, ARIA, …) with
 * serious and critical findings reported, and keyboard reachability: every visible, enabled
 * control of the page receives focus when tabbing through it. The in-page parts are JavaScript
 * text: they run in the browser, and the Node project has no DOM types.
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

/**
 * Marks every control Tab should reach with `data-kbd` and answers how many there are.
 * Roving-focus widgets (tabs, radio groups) are reached by their one tabbable member, as the ARIA
 * practices have it; `tabindex="-1"` members are not expected. Visually hidden inputs (switches,
 * checkboxes) count: their label is what shows.
 */
const MARK_CONTROLS = `(() => {
  const selector = 'a[href], button, input:not([type="hidden"]), select, textarea, [tabindex], [contenteditable="true"]';
  const controls = [...document.querySelectorAll(selector)].filter((el) => {
    if (el.getAttribute('tabindex') === '-1' || el.disabled) return false;
    if (el.closest('[aria-hidden="true"], [inert]')) return false;
    if (el instanceof HTMLInputElement && el.type === 'radio' && !el.checked && el.name &&
        document.querySelectorAll('input[type=radio][name="' + CSS.escape(el.name) + '"]:checked').length > 0) return false;
    const style = getComputedStyle(el);
    if (style.visibility === 'hidden' || style.display === 'none') return false;
    const box = el.getBoundingClientRect();
    return box.width > 0 || box.height > 0 || el.matches('input');
  });
  controls.forEach((el, i) => { el.setAttribute('data-kbd', String(i)); });
  if (document.activeElement) document.activeElement.blur();
  return controls.length;
})()`;

/** The mark of the control that has focus (or holds it), or null. */
const FOCUSED_MARK = `document.activeElement?.closest('[data-kbd]')?.getAttribute('data-kbd') ?? null`;

/** Names the marked controls whose marks are not in `ids`, and removes every mark. */
const UNREACHED = `(ids) => {
  const out = [];
  for (const el of document.querySelectorAll('[data-kbd]')) {
    if (!ids.includes(el.getAttribute('data-kbd'))) {
      const name = el.getAttribute('aria-label') ?? el.textContent?.trim().slice(0, 40) ?? '';
      out.push('<' + el.tagName.toLowerCase() + '> "' + name + '"');
    }
    el.removeAttribute('data-kbd');
  }
  return out;
}`;

/** Serious and critical axe violations, one line each with the elements concerned. */
export async function axeViolations(page: Page): Promise<string[]> {
  // Evaluated through the DevTools protocol, which the page's CSP does not govern.
  await page.evaluate(AXE_SOURCE);
  const violations = (await page.evaluate(
    "axe.run(document, { resultTypes: ['violations'] }).then((r) => r.violations)",
  )) as AxeViolation[];
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

/** Controls that Tab never reaches (see MARK_CONTROLS for which count). */
export async function unreachableByTab(page: Page, maxPresses = 600): Promise<string[]> {
  const count = (await page.evaluate(MARK_CONTROLS)) as number;
  const reached = new Set<string>();
  let previous: string | null = null;
  for (let i = 0; i < maxPresses && reached.size < count; i++) {
    await page.keyboard.press('Tab');
    const id = (await page.evaluate(FOCUSED_MARK)) as string | null;
    if (id !== null) reached.add(id);
    if (id !== null && id === previous) break; // focus is stuck
    previous = id;
  }
  return (await page.evaluate(`(${UNREACHED})(${JSON.stringify([...reached])})`)) as string[];
}
