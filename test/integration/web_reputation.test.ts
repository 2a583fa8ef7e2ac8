/**
 * VirusTotal lookups of referrer domains in the web family's pass, on the real node, against a local server answering
 * in VirusTotal's v3 shapes (there is no internet here): the busiest referrers are asked first within the shared
 * budget, answers are cached in `buffalogs-reputation-<space>` and not asked again, a domain the budget could not
 * cover is asked in a later pass, malicious ones alert with the engines' counts, and the API key appears nowhere but
 * in the request header.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Client } from '@elastic/elasticsearch';
import type { WebAlert } from '../../server/families/web/core';
import { saveLateCooldowns, webFamily, webStateStore } from '../../server/families/web/family';
import { ReputationStore } from '../../server/families/web/reputation/store';
import { MAX_PENDING_DOMAINS, nextPending, PENDING_TTL_MS } from '../../server/families/web/reputation/pending';
import { defaultWebSettings, type WebSettings } from '../../server/families/web/settings';
import { emptyWebState, type WebState } from '../../server/families/web/state';
import { VIRUSTOTAL_DEFAULTS } from '../../common/web_config';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importAccessLogs } from '../../server/importer/import_access_log';
import { summarisePass } from '../../server/pass/pass_result';
import { runFamilyPass, type RunnerSettings } from '../../server/runner/family_pass';
import {
  familyStateIndex,
  installIndices,
  pluginIndices,
  REPUTATION_TEMPLATE,
  reputationIndex,
} from '../../server/storage';
import { deleteIndices, esClient, uniqueIndexName } from '../helpers/es';
import { uniqueSpace } from './helpers/detection_pass';
import { runnerSettings } from './helpers/family_runner';

jest.setTimeout(120_000);

const KEY = 'vt-integration-key-7f3a9c-do-not-leak';
const T0 = Date.parse('2024-05-01T10:00:00Z');
const source = uniqueIndexName('web-reputation');
const space = uniqueSpace('web-reputation');
let client: Client;
const tmp = mkdtempSync(join(tmpdir(), 'web-reputation-'));
let server: Server;
let vtUrl: string;
const asked: string[] = [];
const keysSeen = new Set<string | undefined>();
const logs: string[] = [];

/** What the local "VirusTotal" knows: malicious engine counts per domain (absent → 404 NotFoundError). */
const KNOWN: Record<string, number> = {
  'evil-one.example': 5,
  'evil-two.example': 3,
  'fine.example': 0,
  'evil-three.example': 4,
  'evil-four.example': 6,
  'evil-five.example': 7,
};

const runner = runnerSettings(space, {
  usersPerBatch: 500,
  eventsPerBatch: 5000,
  pageSize: 1000,
  readSlices: 1,
});
const logger = {
  info: (m: string) => logs.push(m),
  warn: (m: string) => logs.push(m),
  debug: (m: string) => logs.push(m),
};

/** An Apache combined-format line (the demo's and `import-access-log`'s input), in May 2024. */
function line(ip: string, at: number, referrer: string): string {
  const time = new Date(at).toISOString();
  const [d, y, hms] = [time.slice(8, 10), time.slice(0, 4), time.slice(11, 19)];
  return `${ip} - - [${d}/May/${y}:${hms} +0000] "GET / HTTP/1.1" 200 512 "${referrer}" "Mozilla/5.0"`;
}

let files = 0;
async function index(lines: string[], into = source): Promise<void> {
  const file = join(tmp, `access-${files++}.log`);
  writeFileSync(file, `${lines.join('\n')}\n`);
  const result = await importAccessLogs(client, [file], { index: into, batchSize: 1000, onBadLine: () => {} });
  expect(result).toMatchObject({ lines: lines.length, indexed: lines.length, bad: 0 });
  await client.indices.refresh({ index: into });
}

function settings(indices = [source]): WebSettings {
  return {
    ...defaultWebSettings(),
    indices,
    siteDomains: ['www.site.example'],
    virusTotal: {
      url: vtUrl,
      apiKey: KEY,
      requestsPerMinute: 3,
      requestsPerDay: 500,
      cacheTtlMs: VIRUSTOTAL_DEFAULTS.cacheTtlMs,
      maliciousEngines: 2,
      timeoutMs: 5000,
      maxLookupsPerBatch: 50,
      minAddresses: VIRUSTOTAL_DEFAULTS.minAddresses,
      uncorroboratedShare: VIRUSTOTAL_DEFAULTS.uncorroboratedShare,
      witnessMaxDomains: VIRUSTOTAL_DEFAULTS.witnessMaxDomains,
    },
  };
}

// The first test's referrers each come from one address: with minAddresses 1 they may spend the whole budget, and
// the order among them is by requests (the flood test below runs with the defaults).
const pass = (now: number) =>
  runFamilyPass(
    webFamily,
    runner,
    { ...settings(), virusTotal: { ...settings().virusTotal!, minAddresses: 1 } },
    [source],
    { client, logger, now: () => now },
  );

async function alerts(of = space): Promise<WebAlert[]> {
  const index = pluginIndices(of).alerts;
  await client.indices.refresh({ index });
  const found = await client.search<WebAlert>({ index, size: 100, sort: [{ '@timestamp': 'asc' }] });
  return found.hits.hits.map((h) => h._source!);
}

beforeAll(async () => {
  client = esClient();
  server = createServer((req, res) => {
    keysSeen.add(req.headers['x-apikey'] as string | undefined);
    const domain = decodeURIComponent((req.url ?? '').replace('/api/v3/domains/', ''));
    asked.push(domain);
    res.setHeader('content-type', 'application/json');
    if (!(domain in KNOWN)) {
      res.statusCode = 404;
      res.end(JSON.stringify({ error: { code: 'NotFoundError', message: `Domain "${domain}" not found` } }));
      return;
    }
    const stats = { malicious: KNOWN[domain], suspicious: 0, harmless: 70, undetected: 20, timeout: 0 };
    res.end(
      JSON.stringify({
        data: { id: domain, type: 'domain', attributes: { last_analysis_stats: stats, reputation: -5 } },
      }),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  vtUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v3`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await deleteIndices(
    client,
    source,
    ...Object.values(pluginIndices(space)),
    familyStateIndex('web', space),
    reputationIndex(space),
  );
  await client.close();
  rmSync(tmp, { recursive: true, force: true });
});

test('busiest referrers first within the budget, cached, the rest asked in a later pass; malicious ones alert', async () => {
  const s = (n: number) => T0 + n * 1000;
  await index([
    ...Array.from({ length: 10 }, (_, i) => line('198.51.100.1', s(i), 'https://evil-one.example/promo')),
    ...Array.from({ length: 5 }, (_, i) => line('198.51.100.2', s(i), 'https://fine.example/')),
    ...Array.from({ length: 3 }, (_, i) => line('198.51.100.3', s(i), 'https://never-seen.example/')),
    line('198.51.100.4', s(1), 'https://evil-two.example/'),
    ...Array.from({ length: 20 }, (_, i) => line('198.51.100.5', s(i), 'https://www.site.example/page')),
    line('198.51.100.6', s(2), 'http://203.0.113.77/'),
  ]);

  const first = await pass(T0 + 5 * 60_000);
  // Three a minute: the three busiest referrer domains; the site's own domain and an address are never asked.
  expect(asked).toEqual(['evil-one.example', 'fine.example', 'never-seen.example']);
  // The pass reports its lookups (README: reputation_cached, _looked_up, _deferred, _failed), in its result and log line.
  expect(first.familyCounts).toMatchObject({ reputation_looked_up: 3, reputation_deferred: 1, reputation_cached: 0 });
  expect(summarisePass(first)).toContain('reputation_looked_up 3, reputation_deferred 1');
  expect((await alerts()).map((a) => `${a.rule.id} ${a.buffalogs.entity!.value}`)).toEqual([
    'web_malicious_referrer 198.51.100.1',
  ]);

  // Later: evil-one refers again (answered from the cache), evil-two again (asked now: its turn has come).
  await index([
    line('198.51.100.7', T0 + 10 * 60_000, 'https://evil-one.example/again'),
    line('198.51.100.4', T0 + 10 * 60_000 + 1000, 'https://evil-two.example/'),
  ]);
  const second = await pass(T0 + 15 * 60_000);
  expect(asked).toEqual(['evil-one.example', 'fine.example', 'never-seen.example', 'evil-two.example']);
  expect(second.familyCounts).toMatchObject({ reputation_looked_up: 1, reputation_cached: 1 });
  const all = await alerts();
  expect(all.map((a) => `${a.rule.id} ${a.buffalogs.entity!.value}`).sort()).toEqual([
    'web_malicious_referrer 198.51.100.1',
    'web_malicious_referrer 198.51.100.4',
    'web_malicious_referrer 198.51.100.7',
  ]);
  // 198.51.100.4's first referral waited for the budget: it alerts now, judged late, and is the one alert per address
  // and domain per cooldown (its second referral, judged in time, raises none).
  const evilTwo = all.find((a) => a.buffalogs.entity!.value === '198.51.100.4')!;
  expect(evilTwo['@timestamp']).toBe(new Date(s(1)).toISOString());
  expect(evilTwo.message).toBe(
    '198.51.100.4 came from evil-two.example, which 3 of 93 VirusTotal engines call malicious (threshold 2); judged ' +
      `late: its lookup waited from ${new Date(T0 + 5 * 60_000).toISOString()} because the lookup budget was spent`,
  );
  expect((evilTwo.buffalogs.evidence as Record<string, unknown>).virustotal).toMatchObject({
    malicious: 3,
    harmless: 70,
    engines: 93,
    reputation: -5,
  });

  // The cache holds every answer (the unknown one too, so it is not asked again tomorrow morning).
  await client.indices.refresh({ index: reputationIndex(space) });
  const cached = await client.search<Record<string, unknown>>({
    index: reputationIndex(space),
    query: { term: { kind: 'domain' } },
    size: 10,
  });
  expect(cached.hits.hits.map((h) => `${h._source!.domain} ${h._source!.status}`).sort()).toEqual([
    'evil-one.example found',
    'evil-two.example found',
    'fine.example found',
    'never-seen.example unknown',
  ]);

  // The key went in the header and nowhere else.
  expect([...keysSeen]).toEqual([KEY]);
  const everything = await client.search({
    index: `${reputationIndex(space)},${pluginIndices(space).alerts}`,
    size: 100,
  });
  expect(JSON.stringify(everything)).not.toContain(KEY);
  expect(logs.join('\n')).not.toContain(KEY);
});

test('nodes claiming the budget at once never spend more than it between them', async () => {
  const index = reputationIndex(`${space}-quota`);
  const stores = [0, 1, 2].map(() => new ReputationStore(client, index, 'virustotal', VIRUSTOTAL_DEFAULTS.cacheTtlMs));
  const now = T0 + 3_600_000;
  const claims = await Promise.all(
    Array.from({ length: 12 }, (_, i) => stores[i % 3].claim({ perMinute: 4, perDay: 500 }, now)),
  );
  expect(claims.filter(Boolean)).toHaveLength(4);
  // The next minute has a fresh budget; the day's still counts.
  expect(await stores[0].claim({ perMinute: 4, perDay: 5 }, now + 60_000)).toBe(true);
  expect(await stores[1].claim({ perMinute: 4, perDay: 5 }, now + 60_000)).toBe(false);
  await deleteIndices(client, index);
});

test("a 429 in two minutes of one day spends the day's budget; one 429 spends only its minute", async () => {
  const index = reputationIndex(`${space}-refused`);
  const [a, b] = [0, 1].map(() => new ReputationStore(client, index, 'virustotal', VIRUSTOTAL_DEFAULTS.cacheTtlMs));
  const limits = { perMinute: 4, perDay: 500 };
  const day = Date.parse('2024-05-02T00:00:00Z');
  const at = (minute: number) => day + minute * 60_000 + 5_000;
  expect(await a.claim(limits, at(10))).toBe(true);
  await a.claim(limits, at(10), undefined, true); // refused in minute 10 (per-minute limit, as far as we know)
  expect(await b.claim(limits, at(10))).toBe(false);
  expect(await b.claim(limits, at(11))).toBe(true); // the next minute has its budget again
  await b.claim(limits, at(11), undefined, true); // refused again in another minute: the day's quota is gone
  expect(await a.claim(limits, at(12))).toBe(false);
  expect(await b.claim(limits, at(23 * 60 + 59))).toBe(false);
  // Two refusals within one minute are one refusal; the next UTC day starts afresh.
  expect(await a.claim(limits, at(24 * 60 + 1))).toBe(true);
  await a.claim(limits, at(24 * 60 + 1), undefined, true);
  await b.claim(limits, at(24 * 60 + 1), undefined, true);
  expect(await a.claim(limits, at(24 * 60 + 2))).toBe(true);
  await deleteIndices(client, index);
});

test('a read-only reputation index (disk watermark) skips lookups for the pass; detections still run and alert', async () => {
  // Elasticsearch sets index.blocks.read_only_allow_delete on every index of a node past its flood-stage disk
  // watermark; index.blocks.write refuses writes the same way (cluster_block_exception). The budget's counter cannot
  // be claimed then, so no lookup is safe, but the cached answers can still be read and the other detectors need none.
  const roSpace = `${space}-ro`;
  const roSource = `${source}-ro`;
  const roRunner = runnerSettings(roSpace, { usersPerBatch: 500, eventsPerBatch: 5000, pageSize: 1000, readSlices: 1 });
  const warnings: string[] = [];
  const roPass = (now: number) =>
    runFamilyPass(
      webFamily,
      roRunner,
      { ...settings([roSource]), maliciousDomains: ['listed-bad.example'] },
      [roSource],
      { client, logger: { ...logger, warn: (m: string) => warnings.push(m) }, now: () => now },
    );
  const at = (minute: number) => T0 + minute * 60_000;
  const entities = async () => (await alerts(roSpace)).map((a) => `${a.rule.id} ${a.buffalogs.entity!.value}`).sort();
  const reputation = reputationIndex(roSpace);
  try {
    await index([line('192.0.2.10', at(0), 'https://evil-one.example/')], roSource);
    await roPass(at(5)); // caches evil-one (and creates the reputation index)
    expect(await entities()).toEqual(['web_malicious_referrer 192.0.2.10']);
    const askedBefore = asked.length;

    await client.indices.putSettings({ index: reputation, settings: { 'index.blocks.write': true } });
    await index(
      [
        line('192.0.2.11', at(10), 'https://evil-one.example/again'), // cached: still judged
        line('192.0.2.12', at(10), 'https://listed-bad.example/'), // the offline list needs no index
        line('192.0.2.13', at(10), 'https://evil-two.example/'), // would need a lookup: skipped
      ],
      roSource,
    );
    const result = await roPass(at(15));
    expect(result.events).toBe(3);
    expect(await entities()).toEqual([
      'web_malicious_referrer 192.0.2.10',
      'web_malicious_referrer 192.0.2.11',
      'web_malicious_referrer 192.0.2.12',
    ]);
    expect(asked.slice(askedBefore)).toEqual([]);
    const about = warnings.filter((w) => w.includes('reputation'));
    expect(about).toHaveLength(1);
    expect(about[0]).toContain(`${reputation} refused a write`);
    expect(about[0]).toContain('cluster_block_exception');
    expect(about[0]).toContain('no VirusTotal lookups in this pass');
  } finally {
    await client.indices.putSettings({ index: reputation, settings: { 'index.blocks.write': null } });
  }
  // Writable again: the next pass looks up what refers then.
  await index([line('192.0.2.14', at(20), 'https://evil-two.example/')], roSource);
  await roPass(at(25));
  expect(asked.at(-1)).toBe('evil-two.example');
  expect(await entities()).toContain('web_malicious_referrer 192.0.2.14');
  await deleteIndices(
    client,
    roSource,
    ...Object.values(pluginIndices(roSpace)),
    familyStateIndex('web', roSpace),
    reputation,
  );
});

test("a flood of 1,000 made-up one-off referrers does not spend the day's lookups a domain seen from many addresses needs", async () => {
  // Anyone can send `Referer: http://random-123.example/`: each made-up domain is new, seen once, from one address.
  // A budget of 20 a day (and 20 a minute, so one pass could spend it all) stands for the free tier's 500.
  const flSpace = `${space}-flood`;
  const flSource = `${source}-flood`;
  const flRunner = runnerSettings(flSpace, { usersPerBatch: 100, eventsPerBatch: 5000, pageSize: 1000, readSlices: 1 });
  const budget = { ...settings([flSource]).virusTotal!, requestsPerMinute: 20, requestsPerDay: 20 };
  const flPass = (now: number) =>
    runFamilyPass(webFamily, flRunner, { ...settings([flSource]), virusTotal: budget }, [flSource], {
      client,
      logger,
      now: () => now,
    });
  const at = (minute: number) => T0 + minute * 60_000;
  // 1,000 addresses (10.1.0.0 to 10.1.3.231), each with its own made-up referrer: no two alike.
  const flood = (tag: string, minute: number) =>
    Array.from({ length: 1000 }, (_, i) =>
      line(`10.${tag}.${i >> 8}.${i & 255}`, at(minute) + i, `http://random-${tag}-${i}.example/`),
    );
  const askedBefore = asked.length;
  await index(flood('1', 0), flSource);
  await flPass(at(5));
  const fakesFirstPass = asked.slice(askedBefore).length;

  // Later the same day: a real malicious referrer, seen from six addresses, arrives amid more made-up ones (whose
  // addresses, 10.2.*, are judged in the batches before 198.51.100.*).
  const victims = [
    '198.51.100.40',
    '198.51.100.41',
    '198.51.100.42',
    '198.51.100.43',
    '198.51.100.44',
    '198.51.100.45',
  ];
  await index(
    [...flood('2', 20), ...victims.map((ip, i) => line(ip, at(20) + i, 'https://evil-three.example/landing'))],
    flSource,
  );
  await flPass(at(25));
  const spent = asked.slice(askedBefore);
  // Before: all 20 went to made-up referrers in pass 1 and evil-three was never asked. Now they get a quarter (5),
  // none in pass 2 (their share of the day is spent), and evil-three one of the 15 kept for corroborated domains.
  expect(fakesFirstPass).toBe(5);
  expect(spent.filter((d) => d.startsWith('random-'))).toHaveLength(5);
  expect(spent).toContain('evil-three.example');
  expect(spent.length).toBeLessThanOrEqual(20);
  const found = (await alerts(flSpace)).filter((a) => a.message.includes('evil-three.example'));
  expect(found.map((a) => a.buffalogs.entity!.value).sort()).toEqual(victims);
  await deleteIndices(
    client,
    flSource,
    ...Object.values(pluginIndices(flSpace)),
    familyStateIndex('web', flSpace),
    reputationIndex(flSpace),
  );
});

/** A pass over its own source index and space, with the budget settings given (the others as `settings()`). */
function ownSpace(
  tag: string,
  vt: Partial<NonNullable<WebSettings['virusTotal']>>,
  runnerOverrides: Partial<RunnerSettings> = {},
) {
  const ownSpace = `${space}-${tag}`;
  const ownSource = `${source}-${tag}`;
  const ownRunner = runnerSettings(ownSpace, {
    usersPerBatch: 500,
    eventsPerBatch: 5000,
    pageSize: 1000,
    readSlices: 1,
    ...runnerOverrides,
  });
  const virusTotal = { ...settings([ownSource]).virusTotal!, ...vt };
  return {
    at: (minute: number) => T0 + minute * 60_000,
    index: (lines: string[]) => index(lines, ownSource),
    pass: (now: number) =>
      runFamilyPass(webFamily, ownRunner, { ...settings([ownSource]), virusTotal }, [ownSource], {
        client,
        logger,
        now: () => now,
      }),
    alerts: () => alerts(ownSpace),
    pending: async () => {
      await client.indices.refresh({ index: reputationIndex(ownSpace) });
      const found = await client.search<Record<string, unknown>>({
        index: reputationIndex(ownSpace),
        query: { term: { kind: 'pending' } },
        size: 10,
      });
      return found.hits.hits.map((h) => h._source!);
    },
    cleanup: () =>
      deleteIndices(
        client,
        ownSource,
        ...Object.values(pluginIndices(ownSpace)),
        familyStateIndex('web', ownSpace),
        reputationIndex(ownSpace),
      ),
  };
}

test('a referrer whose lookup waited for the budget: its earlier requests alert, judged late, once a later lookup finds it malicious', async () => {
  // One lookup a minute: the corroborated fine.example takes pass 1's, evil-two.example (one address) waits. Before,
  // pass 2 looked it up when it referred again and alerted for that request only: 198.51.100.32's visit in pass 1
  // never reached the analyst.
  const own = ownSpace('late', { requestsPerMinute: 1 });
  const { at } = own;
  const askedBefore = asked.length;
  await own.index([
    line('192.0.2.30', at(0), 'https://fine.example/a'),
    line('192.0.2.31', at(0), 'https://fine.example/b'),
    line('192.0.2.32', at(1), 'https://evil-two.example/landing'),
  ]);
  await own.pass(at(5));
  expect(asked.slice(askedBefore)).toEqual(['fine.example']);
  expect(await own.alerts()).toEqual([]);

  await own.index([line('192.0.2.33', at(10), 'https://evil-two.example/')]);
  const second = await own.pass(at(15));
  expect(asked.slice(askedBefore)).toEqual(['fine.example', 'evil-two.example']);
  const found = await own.alerts();
  expect(found.map((a) => `${a['@timestamp']} ${a.buffalogs.entity!.value}`)).toEqual([
    `${new Date(at(1)).toISOString()} 192.0.2.32`,
    `${new Date(at(10)).toISOString()} 192.0.2.33`,
  ]);
  expect(second.familyCounts).toMatchObject({ referrers_judged_late: 1 });
  const late = found[0];
  expect(late.message).toBe(
    '192.0.2.32 came from evil-two.example, which 3 of 93 VirusTotal engines call malicious (threshold 2); judged ' +
      `late: its lookup waited from ${new Date(at(5)).toISOString()} because the lookup budget, or the share of it ` +
      'for domains seen from fewer than minAddresses addresses, was spent',
  );
  expect(late.buffalogs.evidence).toMatchObject({
    referrer: 'https://evil-two.example/landing',
    referrer_host: 'evil-two.example',
    list: 'virustotal',
    judged_late: {
      deferred_at: new Date(at(5)).toISOString(),
      reason: 'budget_share',
      judged_at: new Date(at(15)).toISOString(),
    },
  });
  expect(found[1].buffalogs.evidence).not.toHaveProperty('judged_late');
  // Once written, the memory is forgotten: a later pass raises nothing again.
  expect(await own.pending()).toEqual([]);
  await own.index([line('192.0.2.34', at(20), 'https://fine.example/')]);
  await own.pass(at(25));
  expect(await own.alerts()).toHaveLength(2);
  await own.cleanup();
});

test("a one-off referrer whose lookup waited is looked up with a later pass's leftover budget, though it never refers again", async () => {
  // Before: a domain was looked up only when it referred again. 192.0.2.52's one visit from evil-five.example waited
  // for the budget, its memory expired after 7 days, and the analyst never heard of it.
  const own = ownSpace('sweep', { requestsPerMinute: 1 });
  const { at } = own;
  // The space's reputation index as the previous version made it: no `first_deferred_at` in its mapping, which the
  // sweep sorts on (a sort on an unmapped field is an error).
  const reputation = reputationIndex(`${space}-sweep`);
  const { properties, ...v1 } = REPUTATION_TEMPLATE.body.template.mappings as { properties: Record<string, unknown> };
  const { first_deferred_at: _added, ...v1Properties } = properties;
  await client.indices.create({
    index: reputation,
    settings: REPUTATION_TEMPLATE.body.template.settings,
    mappings: { ...v1, properties: v1Properties, _meta: { managed_by: 'buffalogs', version: 1 } } as never,
  });
  const askedBefore = asked.length;
  await own.index([
    line('192.0.2.50', at(0), 'https://fine.example/a'),
    line('192.0.2.51', at(0), 'https://fine.example/b'),
    line('192.0.2.52', at(1), 'https://evil-five.example/landing'),
  ]);
  await own.pass(at(5));
  expect(asked.slice(askedBefore)).toEqual(['fine.example']);
  expect(await own.alerts()).toEqual([]);
  // Remembered (and, as ten minutes later, visible to a search: the test's passes are milliseconds apart).
  expect((await own.pending()).map((p) => p.domain)).toEqual(['evil-five.example']);

  // Ten minutes later, no referral at all: the minute's budget is the pass's to spend on what waits.
  const second = await own.pass(at(15));
  expect(asked.slice(askedBefore)).toEqual(['fine.example', 'evil-five.example']);
  const found = await own.alerts();
  expect(found.map((a) => `${a['@timestamp']} ${a.buffalogs.entity!.value}`)).toEqual([
    `${new Date(at(1)).toISOString()} 192.0.2.52`,
  ]);
  expect(found[0].buffalogs.evidence).toMatchObject({
    referrer: 'https://evil-five.example/landing',
    list: 'virustotal',
    judged_late: { deferred_at: new Date(at(5)).toISOString(), judged_at: new Date(at(15)).toISOString() },
  });
  expect(second.familyCounts).toMatchObject({ reputation_waiting_looked_up: 1, referrers_judged_late: 1 });
  expect(second.alertsCreated).toBe(1);
  expect(await own.pending()).toEqual([]);
  const mapping = await client.indices.getMapping({ index: reputation });
  expect(mapping[reputation].mappings.properties).toHaveProperty('first_deferred_at');

  // Resolved and forgotten: a later pass neither asks again nor alerts again.
  await own.pass(at(25));
  expect(asked.slice(askedBefore)).toEqual(['fine.example', 'evil-five.example']);
  expect(await own.alerts()).toHaveLength(1);
  await own.cleanup();
});

/** The stored state of an address in a space's web states (what its next judging starts from). */
async function storedState(of: string, ip: string): Promise<WebState | undefined> {
  const index = familyStateIndex('web', of);
  await client.indices.refresh({ index });
  const found = await client.search<{ state: WebState }>({ index, query: { term: { 'entity.value': ip } }, size: 1 });
  return found.hits.hits[0]?._source?.state;
}

test('an address alerted late by a batch it is not in is not alerted again in time for that domain within the cooldown', async () => {
  // Before: the late alert's cooldown reached only the states of the batch's own addresses, so 192.0.2.62, alerted
  // late for its visit at minute 1, was alerted again for its visit at minute 20 (the cooldown is a day).
  const own = ownSpace('late-outside', { requestsPerMinute: 1 });
  const { at } = own;
  const key = 'web_malicious_referrer:evil-one.example';
  await own.index([
    line('192.0.2.60', at(0), 'https://fine.example/a'),
    line('192.0.2.61', at(0), 'https://fine.example/b'),
    line('192.0.2.62', at(1), 'https://evil-one.example/landing'),
  ]);
  await own.pass(at(5));
  expect(await own.alerts()).toEqual([]);

  // 192.0.2.63 brings evil-one.example back: looked up, malicious; 192.0.2.62 (no events now) is alerted late.
  await own.index([line('192.0.2.63', at(10), 'https://evil-one.example/')]);
  const second = await own.pass(at(15));
  expect(second.familyCounts).toMatchObject({ referrers_judged_late: 1 });
  expect((await own.alerts()).map((a) => `${a['@timestamp']} ${a.buffalogs.entity!.value}`)).toEqual([
    `${new Date(at(1)).toISOString()} 192.0.2.62`,
    `${new Date(at(10)).toISOString()} 192.0.2.63`,
  ]);
  // Its stored state learned the cooldown and kept the rest (what it had judged).
  const state = await storedState(`${space}-late-outside`, '192.0.2.62');
  expect(state).toMatchObject({ through: at(1), alerted: [[at(1), key]] });

  await own.index([line('192.0.2.62', at(20), 'https://evil-one.example/again')]);
  await own.pass(at(25));
  expect((await own.alerts()).map((a) => a.buffalogs.entity!.value)).toEqual(['192.0.2.62', '192.0.2.63']);
  expect(await storedState(`${space}-late-outside`, '192.0.2.62')).toMatchObject({ through: at(20) });
  await own.cleanup();
});

test("an address alerted late by the pass's end (the sweep) is not alerted again in time for that domain within the cooldown", async () => {
  // Before: the sweep's late alerts left every address's state as it was, so 192.0.2.72 was alerted twice a day.
  const own = ownSpace('late-sweep', { requestsPerMinute: 1 });
  const { at } = own;
  await own.index([
    line('192.0.2.70', at(0), 'https://fine.example/a'),
    line('192.0.2.71', at(0), 'https://fine.example/b'),
    line('192.0.2.72', at(1), 'https://evil-five.example/landing'),
  ]);
  await own.pass(at(5));
  expect((await own.pending()).map((p) => p.domain)).toEqual(['evil-five.example']);

  const second = await own.pass(at(15));
  expect(second.familyCounts).toMatchObject({ reputation_waiting_looked_up: 1, referrers_judged_late: 1 });
  expect((await own.alerts()).map((a) => a.buffalogs.entity!.value)).toEqual(['192.0.2.72']);
  expect(await storedState(`${space}-late-sweep`, '192.0.2.72')).toMatchObject({
    through: at(1),
    alerted: [[at(1), 'web_malicious_referrer:evil-five.example']],
  });

  await own.index([line('192.0.2.72', at(20), 'https://evil-five.example/again')]);
  await own.pass(at(25));
  expect((await own.alerts()).map((a) => a.buffalogs.entity!.value)).toEqual(['192.0.2.72']);
  await own.cleanup();
});

test('an address alerted late by one batch and referred again in a later batch of the same pass is alerted once', async () => {
  // One address a batch: 192.0.2.92's batch is read, its state loaded, while 192.0.2.91's batch alerts it late.
  const own = ownSpace('late-next-batch', { requestsPerMinute: 1 }, { usersPerBatch: 1 });
  const { at } = own;
  await own.index([
    line('192.0.2.20', at(0), 'https://fine.example/a'),
    line('192.0.2.21', at(0), 'https://fine.example/b'),
    line('192.0.2.92', at(1), 'https://evil-two.example/landing'),
  ]);
  await own.pass(at(5));
  expect(await own.alerts()).toEqual([]);

  await own.index([
    line('192.0.2.91', at(10), 'https://evil-two.example/'),
    line('192.0.2.92', at(11), 'https://evil-two.example/again'),
  ]);
  await own.pass(at(15));
  expect((await own.alerts()).map((a) => `${a['@timestamp']} ${a.buffalogs.entity!.value}`)).toEqual([
    `${new Date(at(1)).toISOString()} 192.0.2.92`,
    `${new Date(at(10)).toISOString()} 192.0.2.91`,
  ]);
  expect(await storedState(`${space}-late-next-batch`, '192.0.2.92')).toMatchObject({
    through: at(11),
    alerted: [[at(1), 'web_malicious_referrer:evil-two.example']],
  });
  await own.cleanup();
});

test("a late cooldown written while the address's own batch is judged is merged into that batch's state, not lost", async () => {
  // The next batch's states are loaded while this one is written, and another partition's pass may alert one of this
  // partition's addresses late: the judging batch's write then meets the cooldown written since it loaded.
  const own = `${space}-late-merge`;
  await installIndices(client, own);
  const store = webStateStore(client, own, runner.retry);
  const [ip, fresh] = ['192.0.2.80', '192.0.2.81'];
  const key = 'web_malicious_referrer:evil-one.example';
  const first: WebState = { ...emptyWebState(), through: T0, misses: [[T0, '/a']] };
  await store.write(new Map([[ip, first]]), await store.load([ip]), T0);

  const loaded = await store.load([ip]);
  const cooldowns = new Map([
    [ip, [[T0 - 1000, key] as [number, string]]],
    [fresh, [[T0, key] as [number, string]]],
  ]);
  await saveLateCooldowns(store, cooldowns, [ip, fresh], T0 + 1);
  const judged: WebState = {
    ...first,
    through: T0 + 5000,
    misses: [...first.misses, [T0 + 5000, '/b']],
    alerted: [[T0 + 5000, 'web_scanning']],
  };
  const written = await store.write(new Map([[ip, judged]]), loaded, T0 + 2);
  expect(written).toMatchObject({ written: 1, merged: 1 });
  expect(await storedState(own, ip)).toEqual({
    ...judged,
    alerted: [
      [T0 - 1000, key],
      [T0 + 5000, 'web_scanning'],
    ],
  });
  // An address without a state gets one that holds the cooldown; saved again, nothing changes.
  expect(await storedState(own, fresh)).toEqual({ ...emptyWebState(), alerted: [[T0, key]] });
  const versions = (await store.load([ip, fresh])).versions;
  await saveLateCooldowns(store, cooldowns, [ip, fresh], T0 + 3);
  expect((await store.load([ip, fresh])).versions).toEqual(versions);
  await deleteIndices(client, ...Object.values(pluginIndices(own)), familyStateIndex('web', own), reputationIndex(own));
});

test('a domain seen from one address in each of two passes counts as seen from two (minAddresses across passes)', async () => {
  // With no budget for one-address domains (uncorroboratedShare 0), a referrer each pass saw from one address was
  // never looked up however many addresses came from it over the day.
  const own = ownSpace('corroborate', { requestsPerMinute: 10, minAddresses: 2, uncorroboratedShare: 0 });
  const { at } = own;
  const askedBefore = asked.length;
  await own.index([line('192.0.2.40', at(0), 'https://evil-four.example/')]);
  await own.pass(at(5));
  expect(asked.slice(askedBefore)).toEqual([]);

  await own.index([line('192.0.2.41', at(10), 'https://evil-four.example/')]);
  await own.pass(at(15));
  expect(asked.slice(askedBefore)).toEqual(['evil-four.example']);
  expect((await own.alerts()).map((a) => a.buffalogs.entity!.value)).toEqual(['192.0.2.40', '192.0.2.41']);
  await own.cleanup();
});

test('the pending memory on a real index: written over the version read, forgotten only at it, expired ones make room', async () => {
  const index = reputationIndex(`${space}-pending`);
  const [a, b] = [0, 1].map(() => new ReputationStore(client, index, 'virustotal', VIRUSTOTAL_DEFAULTS.cacheTtlMs));
  const request = (ip: string) => ({
    id: `e-${ip}`,
    index: 'logs-web',
    ip,
    timestamp: T0,
    referrer: 'https://x.example/',
  });
  const now = T0 + 86_400_000;
  const remembered = (ip: string, at = now) =>
    nextPending(undefined, 'x.example', { witnesses: [ip], requests: [request(ip)] }, 'budget', at);
  expect(await a.remember([{ pending: remembered('192.0.2.1') }])).toEqual({ conflicts: 0 });
  // A second node creating the same domain at once: its create is refused, not an error.
  expect(await b.remember([{ pending: remembered('192.0.2.2') }])).toEqual({ conflicts: 1 });

  // Two partitions read the same version; the first write wins, the second is counted and dropped.
  const [readA, readB] = [await a.pending(['x.example'], now), await b.pending(['x.example'], now)];
  const stored = readA.get('x.example')!;
  expect(stored.pending.requests.map((r) => r.ip)).toEqual(['192.0.2.1']);
  const grown = (ip: string, from: typeof stored) =>
    nextPending(from.pending, 'x.example', { requests: [request(ip)] }, 'budget', now);
  expect(await a.remember([{ stored, pending: grown('192.0.2.3', stored) }])).toEqual({ conflicts: 0 });
  const late = readB.get('x.example')!;
  expect(await b.remember([{ stored: late, pending: grown('192.0.2.4', late) }])).toEqual({ conflicts: 1 });
  // Forgetting at the stale version keeps what the other wrote since; at the current one it is gone.
  await b.forget([late]);
  const current = (await a.pending(['x.example'], now)).get('x.example')!;
  expect(current.pending.requests.map((r) => r.ip)).toEqual(['192.0.2.1', '192.0.2.3']);
  await a.forget([current]);
  expect((await a.pending(['x.example'], now)).size).toBe(0);

  // Room: the cap less what is stored, after the expired ones are deleted.
  const old = nextPending(
    undefined,
    'old.example',
    { requests: [request('192.0.2.5')] },
    'budget',
    T0 - PENDING_TTL_MS,
  );
  const live = nextPending(undefined, 'live.example', { requests: [request('192.0.2.6')] }, 'budget', now);
  await a.remember([{ pending: old }, { pending: live }]);
  await client.indices.refresh({ index });
  expect(await a.pendingRoom(now)).toBe(MAX_PENDING_DOMAINS - 1);
  expect([...(await a.pending(['old.example', 'live.example'], now)).keys()]).toEqual(['live.example']);
  await deleteIndices(client, index);
});

const YEAR_3000 = Date.parse('3000-01-01T00:00:00Z');

test('a cached answer hand-edited to expire in the year 3000 is none: the domain is looked up again and alerts', async () => {
  // Before: evil-three.example, stored as clean until the year 3000, was never asked about again, and no referral
  // from it alerted for good.
  const own = ownSpace('far-cache', { requestsPerMinute: 10 });
  const { at } = own;
  const ttl = VIRUSTOTAL_DEFAULTS.cacheTtlMs;
  const store = new ReputationStore(client, reputationIndex(`${space}-far-cache`), 'virustotal', ttl);
  const clean = { domain: 'evil-three.example', malicious: 0, suspicious: 0, harmless: 90, undetected: 3 };
  await store.save([
    { domain: 'evil-three.example', status: 'found', checkedAt: at(0), expiresAt: YEAR_3000, report: clean },
  ]);
  const askedBefore = asked.length;
  await own.index([line('192.0.2.70', at(1), 'https://evil-three.example/landing')]);
  await own.pass(at(5));
  expect(asked.slice(askedBefore)).toEqual(['evil-three.example']);
  expect((await own.alerts()).map((a) => `${a.rule.id} ${a.buffalogs.entity!.value}`)).toEqual([
    'web_malicious_referrer 192.0.2.70',
  ]);
  // The lookup's answer is written over the edited one, for the cache's lifetime.
  await client.indices.refresh({ index: store.index });
  const cached = (await store.cached(['evil-three.example'], at(5))).get('evil-three.example')!;
  expect(cached).toMatchObject({ checkedAt: at(5), expiresAt: at(5) + ttl, report: { malicious: 4 } });
  await own.cleanup();
});

test('pending domains dated in the year 3000 are deleted with the expired ones, and the sweep does not pick them', async () => {
  // Before: never expired, never deleted, each took one of the space's MAX_PENDING_DOMAINS places for good, and one
  // first deferred long ago was the sweep's oldest pass after pass.
  const index = reputationIndex(`${space}-far-pending`);
  const store = new ReputationStore(client, index, 'virustotal', VIRUSTOTAL_DEFAULTS.cacheTtlMs);
  const now = T0 + 86_400_000;
  const request = { id: 'e-1', index: 'logs-web', ip: '192.0.2.80', timestamp: T0, referrer: 'https://x.example/' };
  const deferred = (domain: string, at: number) =>
    nextPending(undefined, domain, { witnesses: ['192.0.2.80'], requests: [request] }, 'budget', at);
  await store.remember([
    { pending: deferred('far.example', YEAR_3000) },
    { pending: { ...deferred('far-expiry.example', T0), expiresAt: YEAR_3000 } },
    { pending: deferred('live.example', now) },
  ]);
  await client.indices.refresh({ index });
  expect(await store.oldestPending(10, now)).toEqual(['live.example']);
  expect(await store.pendingRoom(now)).toBe(MAX_PENDING_DOMAINS - 1);
  expect([...(await store.pending(['far.example', 'far-expiry.example', 'live.example'], now)).keys()]).toEqual([
    'live.example',
  ]);
  await deleteIndices(client, index);
});
