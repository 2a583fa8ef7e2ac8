/**
 * Automated accessibility check: axe-core (the engine behind Kibana's own a11y tests and the browser extensions)
 * injected into the page, run on the whole document, reporting the serious and critical violations. Each is one line
 * naming the rule, the element and axe's help, so a failing test says what to fix and where.
 */
import type { Locator, Page } from 'playwright-core';

const AXE_SOURCE = require.resolve('axe-core/axe.min.js');

/** A violation inside EUI or charts that our markup cannot fix: the rule is skipped for elements within `selector`. */
export interface A11yExclusion {
  rule: string;
  selector: string;
  why: string;
}

/** None needed: axe 4.14 finds no serious or critical violation inside EUI 104/116 or charts 70/71 on these pages. */
export const EUI_A11Y_EXCLUSIONS: A11yExclusion[] = [];

interface AxeNode {
  target: string[];
}
interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  helpUrl: string;
  nodes: AxeNode[];
}

/** `rule (impact) at <selector>: help` for every serious or critical violation on the page, less the exclusions. */
export async function seriousA11yViolations(page: Page, exclusions = EUI_A11Y_EXCLUSIONS): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ path: AXE_SOURCE });
  const violations = await page.evaluate(
    async ({ exclusions }) => {
      const axe = (window as unknown as { axe: { run: (ctx: Document) => Promise<{ violations: AxeViolation[] }> } })
        .axe;
      const { violations } = await axe.run(document);
      const excluded = (rule: string, target: string[]) =>
        exclusions.some(
          (ex) => ex.rule === rule && document.querySelector(target.join(' '))?.closest(ex.selector) != null,
        );
      return violations
        .filter((v) => v.impact === 'serious' || v.impact === 'critical')
        .flatMap((v) =>
          v.nodes
            .filter((n) => !excluded(v.id, n.target))
            .map((n) => `${v.id} (${v.impact}) at ${n.target.join(' ')}: ${v.help} [${v.helpUrl}]`),
        );
    },
    { exclusions },
  );
  return violations;
}

/** The text an element's aria-describedby points at: what a screen reader reads after its name. */
export function accessibleDescription(element: Locator): Promise<string> {
  return element.evaluate((el) =>
    (el.getAttribute('aria-describedby') ?? '')
      .split(/\s+/)
      .map((id) => document.getElementById(id)?.textContent ?? '')
      .join(' ')
      .trim(),
  );
}
