/**
 * End to end: the dev host loads the BUILT zip (as Kibana would), answers the health route over HTTP, and the app
 * mounts in headless Chromium (the app's pages themselves are covered by app_pages.test.ts). The page is served as a
 * Kibana before 8.18 serves it (KIBANA_HOST_RENDER_CONTEXT=none: no `rendering.addContext`, no render-context shared
 * deps), so the app mounts through its own fallback provider; the newer paths are shared_deps_variants.test.ts's.
 * Runs against the Elasticsearch started by the root jest
 * globalSetup (ES_URL); without it the host starts its own node. Saves artifacts/e2e/plugin_host.png.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CHROMIUM_LAUNCH } from '../helpers/chromium';
import { chromium, type BrowserContext } from 'playwright-core';
import { API_VERSION, HEALTH_ROUTE_PATH, PLUGIN_ID } from '../../common/constants';
// The host never builds; this builds when build/ is missing or older than the sources (serialised with other files).
import { ensureFreshBuild } from '../integration/routes_host';
import { prototypeHardening } from './app_session';

jest.setTimeout(300_000);

const REPO_ROOT = path.resolve(__dirname, '..', '..');
const ARTIFACTS = path.join(REPO_ROOT, 'artifacts', 'e2e');

let host: ChildProcess;
let output = '';
let appUrl: string;
let baseUrl: string;

beforeAll(async () => {
  ensureFreshBuild();
  host = spawn(path.join(REPO_ROOT, 'node_modules', '.bin', 'tsx'), ['dev/host/index.ts'], {
    cwd: REPO_ROOT,
    env: {
      ...process.env,
      KIBANA_HOST_PORT: '0',
      KIBANA_HOST_LOG_LEVEL: 'debug',
      KIBANA_HOST_TASK_POLL_MS: '500',
      KIBANA_HOST_RENDER_CONTEXT: 'none',
      KIBANA_HOST_CONFIG_JSON: JSON.stringify({ server: { prototypeHardening: true } }),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  appUrl = await new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /^Kibana host: (http:\/\/\S+)$/m.exec(output);
      if (match) resolve(match[1]);
    };
    host.stdout!.on('data', onData);
    host.stderr!.on('data', onData);
    host.once('exit', (code) => reject(new Error(`host exited with ${code} before it was ready:\n${output}`)));
  });
  baseUrl = appUrl.replace(new RegExp(`/app/${PLUGIN_ID}$`), '');
});

afterAll(async () => {
  if (host && host.exitCode === null) {
    const exited = new Promise((resolve) => host.once('exit', resolve));
    host.kill('SIGTERM');
    await exited;
  }
});

describe('the dev host serving the built zip', () => {
  it('loads the zip for a Kibana version and prints the app URL', () => {
    expect(output).toMatch(/Loading \S*buffalogs-\d+\.\d+\.\d+\.zip as Kibana \d+\.\d+\.\d+/);
    expect(appUrl).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:\\d+/app/${PLUGIN_ID}$`));
  });

  it('answers the versioned health route over HTTP with the cluster it reaches', async () => {
    const res = await fetch(`${baseUrl}${HEALTH_ROUTE_PATH}`, { headers: { 'elastic-api-version': API_VERSION } });
    expect(res.status).toBe(200);
    expect(res.headers.get('elastic-api-version')).toBe(API_VERSION);
    const body = await res.json();
    expect(body).toMatchObject({ status: 'ok', elasticsearch: { reachable: true } });
    expect(typeof body.elasticsearch.clusterName).toBe('string');
  });

  it('refuses a version the route does not have, as Kibana does', async () => {
    const res = await fetch(`${baseUrl}${HEALTH_ROUTE_PATH}`, { headers: { 'elastic-api-version': '2099-01-01' } });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({
      statusCode: 400,
      error: 'Bad Request',
      message: expect.stringContaining('No version "2099-01-01" available for [get] [/api/buffalogs/health]'),
    });
  });

  it('rejects calls to internal routes that lack x-elastic-internal-origin (Kibana 9.x)', async () => {
    const internal = [...output.matchAll(/route GET (\S+) \(internal/g)]
      .map((m) => m[1])
      .filter((p) => !p.includes('{'));
    // The health route is public, so it must answer without the header; every internal GET route must not.
    const publicRes = await fetch(`${baseUrl}${HEALTH_ROUTE_PATH}`);
    expect(publicRes.status).toBe(200);
    for (const routePath of internal) {
      const res = await fetch(`${baseUrl}${routePath}`, { headers: { 'elastic-api-version': '1' } });
      expect(res.status).toBe(400);
      expect((await res.json()).message).toBe(
        `uri [${routePath}] with method [get] exists but is not available with the current configuration`,
      );
    }
  });

  it('mounts the app in headless Chromium without page errors', async () => {
    const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'buffalogs-e2e-chromium-'));
    let context: BrowserContext | undefined;
    try {
      context = await chromium.launchPersistentContext(userDataDir, {
        ...CHROMIUM_LAUNCH,
      });
      const page = await context.newPage();
      const pageErrors: string[] = [];
      page.on('pageerror', (e) => pageErrors.push(e.message));
      await page.goto(appUrl, { waitUntil: 'load' });
      await page.waitForFunction(
        () => (window as unknown as { __kbnHost__?: { booted: boolean } }).__kbnHost__?.booted,
      );
      // The mounted app renders its page title once its first page is up.
      await page.locator('[data-test-subj="buffalogsPageTitle"]').first().waitFor({ timeout: 30_000 });

      const state = await page.evaluate(() => (window as unknown as { __kbnHost__: unknown }).__kbnHost__);
      // No Kibana render context on this page: the app wrapped itself in its fallback provider.
      expect(state).toMatchObject({ mountedApp: PLUGIN_ID, errors: [], renderContexts: [] });
      expect(
        await page.evaluate(
          () =>
            typeof (window as unknown as { __kbnSharedDeps__: Record<string, unknown> }).__kbnSharedDeps__
              .KbnReactKibanaContextRender,
        ),
      ).toBe('undefined');
      expect(await prototypeHardening(page)).toEqual({
        sealed: ['Array', 'Number', 'String', 'Function'],
        strictWriteThrows: true,
      });
      fs.mkdirSync(ARTIFACTS, { recursive: true });
      await page.screenshot({ path: path.join(ARTIFACTS, 'plugin_host.png'), fullPage: true });
      expect(pageErrors).toEqual([]);
    } finally {
      await context?.close();
      fs.rmSync(userDataDir, { recursive: true, force: true });
    }
  });
});
