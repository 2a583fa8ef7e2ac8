/**
 * The app on the shared deps of the other releases and React versions it must run on. The tree's own React, EUI and
 * charts are Kibana 8.19's (app_pages.test.ts runs on them); here the dev host serves the app with packages from a
 * folder that `npm ci` installs (chosen with KIBANA_HOST_SHARED_DEPS_DIR):
 * - Kibana 9.5: the 9.5.x zip on the EUI, Borealis theme and charts of Kibana 9.5 (test/e2e/kibana_9_5_shared_deps),
 *   in the dark theme, so axe checks the dark colours' contrast too;
 * - React 17: the 8.19.x zip on React/ReactDOM 17 (test/e2e/react_17_shared_deps): the plugin mounts with
 *   ReactDOM.render and must not need React 18.
 * Both render through Kibana's own providers, as the plugin does on those releases: 9.5 through core's
 * `rendering.addContext` (9.1+), 8.19 through `__kbnSharedDeps__.KbnReactKibanaContextRender` (8.18+); the plugin's
 * own fallback for older Kibanas is plugin_host.test.ts's. Every page runs with the built-in prototypes sealed as
 * Kibana's browser seals them.
 * Every page must show its data without a page or console error, and without serious accessibility violations. The
 * behaviour behind the pages (filters, paging, triage, deep links) is app_pages.test.ts's: the same code, not repeated.
 */
import path from 'node:path';
import { accessibleDescription, seriousA11yViolations } from './a11y';
import {
  drawn,
  figure,
  openUserPage,
  prototypeHardening,
  renderContexts,
  startAppSession,
  until,
  type AppSession,
} from './app_session';

jest.setTimeout(240_000);

const KIBANA_VERSIONS = require('../../package.json').buffalogs.kibanaVersions as string[];
const kibanaVersion = (prefix: string): string => KIBANA_VERSIONS.find((v) => v.startsWith(prefix))!;

interface Variant {
  name: string;
  title: string;
  dir: string;
  kibanaVersion: string;
  darkMode: boolean;
  /** How the plugin reaches Kibana's render context on that release. */
  renderContext: 'rendering.addContext' | 'KbnReactKibanaContextRender';
  /**
   * What only the variant's packages have and what it must be: `read` runs in the page (self-contained: Playwright
   * sends its source) and reads the shared deps Kibana's page gives plugins.
   */
  proof: { read: () => unknown; expected: unknown };
}

const VARIANTS: Variant[] = [
  {
    name: 'kibana-9.5',
    title: `Kibana ${kibanaVersion('9.5.')}'s EUI and charts, dark theme`,
    dir: path.join(__dirname, 'kibana_9_5_shared_deps'),
    kibanaVersion: kibanaVersion('9.5.'),
    darkMode: true,
    renderContext: 'rendering.addContext',
    // Exports that EUI 116 and charts 71 have and the tree's EUI 104 and charts 70 lack.
    proof: {
      read: () => {
        const deps = (window as unknown as { __kbnSharedDeps__: Record<string, Record<string, unknown>> })
          .__kbnSharedDeps__;
        return { announcer: typeof deps.ElasticEui.EuiLiveAnnouncer, meter: typeof deps.ElasticCharts.Meter };
      },
      expected: { announcer: 'function', meter: 'function' },
    },
  },
  {
    name: 'react-17',
    title: `React 17 on Kibana ${kibanaVersion('8.19.')}'s EUI and charts`,
    dir: path.join(__dirname, 'react_17_shared_deps'),
    kibanaVersion: kibanaVersion('8.19.'),
    darkMode: false,
    renderContext: 'KbnReactKibanaContextRender',
    proof: {
      read: () => {
        const deps = (window as unknown as { __kbnSharedDeps__: Record<string, Record<string, unknown>> })
          .__kbnSharedDeps__;
        return String(deps.React.version).split('.')[0];
      },
      expected: '17',
    },
  },
];

describe.each(VARIANTS)('the app on $title', (variant) => {
  let session: AppSession;
  const subj = (name: string) => session.subj(name);

  beforeAll(async () => {
    session = await startAppSession({
      name: variant.name,
      users: 16,
      hostEnv: {
        KIBANA_HOST_SHARED_DEPS_DIR: variant.dir,
        KIBANA_HOST_VERSION: variant.kibanaVersion,
        ...(variant.darkMode ? { KIBANA_HOST_DARK_MODE: 'true' } : {}),
      },
    });
  });

  afterAll(async () => {
    await session?.stop();
  });

  it('the page runs on the variant’s packages, not the tree’s', async () => {
    await session.open('');
    await subj('overviewAlertsToday').waitFor();
    expect(await session.page.evaluate(variant.proof.read)).toEqual(variant.proof.expected);
  });

  it(`the app renders inside Kibana's render context, reached through ${variant.renderContext}`, async () => {
    await session.open('');
    await subj('overviewAlertsToday').waitFor();
    expect(await renderContexts(session.page)).toEqual([variant.renderContext]);
  });

  it('the page runs with Array, Number, String and Function prototypes sealed, as Kibana’s browser does', async () => {
    await session.open('');
    await subj('overviewAlertsToday').waitFor();
    expect(await prototypeHardening(session.page)).toEqual({
      sealed: ['Array', 'Number', 'String', 'Function'],
      strictWriteThrows: true,
    });
  });

  it('overview: figures, both charts, the map and the riskiest users', async () => {
    await session.open('');
    expect(await figure(subj('overviewAlertsToday'))).toBeGreaterThan(0);
    expect(await figure(subj('overviewUsersAtRisk'))).toBeGreaterThan(0);
    expect(await drawn(subj('riskDistributionChart'))).toBe(true);
    expect(await drawn(subj('alertsOverTimeChart'))).toBe(true);
    expect(await drawn(subj('alertsWorldMap'))).toBe(true);
    const riskChart = session.page.getByRole('figure', { name: 'Users by risk level' });
    expect(await accessibleDescription(riskChart)).toMatch(/^No risk: \d+, Low: \d+, Medium: \d+, High: \d+$/);
    await expect(subj('riskiestUsersTable').locator('tbody tr').count()).resolves.toBeGreaterThan(0);
    await session.shot('overview');
    expect(await seriousA11yViolations(session.page)).toEqual([]);
  });

  it("alerts and a travel takeover's flyout: rows, evidence, the travel map and the surrounding logins", async () => {
    await session.open('/alerts');
    await subj('alertsTableRow').first().waitFor();
    expect(await subj('alertsTableRow').count()).toBeGreaterThan(0);
    await session.shot('alerts');
    expect(await seriousA11yViolations(session.page)).toEqual([]);

    // The default profile's one alert per takeover: the impossible-travel victim's carries the journey.
    const user = session.sample.scenarios.find((s) => s.takeover && s.kind === 'impossible_travel')!.user;
    await session.open('/alerts?detector=suspicious_login');
    await subj('alertsTableRow').filter({ hasText: user }).first().locator('a').first().click();
    await subj('alertFlyout').waitFor();
    await expect(subj('alertEvidence').innerText()).resolves.toMatch(/km\/h/);
    expect(await drawn(subj('alertTravelMap'))).toBe(true);
    await expect(subj('alertSurroundingLogins').locator('tbody tr').count()).resolves.toBeGreaterThan(1);
    await session.shot('alert_flyout');
    expect(await seriousA11yViolations(session.page)).toEqual([]);
  });

  it('users and a user page: the table, the login timeline and the risk chart', async () => {
    await session.open('/users');
    await subj('usersTableRow').first().waitFor();
    await session.shot('users');
    expect(await seriousA11yViolations(session.page)).toEqual([]);

    const user = session.sample.scenarios.find((s) => s.takeover && s.kind === 'impossible_travel')!.user;
    await openUserPage(session, user);
    await session.shot('user');
    expect(await seriousA11yViolations(session.page)).toEqual([]);
  });

  it('settings: the form with the effective settings and the history', async () => {
    await session.open('/settings');
    await subj('settingsForm').waitFor();
    await subj('settingsHistory').waitFor();
    await expect(
      until(
        () =>
          subj('settingsForm').evaluate((el) =>
            [...el.querySelectorAll('input, textarea')].map((i) => (i as HTMLInputElement).value).join('\n'),
          ),
        (values) => values.includes('165.225.72.0/22'),
      ),
    ).resolves.toContain('165.225.72.0/22');
    await session.shot('settings');
    expect(await seriousA11yViolations(session.page)).toEqual([]);
  });

  it('no page threw or logged an error in the browser', () => {
    expect(session.pageErrors).toEqual([]);
    expect(session.consoleErrors).toEqual([]);
  });
});
