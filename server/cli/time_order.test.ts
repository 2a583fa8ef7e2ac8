/**
 * `buffalogs detect` judges its whole input in time order per user, however the lines are ordered: a file
 * concatenated from two log sources gives exactly the alerts of the same file sorted by time (before, every login
 * older than the 32 most recent of its user was dropped as "late", and a takeover in the second source was lost).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LoginEvent } from '../detection';
import { run } from './__fixtures__/run_cli';
import { TimeSorter } from './time_sorter';

const dir = mkdtempSync(join(tmpdir(), 'buffalogs-order-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const DAY = 86_400_000;
const START = Date.parse('2025-02-01T00:00:00Z');
const PLACES = {
  rome: { country_iso_code: 'IT', country_name: 'Italy', city_name: 'Rome', location: { lat: 41.9, lon: 12.5 } },
  milan: { country_iso_code: 'IT', country_name: 'Italy', city_name: 'Milan', location: { lat: 45.46, lon: 9.19 } },
  sydney: {
    country_iso_code: 'AU',
    country_name: 'Australia',
    city_name: 'Sydney',
    location: { lat: -33.87, lon: 151.21 },
  },
};
const UA = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:125.0) Gecko/20100101 Firefox/125.0';

function line(
  index: string,
  id: string,
  at: number,
  user: string,
  ip: string,
  place: keyof typeof PLACES,
): { at: number; text: string } {
  const source = {
    '@timestamp': new Date(at).toISOString(),
    event: { category: ['authentication'], outcome: 'success', type: ['start'], id },
    user: { name: user },
    source: { ip, geo: PLACES[place] },
    user_agent: { original: UA },
  };
  return { at, text: JSON.stringify({ _index: index, _id: id, _source: source }) };
}

/** An identity provider's logins (40 a user over 20 days, from home) and a VPN's (a few, one of them a takeover). */
function sources(): { okta: Array<{ at: number; text: string }>; vpn: Array<{ at: number; text: string }> } {
  const okta = [];
  const vpn = [];
  for (const user of ['ada', 'bob', 'cyd']) {
    for (let k = 0; k < 40; k++)
      okta.push(
        line('logs-okta', `${user}-o${k}`, START + k * 12 * 3_600_000 + user.length, user, '192.0.2.10', 'rome'),
      );
    for (let k = 0; k < 5; k++)
      vpn.push(
        line('logs-vpn', `${user}-v${k}`, START + 2 * DAY + k * 3 * DAY + 3_600_000, user, '192.0.2.20', 'milan'),
      );
  }
  // bob, from Sydney an hour after a login from Rome, on day 8: in the middle of the identity provider's logins.
  vpn.push(line('logs-vpn', 'bob-takeover', START + 8 * DAY + 3_600_000, 'bob', '203.0.113.66', 'sydney'));
  return { okta, vpn };
}

const detect = (input: string, extra: string[] = []) =>
  run(['detect', '--input', input, '--batch-size', '25', ...extra]);

test('a file concatenated from two sources gives the same alerts as the sorted file, the takeover included', async () => {
  const { okta, vpn } = sources();
  const concatenated = join(dir, 'concatenated.ndjson');
  const sorted = join(dir, 'sorted.ndjson');
  writeFileSync(concatenated, [...okta, ...vpn].map((l) => l.text).join('\n') + '\n');
  writeFileSync(
    sorted,
    [...okta, ...vpn]
      .sort((a, b) => a.at - b.at)
      .map((l) => l.text)
      .join('\n') + '\n',
  );

  const fromSorted = await detect(sorted);
  const fromConcatenated = await detect(concatenated);
  expect(fromSorted.code).toBe(0);
  expect(fromConcatenated.code).toBe(0);
  expect(fromConcatenated.stdout).toBe(fromSorted.stdout);
  const alerts = fromConcatenated.stdout
    .split('\n')
    .filter(Boolean)
    .map(
      (l) =>
        JSON.parse(l) as {
          rule: { id: string };
          buffalogs: { trigger: { event_id: string }; evidence: { signals?: Array<{ id: string }> } };
        },
    );
  // One verdict for the takeover login (default profile), its signals the new country and the impossible travel.
  const takeover = alerts.filter((a) => a.buffalogs.trigger.event_id === 'bob-takeover');
  expect(takeover.map((a) => a.rule.id)).toEqual(['suspicious_login']);
  expect(takeover[0].buffalogs.evidence.signals?.map((s) => s.id)).toEqual(
    expect.arrayContaining(['new_country', 'impossible_travel']),
  );
  expect(fromConcatenated.stderr).toContain('136 logins, 0 rejected');
  expect(fromConcatenated.stderr).toContain('0 duplicates dropped, 0 skipped by the profile');
});

test('a state saved by an earlier run: older logins are judged against it and counted, re-read logins are duplicates', async () => {
  const { okta, vpn } = sources();
  const later = join(dir, 'later.ndjson');
  const earlier = join(dir, 'earlier.ndjson');
  const state = join(dir, 'state.json');
  writeFileSync(
    later,
    okta
      .filter((l) => l.at >= START + 10 * DAY)
      .map((l) => l.text)
      .join('\n') + '\n',
  );
  writeFileSync(
    earlier,
    [...okta.filter((l) => l.at >= START + 19 * DAY), ...vpn.filter((l) => l.at < START + 10 * DAY)]
      .map((l) => l.text)
      .join('\n') + '\n',
  );
  // The detectors' own alerts (verdict off): judged against a state that holds only later logins, the takeover has no
  // previous login in time to travel from, and its new country alone is an observation for the verdict, not an alert.
  const perDetector = join(dir, 'per_detector.json');
  writeFileSync(perDetector, JSON.stringify({ detection: { verdict: { enabled: false } } }));
  expect((await detect(later, ['--state', state, '--config', perDetector])).code).toBe(0);
  const backfill = await detect(earlier, ['--state', state, '--config', perDetector]);
  expect(backfill.code).toBe(0);
  // The last 2 identity-provider logins of each user are remembered; the VPN's 3 early logins + bob's are judged.
  expect(backfill.stderr).toContain(
    '6 duplicates dropped, 0 skipped by the profile, 10 judged after a later login of the same user in --state',
  );
  expect(backfill.stdout).toContain('"event_id":"bob-takeover"');
});

test('the sorter merges runs spilled to disk into one time order', async () => {
  const sorter = new TimeSorter(7);
  const events: LoginEvent[] = Array.from({ length: 50 }, (_, i) => ({
    id: `e${i}`,
    index: i % 2 ? 'b' : 'a',
    timestamp: START + ((i * 37) % 50) * 1000 + (i % 3 === 0 ? 0 : 1),
    user: 'u',
    ecs: { source: { ip: '192.0.2.1' } },
  }));
  for (const e of events) await sorter.add(e);
  const out: LoginEvent[] = [];
  for await (const e of sorter.sorted()) out.push(e);
  expect(out.map((e) => e.id)).toEqual(
    [...events]
      .sort((a, b) => a.timestamp - b.timestamp || a.index.localeCompare(b.index) || a.id.localeCompare(b.id))
      .map((e) => e.id),
  );
});
