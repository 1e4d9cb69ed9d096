// axe-core checks (WCAG 2.2 A/AA rules) of a page in Chromium; returns serious and critical violations.
import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';

const analyze = (page: Page) =>
  new AxeBuilder({ page: page as never }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']).analyze();

export async function seriousViolations(page: Page): Promise<string[]> {
  const results = await analyze(page);
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${v.id} (${v.impact}): ${v.help} — ${v.nodes
          .slice(0, 3)
          .map((n) => n.target.join(' '))
          .join(', ')}`,
    );
}

/** Every violation, whatever its impact: for journeys that must be wholly clean. */
export async function allViolations(page: Page): Promise<string[]> {
  const r = await analyze(page);
  return r.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}
