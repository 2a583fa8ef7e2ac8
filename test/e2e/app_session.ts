/**
 * One analyst session for an end-to-end file: a seeded sample (the demo's generator and loader) in its own index and
 * space of the real Elasticsearch, detection run by the plugin's own Task Manager task inside the dev host (the BUILT
 * zip), and headless Chromium on the app. Page errors and console errors are collected, so a file can assert that
 * none happened, and `shot` saves a full-page screenshot under artifacts/e2e/.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import type { Client } from '@elastic/elasticsearch';
import { chromium, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { mergeDeep } from '../../dev/host/config';
import { porlockStory } from '../../scripts/demo/account_story';
import { generateLogins, type GeneratedSample } from '../../scripts/demo/generate_logins';
import { demoPluginSettings, loadSample, resetDemoData } from '../../scripts/demo/load_sample';
import { DEMO_SITE_DOMAINS, DEMO_WEB_DAY, loadWebDay } from '../../scripts/demo/load_web_day';
import { waitForDetection, type DetectionSummary } from '../../scripts/demo/wait_for_detection';
import { deliveriesIndex } from '../../server/notifications';
import { sequenceRulesIndex } from '../../server/families/sequence/rules_store';
import { familyStateIndex } from '../../server/storage';
import { contextIndex, observationsIndex, pluginIndices } from '../../server/storage/index_names';
import { CHROMIUM_LAUNCH } from '../helpers/chromium';
import { esClient } from '../helpers/es';
import { ensureFreshBuild, startHost, type RunningHost } from '../integration/routes_host';

export const APP = '/app/buffalogs';
const ARTIFACTS = path.join(__dirname, '..', '..', 'artifacts', 'e2e');
const DAYS = 21;

export interface AppSession {
  client: Client;
  host: RunningHost;
  /** The host's kibana.yml settings, for a second host on the same data (another privilege, another version). */
  hostSettings: Record<string, unknown>;
  space: string;
  sample: GeneratedSample;
  detection: DetectionSummary;
  page: Page;
  /** Uncaught exceptions in the page. */
  pageErrors: string[];
  /** `console.error` calls and failed requests the browser logged. */
  consoleErrors: string[];
  /** Loads an app path (`''`, `/alerts?size=10`, …) from scratch. */
  open: (appPath: string) => Promise<void>;
  /** The element(s) with this data-test-subj. */
  subj: (name: string) => Locator;
  shot: (name: string) => Promise<void>;
  stop: () => Promise<void>;
}

/**
 * A browser time zone in which it is about noon now, so "today" (local midnight to now) holds the sample's newest
 * takeovers whatever the hour the suite runs at. Etc/GMT-N is UTC+N.
 */
function noonTimezone(): string {
  const offset = 12 - new Date().getUTCHours();
  return offset >= 0 ? `Etc/GMT-${offset}` : `Etc/GMT+${-offset}`;
}

/**
 * `name` keeps screenshots apart (artifacts/e2e/<name>/ unless empty) and `hostEnv` configures the dev host (e.g.
 * `KIBANA_HOST_SHARED_DEPS_DIR`, `KIBANA_HOST_VERSION`).
 */
export async function startAppSession(options: {
  name?: string;
  users: number;
  hostEnv?: Record<string, string>;
  /** Also import a real day of web access logs and judge it (scripts/demo/load_web_day.ts), after the logins. */
  webDay?: boolean;
  /** kibana.yml settings merged over the session's own (e.g. `buffalogs.notifiers` pointing at a local receiver). */
  settings?: Record<string, unknown>;
  /** Also plant porlock's account story eight days back (scripts/demo/account_story.ts), as `npm run demo` does. */
  story?: boolean;
}): Promise<AppSession> {
  ensureFreshBuild();
  const id = randomBytes(3).toString('hex');
  const space = `e2e-${id}`;
  // Not under logs-*: other suites' hosts read the default `logs-*` pattern on the same cluster.
  const index = `e2e-logins-${id}`;
  const webIndex = `e2e-web-${id}`;
  const client = esClient();
  // Whatever started is stopped again, also when a later step fails: a host left running keeps Jest from exiting.
  const stops: Array<() => Promise<void>> = [
    async () => {
      const { alerts, state, checkpoints, deadletter } = pluginIndices(space);
      await client.indices.delete({
        index: [
          index,
          webIndex,
          alerts,
          state,
          checkpoints,
          deadletter,
          observationsIndex(space),
          contextIndex(space),
          familyStateIndex('credential', space),
          familyStateIndex('credential_user', space),
          `buffalogs-settings-${space}`,
          familyStateIndex('web', space),
          deliveriesIndex(space),
          familyStateIndex('sequence', space),
          sequenceRulesIndex(space),
        ],
        ignore_unavailable: true,
      });
      await client.close();
    },
  ];
  const stop = async () => {
    for (const step of stops.splice(0).reverse()) await step();
  };
  try {
    const sample = generateLogins({ users: options.users, days: DAYS, seed: 42, now: Date.now() });
    await resetDemoData(client, { index, space });
    const story = options.story ? porlockStory({ start: Date.now() - 8 * 86_400_000 }) : [];
    await loadSample(client, [...sample.events, ...story], { index });
    const hostSettings = mergeDeep(
      {
        ...demoPluginSettings({
          index,
          space,
          days: DAYS,
          web: options.webDay ? { index: webIndex, siteDomains: DEMO_SITE_DOMAINS } : undefined,
        }),
        // Sealed built-in prototypes, as Kibana's dev mode and CI run (and its distributions from 9.3).
        server: { prototypeHardening: true },
      },
      options.settings ?? {},
    );
    const host = await startHost({
      privilege: 'all',
      settings: hostSettings,
      env: { KIBANA_HOST_TASK_POLL_MS: '500', ...options.hostEnv },
    });
    stops.push(() => host.stop());
    const detection = await waitForDetection(host.baseUrl, { timeoutMs: 120_000 }).catch((e: Error) => {
      throw new Error(`${e.message}\nThe host's output:\n${host.output().slice(-4000)}`);
    });
    // After the logins' detection, so its figures are the login family's alone.
    if (options.webDay) await loadWebDay(client, { ...DEMO_WEB_DAY, index: webIndex, space });

    const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'buffalogs-e2e-app-'));
    stops.push(async () => fs.rmSync(userDataDir, { recursive: true, force: true }));
    const context: BrowserContext = await chromium.launchPersistentContext(userDataDir, {
      ...CHROMIUM_LAUNCH,
      viewport: { width: 1440, height: 1000 },
      timezoneId: noonTimezone(),
    });
    stops.push(() => context.close());
    const page = await context.newPage();
    page.setDefaultTimeout(30_000);
    const pageErrors: string[] = [];
    const consoleErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push(`${m.text()} (${m.location().url})`);
    });
    const artifacts = path.join(ARTIFACTS, options.name ?? '');
    fs.mkdirSync(artifacts, { recursive: true });

    return {
      client,
      host,
      hostSettings,
      space,
      sample,
      detection,
      page,
      pageErrors,
      consoleErrors,
      open: async (appPath) => {
        await page.goto(`${host.baseUrl}${APP}${appPath}`, { waitUntil: 'load' });
      },
      subj: (name) => page.locator(`[data-test-subj="${name}"]`),
      shot: async (name) => {
        await page.screenshot({ path: path.join(artifacts, `${name}.png`), fullPage: true });
      },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** Polls `read` until `done` holds (then returns the value) or the timeout passes (then returns the last value). */
export async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let value = await read();
  while (!done(value) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 250));
    value = await read();
  }
  return value;
}

/** The first number in an element's text ("Alerts today 3" → 3), once it shows one. */
export async function figure(element: Locator): Promise<number> {
  const text = await until(
    () => element.innerText(),
    (t) => /\d/.test(t),
  );
  const match = /\d[\d,]*/.exec(text);
  if (!match) throw new Error(`No number in "${text}"`);
  return Number(match[0].replace(/,/g, ''));
}

/** A chart or map drew something: a non-empty canvas or SVG shapes inside the element. */
export async function drawn(panel: Locator): Promise<boolean> {
  await panel.locator('canvas, svg path, svg circle, svg rect').first().waitFor({ state: 'attached' });
  return panel.evaluate((el) => {
    const canvases = [...el.querySelectorAll('canvas')].filter((c) => c.width > 0 && c.height > 0);
    const shapes = el.querySelectorAll('svg path, svg circle, svg rect').length;
    return canvases.length > 0 || shapes > 2;
  });
}

/**
 * Opens a user's page and waits until it shows that user's data: the name (the frame renders before its data), the
 * alerts table, IPs in the login timeline and a drawn risk chart.
 */
export async function openUserPage(session: AppSession, user: string): Promise<void> {
  const subj = session.subj;
  await session.open(`/users/${encodeURIComponent(user)}`);
  await subj('userPage').getByText(user).first().waitFor();
  await subj('userAlertsTable').locator('tbody tr').first().waitFor();
  const ips = /\d+\.\d+\.\d+\.\d+/;
  const timeline = await until(
    () => subj('userLoginTimeline').innerText(),
    (t) => ips.test(t),
  );
  if (!ips.test(timeline)) throw new Error(`the login timeline of ${user} shows no IP: ${timeline.slice(0, 200)}`);
  if (!(await drawn(subj('userRiskChart')))) throw new Error(`the risk chart of ${user} drew nothing`);
}

/**
 * What Kibana's browser hardening leaves to see in the page: which built-in prototypes are sealed, and whether a
 * strict-mode write of a new property onto one throws (it must: a plugin bug doing that fails in Kibana).
 */
export async function prototypeHardening(page: Page): Promise<{ sealed: string[]; strictWriteThrows: boolean }> {
  return page.evaluate(() => {
    const builtins = { Array, Number, String, Function, Object } as Record<string, { prototype: object }>;
    const sealed = Object.keys(builtins).filter((name) => Object.isSealed(builtins[name].prototype));
    let strictWriteThrows = false;
    try {
      new Function('"use strict"; Array.prototype.__buffalogsProbe = 1;')();
    } catch (e) {
      strictWriteThrows = e instanceof TypeError;
    }
    return { sealed, strictWriteThrows };
  });
}

/** How the page's Kibana render contexts were reached (the dev host records it; see dev/host/browser/render_context.tsx). */
export async function renderContexts(page: Page): Promise<string[]> {
  return page.evaluate(
    () => (window as unknown as { __kbnHost__: { renderContexts: string[] } }).__kbnHost__.renderContexts,
  );
}
