/**
 * `buffalogs detect` keeps what the verdict learns across users (the population context) from batch to batch and,
 * in its --state file, from run to run; observations go to --observations, alerts alone to --output.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from './__fixtures__/run_cli';

const dir = mkdtempSync(join(tmpdir(), 'buffalogs-cli-ctx-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const HOUR = 3_600_000;
const T0 = Date.parse('2025-03-01T00:00:00Z');
const AGENT =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36';
const ROME = { country_iso_code: 'IT', country_name: 'Italy', city_name: 'Rome', location: { lat: 41.9, lon: 12.5 } };
const TOKYO = {
  country_iso_code: 'JP',
  country_name: 'Japan',
  city_name: 'Tokyo',
  location: { lat: 35.7, lon: 139.7 },
};

function line(id: string, at: number, user: string, ip: string, geo: object, asn: number): string {
  return JSON.stringify({
    '@timestamp': new Date(at).toISOString(),
    event: { category: ['authentication'], type: ['start'], outcome: 'success', id },
    user: { name: user },
    source: { ip, geo, as: { number: asn } },
    user_agent: { original: AGENT },
  });
}

/** 12 colleagues at home in Rome, then through the VPN whose egress 198.51.100.0/24 is in Tokyo; anna at home. */
function firstRun(): string {
  const lines: string[] = [];
  for (let u = 0; u < 12; u++) {
    for (let k = 0; k < 6; k++)
      lines.push(line(`s${u}-${k}`, T0 + k * 5 * HOUR + u * 60_000, `staff${u}`, `93.34.${u}.7`, ROME, 3269));
    lines.push(line(`s${u}-vpn`, T0 + 37 * HOUR + u * 60_000, `staff${u}`, `198.51.100.${10 + u}`, TOKYO, 64512));
  }
  for (let k = 0; k < 6; k++) lines.push(line(`anna-${k}`, T0 + k * 5 * HOUR, 'anna', '93.34.100.7', ROME, 3269));
  return `${lines.join('\n')}\n`;
}

/** anna at home, then 30 minutes later on the VPN for the first time (Tokyo by GeoIP). */
const secondRun = (): string =>
  [
    line('anna-late', T0 + 40 * HOUR, 'anna', '93.34.100.7', ROME, 3269),
    line('anna-vpn', T0 + 40.5 * HOUR, 'anna', '198.51.100.200', TOKYO, 64512),
  ].join('\n');

const vpnAlerts = (alerts: Array<{ buffalogs: { trigger: { event_id: string } } }>): number =>
  alerts.filter((a) => a.buffalogs.trigger.event_id === 'anna-vpn').length;

test('the population learned in one run is in the --state file and keeps the next run from a VPN travel alert', async () => {
  const state = join(dir, 'state.json');
  const first = join(dir, 'first.ndjson');
  writeFileSync(first, firstRun());
  // Small batches: the context is carried from batch to batch within the run, too.
  expect((await run(['detect', '--input', first, '--state', state, '--batch-size', '5'])).code).toBe(0);
  const saved = JSON.parse(readFileSync(state, 'utf8')) as { population?: { version: number } };
  expect(saved.population?.version).toBe(1);

  const second = join(dir, 'second.ndjson');
  writeFileSync(second, secondRun());
  const kept = await run(['detect', '--input', second, '--state', state]);
  expect(kept.code).toBe(0);
  expect(vpnAlerts(kept.alerts)).toBe(0);

  // Control: the same state without its population — the same login is an alert.
  const forgot = join(dir, 'forgot.json');
  writeFileSync(forgot, JSON.stringify({ ...saved, population: undefined }));
  const lost = await run(['detect', '--input', second, '--state', forgot]);
  expect(vpnAlerts(lost.alerts)).toBe(1);
});

test('--observations holds the signals below the threshold; --output holds alerts only', async () => {
  const input = join(dir, 'obs-input.ndjson');
  writeFileSync(input, `${firstRun()}${secondRun()}\n`);
  const observations = join(dir, 'observations.ndjson');
  const result = await run(['detect', '--input', input, '--observations', observations]);
  expect(result.code).toBe(0);
  expect(result.alerts.every((a) => a.event.kind === 'alert')).toBe(true);
  const lines = readFileSync(observations, 'utf8').split('\n').filter(Boolean);
  const stored = lines.map(
    (l) =>
      JSON.parse(l) as { event: { kind: string; id: string }; score: number; threshold: number; signals: unknown[] },
  );
  expect(stored.length).toBeGreaterThan(0);
  expect(result.stderr).toContain(`${stored.length} observations`);
  for (const o of stored) {
    expect(o.event.kind).toBe('signal');
    expect(o.score).toBeLessThan(o.threshold);
    expect(o.signals.length).toBeGreaterThan(0);
  }
  const alerted = new Set(result.alerts.map((a) => a.buffalogs.trigger.event_id));
  expect(stored.some((o) => alerted.has(o.event.id))).toBe(false);
  // An unwritable --observations is a clear input/output failure.
  const bad = await run(['detect', '--input', input, '--observations', join(dir, 'missing', 'o.ndjson')]);
  expect(bad.code).toBe(1);
  expect(bad.stderr).toContain('cannot write --observations');
});
