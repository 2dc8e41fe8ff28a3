import AxeBuilder from '@axe-core/playwright';
import type { Locator, Page } from '@playwright/test';

/** Accessibility problems axe finds on the page as it is now, serious or critical only. */
export async function seriousViolations(page: Page): Promise<string[]> {
  const { violations } = await new AxeBuilder({ page }).analyze();
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

/** Presses Tab (at most `limit` times) until `target` has focus: keyboard only, no clicks. */
export async function tabTo(page: Page, target: Locator, limit = 60): Promise<void> {
  for (let i = 0; i < limit; i++) {
    if (await target.evaluate((element) => element === document.activeElement)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached ${target.toString()}`);
}

/** Visible controls shorter than a 44 px touch target, described for the failure message. */
export function smallTargets(page: Page): Promise<string[]> {
  return page
    .locator('button:visible, a:visible, input:visible, textarea:visible, select:visible')
    .evaluateAll((elements) =>
      elements
        .map((element) => ({ element, box: element.getBoundingClientRect() }))
        .filter(({ box }) => box.height < 44)
        .map(({ element, box }) => `${element.outerHTML.slice(0, 80)} (${box.height}px)`),
    );
}
