/* eslint-disable @typescript-eslint/no-explicit-any -- assertions read loosely typed stored documents and JSON answers */
/**
 * Source patterns read over cross-cluster search (CCS): the node is its own remote cluster `<alias>`, so
 * `<alias>:<index>` reads the same documents as `<index>` but through the remote-cluster transport, as a central
 * Kibana reads `remote_cluster:logs-*`. Every read path of source events is run both ways and must agree: the login,
 * credential, sequence and web passes, the anomaly explorer's run, and the routes that read sources (Source health,
 * the alert detail's logins around the alert, the Web traffic views, the sequence dry run, saving an analysis).
 */
import { randomBytes } from 'node:crypto';
import type { Client } from '@elastic/elasticsearch';
import { API_PATHS, apiPath } from '../../common/api';
import type { AlertDocument } from '../../common/alert_document';
import { validateAnalysis } from '../../server/analyses';
import { analysesIndex } from '../../server/analyses/store';
import { runAnalysis } from '../../server/analysis_run/run_analysis';
import { parseRef } from '../../server/analysis_run/results';
import { credentialFamily } from '../../server/families/credential/family';
import { DEFAULT_CREDENTIAL_THRESHOLDS } from '../../server/families/credential/config';
import { DEFAULT_USER_THRESHOLDS } from '../../server/families/credential_user/config';
import { credentialUserFamily } from '../../server/families/credential_user/family';
import { sequenceFamily, sequenceSettingsFrom } from '../../server/families/sequence/family';
import { saveRules } from '../../server/families/sequence/rules_store';
import { webFamily } from '../../server/families/web/family';
import { defaultWebSettings } from '../../server/families/web/settings';
import { importAccessLogs } from '../../server/importer/import_access_log';
import { runDetectionPass } from '../../server/pass';
import { parseIdentityConfig } from '../../server/sources';
import { runFamilyPass } from '../../server/runner/family_pass';
import { analysisResultsIndex, familyStateIndex, pluginIndices, readCheckpoint } from '../../server/storage';
import { DEMO_SITE_DOMAINS, DEMO_WEB_DAY, WEB_DATA_DIR } from '../../scripts/demo/load_web_day';
import { addSelfAsRemote, addUnreachableRemote, deleteIndices, esClient, uniqueIndexName } from '../helpers/es';
import { createSourceIndex, generateAuthEvents } from './fixtures/auth_events';
import { indexDnsSample } from './helpers/dns_sample';
import { storedAlerts, storedStates, testDeps, testSettings, uniqueSpace } from './helpers/detection_pass';
import {
  authEvent,
  createAuthSource,
  runnerDeps,
  runnerSettings,
  storedFamilyAlerts,
  type StoredFamilyAlert,
} from './helpers/family_runner';
import { call, ensureFreshBuild, startHost } from './routes_host';

jest.setTimeout(300_000);

const REMOTE = `self${randomBytes(3).toString('hex')}`;
const remote = (index: string) => `${REMOTE}:${index}`;
const NOW = Date.parse('2025-03-10T12:00:00Z');

const login = uniqueIndexName('ccs-auth');
const credential = uniqueIndexName('ccs-cred');
const sequence = uniqueIndexName('ccs-seq');
const web = uniqueIndexName('ccs-web');
const dns = uniqueIndexName('ccs-dns');
const loginEvents = generateAuthEvents({ users: 20, perUser: 12, end: NOW - 10 * 60_000, hours: 48 });

let client: Client;
/** A remote cluster that cannot be reached, skip_unavailable: Elasticsearch leaves it out and answers 200. */
const DEAD = `${REMOTE}_down`;
let removeRemote: (() => Promise<void>) | undefined;
let removeDead: (() => Promise<void>) | undefined;
const spaces: Array<{ space: string; family?: string }> = [];
const space = (label: string, family?: string): string => {
  const s = uniqueSpace(label).replace(/-/g, '_');
  spaces.push({ space: s, family });
  return s;
};

beforeAll(async () => {
  client = esClient();
  removeRemote = await addSelfAsRemote(client, REMOTE);
  removeDead = await addUnreachableRemote(client, DEAD);
  await createSourceIndex(client, login, loginEvents);
});

afterAll(async () => {
  await removeRemote?.();
  await removeDead?.();
  for (const { space: s, family } of spaces)
    await deleteIndices(
      client,
      ...Object.values(pluginIndices(s)),
      analysesIndex(s),
      analysisResultsIndex(s),
      ...(family ? [familyStateIndex(family, s)] : []),
    );
  await deleteIndices(client, login, credential, sequence, web, dns);
  await client.close();
});

/** What an alert says once the index it was read from is named alike: the local index, with or without the alias. */
function comparable(alert: AlertDocument): unknown {
  const { alert_id: _id, sort_key: _key, ...buffalogs } = alert.buffalogs as any;
  const evidence = { ...buffalogs.evidence };
  delete evidence.caused_by_alert_id;
  const text = JSON.stringify({ ...alert, buffalogs: { ...buffalogs, evidence } });
  return JSON.parse(text.split(`"${remote(login)}"`).join(`"${login}"`));
}

const sortedJson = (xs: unknown[]) => xs.map((x) => JSON.stringify(x)).sort();

/**
 * A family's alerts without their ids. Every family but the sequence one keys an alert on its trigger's index and id
 * (the same `_id` in two indices is two events), and a hit read over CCS is in `<remote>:<index>`: another id, by
 * design. Each attack link is kept as the position of the alert it names.
 */
function withoutIds(alerts: StoredFamilyAlert[]): unknown[] {
  const sorted = [...alerts].sort((a, b) =>
    `${a.rule} ${a.entity.value} ${a.trigger}`.localeCompare(`${b.rule} ${b.entity.value} ${b.trigger}`),
  );
  const position = new Map(sorted.map((a, i) => [a.id, i]));
  return sorted.map(({ id: _id, attack, ...rest }) => ({
    ...rest,
    ...(attack ? { attack: position.get(attack) } : {}),
  }));
}

describe('the login family', () => {
  const local = space('ccs_login_local');
  const overCcs = space('ccs_login_remote');

  test('a pass over `<remote>:<index>` judges as one over `<index>`: the same alerts and states', async () => {
    const plain = await runDetectionPass(testSettings([login], local), testDeps(client, NOW));
    const viaCcs = await runDetectionPass(testSettings([remote(login)], overCcs), testDeps(client, NOW));
    expect(plain.alertsCreated).toBeGreaterThan(5);
    expect(viaCcs).toMatchObject({ events: plain.events, hits: plain.hits, alertsCreated: plain.alertsCreated });
    const a = await storedAlerts(client, local);
    const b = await storedAlerts(client, overCcs);
    expect(b.size).toBe(a.size);
    // The trigger names the index as Elasticsearch answered the hit: the remote one, which the alert detail reads.
    for (const alert of b.values()) expect(alert.buffalogs.trigger.index).toBe(remote(login));
    // The login family's alert id is sha1(user, detector, trigger index, event id): the same login read through
    // another cluster is another source, so its ids differ; everything else is the same.
    expect(sortedJson([...b.values()].map(comparable))).toEqual(sortedJson([...a.values()].map(comparable)));
    // `seen` holds hashes of the logins judged (index and id): the remote index's, likewise.
    const states = async (s: string) =>
      sortedJson(
        [...(await storedStates(client, s)).values()].map(({ seen, ...st }) => {
          expect(seen.length).toBeGreaterThan(0);
          return JSON.parse(
            JSON.stringify(st)
              .split(`"${remote(login)}"`)
              .join(`"${login}"`),
          );
        }),
      );
    expect(await states(overCcs)).toEqual(await states(local));
  });

  test('with `buffalogs.identity` (people listed by a composite aggregation) too', async () => {
    const identity = parseIdentityConfig({}).config;
    const plain = await runDetectionPass(
      testSettings([login], space('ccs_id_local'), { identity }),
      testDeps(client, NOW),
    );
    const s = space('ccs_id_remote');
    const viaCcs = await runDetectionPass(testSettings([remote(login)], s, { identity }), testDeps(client, NOW));
    expect(plain.alertsCreated).toBeGreaterThan(5);
    expect(viaCcs).toMatchObject({ users: plain.users, events: plain.events, alertsCreated: plain.alertsCreated });
  });

  test('a remote cluster that cannot be reached stops the pass, naming it, instead of a window judged without it', async () => {
    // skip_unavailable (the default since 8.15) lets a point in time open without the cluster, and say nothing.
    const s = space('ccs_unreachable');
    const pass = runDetectionPass(testSettings([login, `${DEAD}:${login}`], s), testDeps(client, NOW));
    await expect(pass).rejects.toThrow(
      new RegExp(`remote cluster "${DEAD}" .*skipped.*checkpoint stays before this window`),
    );
    expect(await readCheckpoint(client, pluginIndices(s).checkpoints, 0, 1)).toBeUndefined();
  });

  test('in several point-in-time slices too', async () => {
    const sliced = space('ccs_login_slices');
    const one = await runDetectionPass(
      testSettings([remote(login)], sliced, { readSlices: 3, pageSize: 7 }),
      testDeps(client, NOW),
    );
    expect(one.events).toBe(
      (await runDetectionPass(testSettings([login], space('ccs_login_one')), testDeps(client, NOW))).events,
    );
  });
});

describe('the credential family', () => {
  const START = NOW - 10 * 3_600_000;
  const SPRAYER = '198.51.100.23';
  const BRUTE = '198.51.100.77';
  const doc = (minute: number, ip: string, user: string, outcome: 'success' | 'failure', id: string) =>
    authEvent(new Date(START + minute * 60_000).toISOString(), ip, user, outcome, id);

  test('a spray and its victim, read over CCS: the same alerts', async () => {
    await createAuthSource(client, credential, [
      ...Array.from({ length: 30 }, (_, i) => doc(i * 8, SPRAYER, `user${i}`, 'failure', `spray-${i}`)),
      doc(100, SPRAYER, 'victim', 'success', 'spray-success'),
      ...Array.from({ length: 8 }, (_, a) => [
        doc(a * 5, `203.0.113.${a + 1}`, `staff${a}`, 'failure', `typo-${a}`),
        doc(a * 5 + 1, `203.0.113.${a + 1}`, `staff${a}`, 'success', `ok-${a}`),
      ]).flat(),
      // A brute force on alice (15 failures in 7 minutes, then the password works): the per-user family's.
      ...Array.from({ length: 15 }, (_, i) => doc(200 + i / 2, BRUTE, 'alice', 'failure', `brute-${i}`)),
      doc(209, BRUTE, 'alice', 'success', 'brute-success'),
    ]);
    const pass = async (label: string, index: string) => {
      const s = space(label, credentialFamily.id);
      const settings = { indices: [index], ...DEFAULT_CREDENTIAL_THRESHOLDS };
      const result = await runFamilyPass(
        credentialFamily,
        runnerSettings(s),
        settings,
        [index],
        runnerDeps(client, NOW),
      );
      return { result, alerts: await storedFamilyAlerts(client, s) };
    };
    const plain = await pass('ccs_cred_local', credential);
    const viaCcs = await pass('ccs_cred_remote', remote(credential));
    expect(plain.alerts).toHaveLength(2);
    expect(viaCcs.result.events).toBe(plain.result.events);
    expect(withoutIds(viaCcs.alerts)).toEqual(withoutIds(plain.alerts));
    // The victim's alert links to the spray's, read over CCS too.
    const spray = viaCcs.alerts.filter((a) => a.entity.value === SPRAYER);
    expect(spray.find((a) => a.attack)?.attack).toBe(spray.find((a) => !a.attack)?.id);
  });

  test('the per-user family (brute force, the account compromised) too', async () => {
    const pass = async (label: string, index: string) => {
      const s = space(label, credentialUserFamily.id);
      const settings = { indices: [index], ...DEFAULT_USER_THRESHOLDS };
      const result = await runFamilyPass(
        credentialUserFamily,
        runnerSettings(s),
        settings,
        [index],
        runnerDeps(client, NOW),
      );
      return { result, alerts: await storedFamilyAlerts(client, s) };
    };
    const plain = await pass('ccs_credu_local', credential);
    const viaCcs = await pass('ccs_credu_remote', remote(credential));
    expect(plain.alerts.filter((a) => a.entity.value === 'alice').map((a) => a.rule)).toEqual([
      'brute_force',
      'brute_force',
    ]);
    expect(viaCcs.result.events).toBe(plain.result.events);
    expect(withoutIds(viaCcs.alerts)).toEqual(withoutIds(plain.alerts));
  });
});

describe('the sequence family', () => {
  const T0 = Date.parse('2025-03-10T10:00:00Z');
  const MIN = 60_000;
  const RULE = {
    id: 'sequence_mfa_not_restored',
    name: 'MFA factor removed and not restored within an hour',
    reason: 'An account left on a password alone.',
    identifier: 'user.name',
    first: 'mfa factor removed',
    direction: 'followed_by',
    match: 'none',
    events: ['mfa factor added'],
    period: { when: 'before', duration: '1h' },
    time_frame: '1h',
  };
  const doc = (id: string, t: number, action: string, user: string) => ({
    '@timestamp': new Date(t).toISOString(),
    event: { id, action, outcome: 'success' },
    user: { name: user },
  });
  let seqSpace = '';

  beforeAll(async () => {
    await client.indices.create({
      index: sequence,
      mappings: {
        properties: {
          '@timestamp': { type: 'date' },
          event: { properties: { id: { type: 'keyword' }, action: { type: 'keyword' }, outcome: { type: 'keyword' } } },
          user: { properties: { name: { type: 'keyword' } } },
        },
      },
    });
    const documents = [
      doc('a1', T0, 'mfa_factor_removed', 'alice'),
      doc('b1', T0, 'MFA-Factor-Removed', 'bob'),
      doc('b2', T0 + 30 * MIN, 'mfa_factor_added', 'bob'),
      doc('x1', T0 + 35 * MIN, 'file_download', 'alice'),
    ];
    await client.bulk({ refresh: true, operations: documents.flatMap((d) => [{ index: { _index: sequence } }, d]) });
  });

  test('a `none` rule fires for alice alone, read over CCS as locally: the same alert ids', async () => {
    const pass = async (label: string, index: string) => {
      const s = space(label, sequenceFamily.id);
      await saveRules(client, s, { rules: [RULE as never], builtinDisabled: [], user: 'test', now: new Date(T0) });
      const settings = sequenceSettingsFrom({ indices: [index], builtin_rules: { enabled: false } })!;
      const runner = runnerSettings(s, { lagMs: 5 * MIN, lookbackMs: 3 * 3_600_000 });
      const deps = runnerDeps(client, T0 + 2 * 3_600_000);
      const result = await runFamilyPass(sequenceFamily, runner, settings, [index], deps);
      return { result, alerts: await storedFamilyAlerts(client, s), space: s };
    };
    const plain = await pass('ccs_seq_local', sequence);
    const viaCcs = await pass('ccs_seq_remote', remote(sequence));
    expect(plain.alerts.map((a) => a.entity.value)).toEqual(['alice']);
    expect(viaCcs.result.events).toBe(plain.result.events);
    expect(viaCcs.alerts).toEqual(plain.alerts);
    seqSpace = viaCcs.space;
  });

  test('the dry run route reads `buffalogs.sequence.indices` over CCS', async () => {
    ensureFreshBuild();
    const settings = (indices: string[]) => ({
      buffalogs: {
        space: seqSpace,
        indices: [remote(login)],
        schedule: { interval: '1d' },
        sequence: { indices, builtin_rules: { enabled: false } },
      },
    });
    const [plain, viaCcs, unreachable] = await Promise.all([
      startHost({ privilege: 'read', settings: settings([sequence]) }),
      startHost({ privilege: 'read', settings: settings([remote(sequence)]) }),
      startHost({ privilege: 'read', settings: settings([sequence, `${DEAD}:${sequence}`]) }),
    ]);
    try {
      const body = { days: 1, to: new Date(T0 + 2 * 3_600_000).toISOString() };
      // A cluster left out is said, not a dry run over part of the events.
      const partial = await call(unreachable.baseUrl, 'POST', API_PATHS.sequenceRulesDryRun, body);
      expect(partial.status).toBe(502);
      expect(partial.body.message).toMatch(
        new RegExp(`^Incomplete answer from Elasticsearch: remote cluster "${DEAD}"`),
      );
      const a = await call(plain.baseUrl, 'POST', API_PATHS.sequenceRulesDryRun, body);
      const b = await call(viaCcs.baseUrl, 'POST', API_PATHS.sequenceRulesDryRun, body);
      expect(a.status).toBe(200);
      expect(b.status).toBe(200);
      expect(a.body.alerts.map((x: any) => x.buffalogs.entity.value)).toEqual(['alice']);
      expect(b.body.events).toBe(a.body.events);
      expect(b.body.alerts.map((x: any) => x.buffalogs.alert_id)).toEqual(
        a.body.alerts.map((x: any) => x.buffalogs.alert_id),
      );
    } finally {
      await Promise.all([plain.stop(), viaCcs.stop(), unreachable.stop()]);
    }
  });
});

describe('the web family and the Web traffic views', () => {
  const window = { from: Date.parse(DEMO_WEB_DAY.from), to: Date.parse(DEMO_WEB_DAY.to) };
  const range = `from=${DEMO_WEB_DAY.from}&to=${DEMO_WEB_DAY.to}`;

  beforeAll(async () => {
    const imported = await importAccessLogs(client, [`${WEB_DATA_DIR}/${DEMO_WEB_DAY.file}`], {
      index: web,
      batchSize: 5000,
      onBadLine: () => {},
    });
    expect(imported).toMatchObject({ lines: 7850, indexed: 7850 });
    await client.indices.refresh({ index: web });
  });

  test('a pass over the real day raises the same alerts over CCS as locally', async () => {
    const pass = async (label: string, index: string) => {
      const s = space(label, webFamily.id);
      const runner = runnerSettings(s, {
        lagMs: 0,
        lookbackMs: 0,
        maxWindowMs: window.to - window.from,
        usersPerBatch: 2000,
        eventsPerBatch: 20_000,
        pageSize: 5000,
      });
      const settings = { ...defaultWebSettings(), indices: [index] };
      const result = await runFamilyPass(webFamily, runner, settings, [index], runnerDeps(client, window.to), window);
      return { result, alerts: await storedFamilyAlerts(client, s) };
    };
    const plain = await pass('ccs_web_local', web);
    const viaCcs = await pass('ccs_web_remote', remote(web));
    expect(plain.result.events).toBe(7850);
    expect(plain.alerts.length).toBeGreaterThan(0);
    expect(viaCcs.result.events).toBe(7850);
    expect(withoutIds(viaCcs.alerts)).toEqual(withoutIds(plain.alerts));
  });

  test('the traffic, referrer, page and timeline routes answer over CCS as locally', async () => {
    ensureFreshBuild();
    const s = space('ccs_web_routes');
    const settings = (indices: string[]) => ({
      buffalogs: {
        space: s,
        indices: [remote(login)],
        schedule: { interval: '1d' },
        web: { indices, siteDomains: DEMO_SITE_DOMAINS },
      },
    });
    const [plain, viaCcs, unreachable] = await Promise.all([
      startHost({ privilege: 'read', settings: settings([web]) }),
      startHost({ privilege: 'read', settings: settings([remote(web)]) }),
      startHost({ privilege: 'read', settings: settings([web, `${DEAD}:${web}`]) }),
    ]);
    try {
      for (const route of [
        `${API_PATHS.webTraffic}?${range}`,
        `${API_PATHS.webReferrers}?${range}&size=5`,
        `${API_PATHS.webPages}?${range}&size=5`,
        `${API_PATHS.webTimeline}?${range}`,
        `${apiPath(API_PATHS.webAddress, { ip: '5.188.210.101' })}?${range}`,
      ]) {
        const a = await call(plain.baseUrl, 'GET', route);
        const b = await call(viaCcs.baseUrl, 'GET', route);
        expect([route, a.status]).toEqual([route, 200]);
        expect([route, b.status, b.body]).toEqual([route, 200, a.body]);
      }
      expect((await call(viaCcs.baseUrl, 'GET', `${API_PATHS.webTraffic}?${range}`)).body.total).toBe(7850);
      // A cluster that does not answer is named, not left out of the figures.
      const partial = await call(unreachable.baseUrl, 'GET', `${API_PATHS.webTraffic}?${range}`);
      expect([partial.status, partial.body.message]).toEqual([
        502,
        expect.stringContaining(`remote cluster "${DEAD}"`),
      ]);
    } finally {
      await Promise.all([plain.stop(), viaCcs.stop(), unreachable.stop()]);
    }
  });
});

describe('the anomaly explorer', () => {
  const START = Date.UTC(2026, 10, 17);
  const RECORDS = 1500;
  const definition = (indexPattern: string) => {
    const checked = validateAnalysis(
      {
        name: 'dns-ccs',
        indexPattern,
        timeRange: { from: new Date(START).toISOString(), to: new Date(START + 86_400_000).toISOString() },
        packs: ['dns'],
        engine: { sampleSize: 400 },
      },
      { requireSource: true },
    );
    if (!checked.ok) throw new Error(JSON.stringify(checked.errors));
    return checked.analysis;
  };

  beforeAll(async () => {
    await indexDnsSample(client, dns, { records: RECORDS, seed: 11, start: START });
  });

  test('an analysis of `<remote>:<index>` is valid and ranks the same records as one of `<index>`', async () => {
    const run = (s: string, pattern: string) =>
      runAnalysis({
        client,
        space: s,
        definition: definition(pattern),
        runId: 'r1',
        now: () => START + 2 * 86_400_000,
        pageSize: 400,
      });
    const plain = await run(space('ccs_an_local'), dns);
    const viaCcs = await run(space('ccs_an_remote'), remote(dns));
    expect(viaCcs.report.records).toEqual(plain.report.records);
    expect(viaCcs.report.records.judged).toBe(RECORDS);
    expect(viaCcs.resultsWritten).toBe(plain.resultsWritten);
    expect(viaCcs.alertsWritten).toBe(plain.alertsWritten);
    const refs = (r: typeof plain) => r.report.topOutliers.map((o) => parseRef(o.ref)!);
    expect(refs(viaCcs).map((r) => r.id)).toEqual(refs(plain).map((r) => r.id));
    // The link to a record names the index it was read from: the remote one.
    expect(new Set(refs(viaCcs).map((r) => r.index))).toEqual(new Set([remote(dns)]));
    // A cluster left out stops the run rather than rank part of the records.
    await expect(run(space('ccs_an_unreachable'), `${dns},${DEAD}:${dns}`)).rejects.toThrow(
      new RegExp(`remote cluster "${DEAD}" was skipped`),
    );
  });

  test('the analyses route saves a definition that names a remote pattern', async () => {
    ensureFreshBuild();
    const s = space('ccs_an_routes');
    const host = await startHost({
      privilege: 'all',
      settings: { buffalogs: { space: s, indices: [remote(login)], schedule: { interval: '1d' } } },
    });
    try {
      const body = {
        definition: {
          indexPattern: `${REMOTE}:${dns.slice(0, -4)}*,${remote(dns)}`,
          timeRange: { from: 'now-24h', to: 'now' },
          packs: ['dns'],
        },
      };
      const put = await call(host.baseUrl, 'PUT', apiPath(API_PATHS.analysis, { name: 'dns-ccs' }), body);
      expect([put.status, put.body.errors]).toEqual([200, undefined]);
    } finally {
      await host.stop();
    }
  });
});

describe('the routes that read the login sources', () => {
  test('Source health and the logins around an alert read `buffalogs.indices` over CCS', async () => {
    ensureFreshBuild();
    const s = space('ccs_routes');
    await runDetectionPass(testSettings([remote(login)], s), testDeps(client, NOW));
    const alerts = [...(await storedAlerts(client, s)).values()];
    const settings = (indices: string[]) => ({ buffalogs: { space: s, indices, schedule: { interval: '1d' } } });
    const [plain, viaCcs, unreachable] = await Promise.all([
      startHost({ privilege: 'read', settings: settings([login]) }),
      startHost({ privilege: 'read', settings: settings([remote(login)]) }),
      startHost({ privilege: 'read', settings: settings([login, `${DEAD}:${login}`]) }),
    ]);
    try {
      const health = `${API_PATHS.sourcesHealth}?from=${new Date(NOW - 3 * 86_400_000).toISOString()}&to=${new Date(NOW).toISOString()}`;
      const a = await call(plain.baseUrl, 'GET', health);
      const b = await call(viaCcs.baseUrl, 'GET', health);
      expect(a.status).toBe(200);
      expect(b.status).toBe(200);
      expect(a.body.rows.length).toBe(1);
      expect(a.body.rows[0]).toMatchObject({ index: login, events: loginEvents.length });
      // The same figures, each row naming the index as the analyst configured it: with its cluster.
      expect(b.body.rows).toEqual(a.body.rows.map((r: any) => ({ ...r, index: remote(login) })));

      const travel = alerts.find((x) => x.rule.id === 'impossible_travel')!;
      const detail = await call(viaCcs.baseUrl, 'GET', apiPath(API_PATHS.alert, { id: travel.buffalogs.alert_id }));
      expect(detail.status).toBe(200);
      expect(detail.body.logins_note).toBeUndefined();
      const logins = detail.body.logins as any[];
      expect(logins.length).toBeGreaterThan(1);
      expect(logins.filter((l) => l.is_trigger).map((l) => l.event_id)).toEqual([travel.buffalogs.trigger.event_id]);
      expect(new Set(logins.map((l) => l.index))).toEqual(new Set([remote(login)]));

      // A cluster that does not answer: Source health says so (502) instead of counting the clusters that did…
      const partial = await call(unreachable.baseUrl, 'GET', health);
      expect(partial.status).toBe(502);
      expect(partial.body.message).toMatch(
        new RegExp(`^Incomplete answer from Elasticsearch: remote cluster "${DEAD}" was skipped \\(.+\\): `),
      );
      // …and an alert read there shows the detector's remembered logins, with the reason.
      const moved = {
        ...travel,
        buffalogs: {
          ...travel.buffalogs,
          alert_id: 'ccs-moved',
          trigger: { ...travel.buffalogs.trigger, index: `${DEAD}:${login}` },
        },
      };
      await client.index({ index: pluginIndices(s).alerts, id: 'ccs-moved', document: moved, refresh: true });
      const fallback = await call(viaCcs.baseUrl, 'GET', apiPath(API_PATHS.alert, { id: 'ccs-moved' }));
      expect(fallback.status).toBe(200);
      expect(fallback.body.logins_note).toMatch(new RegExp(`not readable \\(remote cluster "${DEAD}" was skipped`));
      expect(fallback.body.logins.length).toBeGreaterThan(0);
    } finally {
      await Promise.all([plain.stop(), viaCcs.stop(), unreachable.stop()]);
    }
  });
});
